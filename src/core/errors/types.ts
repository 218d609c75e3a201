/**
 * How bad an error is for the service (not for the caller). Drives alerting, the log severity
 * of exception records and the `app.error.severity` attribute.
 *
 * @example
 * ```ts
 * const severity: Severity = 'high';
 * ```
 */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/**
 * Every severity, lowest first.
 *
 * @example
 * ```ts
 * SEVERITIES.includes(value as Severity);
 * ```
 */
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * Options accepted by every `AppError` constructor. Unset fields fall back to the class
 * defaults (`static defaults`).
 *
 * @example
 * ```ts
 * const options: AppErrorOptions = { code: 'PAYMENT_DECLINED', status: 402, cause: err };
 * ```
 */
export interface AppErrorOptions {
  /** Stable machine-readable code in UPPER_SNAKE case, e.g. `PAYMENT_DECLINED`. */
  code?: string;
  severity?: Severity;
  /** HTTP status (400–599) the error maps to. */
  status?: number;
  /** Message safe to show to clients. Problem bodies replace it with a generic one for 5xx. */
  userMessage?: string;
  /** Structured facts for logs and (redacted, 4xx only by default) problem bodies. */
  details?: Record<string, unknown>;
  /** The underlying error (standard `ErrorOptions.cause`). */
  cause?: unknown;
  /** Whether the caller may retry the same request unchanged. */
  retryable?: boolean;
  /** Extra response headers, e.g. `WWW-Authenticate`. `Set-Cookie` is never sent. */
  headers?: Record<string, string>;
  /** Seconds after which a retry may succeed; sent as `Retry-After`. */
  retryAfter?: number;
}

/**
 * A short operator runbook for one error code, rendered into docs/errors.md.
 *
 * @example
 * ```ts
 * const runbook: Runbook = {
 *   meaning: 'The user does not exist.',
 *   causes: ['Stale link'],
 *   actions: ['Nothing; expected client error.'],
 * };
 * ```
 */
export interface Runbook {
  /** What the code means, in one or two sentences. */
  meaning: string;
  /** Likely causes. */
  causes: readonly string[];
  /** What an operator (or client developer) should do. */
  actions: readonly string[];
}

/**
 * The per-class defaults every `AppError` subclass declares as `static defaults`.
 *
 * @example
 * ```ts
 * class PaymentDeclinedError extends AppError {
 *   static override readonly defaults: ErrorDefaults = {
 *     ...AppError.defaults,
 *     code: 'PAYMENT_DECLINED',
 *     status: 402,
 *     severity: 'low',
 *     title: 'Payment declined',
 *     userMessage: 'The payment was declined.',
 *   };
 * }
 * ```
 */
export interface ErrorDefaults {
  code: string;
  status: number;
  severity: Severity;
  /** Short, stable summary of the problem type (the problem `title`). */
  title: string;
  userMessage: string;
  retryable: boolean;
  headers?: Readonly<Record<string, string>>;
  runbook?: Runbook;
}

/**
 * A JSON-safe view of an error for logs: bounded cause chain, never empty.
 *
 * @example
 * ```ts
 * const json: SerializedError = serializeError(err);
 * ```
 */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  severity?: Severity;
  status?: number;
  stack?: string;
  details?: Record<string, unknown>;
  cause?: SerializedError;
}

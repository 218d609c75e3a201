import { diag } from '@opentelemetry/api';
import { genericUserMessage, isErrorStatus, statusDefaults } from './http-status.js';
import { renderErrorResponse } from './response-renderer.js';
import { serializeError } from './serialize.js';
import { SEVERITIES } from './types.js';
import type { AppErrorOptions, ErrorDefaults, SerializedError, Severity } from './types.js';

// Brand shared across duplicate installs of this package (ESM + CJS copies, nested deps).
const APP_ERROR_BRAND = Symbol.for('sightline.AppError');
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

// Errors whose code was derived from a bare status (`new AppError(m, { status: 404 })`).
const statusOnlyErrors = new WeakSet<AppError>();

/**
 * Base class of every Sightline error. `message` is internal (logs, traces); `userMessage`
 * is what clients may see. Subclasses declare `static defaults`; `name` is always the
 * class name, also for user-declared subclasses.
 *
 * @example
 * ```ts
 * throw new AppError('ledger row missing', {
 *   code: 'LEDGER_INCONSISTENT',
 *   status: 500,
 *   severity: 'critical',
 *   details: { accountId },
 * });
 * ```
 */
export class AppError extends Error {
  /** Defaults for this class; subclasses override them. */
  static readonly defaults: ErrorDefaults = {
    code: 'INTERNAL_ERROR',
    status: 500,
    severity: 'critical',
    title: 'Internal error',
    userMessage: genericUserMessage(500),
    retryable: false,
  };

  /** Stable UPPER_SNAKE code, e.g. `USER_NOT_FOUND`. */
  readonly code: string;
  readonly severity: Severity;
  /** HTTP status (always an integer in 400–599). */
  readonly status: number;
  /** Stable summary of the problem type (problem `title`). */
  readonly title: string;
  /** Message safe to show to clients. */
  readonly userMessage: string;
  declare readonly details?: Record<string, unknown>;
  readonly retryable: boolean;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  declare readonly headers?: Record<string, string>;
  /** Seconds until a retry may succeed (`Retry-After`). */
  declare readonly retryAfter?: number;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    Object.defineProperty(this, 'name', {
      value: new.target.name || 'AppError',
      configurable: true,
      writable: true,
    });
    const classDefaults = defaultsOf(new.target);
    const status = validStatus(options.status, classDefaults.status);
    // A bare AppError with a non-default status takes its defaults from the status.
    const defaults =
      new.target === AppError && status !== classDefaults.status
        ? statusDefaults(status)
        : classDefaults;
    if (new.target === AppError && options.code === undefined && defaults !== classDefaults) {
      statusOnlyErrors.add(this);
    }
    this.code = validCode(options.code, defaults.code);
    this.severity = validSeverity(options.severity, defaults.severity);
    this.status = status;
    this.title = defaults.title;
    this.userMessage = options.userMessage ?? defaults.userMessage;
    this.retryable = options.retryable ?? defaults.retryable;
    if (options.details !== undefined) this.details = options.details;
    const headers = mergeHeaders(defaults.headers, options.headers);
    if (Object.keys(headers).length > 0) this.headers = headers;
    const retryAfter = validRetryAfter(options.retryAfter);
    if (retryAfter !== undefined) this.retryAfter = retryAfter;
  }

  /**
   * A log-friendly JSON view (internal message, code, stack, bounded cause chain). Not for
   * clients: responses use `toProblem`.
   *
   * @example
   * ```ts
   * JSON.stringify(new ConflictError('version mismatch'));
   * ```
   */
  toJSON(): SerializedError {
    return serializeError(this);
  }

  /**
   * The RFC 9457 `application/problem+json` response for this error. Hono's default error
   * handler calls it, so thrown errors render as problems even without Sightline's handler.
   *
   * @example
   * ```ts
   * app.onError((err) => normalizeError(err).getResponse());
   * ```
   */
  getResponse(): Response {
    return renderErrorResponse(this);
  }
}
Object.defineProperty(AppError.prototype, APP_ERROR_BRAND, { value: true });

/**
 * True for any `AppError` (also one from a duplicate copy of this package). Never throws.
 *
 * @example
 * ```ts
 * if (isAppError(err)) span.setAttribute('error.type', err.code);
 * ```
 */
export function isAppError(value: unknown): value is AppError {
  try {
    if (value instanceof AppError) return true;
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[APP_ERROR_BRAND] === true
    );
  } catch {
    return false;
  }
}

/**
 * True when the error carries nothing but an HTTP status (`new AppError(m, { status: 404 })`):
 * its problem body uses `type: about:blank` and the reason phrase as title.
 *
 * @example
 * ```ts
 * isStatusOnlyError(new AppError('gone', { status: 410 })); // true
 * ```
 */
export function isStatusOnlyError(error: AppError): boolean {
  return statusOnlyErrors.has(error);
}

/**
 * True for a well-formed error code: UPPER_SNAKE (`USER_NOT_FOUND`).
 *
 * @example
 * ```ts
 * isErrorCode('USER_NOT_FOUND'); // true
 * isErrorCode('user-not-found'); // false
 * ```
 */
export function isErrorCode(code: unknown): code is string {
  return typeof code === 'string' && UPPER_SNAKE.test(code);
}

/**
 * The static defaults of an error class or instance (`AppError.defaults` as fallback).
 *
 * @example
 * ```ts
 * defaultsOf(ConflictError).status; // 409
 * ```
 */
export function defaultsOf(target: object): ErrorDefaults {
  const ctor: unknown = typeof target === 'function' ? target : target.constructor;
  const defaults = (ctor as { defaults?: ErrorDefaults } | undefined)?.defaults;
  return defaults ?? AppError.defaults;
}

function validStatus(status: number | undefined, fallback: number): number {
  if (status === undefined || isErrorStatus(status)) return status ?? fallback;
  diag.warn(`sightline: AppError status ${String(status)} is not 400–599; using ${fallback}`);
  return fallback;
}

function validCode(code: string | undefined, fallback: string): string {
  if (code === undefined || isErrorCode(code)) return code ?? fallback;
  const coerced = String(code)
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const result = isErrorCode(coerced) ? coerced : fallback;
  diag.warn(`sightline: error code "${String(code)}" is not UPPER_SNAKE; using ${result}`);
  return result;
}

function validSeverity(severity: Severity | undefined, fallback: Severity): Severity {
  if (severity === undefined || SEVERITIES.includes(severity)) return severity ?? fallback;
  diag.warn(`sightline: error severity "${String(severity)}" is unknown; using ${fallback}`);
  return fallback;
}

function validRetryAfter(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
    return Math.ceil(seconds);
  }
  diag.warn(`sightline: retryAfter ${String(seconds)} is not a non-negative number; ignored`);
  return undefined;
}

/** Header names are case-insensitive: an option replaces a default whatever its spelling. */
function mergeHeaders(
  defaults: Record<string, string> | undefined,
  overrides: Record<string, string> | undefined,
): Record<string, string> {
  const merged: Record<string, string> = { ...defaults };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    }
    merged[name] = value;
  }
  return merged;
}

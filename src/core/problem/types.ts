import type { Severity } from '../errors/types.js';
import type { Redactor } from '../redaction/types.js';

/**
 * One entry of the problem `errors` member: what is wrong and where (RFC 9457 §3 example,
 * RFC 6901 JSON Pointer in URI-fragment form, e.g. `#/address/city`).
 *
 * @example
 * ```ts
 * const entry: ProblemFieldError = { detail: 'must be an email address', pointer: '#/email' };
 * ```
 */
export interface ProblemFieldError {
  detail: string;
  pointer: string;
}

/**
 * An RFC 9457 problem details document with Sightline's extension members.
 *
 * @example
 * ```ts
 * const problem: ProblemDocument = toProblem(new ConflictError());
 * problem.type; // '/problems/conflict'
 * ```
 */
export interface ProblemDocument {
  /** Absolute URI naming the problem type, or `about:blank` for a bare status. */
  type: string;
  title: string;
  /** Always equal to the HTTP response status. */
  status: number;
  /** Client-actionable explanation; generic for every 5xx. */
  detail?: string;
  instance?: string;
  error_code?: string;
  severity?: Severity;
  trace_id?: string;
  request_id?: string;
  /** Redacted structured details (4xx by default). */
  details?: unknown;
  errors?: ProblemFieldError[];
}

/**
 * Options of `toProblem` and the response helpers.
 *
 * @example
 * ```ts
 * const options: ProblemOptions = { instance: c.req.path, typeBaseUri: 'https://docs.acme.io/errors' };
 * ```
 */
export interface ProblemOptions {
  /** URI reference of this occurrence, e.g. the request path (redacted as a URL). */
  instance?: string;
  /** Defaults to the active span's trace id. */
  traceId?: string;
  /** Defaults to the request id in the OpenTelemetry context. */
  requestId?: string;
  /** Base of the `type` URIs. Default `/problems`: relative, so it resolves against the service's own URL (RFC 9457 §3.1.1); set a docs site's base (`https://errors.example.com`) to publish them elsewhere. */
  typeBaseUri?: string;
  /** Redactor for `detail`, `details`, `errors` and `instance`. Default: the default redactor. */
  redactor?: Redactor;
  /**
   * Include `details`. Default: `true` for 4xx, `false` for 5xx (their details describe
   * internals). Even when `true`, details are redacted.
   */
  exposeDetails?: boolean;
  /** Response helpers only: `Retry-After` seconds for 429/503 without `retryAfter`. Default 30. */
  defaultRetryAfter?: number;
}

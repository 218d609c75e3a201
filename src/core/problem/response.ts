import { diag } from '@opentelemetry/api';
import { normalizeError } from '../errors/normalize.js';
import { setErrorResponseRenderer } from '../errors/response-renderer.js';
import { toProblem } from './to-problem.js';
import type { ProblemDocument, ProblemOptions } from './types.js';

/**
 * The RFC 9457 media type of problem bodies.
 *
 * @example
 * ```ts
 * res.headers.get('content-type') === PROBLEM_CONTENT_TYPE;
 * ```
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Everything needed to send a problem response with any framework.
 *
 * @example
 * ```ts
 * const { status, headers, body } = problemResponseInit(err);
 * ```
 */
export interface ProblemResponseInit {
  status: number;
  headers: Record<string, string>;
  /** The serialized problem document. */
  body: string;
  problem: ProblemDocument;
}

const DEFAULT_RETRY_AFTER_SECONDS = 30;
// Headers an error may not set: cookies never ride on error responses; the body owns the rest.
const BLOCKED_HEADERS: ReadonlySet<string> = new Set([
  'set-cookie',
  'set-cookie2',
  'content-type',
  'content-length',
  'transfer-encoding',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

/**
 * Status, headers and body of the problem response for `error`: `Content-Type:
 * application/problem+json`; `Retry-After` whenever the error has `retryAfter`, and for 429
 * and 503 always (`defaultRetryAfter`, 30 s, when the error does not say); the error's own
 * `headers` (e.g. `WWW-Authenticate`) except `Set-Cookie` and malformed ones. Never throws.
 *
 * @example
 * ```ts
 * app.onError((err, c) => {
 *   const { status, headers, body } = problemResponseInit(err, { instance: c.req.path });
 *   return c.body(body, status as ContentfulStatusCode, headers);
 * });
 * ```
 */
export function problemResponseInit(
  error: unknown,
  options: ProblemOptions = {},
): ProblemResponseInit {
  const appError = normalizeError(error);
  const problem = toProblem(appError, options);
  const headers = safeHeaders(appError.headers);
  const retryAfter = retryAfterSeconds(appError.retryAfter, problem.status, options);
  if (retryAfter !== undefined) {
    // One Retry-After: the computed value replaces any spelling the error headers used.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'retry-after') delete headers[name];
    }
    headers['Retry-After'] = String(retryAfter);
  }
  headers['Content-Type'] = PROBLEM_CONTENT_TYPE;
  return { status: problem.status, headers, body: JSON.stringify(problem), problem };
}

/**
 * The problem response for `error` as a web `Response` (what `AppError#getResponse()`
 * returns).
 *
 * @example
 * ```ts
 * return toProblemResponse(err, { instance: new URL(request.url).pathname });
 * ```
 */
export function toProblemResponse(error: unknown, options: ProblemOptions = {}): Response {
  const { status, headers, body } = problemResponseInit(error, options);
  return new Response(body, { status, headers });
}

setErrorResponseRenderer((error) => toProblemResponse(error));

function safeHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (BLOCKED_HEADERS.has(name.toLowerCase())) continue;
    if (
      !HEADER_NAME.test(name) ||
      typeof value !== 'string' ||
      HEADER_VALUE_FORBIDDEN.test(value)
    ) {
      diag.warn(`sightline: dropped malformed error response header ${JSON.stringify(name)}`);
      continue;
    }
    safe[name] = value;
  }
  return safe;
}

function retryAfterSeconds(
  errorRetryAfter: number | undefined,
  status: number,
  options: ProblemOptions,
): number | undefined {
  if (errorRetryAfter !== undefined) return errorRetryAfter;
  if (status !== 429 && status !== 503) return undefined;
  const fallback = options.defaultRetryAfter;
  return typeof fallback === 'number' && Number.isFinite(fallback) && fallback >= 0
    ? Math.ceil(fallback)
    : DEFAULT_RETRY_AFTER_SECONDS;
}

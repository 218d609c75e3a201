import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  errorForStatus,
  registerErrorMapper,
  type AppError,
  type AppErrorOptions,
} from '../../../core/errors/index.js';
import { notFoundResponse, unscopedProblemResponse } from '../../../core/http/index.js';
import { requestFacts } from '../observability/request-facts.js';

/**
 * Options shared by the problem handlers.
 *
 * @example
 * ```ts
 * app.onError(problemHandler({ typeBaseUri: 'https://errors.example.com' }));
 * ```
 */
export interface ProblemHandlerOptions {
  /** Base of the `type` URIs (`<base>/<error-code-in-kebab>`). Default: relative, `/problems`. */
  typeBaseUri?: string;
}

/**
 * Maps Hono's `HTTPException` into the taxonomy through the core's one status → category map
 * (422 → `BUSINESS_RULE_VIOLATION`, like any error with `status: 422`), keeping its status and
 * its response's headers (e.g. `WWW-Authenticate`); its message is meant for clients, so it
 * becomes the user message for 4xx.
 *
 * @example
 * ```ts
 * fromHttpException(new HTTPException(401, { message: 'no token' })).status; // 401
 * ```
 */
export function fromHttpException(exception: HTTPException): AppError {
  // The problem response drops the headers its body replaces and any Set-Cookie.
  const headers = Object.fromEntries(exception.res?.headers ?? []);
  const status = exception.status;
  const options: AppErrorOptions = {
    status,
    cause: exception,
    headers,
    ...(status < 500 && exception.message ? { userMessage: exception.message } : {}),
  };
  return errorForStatus(status, exception.message || `HTTP ${status}`, options);
}

registerErrorMapper((error) =>
  error instanceof HTTPException ? fromHttpException(error) : undefined,
);

/**
 * The RFC 9457 response for an error thrown while serving `c`. Under the observability
 * middleware the error is converted once for the request (the same `AppError` feeds the body
 * and the telemetry); without it, converted here.
 *
 * @example
 * ```ts
 * return renderProblem(c, new UserNotFoundError('user', '42'));
 * ```
 */
export function renderProblem(
  c: Context,
  error: unknown,
  { typeBaseUri }: ProblemHandlerOptions = {},
): Response {
  const scope = c.get('sightline');
  if (!scope) return unscopedProblemResponse(error, requestFacts(c), typeBaseUri);
  const { status, headers, body } = scope.problem(error, typeBaseUri ? { typeBaseUri } : {});
  return new Response(body, { status, headers });
}

/**
 * `app.onError` handler rendering RFC 9457 problem bodies (`application/problem+json`) with
 * `trace_id`, `request_id`, `error_code`, `severity`, redacted `details` and per-field `errors`;
 * 5xx details are always generic. Recording the error is the observability middleware's job.
 *
 * @example
 * ```ts
 * app.onError(problemHandler());
 * ```
 */
export function problemHandler(options: ProblemHandlerOptions = {}): ErrorHandler {
  return function problemErrorHandler(error, c) {
    return renderProblem(c, error, options);
  };
}

/**
 * `app.notFound` handler: a 404 problem (`about:blank`, title "Not Found").
 *
 * @example
 * ```ts
 * app.notFound(notFoundHandler());
 * ```
 */
export function notFoundHandler({ typeBaseUri }: ProblemHandlerOptions = {}): NotFoundHandler {
  return function problemNotFoundHandler(c) {
    return notFoundResponse(c.req.path, c.get('requestId'), typeBaseUri);
  };
}

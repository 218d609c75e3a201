import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  errorForStatus,
  registerErrorMapper,
  type AppError,
  type AppErrorOptions,
} from '../../../core/errors/index.js';
import { convertThrown, problemInitFor } from '../../../core/http/index.js';
import { problemForStatus, PROBLEM_CONTENT_TYPE } from '../../../core/problem/index.js';
import { getDefaultRedactor } from '../../../core/redaction/index.js';
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

// Headers of an HTTPException's response that the problem body replaces or that never ride on
// an error response.
const DROPPED_HEADERS = new Set(['content-type', 'content-length', 'set-cookie']);

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
  const headers: Record<string, string> = {};
  exception.res?.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) headers[name] = value;
  });
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
  const { status, headers, body } = scope
    ? scope.problem(error, typeBaseUri ? { typeBaseUri } : {})
    : problemInitFor(convertThrown(error, requestFacts(c)), {
        instance: getDefaultRedactor().url(c.req.path),
        typeBaseUri,
      });
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
    const requestId = c.get('requestId');
    const body = problemForStatus(404, {
      instance: getDefaultRedactor().url(c.req.path),
      ...(requestId ? { requestId } : {}),
      ...(typeBaseUri ? { typeBaseUri } : {}),
    });
    return new Response(JSON.stringify(body), {
      status: 404,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    });
  };
}

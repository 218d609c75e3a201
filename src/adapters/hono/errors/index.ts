import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  AppError,
  AuthenticationError,
  AuthorizationError,
  ConflictError,
  normalizeError,
  RateLimitExceededError,
  registerErrorMapper,
  ResourceNotFoundError,
  ValidationError,
  type AppErrorOptions,
} from '../../../core/errors/index.js';
import {
  problemForStatus,
  PROBLEM_CONTENT_TYPE,
  toProblemResponse,
} from '../../../core/problem/index.js';
import { getDefaultRedactor } from '../../../core/redaction/index.js';

/**
 * Options shared by the problem handlers.
 *
 * @example
 * ```ts
 * app.onError(problemHandler({ typeBaseUri: 'https://errors.example.com' }));
 * ```
 */
export interface ProblemHandlerOptions {
  /** Base of the `type` URIs (`<base>/<error-code-in-kebab>`). */
  typeBaseUri?: string;
}

const CATEGORY_BY_STATUS: Record<
  number,
  new (message: string, options?: AppErrorOptions) => AppError
> = {
  400: ValidationError,
  401: AuthenticationError,
  403: AuthorizationError,
  409: ConflictError,
  429: RateLimitExceededError,
};

/**
 * Maps Hono's `HTTPException` into the taxonomy, keeping its status and the headers of its
 * response (e.g. `WWW-Authenticate`); its message is meant for clients, so it becomes the
 * user message for 4xx.
 *
 * @example
 * ```ts
 * fromHttpException(new HTTPException(401, { message: 'no token' })).status; // 401
 * ```
 */
export function fromHttpException(exception: HTTPException): AppError {
  const headers: Record<string, string> = {};
  exception.res?.headers.forEach((value, name) => {
    if (name !== 'content-type' && name !== 'content-length' && name !== 'set-cookie')
      headers[name] = value;
  });
  const status = exception.status;
  const options: AppErrorOptions = {
    status,
    cause: exception,
    headers,
    ...(status < 500 && exception.message ? { userMessage: exception.message } : {}),
  };
  if (status === 404) return new ResourceNotFoundError('resource', undefined, options);
  const Category = CATEGORY_BY_STATUS[status];
  if (Category) return new Category(exception.message || `HTTP ${status}`, options);
  return new AppError(exception.message || `HTTP ${status}`, {
    ...options,
    code: status < 500 ? `HTTP_${status}` : 'INTERNAL_ERROR',
    severity: status < 500 ? 'low' : 'high',
  });
}

registerErrorMapper((error) =>
  error instanceof HTTPException ? fromHttpException(error) : undefined,
);

/**
 * Normalises anything a Hono app threw: taxonomy errors as they are, `HTTPException` mapped,
 * a malformed request body (the `SyntaxError` of `c.req.json()` on a request with a body) → 400,
 * the rest → 500.
 *
 * @example
 * ```ts
 * const appError = normalizeHonoError(err, c);
 * ```
 */
export function normalizeHonoError(error: unknown, c: Context): AppError {
  if (error instanceof SyntaxError && carriesBody(c)) {
    return new ValidationError('Malformed JSON request body', {
      cause: error,
      userMessage: 'The request body is not valid JSON.',
    });
  }
  return normalizeError(error);
}

/** A SyntaxError while serving a request with a body is the body parser's: client input. */
function carriesBody(c: Context): boolean {
  return c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS';
}

/**
 * The RFC 9457 response for an error thrown while serving `c`.
 *
 * @example
 * ```ts
 * return renderProblem(c, new UserNotFoundError('user', '42'));
 * ```
 */
export function renderProblem(
  c: Context,
  error: unknown,
  options: ProblemHandlerOptions = {},
): Response {
  return toProblemResponse(normalizeHonoError(error, c), {
    instance: getDefaultRedactor().url(c.req.path),
    requestId: c.get('requestId') as string | undefined,
    ...(options.typeBaseUri ? { typeBaseUri: options.typeBaseUri } : {}),
  });
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
export function notFoundHandler(options: ProblemHandlerOptions = {}): NotFoundHandler {
  return function problemNotFoundHandler(c) {
    const body = problemForStatus(404, {
      instance: getDefaultRedactor().url(c.req.path),
      requestId: c.get('requestId') as string | undefined,
      ...(options.typeBaseUri ? { typeBaseUri: options.typeBaseUri } : {}),
    });
    return new Response(JSON.stringify(body), {
      status: 404,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    });
  };
}

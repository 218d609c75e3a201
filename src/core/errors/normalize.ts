import { diag } from '@opentelemetry/api';
import { AppError, isAppError } from './app-error.js';
import { AuthenticationError, AuthorizationError } from './auth-errors.js';
import {
  BusinessRuleViolationError,
  ConflictError,
  RateLimitExceededError,
  ResourceNotFoundError,
} from './client-errors.js';
import { applyErrorMappers } from './mappers.js';
import { describeValue, isError, safeGet, safeString, summarizeObject } from './safe-read.js';
import { InternalError } from './server-errors.js';
import type { AppErrorOptions } from './types.js';
import { ValidationError } from './validation-error.js';

type Factory = (message: string, options: AppErrorOptions) => AppError;

// The one status → category map: statuses carried by foreign errors (http-errors, framework
// exceptions such as Hono's HTTPException) map onto the category with the same meaning.
const CATEGORY_BY_STATUS: ReadonlyMap<number, Factory> = new Map<number, Factory>([
  [400, (m, o) => new ValidationError(m, o)],
  [401, (m, o) => new AuthenticationError(m, o)],
  [403, (m, o) => new AuthorizationError(m, o)],
  [404, (m, o) => withMessage(new ResourceNotFoundError('Resource', undefined, o), m)],
  [409, (m, o) => new ConflictError(m, o)],
  [422, (m, o) => new BusinessRuleViolationError(m, o)],
  [429, (m, o) => new RateLimitExceededError(m, o)],
]);

// Wrapper InternalErrors → the Error they wrap, so telemetry can report its real type.
const originals = new WeakMap<AppError, Error>();

/**
 * Turns anything thrown into an `AppError`; never throws. `AppError`s are returned as is;
 * then registered mappers run; then foreign errors/objects with a 4xx `status`/`statusCode`
 * become the matching category (400 → `ValidationError`, 404 → `ResourceNotFoundError` …,
 * other 4xx → `AppError` with that status); everything else becomes a 500 `InternalError`
 * with a generic user message. Errors are kept as `cause` (their stack is adopted); plain
 * objects are kept as a summary (type and key names) because their values may be secrets.
 * HTTP *client* errors (objects with a `response`, e.g. axios) are not mapped by status:
 * an upstream 404 is not ours.
 *
 * @example
 * ```ts
 * try {
 *   await handler();
 * } catch (thrown) {
 *   const error = normalizeError(thrown);
 *   return toProblemResponse(error);
 * }
 * ```
 */
export function normalizeError(error: unknown): AppError {
  try {
    if (isAppError(error)) return error;
    return applyErrorMappers(error) ?? fromForeign(error);
  } catch (failure) {
    diag.warn('sightline: normalizeError could not read a thrown value', failure);
    return new InternalError('Unreadable thrown value');
  }
}

/**
 * The original `Error` that `normalizeError` wrapped into `error`, if any.
 *
 * @example
 * ```ts
 * const type = (getOriginalError(appError) ?? appError).name; // 'TypeError'
 * ```
 */
export function getOriginalError(error: AppError): Error | undefined {
  return originals.get(error);
}

function fromForeign(error: unknown): AppError {
  if (typeof error !== 'object' && typeof error !== 'function') {
    return new InternalError(`Non-error value thrown: ${describeValue(error)}`, { cause: error });
  }
  if (error === null) return new InternalError('Non-error value thrown: null', { cause: null });
  const errorLike = isError(error);
  const message =
    safeString(error, 'message') ?? `Non-error object thrown: ${describeValue(error)}`;
  const cause = errorLike ? error : summarizeObject(error);
  const status = clientStatusOf(error);
  const normalized =
    status === undefined
      ? new InternalError(message, { cause })
      : errorForStatus(status, message, { cause });
  if (errorLike) {
    adoptStack(normalized, error);
    if (normalized instanceof InternalError) originals.set(normalized, error);
  }
  return normalized;
}

/**
 * The taxonomy error for an HTTP error status: 400 → `ValidationError`, 401 →
 * `AuthenticationError`, 403 → `AuthorizationError`, 404 → `ResourceNotFoundError`, 409 →
 * `ConflictError`, 422 → `BusinessRuleViolationError`, 429 → `RateLimitExceededError`, any other
 * status → an `AppError` with that status's defaults (`GONE`, `SERVICE_UNAVAILABLE` …). The one
 * status → category map: foreign errors and framework exceptions both go through it.
 *
 * @example
 * ```ts
 * errorForStatus(422, 'rule broken').code; // 'BUSINESS_RULE_VIOLATION'
 * ```
 */
export function errorForStatus(
  status: number,
  message: string,
  options: AppErrorOptions = {},
): AppError {
  const category = CATEGORY_BY_STATUS.get(status);
  return category ? category(message, options) : new AppError(message, { ...options, status });
}

function clientStatusOf(error: object): number | undefined {
  const response = safeGet(error, 'response');
  if (typeof response === 'object' && response !== null) return undefined;
  for (const key of ['status', 'statusCode']) {
    const status = safeGet(error, key);
    if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
      return status;
    }
  }
  return undefined;
}

// The wrapper's own stack points at normalizeError; the thrower's stack is what helps.
function adoptStack(target: AppError, source: object): void {
  const stack = safeString(source, 'stack');
  if (stack)
    Object.defineProperty(target, 'stack', { value: stack, configurable: true, writable: true });
}

function withMessage(error: AppError, message: string): AppError {
  Object.defineProperty(error, 'message', { value: message, configurable: true, writable: true });
  return error;
}

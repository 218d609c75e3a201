import type { AppError } from '../errors/app-error.js';
import { normalizeError } from '../errors/normalize.js';
import { ValidationError } from '../errors/validation-error.js';
import type { HttpRequestFacts } from './request-facts.js';

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Converts what a request's handler threw into the one `AppError` of the request: a malformed
 * body (the `SyntaxError` of `request.json()` on a request with a body) → 400
 * `ValidationError`; anything else through `normalizeError` (taxonomy errors as they are,
 * registered mappers, then the status → category map, the rest 500).
 *
 * @example
 * ```ts
 * convertThrown(new SyntaxError('Unexpected token'), facts).status; // 400 for a POST
 * ```
 */
export function convertThrown(thrown: unknown, request: HttpRequestFacts): AppError {
  if (thrown instanceof SyntaxError && !BODYLESS_METHODS.has(request.method)) {
    return new ValidationError('Malformed JSON request body', {
      cause: thrown,
      userMessage: 'The request body is not valid JSON.',
    });
  }
  return normalizeError(thrown);
}

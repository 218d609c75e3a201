import { diag } from '@opentelemetry/api';
import { isAppError } from './app-error.js';
import type { AppError } from './app-error.js';

/**
 * Translates a foreign error (a framework's HTTP exception, an ORM error …) into an
 * `AppError`, or returns `undefined` to pass.
 *
 * @example
 * ```ts
 * const mapper: ErrorMapper = (e) =>
 *   e instanceof ZodError ? new ValidationError('invalid body', { cause: e }) : undefined;
 * ```
 */
export type ErrorMapper = (error: unknown) => AppError | undefined;

const mappers: ErrorMapper[] = [];

/**
 * Registers a mapper consulted by `normalizeError` (in registration order, first match wins)
 * before the built-in rules. Returns a function that unregisters it. A mapper that throws or
 * returns a non-`AppError` is skipped (reported through `diag`).
 *
 * @example
 * ```ts
 * const unregister = registerErrorMapper((e) =>
 *   e instanceof HTTPException ? new AppError(e.message, { status: e.status, cause: e }) : undefined,
 * );
 * ```
 */
export function registerErrorMapper(mapper: ErrorMapper): () => void {
  if (typeof mapper !== 'function') {
    throw new TypeError('registerErrorMapper: mapper must be a function');
  }
  mappers.push(mapper);
  return function unregisterErrorMapper() {
    const index = mappers.indexOf(mapper);
    if (index !== -1) mappers.splice(index, 1);
  };
}

/**
 * Runs the registered mappers; the first `AppError` returned wins.
 *
 * @example
 * ```ts
 * const mapped = applyErrorMappers(thrown) ?? fallback(thrown);
 * ```
 */
export function applyErrorMappers(error: unknown): AppError | undefined {
  for (const mapper of [...mappers]) {
    let result: unknown;
    try {
      result = mapper(error);
    } catch (failure) {
      diag.warn('sightline: an error mapper threw; it was skipped', failure);
      continue;
    }
    if (result === undefined) continue;
    if (isAppError(result)) return result;
    diag.warn('sightline: an error mapper returned a value that is not an AppError; ignored');
  }
  return undefined;
}

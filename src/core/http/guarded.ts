import { diag } from '@opentelemetry/api';
import type { HttpRequestScope } from './scope.js';

/**
 * Runs a user hook guarded: a throwing hook never breaks the request; `fallback` then.
 *
 * @example
 * ```ts
 * const userId = guarded(() => options.identify?.(request));
 * ```
 */
export function guarded<T>(hook: () => T, fallback?: T): T | undefined {
  try {
    return hook();
  } catch {
    return fallback;
  }
}

/**
 * The problem `Response` for what a handler threw (converted once through the scope); a bare
 * 500 if even rendering fails. Never throws.
 *
 * @example
 * ```ts
 * catch (thrown) { response = problemResponse(scope, thrown); }
 * ```
 */
export function problemResponse(scope: HttpRequestScope, thrown: unknown): Response {
  try {
    const { status, headers, body } = scope.problem(thrown);
    return new Response(body, { status, headers });
  } catch (error) {
    diag.error('sightline: could not render a problem response', error);
    return new Response(null, { status: 500 });
  }
}

import type { AppError } from './app-error.js';

/** Turns an error into a web `Response` (the problem module installs the real one). */
type ErrorResponseRenderer = (error: AppError) => Response;

// Dependency inversion: the problem module depends on the error classes, so the classes
// cannot import it back; it registers its renderer here when loaded (errors/index.ts loads it).
let renderer: ErrorResponseRenderer | undefined;

/**
 * Installs the function `AppError#getResponse()` uses. Called by the problem module.
 *
 * @example
 * ```ts
 * setErrorResponseRenderer((error) => toProblemResponse(error));
 * ```
 */
export function setErrorResponseRenderer(render: ErrorResponseRenderer): void {
  renderer = render;
}

/**
 * Renders `error` with the installed renderer; a minimal problem body if none is installed.
 *
 * @example
 * ```ts
 * const response = renderErrorResponse(new ConflictError());
 * ```
 */
export function renderErrorResponse(error: AppError): Response {
  if (renderer) return renderer(error);
  return new Response(JSON.stringify({ title: error.title, status: error.status }), {
    status: error.status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

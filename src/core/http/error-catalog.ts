import { DEFAULT_PROBLEM_TYPE_BASE } from '../problem/problem-type.js';
import { problemTypePage, renderProblemTypeHtml } from '../problem/type-page.js';
import { notFoundResponse } from './problems.js';

/**
 * Answers a request for a problem type's page, the path its relative `type` URI names
 * (`/problems/user-not-found`): HTML for browsers (`Accept: text/html`), JSON otherwise, a 404
 * problem for unknown codes; `undefined` when `path` is outside `basePath`.
 *
 * @example
 * ```ts
 * const response = errorCatalogResponse('/problems/conflict', request.headers.get('accept'));
 * ```
 */
export function errorCatalogResponse(
  path: string,
  accept: string | null | undefined,
  basePath = DEFAULT_PROBLEM_TYPE_BASE,
): Response | undefined {
  const prefix = `${basePath.replace(/\/+$/, '')}/`;
  if (!path.startsWith(prefix)) return undefined;
  const page = problemTypePage(path.slice(prefix.length));
  if (!page) return notFoundResponse(path, undefined);
  const headers = { 'cache-control': 'public, max-age=3600', vary: 'accept' };
  if (accept?.includes('text/html'))
    return new Response(renderProblemTypeHtml(page), {
      headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
    });
  return Response.json(page, { headers });
}

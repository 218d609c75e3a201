import { Hono } from 'hono';
import { errorCatalogResponse } from '../../../core/http/index.js';
import { DEFAULT_PROBLEM_TYPE_BASE } from '../../../core/problem/index.js';

/**
 * Serves each problem type's public page where its relative `type` URI points
 * (`/problems/user-not-found`): HTML for browsers, JSON otherwise. Never the operators' runbook.
 *
 * @example
 * ```ts
 * app.route('/', errorCatalog());
 * ```
 */
export function errorCatalog({ basePath = DEFAULT_PROBLEM_TYPE_BASE } = {}): Hono {
  return new Hono().get(
    `${basePath.replace(/\/+$/, '')}/:code`,
    (c) => errorCatalogResponse(c.req.path, c.req.header('accept'), basePath) ?? c.notFound(),
  );
}

import { problemForStatus } from '../problem/to-problem.js';
import { PROBLEM_CONTENT_TYPE } from '../problem/response.js';
import { getDefaultRedactor } from '../redaction/index.js';
import { convertThrown } from './convert.js';
import type { HttpRequestFacts } from './request-facts.js';
import { problemInitFor } from './scope.js';

/**
 * The problem `Response` for what was thrown while serving `request` when no request scope
 * exists (a handler used without the observability lifecycle): converted here, `instance` the
 * redacted path.
 *
 * @example
 * ```ts
 * return unscopedProblemResponse(thrown, requestFactsFromWeb(request));
 * ```
 */
export function unscopedProblemResponse(
  thrown: unknown,
  request: HttpRequestFacts,
  typeBaseUri?: string,
): Response {
  const { status, headers, body } = problemInitFor(convertThrown(thrown, request), {
    instance: getDefaultRedactor().url(request.path),
    typeBaseUri,
  });
  return new Response(body, { status, headers });
}

/**
 * The 404 problem `Response` for a path no route matched (`about:blank`, "Not Found").
 *
 * @example
 * ```ts
 * return notFoundResponse('/nowhere', 'r-1');
 * ```
 */
export function notFoundResponse(
  path: string,
  requestId: string | undefined,
  typeBaseUri?: string,
): Response {
  const body = problemForStatus(404, {
    instance: getDefaultRedactor().url(path),
    ...(requestId ? { requestId } : {}),
    ...(typeBaseUri ? { typeBaseUri } : {}),
  });
  return new Response(JSON.stringify(body), {
    status: 404,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  });
}

/**
 * `sightline/fetch`: observability for any Web `fetch` handler — `Bun.serve`, `Deno.serve`,
 * `@hono/node-server`'s `fetch`, or a hand-written `(request) => Response` — through the same
 * core request lifecycle as the Hono adapter.
 *
 * @example
 * ```ts
 * import { serve } from '@hono/node-server';
 * import { withObservability } from 'sightline/fetch';
 *
 * serve({ fetch: withObservability((request) => new Response('ok')), port: 3000 });
 * ```
 * @module
 */
import { context, diag, type Attributes } from '@opentelemetry/api';
import {
  applyHeaders,
  createHttpLifecycle,
  guarded,
  problemResponse,
  requestFactsFromWeb,
  type HttpObservabilityOptions,
  type HttpRequestScope,
} from '../../core/http/index.js';

/** Instrumentation scope of the adapter's spans and metrics. */
const SCOPE = 'sightline/fetch';

/**
 * A Web `fetch` handler; extra arguments (a server, an env) are passed through.
 *
 * @example
 * ```ts
 * const handler: FetchHandler<[]> = (request) => new Response(new URL(request.url).pathname);
 * ```
 */
export type FetchHandler<Rest extends unknown[] = unknown[]> = (
  request: Request,
  ...rest: Rest
) => Response | Promise<Response>;

/**
 * Options of {@link withObservability}: the core's, plus hooks that read the Web request.
 *
 * @example
 * ```ts
 * const options: FetchObservabilityOptions = { route: (request) => router.match(request)?.template };
 * ```
 */
export interface FetchObservabilityOptions extends HttpObservabilityOptions {
  /** The route template that served the request (`/users/:id`); omitted when undefined. */
  route?: (request: Request, response: Response) => string | undefined;
  /** Returns the authenticated user id (e.g. a verified JWT `sub`); never the raw token. */
  identify?: (request: Request) => string | undefined;
  /** Adds attributes to the server span after the handler ran. */
  attributes?: (request: Request, response: Response) => Attributes | undefined;
}

/**
 * Wraps a `fetch` handler: one SERVER span per request (parented to the incoming W3C context),
 * request id, `traceparent`/`X-Request-Id`/`Server-Timing` on the response, what the handler
 * throws answered as RFC 9457 problem+json and recorded once (span event, `error.type`,
 * `app.errors`), `http.server.request.duration`, and one request log line. Malformed options
 * throw a `TypeError` naming the option.
 *
 * @example
 * ```ts
 * export default { fetch: withObservability(async (request) => Response.json(await load(request))) };
 * ```
 */
export function withObservability<Rest extends unknown[]>(
  handler: FetchHandler<Rest>,
  options: FetchObservabilityOptions = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  if (typeof handler !== 'function')
    throw new TypeError(`withObservability(): handler must be a function, got ${typeof handler}`);
  const { route: chooseRoute, identify, attributes: addAttributes } = options;
  const lifecycle = createHttpLifecycle(SCOPE, options, 'withObservability');

  return async function observedFetch(request, ...rest) {
    let scope: HttpRequestScope;
    try {
      scope = lifecycle.begin(
        requestFactsFromWeb(request),
        guarded(() => identify?.(request)),
      );
    } catch (error) {
      // Telemetry never breaks the app: serve the request without it.
      diag.error('sightline: could not start request telemetry', error);
      return handler(request, ...rest);
    }

    let response: Response;
    try {
      response = await context.with(scope.context, () => handler(request, ...rest));
      if (!(response instanceof Response))
        throw new TypeError(`fetch handler returned ${typeof response}, not a Response`);
    } catch (thrown) {
      response = problemResponse(scope, thrown);
    }

    try {
      const route = chooseRoute ? guarded(() => chooseRoute(request, response)) : undefined;
      const attributes = addAttributes
        ? guarded(() => addAttributes(request, response))
        : undefined;
      const headers = lifecycle.finish(scope, {
        status: response.status,
        ...(route ? { route } : {}),
        ...(attributes ? { attributes } : {}),
      });
      if (!applyHeaders(response.headers, headers)) {
        // Immutable headers (a proxied fetch() response): answer with a copy.
        response = new Response(response.body, response);
        applyHeaders(response.headers, headers);
      }
    } catch (error) {
      diag.error('sightline: could not finish request telemetry', error);
    }
    return response;
  };
}

export { errorCatalogResponse } from '../../core/http/index.js';
export type { HttpObservabilityOptions } from '../../core/http/index.js';

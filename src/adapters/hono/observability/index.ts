import { context, diag, type Attributes } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  applyHeaders,
  createHttpLifecycle,
  guarded,
  problemResponse,
  type HttpObservabilityOptions,
  type HttpRequestScope,
} from '../../../core/http/index.js';
import type { ObservabilityEnv } from '../types.js';
import { requestFacts } from './request-facts.js';
import { resolveRoute } from './route.js';

/** Instrumentation scope of the adapter's spans and metrics. */
const SCOPE = 'sightline/hono';

/**
 * Options of the observability middleware: the core's, plus hooks that read the Hono context.
 *
 * @example
 * ```ts
 * app.use(observability({ identify: (c) => c.get('jwtPayload')?.sub, skipLogPaths: ['/healthz'] }));
 * ```
 */
export interface ObservabilityOptions extends HttpObservabilityOptions {
  /** Returns the authenticated user id (e.g. a verified JWT `sub`); never the raw token. */
  identify?: (c: Context) => string | undefined;
  /** Chooses the route template to report (e.g. an RPC adapter's own route). */
  route?: (c: Context, matched: string | undefined) => string | undefined;
  /** Adds attributes to the server span after the handler ran. */
  attributes?: (c: Context) => Attributes | undefined;
}

/**
 * The Hono observability middleware, a translation of the core request lifecycle: exactly one
 * SERVER span per request (own by default, parented to the incoming W3C context; or the HTTP
 * instrumentation's, augmented), request id, correlation response headers, the failure
 * recorded once (4xx leave the span UNSET, 5xx and unhandled errors set ERROR) and one request
 * log line. Malformed options throw a `TypeError` naming the option.
 *
 * @example
 * ```ts
 * const app = new Hono();
 * app.use(observability({ identify: (c) => c.get('jwtPayload')?.sub }));
 * app.onError(problemHandler());
 * app.notFound(notFoundHandler());
 * ```
 */
export function observability(
  options: ObservabilityOptions = {},
): MiddlewareHandler<ObservabilityEnv> {
  const { identify, route: chooseRoute, attributes: addAttributes } = options;
  const lifecycle = createHttpLifecycle(SCOPE, options);

  return createMiddleware<ObservabilityEnv>(async function observabilityMiddleware(c, next) {
    let scope: HttpRequestScope;
    try {
      scope = lifecycle.begin(
        requestFacts(c),
        guarded(() => identify?.(c)),
      );
      c.set('requestId', scope.requestId);
      c.set('traceId', scope.traceId);
      c.set('logger', scope.logger);
      c.set('sightline', scope);
    } catch (error) {
      // Telemetry never breaks the app: serve the request without it.
      diag.error('sightline: could not start request telemetry', error);
      return next();
    }

    try {
      await context.with(scope.context, next);
      // Hono's compose caught a handler's Error and answered through onError.
      if (c.error !== undefined) scope.fail(c.error);
    } catch (thrown) {
      // Non-Error throwables and a throwing onError escape Hono's compose.
      c.res = problemResponse(scope, thrown);
    }

    try {
      const matched = resolveRoute(c);
      const route = chooseRoute ? guarded(() => chooseRoute(c, matched), matched) : matched;
      scope.userId ??= guarded(() => identify?.(c));
      const attributes = addAttributes ? guarded(() => addAttributes(c)) : undefined;
      const headers = lifecycle.finish(scope, {
        status: c.res.status,
        ...(route ? { route } : {}),
        ...(attributes ? { attributes } : {}),
      });
      // Mutating the final response's headers in place is cheap; `c.header()` after the
      // response is final clones it, which on @hono/node-server turns a string body into a
      // stream and loses its fast path. Immutable headers (a proxied fetch()) need the copy.
      if (!applyHeaders(c.res.headers, headers))
        for (const [name, value] of headers)
          c.header(name, value, { append: name === 'server-timing' });
    } catch (error) {
      diag.error('sightline: could not finish request telemetry', error);
    }
  });
}

import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

type RouterRoute = ReturnType<typeof matchedRoutes>[number];

/** Middleware is registered for every method and takes `(c, next)`; route handlers do not. */
function isRouteHandler(route: RouterRoute): boolean {
  return route.method !== 'ALL' || route.handler.length < 2;
}

/**
 * The route template that matched the request (e.g. `/users/:id`), read after `next()`, or
 * `undefined` when no route matched (a 404): semconv says to omit `http.route` then.
 *
 * @example
 * ```ts
 * await next();
 * const route = resolveRoute(c); // '/users/:id'
 * ```
 */
export function resolveRoute(c: Context): string | undefined {
  try {
    const routes = matchedRoutes(c);
    const current = routes[c.req.routeIndex];
    if (current && isRouteHandler(current)) return current.path;
    // A middleware answered before the handler ran (e.g. an idempotent replay): name the route
    // that would have handled the request.
    for (let index = routes.length - 1; index >= 0; index--) {
      const route = routes[index];
      if (route && isRouteHandler(route)) return route.path;
    }
  } catch {
    // No match result (e.g. a request served outside the router): no route.
  }
  return undefined;
}

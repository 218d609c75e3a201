import type { Hono } from 'hono';
import { traced } from '../traced/index.js';

const ROUTE_METHODS = 'use all get post put delete patch options on'.split(' ');
const WRAPPED = Symbol('sightline.traced');

type AnyFunction = ((...args: never[]) => unknown) & { [WRAPPED]?: true };

/**
 * Makes every middleware registered on `app` from now on (through `use`, `on` and the route
 * methods) run in its own INTERNAL span named after the function — the per-middleware spans
 * users of @hono/otel ask for (honojs/middleware#1826). Off unless you call it; route handlers
 * (one-parameter functions) and the observability middleware itself are left as they are.
 * The spans nest: each middleware's span contains the ones registered after it.
 *
 * @example
 * ```ts
 * const app = traceMiddleware(new Hono<ObservabilityEnv>());
 * app.use(observability());
 * app.use(async function authenticate(c, next) { … await next(); }); // span "authenticate"
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono app, whatever its Env
export function traceMiddleware<App extends Hono<any, any, any>>(app: App): App {
  const target = app as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ROUTE_METHODS) {
    const register = target[method];
    if (typeof register !== 'function') continue;
    target[method] = function registerTraced(this: unknown, ...args: unknown[]) {
      return register.apply(this, args.map(wrapMiddleware));
    };
  }
  return app;
}

function wrapMiddleware(argument: unknown): unknown {
  if (typeof argument !== 'function') return argument;
  const fn = argument as AnyFunction;
  // Handlers take (c); middleware takes (c, next). Skip our own middleware and re-wrapping.
  if (fn.length < 2 || fn[WRAPPED] || fn.name === 'observabilityMiddleware') return argument;
  const wrapped = traced(fn, { name: fn.name || 'middleware' }) as AnyFunction;
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  return wrapped;
}

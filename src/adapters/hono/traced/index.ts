import type { Env, Handler, Input } from 'hono';
import type { BlankInput, HandlerResponse } from 'hono/types';
import { traceFunction } from '../../../core/telemetry/traced.js';

/**
 * Options of `traced`.
 *
 * @example
 * ```ts
 * app.get('/x', traced(handler, { name: 'load-x' }));
 * ```
 */
export interface TracedOptions {
  /** Span name; default the function's name (or `handler`). */
  name?: string;
}

/**
 * Wraps one Hono handler or middleware in an INTERNAL child span named after the function,
 * recording what it throws through the core (then rethrowing, so Hono's error handling is
 * unchanged). The wrapper has the handler's exact type: a handler typed as Hono recommends for
 * handlers declared outside a route (`Handler<Env, Path, Input>`) keeps its context variables,
 * params and validated input. (TypeScript cannot infer a route's path *through* a wrapper call,
 * so an inline wrapped handler sees params as `string | undefined`.)
 *
 * @example
 * ```ts
 * app.get('/users/:id', traced(async function loadUser(c) {
 *   return c.json(await users.get(c.req.param('id')));
 * }));
 * ```
 */
export function traced<
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own defaults
  E extends Env = any,
  P extends string = string,
  I extends Input = BlankInput,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Hono's own defaults
  R extends HandlerResponse<any> = any,
>(handler: Handler<E, P, I, R>, options?: TracedOptions): Handler<E, P, I, R>;
export function traced<Fn extends (...args: never[]) => unknown>(
  handler: Fn,
  options?: TracedOptions,
): Fn;
export function traced<Fn extends (...args: never[]) => unknown>(
  handler: Fn,
  { name }: TracedOptions = {},
): Fn {
  return traceFunction(handler, { scope: 'sightline/hono', ...(name ? { name } : {}) });
}

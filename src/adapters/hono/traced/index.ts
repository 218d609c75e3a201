import { SpanKind, trace } from '@opentelemetry/api';
import type { Env, Handler, Input } from 'hono';
import type { BlankInput, HandlerResponse } from 'hono/types';
import { recordError } from '../../../core/telemetry/index.js';
import { SDK_VERSION } from '../../../version.js';

const tracer = trace.getTracer('sightline/hono', SDK_VERSION);

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
  { name = handler.name || 'handler' }: TracedOptions = {},
): Fn {
  const wrapped = function tracedHandler(this: unknown, ...args: Parameters<Fn>) {
    return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL }, async (span) => {
      try {
        return await handler.apply(this, args);
      } catch (error) {
        recordError(error, { span });
        throw error;
      } finally {
        span.end();
      }
    });
  };
  // Hono tells handlers from middleware by arity; keep it.
  Object.defineProperty(wrapped, 'length', { value: handler.length });
  return wrapped as unknown as Fn;
}

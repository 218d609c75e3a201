import { SpanKind, trace } from '@opentelemetry/api';
import { recordError } from '../../../core/telemetry/index.js';
import { SDK_VERSION } from '../../../version.js';

const tracer = trace.getTracer('sightline/hono', SDK_VERSION);

/** Options of `traced`. */
export interface TracedOptions {
  /** Span name; default the function's name (or `handler`). */
  name?: string;
}

/**
 * Wraps one Hono handler or middleware in an INTERNAL child span named after the function,
 * recording what it throws through the core (then rethrowing, so Hono's error handling is
 * unchanged). The wrapper has the handler's exact type, so route params and validated input
 * types still flow through.
 *
 * @example
 * ```ts
 * app.get('/users/:id', traced(async function loadUser(c) {
 *   return c.json(await users.get(c.req.param('id')));
 * }));
 * ```
 */
export function traced<Handler extends (...args: never[]) => unknown>(
  handler: Handler,
  { name = handler.name || 'handler' }: TracedOptions = {},
): Handler {
  const wrapped = function tracedHandler(this: unknown, ...args: Parameters<Handler>) {
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
  return wrapped as unknown as Handler;
}

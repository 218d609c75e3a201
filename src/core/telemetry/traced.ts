import { SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { SDK_VERSION } from '../../version.js';
import { recordError } from './record-error.js';

/**
 * Wraps `fn` so each call runs in an INTERNAL child span named `name`, recording what it throws
 * (then rethrowing) and keeping the function's arity (frameworks tell handlers from middleware
 * by it). The adapters' `traced()` is this, typed for their handlers.
 *
 * @example
 * ```ts
 * const load = traceFunction(async function loadUser(id: string) { … }, { name: 'loadUser' });
 * ```
 */
export function traceFunction<Fn extends (...args: never[]) => unknown>(
  fn: Fn,
  { name = fn.name || 'handler', scope = 'sightline' }: { name?: string; scope?: string } = {},
): Fn {
  const tracer: Tracer = trace.getTracer(scope, SDK_VERSION);
  const wrapped = function tracedFunction(this: unknown, ...args: Parameters<Fn>) {
    return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL }, async (span) => {
      try {
        return await fn.apply(this, args);
      } catch (error) {
        recordError(error, { span });
        throw error;
      } finally {
        span.end();
      }
    });
  };
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  return wrapped as unknown as Fn;
}

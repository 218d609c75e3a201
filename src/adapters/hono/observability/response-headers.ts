import type { Context } from 'hono';
import type { SpanContext } from '@opentelemetry/api';

/**
 * Sets the correlation headers on the response: `traceparent` of the server span,
 * `X-Trace-Id` (for clients that do not parse traceparent), `X-Request-Id`, and
 * `Server-Timing: traceparent;desc="…"` (readable by browser RUM scripts).
 *
 * @example
 * ```ts
 * setCorrelationHeaders(c, span.spanContext(), requestId);
 * ```
 */
export function setCorrelationHeaders(c: Context, spanContext: SpanContext | undefined, requestId: string): void {
  c.header('x-request-id', requestId);
  if (!spanContext || spanContext.traceId === '00000000000000000000000000000000') return;
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  const traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  c.header('traceparent', traceparent);
  c.header('x-trace-id', spanContext.traceId);
  c.header('server-timing', `traceparent;desc="${traceparent}"`, { append: true });
}

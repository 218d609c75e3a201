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
export function setCorrelationHeaders(
  c: Context,
  spanContext: SpanContext | undefined,
  requestId: string,
): void {
  const headers: [string, string][] = [['x-request-id', requestId]];
  if (spanContext && spanContext.traceId !== '00000000000000000000000000000000') {
    const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
    const traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
    headers.push(['traceparent', traceparent], ['x-trace-id', spanContext.traceId]);
    headers.push(['server-timing', `traceparent;desc="${traceparent}"`]);
  }
  try {
    // Mutating the finished response's headers in place is cheap; `c.header()` after the
    // response is final clones it, which on @hono/node-server turns a string body into a
    // stream and loses its fast path (measured: most of the middleware's cost).
    const target = c.res.headers;
    for (const [name, value] of headers) {
      if (name === 'server-timing') target.append(name, value);
      else target.set(name, value);
    }
  } catch {
    // Immutable headers (e.g. a proxied fetch() response): fall back to Hono's copy.
    for (const [name, value] of headers)
      c.header(name, value, { append: name === 'server-timing' });
  }
}

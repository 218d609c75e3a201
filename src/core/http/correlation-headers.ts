import type { SpanContext } from '@opentelemetry/api';

const INVALID_TRACE_ID = '00000000000000000000000000000000';

/**
 * The correlation headers of a response: `X-Request-Id`, and for a valid span `traceparent`,
 * `X-Trace-Id` (for clients that do not parse traceparent) and `Server-Timing:
 * traceparent;desc="…"` (readable by browser RUM scripts). `server-timing` is to be appended,
 * the others set.
 *
 * @example
 * ```ts
 * for (const [name, value] of correlationHeaders(span.spanContext(), 'r-1')) headers.set(name, value);
 * ```
 */
export function correlationHeaders(
  spanContext: SpanContext | undefined,
  requestId: string,
): [name: string, value: string][] {
  const headers: [string, string][] = [['x-request-id', requestId]];
  if (spanContext && spanContext.traceId !== INVALID_TRACE_ID) {
    const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
    const traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
    headers.push(['traceparent', traceparent], ['x-trace-id', spanContext.traceId]);
    headers.push(['server-timing', `traceparent;desc="${traceparent}"`]);
  }
  return headers;
}

/**
 * Applies `correlationHeaders` to a response's headers in place; `false` when they are
 * immutable (e.g. a proxied `fetch()` response), so the caller can copy the response.
 *
 * @example
 * ```ts
 * if (!applyHeaders(response.headers, headers)) response = new Response(response.body, response);
 * ```
 */
export function applyHeaders(target: Headers, headers: [string, string][]): boolean {
  try {
    for (const [name, value] of headers) {
      if (name === 'server-timing') target.append(name, value);
      else target.set(name, value);
    }
    return true;
  } catch {
    return false;
  }
}

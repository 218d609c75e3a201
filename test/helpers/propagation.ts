import type { IncomingHttpHeaders } from 'node:http';

/** Every header a supported (or an AWS X-Ray) propagator writes. */
const PROPAGATION_HEADERS = [
  'traceparent',
  'tracestate',
  'baggage',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-sampled',
  'uber-trace-id',
  'uberctx-tenant',
  'x-amzn-trace-id',
];

/**
 * The propagation headers present among `headers`, sorted.
 *
 * @example
 * ```ts
 * propagationHeaders({ traceparent: '00-…', 'x-client': 'http' }); // ['traceparent']
 * ```
 */
export function propagationHeaders(
  headers: IncomingHttpHeaders | Record<string, unknown>,
): string[] {
  return PROPAGATION_HEADERS.filter((name) => headers[name] !== undefined).sort();
}

import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Logger } from 'winston';
import type { Redactor } from '../redaction/types.js';

/**
 * Options of the framework-neutral request lifecycle; adapters pass them through.
 *
 * @example
 * ```ts
 * const options: HttpObservabilityOptions = { skipLogPaths: ['/healthz'], serverSpan: 'own' };
 * ```
 */
export interface HttpObservabilityOptions {
  /** Logger for request lines and the request-scoped logger. Default: `createLogger()`. */
  logger?: Logger;
  /** Redaction policy for URLs and paths. Default: the process-wide redactor. */
  redactor?: Redactor;
  /** Paths whose requests are not logged. Default: the health paths (`HEALTH_PATHS`). */
  skipLogPaths?: readonly string[];
  /** Write one line per request. Default true. */
  requestLog?: boolean;
  /** Generates request ids when the client sent no valid `X-Request-Id`. */
  generateRequestId?: () => string;
  /** Base of problem `type` URIs. Default: relative, `/problems`. */
  typeBaseUri?: string;
  /**
   * `own` (default): the adapter makes the SERVER span and records
   * `http.server.request.duration`, and the SDK's HTTP instrumentation leaves incoming requests
   * to it — several times cheaper (bench:http). `augment`: enrich the HTTP instrumentation's span
   * instead (when the process also serves HTTP outside the adapter). Either way there is exactly
   * one SERVER span per request.
   */
  serverSpan?: 'own' | 'augment';
  /** Tracer provider of the server spans. Default: the global one. */
  tracerProvider?: TracerProvider;
  /** Meter provider of `http.server.request.duration`. Default: the global one. */
  meterProvider?: MeterProvider;
}

/**
 * Rejects malformed options at construction with a `TypeError` naming the option: they are
 * programming errors, and failing per request would hide them behind 500s.
 *
 * @example
 * ```ts
 * assertHttpOptions('observability', { serverSpan: 'bogus' }); // throws TypeError
 * ```
 */
export function assertHttpOptions(owner: string, options: object): void {
  const o = options as Record<string, unknown>;
  const fail = (name: string, expected: string) => {
    throw new TypeError(
      `${owner}(): options.${name} must be ${expected}, got ${describe(o[name])}`,
    );
  };
  const set = (name: string) => o[name] !== undefined;
  if (set('serverSpan') && o['serverSpan'] !== 'own' && o['serverSpan'] !== 'augment')
    fail('serverSpan', "'own' or 'augment'");
  if (set('requestLog') && typeof o['requestLog'] !== 'boolean') fail('requestLog', 'a boolean');
  if (set('typeBaseUri') && typeof o['typeBaseUri'] !== 'string') fail('typeBaseUri', 'a string');
  if (
    set('skipLogPaths') &&
    !(Array.isArray(o['skipLogPaths']) && o['skipLogPaths'].every((p) => typeof p === 'string'))
  )
    fail('skipLogPaths', 'an array of paths');
  if (set('logger') && typeof (o['logger'] as { log?: unknown } | null)?.log !== 'function')
    fail('logger', 'a winston logger');
  if (set('redactor') && typeof (o['redactor'] as { url?: unknown } | null)?.url !== 'function')
    fail('redactor', 'a redactor (createRedactor())');
  for (const hook of ['generateRequestId', 'identify', 'route', 'attributes'])
    if (set(hook) && typeof o[hook] !== 'function') fail(hook, 'a function');
  for (const provider of ['tracerProvider', 'meterProvider']) {
    const method = provider === 'tracerProvider' ? 'getTracer' : 'getMeter';
    if (
      set(provider) &&
      typeof (o[provider] as Record<string, unknown> | null)?.[method] !== 'function'
    )
      fail(
        provider,
        `an OpenTelemetry ${provider === 'tracerProvider' ? 'TracerProvider' : 'MeterProvider'}`,
      );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

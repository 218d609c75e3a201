import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context as OtelContext,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { isTracingSuppressed, unsuppressTracing } from '@opentelemetry/core';
import type { RequestFacts } from './request-facts.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_CLIENT_ADDRESS,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_PORT,
  ATTR_USER_AGENT_ORIGINAL,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import { lazyHistogram } from '../../../core/telemetry/index.js';
import type { Redactor } from '../../../core/redaction/index.js';
import { SDK_VERSION } from '../../../version.js';

/** Instrumentation scope of the adapter's spans and metrics. */
export const SCOPE = 'sightline/hono';
const tracer = trace.getTracer(SCOPE, SDK_VERSION);
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);
/** Semconv's advised buckets for `http.server.request.duration` (seconds). */
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

const requestDuration = lazyHistogram(SCOPE, METRIC_HTTP_SERVER_REQUEST_DURATION, {
  unit: 's',
  description: 'Duration of HTTP server requests.',
  advice: { explicitBucketBoundaries: DURATION_BUCKETS },
});

const headerGetter: TextMapGetter<RequestFacts> = {
  get: (request, key) => request.header(key),
  keys: (request) => request.headerNames(),
};

/**
 * Normalises an HTTP method per semconv: a known method as is, anything else `_OTHER` (the
 * original then goes in `http.request.method_original`).
 *
 * @example
 * ```ts
 * semconvMethod('PURGE'); // '_OTHER'
 * ```
 */
export function semconvMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/**
 * Starts the adapter's own SERVER span, for runtimes where no HTTP instrumentation made one
 * (`app.request()` in tests, Bun, Deno). The W3C context is extracted from the headers only
 * when no span is active, so an existing parent is never replaced.
 *
 * @example
 * ```ts
 * const { span, ctx } = startServerSpan(requestFacts(c), redactor);
 * ```
 */
export function startServerSpan(
  request: RequestFacts,
  redactor: Redactor,
): { span: Span; ctx: OtelContext } {
  let parent = context.active();
  // The SDK's HTTP instrumentation leaves claimed requests to us under a "suppress tracing"
  // context; lift it, or this span and every child (outgoing calls) would be non-recording.
  if (isTracingSuppressed(parent)) parent = unsuppressTracing(parent);
  if (!trace.getSpan(parent)) parent = propagation.extract(parent, request, headerGetter);
  const method = semconvMethod(request.method);
  // One literal, no spread: spreading into an object with computed keys measured ~4 µs here.
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: request.path,
    [ATTR_URL_SCHEME]: request.scheme,
  };
  if (method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = request.method;
  if (request.query !== '') attributes[ATTR_URL_QUERY] = redactor.url(request.query);
  const userAgent = request.header('user-agent');
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  if (request.protocolVersion) attributes[ATTR_NETWORK_PROTOCOL_VERSION] = request.protocolVersion;
  if (request.clientAddress) attributes[ATTR_CLIENT_ADDRESS] = request.clientAddress;
  if (request.serverPort) attributes[ATTR_SERVER_PORT] = request.serverPort;
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

/**
 * Finishes the adapter's own SERVER span and records `http.server.request.duration` (only in
 * this mode; with instrumentation-http it records the metric, so it is never recorded twice).
 *
 * @example
 * ```ts
 * endServerSpan(span, { method: 'GET', route: '/users/:id', status: 200, scheme: 'http', startedAt });
 * ```
 */
export function endServerSpan(
  span: Span,
  outcome: {
    method: string;
    route?: string;
    status: number;
    scheme: string;
    startedAt: number;
    errorType?: string;
  },
): void {
  const methodName = semconvMethod(outcome.method);
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, outcome.status);
  if (outcome.route !== undefined) {
    span.setAttribute(ATTR_HTTP_ROUTE, outcome.route);
    span.updateName(`${methodName} ${outcome.route}`);
  }
  const errorType =
    outcome.status >= 500 ? (outcome.errorType ?? String(outcome.status)) : undefined;
  if (errorType !== undefined) {
    span.setAttribute(ATTR_ERROR_TYPE, errorType);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
  const metricAttributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: methodName,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: outcome.status,
    [ATTR_URL_SCHEME]: outcome.scheme,
  };
  if (outcome.route !== undefined) metricAttributes[ATTR_HTTP_ROUTE] = outcome.route;
  if (errorType !== undefined) metricAttributes[ATTR_ERROR_TYPE] = errorType;
  requestDuration.record((performance.now() - outcome.startedAt) / 1000, metricAttributes);
}

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
  type Tracer,
} from '@opentelemetry/api';
import { isTracingSuppressed, unsuppressTracing } from '@opentelemetry/core';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import type { Redactor } from '../redaction/types.js';
import type { LazyHistogram } from '../telemetry/instruments.js';
import type { HttpRequestFacts } from './request-facts.js';

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

const headerGetter: TextMapGetter<HttpRequestFacts> = {
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
 * Starts a SERVER span for `request`. The W3C context is extracted from the headers only when
 * no span is active, so an existing parent is never replaced.
 *
 * @example
 * ```ts
 * const { span, ctx } = startServerSpan(tracer, facts, redactor);
 * ```
 */
export function startServerSpan(
  tracer: Tracer,
  request: HttpRequestFacts,
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
 * How a request ended, as the server span and the duration metric record it.
 *
 * @example
 * ```ts
 * const outcome: ServerSpanOutcome = { method: 'GET', status: 200, scheme: 'http', startedAt };
 * ```
 */
export interface ServerSpanOutcome {
  method: string;
  route?: string;
  status: number;
  scheme: string;
  startedAt: number;
  /** The failure's error code; reported as `error.type` for 5xx. */
  errorType?: string;
}

/**
 * Ends a SERVER span made by `startServerSpan` and records `http.server.request.duration`
 * (only for own spans: with instrumentation-http, it records the metric).
 *
 * @example
 * ```ts
 * endServerSpan(span, duration, { method: 'GET', route: '/users/:id', status: 200, scheme: 'http', startedAt });
 * ```
 */
export function endServerSpan(
  span: Span,
  duration: LazyHistogram,
  outcome: ServerSpanOutcome,
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
  duration.record((performance.now() - outcome.startedAt) / 1000, metricAttributes);
}

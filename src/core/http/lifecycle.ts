import {
  context,
  diag,
  trace,
  type Attributes,
  type MeterProvider,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { METRIC_HTTP_SERVER_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';
import { SDK_VERSION } from '../../version.js';
import { HEALTH_PATHS } from '../health/paths.js';
import { createLogger } from '../logging/logger.js';
import { getDefaultRedactor } from '../redaction/index.js';
import { ATTR_APP_REQUEST_ID, ATTR_USER_ID } from '../telemetry/attributes.js';
import { withRequestContext } from '../telemetry/correlation.js';
import { lazyHistogram, type LazyHistogram } from '../telemetry/instruments.js';
import { recordError } from '../telemetry/record-error.js';
import { claimServerSpans } from '../telemetry/server-spans.js';
import { correlationHeaders } from './correlation-headers.js';
import { assertHttpOptions, type HttpObservabilityOptions } from './options.js';
import type { HttpRequestFacts } from './request-facts.js';
import { acceptRequestId } from './request-id.js';
import { logRequest } from './request-log.js';
import { HttpRequestScope } from './scope.js';
import { endServerSpan, startServerSpan } from './server-span.js';

/**
 * How a request ended, told by the adapter.
 *
 * @example
 * ```ts
 * lifecycle.finish(scope, { status: response.status, route: '/users/:id' });
 * ```
 */
export interface RequestOutcome {
  status: number;
  /** The matched route template; omitted when no route matched (semconv). */
  route?: string;
  /** Extra span attributes from a user hook. */
  attributes?: Attributes;
}

/**
 * The framework-neutral request lifecycle an adapter drives: `begin` before the handler,
 * `finish` after it. `finish` returns the correlation headers to put on the response.
 *
 * @example
 * ```ts
 * const scope = lifecycle.begin(requestFactsFromWeb(request));
 * const response = await context.with(scope.context, () => handler(request));
 * const headers = lifecycle.finish(scope, { status: response.status });
 * ```
 */
export interface HttpLifecycle {
  /** Request id, server span (own or augmented) and the context the handler runs in. */
  begin(request: HttpRequestFacts, userId?: string): HttpRequestScope;
  /** Records the failure once, ends the span, records the metric, writes the request line. */
  finish(scope: HttpRequestScope, outcome: RequestOutcome): [string, string][];
}

const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
const durationByScope = new Map<string, LazyHistogram>();

/**
 * Creates the request lifecycle of an adapter whose instrumentation scope is `scopeName`
 * (`sightline/hono`, `sightline/fetch`). Options are validated here: a malformed one throws a
 * `TypeError` naming it.
 *
 * @example
 * ```ts
 * const lifecycle = createHttpLifecycle('sightline/fetch', { requestLog: true });
 * ```
 */
export function createHttpLifecycle(
  scopeName: string,
  options: HttpObservabilityOptions = {},
  owner = 'observability',
): HttpLifecycle {
  assertHttpOptions(owner, options);
  const {
    logger = createLogger(),
    redactor = getDefaultRedactor(),
    skipLogPaths = HEALTH_PATHS,
    requestLog = true,
    generateRequestId,
    typeBaseUri,
    serverSpan = 'own',
  } = options;
  const skipLog = new Set(skipLogPaths);
  const tracer: Tracer = (options.tracerProvider ?? trace).getTracer(scopeName, SDK_VERSION);
  const duration = durationHistogram(scopeName, options.meterProvider);
  if (serverSpan === 'own') claimServerSpans(scopeName);

  function begin(request: HttpRequestFacts, userId?: string): HttpRequestScope {
    const requestId = acceptRequestId(request.header('x-request-id'), generateRequestId);
    const active = context.active();
    const rpc = getRPCMetadata(active);
    const activeSpan = trace.getSpan(active);
    // An HTTP instrumentation made the server span: augment it instead of starting a second one.
    const augment = rpc?.type === RPCType.HTTP && activeSpan !== undefined;
    const own = augment ? undefined : startServerSpan(tracer, request, redactor);
    const span = (own?.span ?? activeSpan) as Span;
    span.setAttribute(ATTR_APP_REQUEST_ID, requestId);
    const ctx = withRequestContext(own?.ctx ?? active, {
      requestId,
      ...(userId ? { userId } : {}),
    });
    const scope = new HttpRequestScope(
      request,
      requestId,
      span,
      ctx,
      logger,
      own !== undefined,
      redactor,
      typeBaseUri,
    );
    scope.userId = userId;
    return scope;
  }

  function finish(scope: HttpRequestScope, outcome: RequestOutcome): [string, string][] {
    const { span, request, userId } = scope;
    const { status, route } = outcome;
    const error = scope.error;
    const ctx = userId ? withRequestContext(scope.context, { userId }) : scope.context;
    if (error !== undefined) {
      context.with(ctx, () =>
        recordError(error, { span, handled: scope.handled, ...(route ? { route } : {}) }),
      );
    }
    if (userId) span.setAttribute(ATTR_USER_ID, userId);
    if (outcome.attributes) span.setAttributes(outcome.attributes);
    if (scope._ownSpan) {
      endServerSpan(span, duration, {
        method: request.method,
        status,
        scheme: request.scheme,
        startedAt: scope.startedAt,
        ...(route ? { route } : {}),
        ...(error ? { errorType: error.code } : {}),
      });
    } else if (route) {
      // instrumentation-http names the span `METHOD route` and labels its duration metric.
      const rpc = getRPCMetadata(scope.context);
      if (rpc?.type === RPCType.HTTP) rpc.route = route;
    }
    if (requestLog && !skipLog.has(request.path)) {
      context.with(ctx, () =>
        logRequest(logger, {
          method: request.method,
          route,
          path: redactor.url(request.path),
          status,
          durationMs: performance.now() - scope.startedAt,
          userAgent: request.header('user-agent'),
          clientAddress: request.clientAddress,
          error,
        }),
      );
    }
    return correlationHeaders(span.spanContext(), scope.requestId);
  }

  return { begin, finish };
}

function durationHistogram(scopeName: string, meterProvider?: MeterProvider): LazyHistogram {
  const options = {
    unit: 's',
    description: 'Duration of HTTP server requests.',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  };
  if (meterProvider) {
    const histogram = meterProvider
      .getMeter(scopeName, SDK_VERSION)
      .createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, options);
    return {
      record(value, attributes, ctx) {
        try {
          histogram.record(value, attributes, ctx);
        } catch (failure) {
          diag.warn('sightline: recording http.server.request.duration failed', failure);
        }
      },
    };
  }
  let histogram = durationByScope.get(scopeName);
  if (!histogram) {
    histogram = lazyHistogram(scopeName, METRIC_HTTP_SERVER_REQUEST_DURATION, options);
    durationByScope.set(scopeName, histogram);
  }
  return histogram;
}

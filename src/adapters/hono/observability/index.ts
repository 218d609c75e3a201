import {
  context,
  diag,
  trace,
  type Attributes,
  type Context as OtelContext,
  type Span,
} from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'winston';
import { isAppError, type AppError } from '../../../core/errors/index.js';
import { createLogger } from '../../../core/logging/index.js';
import { getDefaultRedactor, type Redactor } from '../../../core/redaction/index.js';
import {
  claimServerSpans,
  recordError,
  withRequestContext,
} from '../../../core/telemetry/index.js';
import { ATTR_APP_REQUEST_ID, ATTR_USER_ID } from '../../../core/telemetry/attributes.js';
import { normalizeHonoError, renderProblem, type ProblemHandlerOptions } from '../errors/index.js';
import type { ObservabilityEnv } from '../types.js';
import { acceptRequestId } from './request-id.js';
import { requestFacts, type RequestFacts } from './request-facts.js';
import { logRequest } from './request-log.js';
import { setCorrelationHeaders } from './response-headers.js';
import { resolveRoute } from './route.js';
import { endServerSpan, SCOPE, startServerSpan } from './server-span.js';

/**
 * Options of the observability middleware; every one has a default.
 *
 * @example
 * ```ts
 * app.use(observability({ identify: (c) => c.get('jwtPayload')?.sub, skipLogPaths: ['/healthz'] }));
 * ```
 */
export interface ObservabilityOptions extends ProblemHandlerOptions {
  /** Logger for request lines and `c.var.logger`. Default: `createLogger()`. */
  logger?: Logger;
  /** Redaction policy for URLs and paths. Default: the process-wide redactor. */
  redactor?: Redactor;
  /** Returns the authenticated user id (e.g. a verified JWT `sub`); never the raw token. */
  identify?: (c: Context) => string | undefined;
  /** Chooses the route template to report (e.g. an RPC adapter's own route). */
  route?: (c: Context, matched: string | undefined) => string | undefined;
  /** Adds attributes to the server span after the handler ran. */
  attributes?: (c: Context) => Attributes | undefined;
  /** Paths whose requests are not logged (health checks). */
  skipLogPaths?: readonly string[];
  /** Write one line per request. Default true. */
  requestLog?: boolean;
  /** Generates request ids when the client sent no valid `X-Request-Id`. */
  generateRequestId?: () => string;
  /**
   * `own` (default): the middleware makes the SERVER span and records
   * `http.server.request.duration`, and the SDK's HTTP instrumentation leaves incoming requests
   * to it — several times cheaper (bench:http). `augment`: enrich the HTTP instrumentation's span
   * instead (choose it when the process also serves HTTP outside Hono and wants spans there).
   * Either way there is exactly one SERVER span per request.
   */
  serverSpan?: 'own' | 'augment';
}

/**
 * The Hono observability middleware: exactly one SERVER span per request (augmenting
 * instrumentation-http's span when it is active, else its own, parented to the incoming W3C
 * context), request id, correlation response headers, error recording through the core
 * (4xx leave the span status UNSET, 5xx and unhandled errors set ERROR) and one request log line.
 *
 * @example
 * ```ts
 * const app = new Hono<ObservabilityEnv>();
 * app.use(observability({ identify: (c) => c.get('jwtPayload')?.sub }));
 * app.onError(problemHandler());
 * app.notFound(notFoundHandler());
 * ```
 */
export function observability({
  logger = createLogger(),
  redactor = getDefaultRedactor(),
  identify,
  route: chooseRoute,
  attributes: addAttributes,
  skipLogPaths = ['/healthz', '/readyz', '/livez'],
  requestLog = true,
  generateRequestId,
  typeBaseUri,
  serverSpan = 'own',
}: ObservabilityOptions = {}): MiddlewareHandler<ObservabilityEnv> {
  const skipLog = new Set(skipLogPaths);
  if (serverSpan === 'own') claimServerSpans(SCOPE);
  const problemOptions = typeBaseUri ? { typeBaseUri } : {};

  return async function observabilityMiddleware(c, next) {
    let begun: Begun;
    try {
      begun = begin(c);
    } catch (error) {
      // Telemetry never breaks the app: serve the request without it.
      diag.error('sightline: could not start request telemetry', error);
      return next();
    }

    let thrown: unknown;
    let threw = false;
    try {
      await context.with(begun.ctx, next);
    } catch (error) {
      // Non-Error throwables and a throwing onError escape Hono's compose.
      threw = true;
      thrown = error;
    }
    if (threw) c.res = safeProblem(c, thrown, problemOptions);

    try {
      finish(c, begun, threw ? { thrown } : c.error === undefined ? {} : { thrown: c.error });
    } catch (error) {
      diag.error('sightline: could not finish request telemetry', error);
    }
  };

  function begin(c: Context): Begun {
    const startedAt = performance.now();
    const request = requestFacts(c);
    const requestId = acceptRequestId(request.header('x-request-id'), generateRequestId);
    const active = context.active();
    const rpc = getRPCMetadata(active);
    const activeSpan = trace.getSpan(active);
    // An HTTP instrumentation made the server span: augment it instead of starting a second one.
    const augment = rpc?.type === RPCType.HTTP && activeSpan !== undefined;
    const own = augment ? undefined : startServerSpan(request, redactor);
    const span = (own?.span ?? activeSpan) as Span;
    const userId = guarded(() => identify?.(c));
    span.setAttribute(ATTR_APP_REQUEST_ID, requestId);
    const ctx = withRequestContext(own?.ctx ?? active, {
      requestId,
      ...(userId ? { userId } : {}),
    });
    c.set('requestId', requestId);
    c.set('traceId', span.spanContext().traceId);
    c.set('logger', logger);
    return { startedAt, request, requestId, rpc, own, span, ctx, userId };
  }

  function finish(c: Context, begun: Begun, outcome: { thrown?: unknown }): void {
    const { startedAt, request, requestId, rpc, own, span, ctx } = begun;
    const matched = resolveRoute(c);
    const route = chooseRoute ? guarded(() => chooseRoute(c, matched), matched) : matched;
    let appError: AppError | undefined;
    if ('thrown' in outcome) {
      const normalized = normalizeHonoError(outcome.thrown, c);
      // Expected errors (the taxonomy, client errors) are handled; anything else is a bug.
      const handled = isAppError(outcome.thrown) || normalized.status < 500;
      appError = context.with(ctx, () =>
        recordError(normalized, { span, handled, ...(route ? { route } : {}) }),
      );
    }
    const status = c.res.status;
    const userId = begun.userId ?? guarded(() => identify?.(c));
    if (userId) span.setAttribute(ATTR_USER_ID, userId);
    const extra = addAttributes ? guarded(() => addAttributes(c)) : undefined;
    if (extra) span.setAttributes(extra);

    if (own) {
      endServerSpan(own.span, {
        method: request.method,
        status,
        scheme: request.scheme,
        startedAt,
        ...(route ? { route } : {}),
        ...(appError ? { errorType: appError.code } : {}),
      });
    } else if (route && rpc?.type === RPCType.HTTP) {
      // instrumentation-http names the span `METHOD route` and labels its duration metric.
      rpc.route = route;
    }
    setCorrelationHeaders(c, span.spanContext(), requestId);

    if (requestLog && !skipLog.has(request.path)) {
      context.with(userId ? withRequestContext(ctx, { userId }) : ctx, () =>
        logRequest(logger, {
          method: request.method,
          path: redactor.url(request.path),
          status,
          durationMs: performance.now() - startedAt,
          ...(route ? { route } : {}),
          ...optional('userAgent', request.header('user-agent')),
          ...optional('clientAddress', request.clientAddress),
          ...(appError ? { errorCode: appError.code } : {}),
        }),
      );
    }
  }
}

/** What `begin` learnt about a request, for `finish`. */
interface Begun {
  startedAt: number;
  request: RequestFacts;
  requestId: string;
  rpc: ReturnType<typeof getRPCMetadata>;
  own: ReturnType<typeof startServerSpan> | undefined;
  span: Span;
  ctx: OtelContext;
  userId: string | undefined;
}

/** The problem response for a throwable that escaped Hono; a bare 500 if even that fails. */
function safeProblem(c: Context, thrown: unknown, options: ProblemHandlerOptions): Response {
  try {
    return renderProblem(c, thrown, options);
  } catch (error) {
    diag.error('sightline: could not render a problem response', error);
    return new Response(null, { status: 500 });
  }
}

/** User hooks run guarded: a throwing hook never breaks the request. */
function guarded<T>(hook: () => T, fallback?: T): T | undefined {
  try {
    return hook();
  } catch {
    return fallback;
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

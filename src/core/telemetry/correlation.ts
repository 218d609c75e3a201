import {
  context,
  createContextKey,
  trace,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

/**
 * Trace correlation of the active span, in the W3C hex forms used by logs and problem bodies.
 *
 * @example
 * ```ts
 * const { traceId } = getCorrelation() ?? {};
 * ```
 */
export interface Correlation {
  traceId: string;
  spanId: string;
  /** W3C trace flags as two hex digits (`01` = sampled). */
  traceFlags: string;
}

/**
 * Per-request facts that ride in the OpenTelemetry context next to the active span.
 *
 * @example
 * ```ts
 * context.with(withRequestContext(context.active(), { requestId: 'r-1', userId: 'u-7' }), handler);
 * ```
 */
export interface RequestContext {
  requestId?: string;
  userId?: string;
}

const REQUEST_CONTEXT_KEY = createContextKey('sightline.request_context');

/**
 * Returns the trace/span ids of the active span, or `undefined` when no valid span is active.
 * Always reads the OpenTelemetry context: never a home-made context variable.
 *
 * @example
 * ```ts
 * const ids = getCorrelation();
 * logger.info('charged', { trace: ids?.traceId });
 * ```
 */
export function getCorrelation(ctx: Context = context.active()): Correlation | undefined {
  const spanContext = trace.getSpanContext(ctx);
  if (!spanContext || !isValid(spanContext)) return undefined;
  return {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    traceFlags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

// Every log line asks for the active span's ids, and a span logs many lines: its SpanContext
// (one object for the span's life) is checked once — the check runs two regular expressions.
let lastValid: SpanContext | undefined;
function isValid(spanContext: SpanContext): boolean {
  if (spanContext === lastValid) return true;
  if (!trace.isSpanContextValid(spanContext)) return false;
  lastValid = spanContext;
  return true;
}

/**
 * Returns a context carrying `request` merged over any request facts already present.
 *
 * @example
 * ```ts
 * await context.with(withRequestContext(context.active(), { requestId: 'r-1' }), handler);
 * ```
 */
export function withRequestContext(ctx: Context, request: RequestContext): Context {
  return ctx.setValue(REQUEST_CONTEXT_KEY, { ...getRequestContext(ctx), ...request });
}

/**
 * Returns the request facts (request id, user id) stored in the OpenTelemetry context.
 *
 * @example
 * ```ts
 * const { requestId } = getRequestContext();
 * ```
 */
export function getRequestContext(ctx: Context = context.active()): RequestContext {
  return (ctx.getValue(REQUEST_CONTEXT_KEY) as RequestContext | undefined) ?? {};
}

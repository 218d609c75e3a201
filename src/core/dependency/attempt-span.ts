import { SpanKind, SpanStatusCode, context, diag, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { isAppError } from '../errors/index.js';
import { getDefaultRedactor } from '../redaction/index.js';
import { SIGHTLINE_SCOPE } from '../telemetry/index.js';
import { SDK_VERSION } from '../../version.js';
import { isPassThrough } from './errors.js';
import { ATTR_APP_DEPENDENCY_ATTEMPT, ATTR_APP_DEPENDENCY_NAME } from './telemetry.js';

/**
 * Span attribute: the logical name of the remote service (semconv `peer.service`, copied). Newer
 * semconv deprecates it for `server.service.name`, but it is what Jaeger's and Zipkin's search
 * and service graphs read today, so attempt spans carry both.
 *
 * @example
 * ```ts
 * span.attributes[ATTR_PEER_SERVICE]; // 'inventory'
 * ```
 */
export const ATTR_PEER_SERVICE = 'peer.service';
/**
 * Span attribute: the logical name of the service acting as the server (incubating semconv
 * `ATTR_SERVER_SERVICE_NAME`, copied): `peer.service`'s successor.
 *
 * @example
 * ```ts
 * span.attributes[ATTR_SERVER_SERVICE_NAME]; // 'inventory'
 * ```
 */
export const ATTR_SERVER_SERVICE_NAME = 'server.service.name';

/**
 * Runs one attempt of a dependency call inside an INTERNAL span named after the dependency —
 * `inventory` for the first attempt, `inventory attempt 2` for a retry — so the anonymous
 * CLIENT spans the call makes (instrumentation-undici names them `GET`) sit under a row that
 * says which dependency they belong to. A failure that counts against the dependency marks the
 * span ERROR with `error.type` and a redacted message; the caller's span still records the
 * error once.
 *
 * Only inside an active trace: a call outside any span does not start a trace of its own (and
 * sends no `traceparent`). Never throws on its own account.
 *
 * @example
 * ```ts
 * const response = await withAttemptSpan('inventory', 2, () => fetch(url, { signal }));
 * ```
 */
export function withAttemptSpan<T>(
  name: string,
  attempt: number,
  run: () => Promise<T>,
): Promise<T> {
  const span = startAttemptSpan(name, attempt);
  if (!span) return run();
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await run();
    } catch (error) {
      markFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

function startAttemptSpan(name: string, attempt: number): Span | undefined {
  if (!trace.getActiveSpan()) return undefined;
  try {
    // Resolved per attempt: a tracer provider registered after the dependency was declared
    // (or replaced, in tests) is followed.
    return trace
      .getTracer(SIGHTLINE_SCOPE, SDK_VERSION)
      .startSpan(attempt === 1 ? name : `${name} attempt ${attempt}`, {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_PEER_SERVICE]: name,
          [ATTR_SERVER_SERVICE_NAME]: name,
          [ATTR_APP_DEPENDENCY_NAME]: name,
          [ATTR_APP_DEPENDENCY_ATTEMPT]: attempt,
        },
      });
  } catch (failure) {
    diag.warn(`sightline: starting the span of a ${name} attempt failed`, failure);
    return undefined;
  }
}

function markFailure(span: Span, error: unknown): void {
  // Caller cancellations and the caller's own 4xx errors are not the dependency's failures.
  if (isPassThrough(error)) return;
  try {
    const type = isAppError(error) ? error.code : error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? getDefaultRedactor().string(error.message) : type;
    span.setAttribute('error.type', type);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } catch (failure) {
    diag.warn('sightline: marking a failed dependency attempt failed', failure);
  }
}

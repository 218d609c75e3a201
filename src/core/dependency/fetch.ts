import { channel } from 'node:diagnostics_channel';
import { context, propagation } from '@opentelemetry/api';
import type { TextMapSetter } from '@opentelemetry/api';
import { ExternalServiceError } from '../errors/index.js';
import { getDefaultRedactor } from '../redaction/index.js';
import { isRetryableStatus, isUpstreamFailureStatus } from './errors.js';
import type { CallOptions, Fallback } from './options.js';

/**
 * `RequestInit` plus the per-call policy options of `dependency(...).fetch()`.
 *
 * @example
 * ```ts
 * const init: DependencyFetchInit = { method: 'POST', body, idempotent: true };
 * ```
 */
export interface DependencyFetchInit<T = Response> extends RequestInit {
  /**
   * Allows retries. Default: true for GET, HEAD, OPTIONS, PUT, DELETE and TRACE, false
   * otherwise. Never retried with a stream body (it cannot be replayed).
   */
  idempotent?: boolean;
  /** Fallback for this call; `false` disables the dependency's fallback. */
  fallback?: Fallback<T> | false;
}

/** What `fetchThrough` needs from a dependency. */
interface Caller<TFallback> {
  readonly name: string;
  call<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    options?: CallOptions<T>,
  ): Promise<T | TFallback>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const SNIPPET_BYTES = 512;
const SNIPPET_CHARS = 160;

// instrumentation-undici subscribes to this channel and injects `traceparent` for the CLIENT
// span it creates — unconditionally, even when the request already has one.
const undiciRequestCreated = channel('undici:request:create');

const headersSetter: TextMapSetter<Headers> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/**
 * Outbound HTTP through a dependency's policies, using the global `fetch`. Upstream 5xx, 408
 * and 429 reject with `ExternalServiceError` (`upstreamStatus`, `retryable`) and count against
 * the breaker; other statuses (including 4xx) resolve. The body is read inside the per-attempt
 * timeout, so the resolved `Response` is fully buffered. Upstream error bodies never reach
 * `userMessage`/`details`: at most a redacted, truncated snippet in the `cause` message.
 *
 * @example
 * ```ts
 * const response = await fetchThrough(payments, `${base}/quote`, { method: 'GET' });
 * ```
 */
export function fetchThrough<TFallback>(
  dependency: Caller<TFallback>,
  input: string | URL | Request,
  init: DependencyFetchInit<Response> = {},
): Promise<Response | TFallback> {
  const { idempotent, fallback, signal, ...requestInit } = init;
  // A malformed URL is the caller's bug, not an unhealthy dependency: reject before the policies.
  if (!(input instanceof Request) && !URL.canParse(String(input))) {
    return Promise.reject(
      // The URL itself is not echoed: it may carry credentials the redactor cannot parse out.
      new TypeError(`dependency ${dependency.name}: fetch input is not an absolute URL`),
    );
  }
  const method = (
    requestInit.method ?? (input instanceof Request ? input.method : 'GET')
  ).toUpperCase();
  const replayable = !(requestInit.body instanceof ReadableStream);
  return dependency.call(
    (attemptSignal) => attemptFetch(dependency.name, input, requestInit, attemptSignal),
    {
      idempotent: (idempotent ?? IDEMPOTENT_METHODS.has(method)) && replayable,
      ...(fallback !== undefined ? { fallback } : {}),
      ...(signal ? { signal } : {}),
    },
  );
}

async function attemptFetch(
  name: string,
  input: string | URL | Request,
  init: RequestInit,
  signal: AbortSignal,
): Promise<Response> {
  const headers = new Headers(
    init.headers ?? (input instanceof Request ? input.headers : undefined),
  );
  // Propagate W3C context only when nobody else will: with instrumentation-undici active it
  // injects the CLIENT span's context itself, and a second `traceparent` of ours would be a
  // duplicate header naming the wrong parent. Without it (no SDK, tests, plain API use) we
  // inject the active context. A caller-set `traceparent` is always left alone.
  if (!headers.has('traceparent') && !undiciRequestCreated.hasSubscribers) {
    propagation.inject(context.active(), headers, headersSetter);
  }
  // A Request body can be read once: every attempt sends its own clone.
  const request = input instanceof Request ? input.clone() : input;
  const response = await fetch(request, { ...init, headers, signal });
  const { status } = response;
  if (isUpstreamFailureStatus(status)) {
    const snippet = await readSnippet(response);
    throw new ExternalServiceError(`${name} answered HTTP ${status}`, {
      service: name,
      upstreamStatus: status,
      retryable: isRetryableStatus(status),
      cause: new Error(`upstream body (redacted, truncated): ${snippet}`),
    });
  }
  const body = NULL_BODY_STATUSES.has(status) ? null : await response.arrayBuffer();
  // fetch already decoded the body: the encoding and length headers no longer describe it.
  const responseHeaders = new Headers(response.headers);
  responseHeaders.delete('content-encoding');
  responseHeaders.delete('content-length');
  const buffered = new Response(body, {
    status,
    statusText: response.statusText,
    headers: responseHeaders,
  });
  Object.defineProperty(buffered, 'url', { value: response.url });
  return buffered;
}

/** First bytes of an error body, redacted and truncated; the rest is discarded unread. */
async function readSnippet(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunk = await reader.read();
    void reader.cancel().catch(() => undefined);
    const bytes = chunk.value?.subarray(0, SNIPPET_BYTES) ?? new Uint8Array();
    const text = new TextDecoder().decode(bytes).replace(/\s+/g, ' ').slice(0, SNIPPET_CHARS);
    return getDefaultRedactor().string(text);
  } catch {
    return '';
  }
}

import { trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependency } from '../../src/core/dependency/index.js';
import type { Dependency } from '../../src/core/dependency/index.js';
import { setupTracing, startUpstream } from './helpers.js';
import type { SeenRequest, Upstream } from './helpers.js';

// No instrumentation-undici here (as in tests or apps without the SDK's instrumentation):
// the dependency injects the active context itself.
const { exporter } = setupTracing();
const tracer = trace.getTracer('test');

let upstream: Upstream;
let dep: Dependency;
beforeEach(async () => {
  upstream = await startUpstream();
  exporter.reset();
  dep = dependency('downstream', { registerHealthCheck: false });
});
afterEach(async () => {
  dep.dispose();
  await upstream.close();
});

/** Every `traceparent` line the server received (raw, so duplicates are visible). */
const traceparents = (request: SeenRequest | undefined) =>
  (request?.rawHeaders ?? []).filter(
    (_, i, raw) => i % 2 === 0 && raw[i]?.toLowerCase() === 'traceparent',
  ).length;

/** The attempt spans (named after the dependency) under `parentSpanId`, by start time. */
const attemptsUnder = (parentSpanId: string) =>
  exporter
    .getFinishedSpans()
    .filter((s) => s.name.startsWith('downstream') && s.parentSpanContext?.spanId === parentSpanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);

describe('W3C trace context propagation without undici instrumentation', () => {
  it('sends exactly one traceparent naming the attempt span under the active span', async () => {
    const ids = await tracer.startActiveSpan('request', async (span) => {
      await dep.fetch(`${upstream.url}/x`);
      span.end();
      return span.spanContext();
    });
    const [request] = upstream.requests;
    expect(traceparents(request)).toBe(1);
    const [attempt] = attemptsUnder(ids.spanId);
    expect(attempt?.spanContext().traceId).toBe(ids.traceId);
    expect(request?.headers.traceparent).toBe(
      `00-${ids.traceId}-${attempt?.spanContext().spanId}-01`,
    );
  });

  it('keeps a traceparent the caller set, without adding a second one', async () => {
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await tracer.startActiveSpan('request', async (span) => {
      await dep.fetch(upstream.url, { headers: { traceparent: own } });
      span.end();
    });
    const [request] = upstream.requests;
    expect(traceparents(request)).toBe(1);
    expect(request?.headers.traceparent).toBe(own);
  });

  it('sends no traceparent when no span is active, and propagates on every retry', async () => {
    await dep.fetch(upstream.url);
    expect(upstream.requests[0]?.headers.traceparent).toBeUndefined();

    upstream.set({ status: 503 }, 'ok');
    const ids = await tracer.startActiveSpan('request', async (span) => {
      await dep.fetch(upstream.url);
      span.end();
      return span.spanContext();
    });
    const attempts = attemptsUnder(ids.spanId);
    expect(attempts.map((s) => s.name)).toEqual(['downstream', 'downstream attempt 2']);
    for (const [i, request] of upstream.requests.slice(1).entries()) {
      expect(traceparents(request)).toBe(1);
      expect(request.headers.traceparent).toBe(
        `00-${ids.traceId}-${attempts[i]?.spanContext().spanId}-01`,
      );
    }
    expect(upstream.requests).toHaveLength(3);
  });
});

import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependency } from '../../src/core/dependency/index.js';
import { dependencyTracker, setupTracing, startUpstream } from './helpers.js';
import type { Upstream } from './helpers.js';

// As under the SDK: instrumentation-undici makes a CLIENT span (named after the method only,
// `GET`) for every attempt. A trace viewer must still tell which dependency each one called.
const { exporter, provider } = setupTracing();
const undici = new UndiciInstrumentation();
undici.setTracerProvider(provider);
undici.enable();
afterAll(() => undici.disable());
const tracer = trace.getTracer('test');
const deps = dependencyTracker();

let upstream: Upstream;
beforeEach(async () => {
  upstream = await startUpstream();
  exporter.reset();
});
afterEach(async () => {
  deps.disposeAll();
  await upstream.close();
});

const parentOf = (spans: readonly ReadableSpan[], span: ReadableSpan | undefined) =>
  spans.find((s) => s.spanContext().spanId === span?.parentSpanContext?.spanId);

describe('dependency attempt spans', () => {
  it('names each attempt after the dependency, with the CLIENT span of the call under it', async () => {
    const inventory = deps.track(
      dependency('inventory', { registerHealthCheck: false, retry: { initialDelayMs: 1 } }),
    );
    upstream.set({ status: 503 }, 'ok');
    await tracer.startActiveSpan('GET /upstream', { kind: SpanKind.SERVER }, async (span) => {
      await inventory.fetch(`${upstream.url}/stock`);
      span.end();
    });
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === 'GET /upstream');
    const first = spans.find((s) => s.name === 'inventory');
    const second = spans.find((s) => s.name === 'inventory attempt 2');
    expect(spans.map((s) => s.name).sort()).toEqual(
      ['GET', 'GET', 'GET /upstream', 'inventory', 'inventory attempt 2'].sort(),
    );
    for (const [attempt, span] of [first, second].entries()) {
      expect(span?.kind).toBe(SpanKind.INTERNAL);
      expect(parentOf(spans, span)).toBe(server);
      expect(span?.attributes).toMatchObject({
        'peer.service': 'inventory',
        'server.service.name': 'inventory',
        'app.dependency.name': 'inventory',
        'app.dependency.attempt': attempt + 1,
      });
      // The anonymous `GET` CLIENT span sits under its attempt, not directly under the request.
      const client = spans.find((s) => s.kind === SpanKind.CLIENT && parentOf(spans, s) === span);
      expect(client?.name).toBe('GET');
    }
    // The failed attempt is marked, with the error code, and a redacted status message.
    expect(first?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'inventory answered HTTP 503',
    });
    expect(first?.attributes['error.type']).toBe('EXTERNAL_SERVICE_ERROR');
    expect(second?.status.code).toBe(SpanStatusCode.UNSET);
    // The retry event stays on the caller's span, where it was before.
    expect(server?.events.map((e) => e.name)).toContain('app.dependency.retry');
    // The upstream's parent is the attempt's CLIENT span, in the same trace.
    expect(upstream.requests[1]?.headers.traceparent).toContain(server?.spanContext().traceId);
  });

  it('names call() attempts too, and redacts what a failing function throws', async () => {
    const db = deps.track(
      dependency('users-db', {
        registerHealthCheck: false,
        retry: { maxAttempts: 1 },
      }),
    );
    await tracer.startActiveSpan('job', async (span) => {
      await db
        .call(() => Promise.reject(new Error('connect postgres://app:hunter2@db:5432/app failed')))
        .catch(() => undefined);
      span.end();
    });
    const attempt = exporter.getFinishedSpans().find((s) => s.name === 'users-db');
    expect(attempt?.status.code).toBe(SpanStatusCode.ERROR);
    expect(attempt?.status.message).toContain('users-db call failed');
    expect(attempt?.status.message).not.toContain('hunter2');
  });

  it('does not start a trace of its own when no span is active', async () => {
    const inventory = deps.track(dependency('inventory', { registerHealthCheck: false }));
    await inventory.fetch(upstream.url);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET']);
  });
});

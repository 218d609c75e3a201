import { SpanKind, trace } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependency } from '../../src/core/dependency/index.js';
import type { Dependency } from '../../src/core/dependency/index.js';
import { setupTracing, startUpstream } from './helpers.js';
import type { Upstream } from './helpers.js';

// As under the SDK: instrumentation-undici makes the CLIENT span and injects its context.
const { exporter, provider } = setupTracing();
const undici = new UndiciInstrumentation();
undici.setTracerProvider(provider);
undici.enable();
afterAll(() => undici.disable());
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

describe('W3C trace context propagation with instrumentation-undici', () => {
  it('leaves injection to the instrumentation: one traceparent, parented on the CLIENT span', async () => {
    const parent = await tracer.startActiveSpan('request', async (span) => {
      await dep.fetch(`${upstream.url}/y`);
      span.end();
      return span.spanContext();
    });
    const [request] = upstream.requests;
    const lines = (request?.rawHeaders ?? []).filter(
      (_, i, raw) => i % 2 === 0 && raw[i]?.toLowerCase() === 'traceparent',
    );
    expect(lines).toHaveLength(1);

    const client = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CLIENT);
    const attempt = exporter.getFinishedSpans().find((s) => s.name === 'downstream');
    expect(client).toBeDefined();
    // request → attempt span `downstream` → CLIENT span `GET`
    expect(attempt?.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(client?.parentSpanContext?.spanId).toBe(attempt?.spanContext().spanId);
    const { traceId, spanId } = client!.spanContext();
    expect(traceId).toBe(parent.traceId);
    expect(request?.headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });
});

// Telemetry of the middleware: span attributes, the outcome counter, and log lines.
import { context, diag, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from 'winston';
import { idempotency, observability } from '../../src/adapters/hono/index.js';
import { sha256Hex, scopeKey } from '../../src/core/idempotency/index.js';
import { sleep } from './stores.js';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const reader = new TestReader();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(() => {
  trace.disable();
  metrics.disable();
  context.disable();
});

/** Sends a request inside an active "server" span and returns the response and that span. */
async function inSpan(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  exporter.reset();
  const tracer = trace.getTracer('test');
  const response = await tracer.startActiveSpan('POST /payments', async (span) => {
    try {
      return await app.request('/payments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': key, ...headers },
        body: JSON.stringify(body),
      });
    } finally {
      span.end();
    }
  });
  const [span] = exporter.getFinishedSpans();
  return { response, attributes: span?.attributes ?? {} };
}

async function outcomeCounts(): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const counts: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== 'app.idempotency.requests') continue;
      expect(metric.descriptor.unit).toBe('{request}');
      for (const point of metric.dataPoints) {
        counts[String(point.attributes['app.idempotency.outcome'])] = point.value as number;
      }
    }
  }
  return counts;
}

describe('idempotency telemetry', () => {
  // The protocol logs through the request's logger when the observability middleware runs.
  const logger = { log: vi.fn() };
  const app = new Hono();
  app.use(observability({ logger: logger as unknown as Logger, requestLog: false }));
  let open!: () => void;
  let gate: Promise<void> = Promise.resolve();
  app.post('/payments', idempotency({ required: true }), async (c) => {
    await gate;
    return c.json({ ok: true }, 201);
  });

  it('sets key hash and outcome on the active span, counts outcomes, logs replays and conflicts', async () => {
    const key = crypto.randomUUID();
    const executed = await inSpan(app, key, { a: 1 });
    expect(executed.response.status).toBe(201);
    expect(executed.attributes['app.idempotency.outcome']).toBe('executed');
    const keyHash = executed.attributes['app.idempotency.key_hash'];
    expect(keyHash).toBe(sha256Hex(scopeKey({ route: '/payments', key })));
    // The raw key appears in no attribute.
    expect(JSON.stringify(executed.attributes)).not.toContain(key);

    const replayed = await inSpan(app, key, { a: 1 });
    expect(replayed.attributes['app.idempotency.outcome']).toBe('replayed');
    expect(replayed.attributes['app.idempotency.key_hash']).toBe(keyHash);
    expect(logger.log).toHaveBeenCalledWith(
      'info',
      'idempotent request replayed',
      expect.objectContaining({ keyHash, status: 201 }),
    );

    const mismatch = await inSpan(app, key, { a: 2 });
    expect(mismatch.response.status).toBe(422);
    expect(mismatch.attributes['app.idempotency.outcome']).toBe('mismatch');
    // Recorded like every other 4xx: error.type on the span (issue #13 item 12).
    expect(mismatch.attributes['error.type']).toBe('IDEMPOTENCY_KEY_REUSED');

    const rejected = await inSpan(app, 'bad key', { a: 1 });
    expect(rejected.response.status).toBe(400);
    expect(rejected.attributes['app.idempotency.outcome']).toBe('rejected');

    const busyKey = crypto.randomUUID();
    gate = new Promise<void>((resolve) => (open = resolve));
    const first = app.request('/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': busyKey },
      body: '{}',
    });
    await sleep(20);
    const conflict = await inSpan(app, busyKey, {});
    expect(conflict.response.status).toBe(409);
    expect(conflict.attributes['app.idempotency.outcome']).toBe('conflict');
    expect(logger.log).toHaveBeenCalledWith(
      'warn',
      'idempotent request conflicts with one in flight',
      expect.objectContaining({ retryAfter: expect.any(Number) }),
    );
    open();
    await first;

    expect(await outcomeCounts()).toEqual({
      executed: 2,
      replayed: 1,
      mismatch: 1,
      rejected: 1,
      conflict: 1,
    });
  });

  it('falls back to diag when no logger is on the context', async () => {
    const warn = vi.spyOn(diag, 'warn');
    const info = vi.spyOn(diag, 'info');
    try {
      const bare = new Hono();
      bare.post('/payments', idempotency(), (c) => c.json({ ok: true }, 201));
      const key = crypto.randomUUID();
      await inSpan(bare, key, { a: 1 });
      await inSpan(bare, key, { a: 1 });
      await inSpan(bare, key, { a: 2 });
      expect(info.mock.calls.some(([m]) => String(m).includes('replayed'))).toBe(true);
      expect(warn.mock.calls.some(([m]) => String(m).includes('different request'))).toBe(true);
      expect(JSON.stringify([...info.mock.calls, ...warn.mock.calls])).not.toContain(key);
    } finally {
      warn.mockRestore();
      info.mockRestore();
    }
  });
});

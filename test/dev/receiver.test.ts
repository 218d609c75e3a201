import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startReceiver } from '../../src/dev/receiver.js';
import type { Receiver } from '../../src/dev/receiver-types.js';
import { makeSpans, resource } from './fixtures.js';

const receivers: Receiver[] = [];
async function start(options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
  const receiver = await startReceiver({ port: 0, ...options });
  receivers.push(receiver);
  return receiver;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** Exports a SERVER span with a child through `exporter` and returns their ids. */
async function exportTrace(
  exporter: SpanExporter,
  batch = false,
): Promise<{ traceId: string; rootId: string }> {
  const processor = batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer('receiver-test');
  const root = tracer.startSpan('GET /users/:id', { kind: SpanKind.SERVER });
  const child = tracer.startSpan('load user', {}, trace.setSpan(context.active(), root));
  child.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId: root.spanContext().traceId, rootId: root.spanContext().spanId };
}

async function protobufBody(): Promise<Uint8Array> {
  const fx = await makeSpans();
  const body = ProtobufTraceSerializer.serializeRequest(fx.spans);
  if (!body) throw new Error('no body');
  return body;
}

describe('startReceiver over a real socket', () => {
  it('receives spans from the real OTLP/proto exporter', async () => {
    const receiver = await start();
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.port).toBeGreaterThan(0);
    const exporter = new ProtoTraceExporter({ url: `${receiver.url}/v1/traces` });
    const { traceId, rootId } = await exportTrace(exporter);
    const spans = await receiver.waitForSpans(2);
    const child = spans.find((s) => s.name === 'load user');
    expect(spans.find((s) => s.spanId === rootId)).toMatchObject({
      traceId,
      kind: 'SERVER',
      resource: { 'service.name': 'dev-test' },
    });
    expect(child?.parentSpanId).toBe(rootId);
    expect(receiver.requests.traces).toBeGreaterThanOrEqual(1);
  });

  it('receives spans from the real OTLP/JSON exporter with a BatchSpanProcessor', async () => {
    const receiver = await start();
    const exporter = new JsonTraceExporter({ url: `${receiver.url}/v1/traces` });
    const { traceId } = await exportTrace(exporter, true);
    const spans = await receiver.waitForSpans((s) => s.kind === 'SERVER');
    expect(spans[0]?.traceId).toBe(traceId);
    expect(receiver.spans).toHaveLength(2);
  });

  it('accepts gzip bodies from the exporter and from a raw request', async () => {
    const receiver = await start();
    const exporter = new ProtoTraceExporter({
      url: `${receiver.url}/v1/traces`,
      compression: CompressionAlgorithm.GZIP,
    });
    await exportTrace(exporter);
    await receiver.waitForSpans(2);

    const res = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' },
      body: gzipSync(await protobufBody()),
    });
    expect(res.status).toBe(200);
    await receiver.waitForSpans(4);
  });

  it('receives metrics from the real OTLP/proto metric exporter', async () => {
    const receiver = await start();
    const reader = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${receiver.url}/v1/metrics` }),
      exportIntervalMillis: 60_000,
    });
    const provider = new MeterProvider({ resource, readers: [reader] });
    const meter = provider.getMeter('m');
    meter.createCounter('app.errors').add(2, { 'error.type': 'X' });
    meter.createHistogram('latency', { unit: 'ms' }).record(12);
    await reader.forceFlush();
    await provider.shutdown();
    const counter = await receiver.waitForMetric('app.errors');
    expect(counter).toMatchObject({ type: 'sum', resource: { 'service.name': 'dev-test' } });
    expect(counter.dataPoints[0]).toMatchObject({ value: 2, attributes: { 'error.type': 'X' } });
    const hist = await receiver.waitForMetric('latency');
    expect(hist.dataPoints[0]).toMatchObject({ count: 1, sum: 12 });
  });

  it('receives logs from the real OTLP/proto log exporter', async () => {
    const receiver = await start();
    const provider = new LoggerProvider({
      resource,
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `${receiver.url}/v1/logs` }),
        }),
      ],
    });
    provider.getLogger('l').emit({
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: 'Request failed',
      attributes: { request_id: 'r1' },
    });
    await provider.forceFlush();
    await provider.shutdown();
    const [log] = await receiver.waitForLogs((l) => l.body === 'Request failed');
    expect(log).toMatchObject({ severityNumber: 17, attributes: { request_id: 'r1' } });
  });

  it('answers in the request encoding: empty protobuf or {} for JSON', async () => {
    const receiver = await start();
    const proto = await fetch(`${receiver.url}/v1/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: new Uint8Array(0),
    });
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
    const json = await fetch(`${receiver.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"resourceMetrics":[]}',
    });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({});
  });

  it('rejects bad requests with 400, 404, 405, 413 and 415', async () => {
    const receiver = await start();
    const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
      fetch(`${receiver.url}${path}`, { method: 'POST', headers, body });
    const proto = { 'Content-Type': 'application/x-protobuf' };

    expect((await post('/v1/traces', Uint8Array.of(0x0a, 0x7f, 0x01), proto)).status).toBe(400);
    expect((await post('/v1/traces', '{oops', { 'Content-Type': 'application/json' })).status).toBe(
      400,
    );
    expect(
      (await post('/v1/traces', 'not gzip', { ...proto, 'Content-Encoding': 'gzip' })).status,
    ).toBe(400);
    expect((await post('/v1/traces', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('/v1/traces', 'x', { ...proto, 'Content-Encoding': 'br' })).status).toBe(
      415,
    );
    expect((await post('/v1/nope', '', proto)).status).toBe(404);
    const get = await fetch(`${receiver.url}/v1/traces`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const big = await post('/v1/traces', new Uint8Array(16 * 1024 * 1024 + 1), proto);
    expect(big.status).toBe(413);
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.requests.rejected).toBe(8);
  });

  it('bounds the decompressed size of a gzip body (413)', async () => {
    const receiver = await start({ maxBodyBytes: 64 * 1024 });
    const bomb = gzipSync(new Uint8Array(1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' },
      body: bomb,
    });
    expect(res.status).toBe(413);
  });

  it("'hang' mode accepts a request and never answers; close() still completes", async () => {
    const receiver = await start({ mode: 'hang' });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    const pending = fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: await protobufBody(),
      signal: controller.signal,
    });
    await expect(pending).rejects.toThrow(/abort/i);
    clearTimeout(timer);
    expect(receiver.requests.traces).toBe(1);
    expect(receiver.spans).toHaveLength(0);

    // A second hung request still open while closing: close() must destroy it.
    const stuck = fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: await protobufBody(),
    }).then(
      () => 'answered',
      () => 'socket destroyed',
    );
    await receiver.waitFor((r) => r.requests.traces === 2);
    await receiver.close();
    expect(await stuck).toBe('socket destroyed');
  });

  it("'error' mode answers 503 until switched back with setMode('ok')", async () => {
    const receiver = await start({ mode: 'error' });
    const send = async () =>
      fetch(`${receiver.url}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body: await protobufBody(),
      });
    expect((await send()).status).toBe(503);
    expect(receiver.spans).toHaveLength(0);
    receiver.setMode('ok');
    expect(receiver.mode).toBe('ok');
    expect((await send()).status).toBe(200);
    expect(receiver.spans).toHaveLength(2);
    expect(receiver.requests.traces).toBe(2);
  });

  it('appends one JSON line per record to the file, creating its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-dev-'));
    try {
      const file = join(dir, '.sightline', 'telemetry.jsonl');
      const receiver = await start({ file });
      const exporter = new ProtoTraceExporter({ url: `${receiver.url}/v1/traces` });
      const { traceId } = await exportTrace(exporter);
      await receiver.waitForSpans(2);
      await fetch(`${receiver.url}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          resourceLogs: [
            {
              scopeLogs: [{ logRecords: [{ body: { stringValue: 'hello' }, severityNumber: 9 }] }],
            },
          ],
        }),
      });
      await receiver.close();
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(3);
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.map((r) => r.signal)).toEqual(['span', 'span', 'log']);
      expect(records[0]).toMatchObject({ traceId, resource: { 'service.name': 'dev-test' } });
      expect(records[0]?.startTimeUnixNano).toMatch(/^\d+$/);
      expect(records[2]).toMatchObject({ body: 'hello', severityNumber: 9 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('waitFor rejects after its timeout with a summary of what arrived', async () => {
    const receiver = await start();
    await expect(receiver.waitForSpans(1, { timeoutMs: 50 })).rejects.toThrow(
      /timed out after 50 ms; received 0 spans/,
    );
    await expect(receiver.waitForMetric('nope', { timeoutMs: 50 })).rejects.toThrow(/timed out/);
  });

  it('close() rejects pending waits; clear() forgets records and counters', async () => {
    const receiver = await start();
    await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: await protobufBody(),
    });
    expect(receiver.spans).toHaveLength(2);
    receiver.clear();
    expect(receiver.spans).toHaveLength(0);
    expect(receiver.requests.traces).toBe(0);
    const waiting = receiver.waitForLogs(1, { timeoutMs: 10_000 });
    await receiver.close();
    await expect(waiting).rejects.toThrow(/closed/);
  });

  it('notifies onData listeners once per accepted request', async () => {
    const receiver = await start();
    const batches: string[] = [];
    const off = receiver.onData((b) => batches.push(`${b.signal}:${b.records.length}`));
    const body = await protobufBody();
    const send = () =>
      fetch(`${receiver.url}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body,
      });
    await send();
    off();
    await send();
    expect(batches).toEqual(['traces:2']);
  });

  it('keeps at most maxRecords per signal, dropping the oldest', async () => {
    const receiver = await start({ maxRecords: 3 });
    const body = await protobufBody();
    for (let i = 0; i < 2; i++) {
      await fetch(`${receiver.url}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body,
      });
    }
    expect(receiver.spans.map((s) => s.name)).toEqual([
      'GET /users/:id',
      'SELECT users',
      'GET /users/:id',
    ]);
  });

  it('fails to start on a port already in use', async () => {
    const first = await start();
    await expect(startReceiver({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

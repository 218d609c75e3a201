import { describe, expect, it } from 'vitest';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { OtlpDecodeError, decodeLogs, decodeMetrics, decodeTraces } from '../../src/dev/decode.js';
import { makeLogs, makeMetrics, makeSpans } from './fixtures.js';

const encodings = [
  {
    name: 'protobuf',
    contentType: 'application/x-protobuf',
    traces: ProtobufTraceSerializer,
    metrics: ProtobufMetricsSerializer,
    logs: ProtobufLogsSerializer,
  },
  {
    name: 'json',
    contentType: 'application/json',
    traces: JsonTraceSerializer,
    metrics: JsonMetricsSerializer,
    logs: JsonLogsSerializer,
  },
] as const;

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('serializer returned nothing');
  return v;
}

describe.each(encodings)('decode $name', (enc) => {
  it('decodes spans: ids, parent, kind, attributes of every type, events, status, resource', async () => {
    const fx = await makeSpans();
    const spans = decodeTraces(must(enc.traces.serializeRequest(fx.spans)), enc.contentType);
    expect(spans).toHaveLength(2);
    const server = spans.find((s) => s.name === 'GET /users/:id');
    const child = spans.find((s) => s.name === 'SELECT users');
    expect(server).toBeDefined();
    expect(child).toBeDefined();
    if (!server || !child) return;

    expect(server.traceId).toBe(fx.traceId);
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.spanId).toBe(fx.serverSpanId);
    expect(server.parentSpanId).toBeUndefined();
    expect(child.parentSpanId).toBe(fx.serverSpanId);
    expect(child.spanId).toBe(fx.childSpanId);
    expect(server.kind).toBe('SERVER');
    expect(child.kind).toBe('CLIENT');
    expect(server.attributes).toEqual({
      'http.route': '/users/:id',
      'http.response.status_code': 404,
      'app.ratio': 0.25,
      'app.flag': true,
      'app.tags': ['a', 'b'],
      'app.big': 2 ** 40,
    });
    expect(server.status).toEqual({ code: 'OK' });
    expect(child.status).toEqual({ code: 'ERROR', message: 'boom' });
    expect(child.events).toHaveLength(1);
    expect(child.events[0]?.name).toBe('exception');
    expect(child.events[0]?.attributes).toMatchObject({
      'exception.message': 'User not found',
      'error.type': 'USER_NOT_FOUND',
    });
    expect(child.events[0]?.timeUnixNano).toBeGreaterThan(0n);
    expect(server.resource).toMatchObject({
      'service.name': 'dev-test',
      'service.version': '1.2.3',
    });
    expect(server.scope).toEqual({ name: 'dev-test-scope', version: '0.0.1' });

    const sdkServer = fx.spans.find((s) => s.name === 'GET /users/:id');
    const [sec, ns] = sdkServer?.startTime ?? [0, 0];
    expect(server.startTimeUnixNano).toBe(BigInt(sec) * 1_000_000_000n + BigInt(ns));
    expect(server.endTimeUnixNano).toBeGreaterThanOrEqual(server.startTimeUnixNano);
    expect(server.durationMs).toBeCloseTo(
      Number(server.endTimeUnixNano - server.startTimeUnixNano) / 1e6,
      6,
    );
  });

  it('decodes metrics: sum, gauge, up-down sum, histogram buckets', async () => {
    const rm = await makeMetrics();
    const metrics = decodeMetrics(must(enc.metrics.serializeRequest(rm)), enc.contentType);
    const byName = new Map(metrics.map((m) => [m.name, m]));

    const errors = byName.get('app.errors');
    expect(errors).toMatchObject({
      type: 'sum',
      unit: '{error}',
      description: 'errors',
      isMonotonic: true,
      temporality: 'CUMULATIVE',
      scope: { name: 'dev-test-meter', version: '0.0.2' },
    });
    expect(errors?.dataPoints).toHaveLength(1);
    expect(errors?.dataPoints[0]).toMatchObject({
      value: 3,
      attributes: { 'error.type': 'USER_NOT_FOUND' },
    });
    expect(errors?.resource['service.name']).toBe('dev-test');

    expect(byName.get('app.inflight')).toMatchObject({ type: 'sum', isMonotonic: false });
    expect(byName.get('app.inflight')?.dataPoints[0]?.value).toBe(-2);
    expect(byName.get('app.temperature')).toMatchObject({ type: 'gauge', unit: 'Cel' });
    expect(byName.get('app.temperature')?.dataPoints[0]?.value).toBe(21.5);

    const hist = byName.get('http.server.request.duration');
    expect(hist?.type).toBe('histogram');
    const dp = hist?.dataPoints[0];
    expect(dp).toMatchObject({
      count: 4,
      sum: 2.55,
      min: 0.05,
      max: 2,
      explicitBounds: [0.1, 0.5, 1],
      bucketCounts: [1, 2, 0, 1],
      attributes: { 'http.route': '/users/:id' },
    });
    expect(dp?.timeUnixNano).toBeGreaterThan(0n);

    const exp = byName.get('app.payload.size');
    expect(exp?.type).toBe('exponentialHistogram');
    const edp = exp?.dataPoints[0];
    expect(edp).toMatchObject({ count: 5, sum: 1031, min: 0, max: 1024, zeroCount: 1 });
    expect(typeof edp?.scale).toBe('number');
    const positive = edp?.positive?.bucketCounts ?? [];
    expect(positive.reduce((a, b) => a + b, 0)).toBe(4);
    expect(edp?.negative?.bucketCounts.reduce((a, b) => a + b, 0) ?? 0).toBe(0);
  });

  it('decodes logs: severity, string and structured bodies, attributes, trace correlation', async () => {
    const fx = await makeLogs();
    const logs = decodeLogs(must(enc.logs.serializeRequest(fx.logs)), enc.contentType);
    expect(logs).toHaveLength(2);
    const [warn, info] = logs;
    expect(warn).toMatchObject({
      severityNumber: 13,
      severityText: 'WARN',
      body: 'User not found',
      attributes: { request_id: 'req-1', 'app.count': 2 },
      traceId: fx.traceId,
      spanId: fx.spanId,
      scope: { name: 'dev-test-logger' },
    });
    expect(warn?.resource['service.name']).toBe('dev-test');
    expect(warn?.timeUnixNano).toBeGreaterThan(0n);
    expect(info).toMatchObject({
      severityNumber: 9,
      body: { message: 'structured', nested: { ok: true } },
    });
    expect(info?.traceId).toBeUndefined();
  });

  it('rejects a malformed body with OtlpDecodeError (status 400)', () => {
    const garbage = enc.name === 'json' ? Buffer.from('{not json') : Uint8Array.of(0x0a, 0xff);
    expect(() => decodeTraces(garbage, enc.contentType)).toThrow(OtlpDecodeError);
    try {
      decodeTraces(garbage, enc.contentType);
    } catch (error) {
      expect((error as OtlpDecodeError).status).toBe(400);
    }
  });

  it('accepts an empty body as an empty request', () => {
    expect(decodeTraces(new Uint8Array(0), enc.contentType)).toEqual([]);
  });
});

describe('decode edge cases', () => {
  it('rejects an unsupported content type with status 415', () => {
    let error: unknown;
    try {
      decodeTraces(Buffer.from('x'), 'text/plain');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OtlpDecodeError);
    expect((error as OtlpDecodeError).status).toBe(415);
  });

  it('accepts JSON with string enums, base64 ids, int64 as strings and kvlist attributes', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex').toString(
                    'base64',
                  ),
                  spanId: '0102030405060708',
                  parentSpanId: '',
                  name: 'x',
                  kind: 'SPAN_KIND_CONSUMER',
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000002500000',
                  attributes: [
                    { key: 'n', value: { intValue: '9007199254740993' } },
                    {
                      key: 'obj',
                      value: {
                        kvlistValue: { values: [{ key: 'k', value: { doubleValue: 'NaN' } }] },
                      },
                    },
                    { key: 'raw', value: { bytesValue: Buffer.from('hi').toString('base64') } },
                  ],
                  status: { code: 'STATUS_CODE_ERROR' },
                },
              ],
            },
          ],
        },
      ],
    });
    const [span] = decodeTraces(Buffer.from(body), 'application/json; charset=utf-8');
    expect(span).toMatchObject({
      traceId: '0102030405060708090a0b0c0d0e0f10',
      spanId: '0102030405060708',
      kind: 'CONSUMER',
      startTimeUnixNano: 1700000000000000000n,
      durationMs: 2.5,
      status: { code: 'ERROR' },
      resource: { 'service.name': 'svc' },
    });
    expect(span?.parentSpanId).toBeUndefined();
    expect(span?.attributes.n).toBe(9007199254740993n);
    expect(span?.attributes.obj).toEqual({ k: NaN });
    expect(Buffer.from(span?.attributes.raw as Uint8Array).toString()).toBe('hi');
  });

  it('normalises summary data points and exemplars', () => {
    const body = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'rpc.latency',
                  summary: {
                    dataPoints: [
                      {
                        timeUnixNano: '1700000000000000000',
                        count: '3',
                        sum: 6,
                        quantileValues: [
                          { quantile: 0.5, value: 2 },
                          { quantile: 1, value: 3 },
                        ],
                      },
                    ],
                  },
                },
                {
                  name: 'hits',
                  sum: {
                    aggregationTemporality: 1,
                    isMonotonic: true,
                    dataPoints: [
                      {
                        asInt: '7',
                        exemplars: [
                          { asDouble: 1.5, traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) },
                        ],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    const [summary, hits] = decodeMetrics(Buffer.from(body), 'application/json');
    expect(summary).toMatchObject({ type: 'summary', name: 'rpc.latency' });
    expect(summary?.dataPoints[0]).toMatchObject({
      count: 3,
      sum: 6,
      quantileValues: [
        { quantile: 0.5, value: 2 },
        { quantile: 1, value: 3 },
      ],
    });
    expect(hits).toMatchObject({ type: 'sum', temporality: 'DELTA', isMonotonic: true });
    expect(hits?.dataPoints[0]?.value).toBe(7);
    expect(hits?.dataPoints[0]?.exemplars).toEqual([
      {
        value: 1.5,
        timeUnixNano: 0n,
        traceId: 'ab'.repeat(16),
        spanId: 'cd'.repeat(8),
        attributes: {},
      },
    ]);
  });

  it('keeps a __proto__ attribute key as data', () => {
    const body = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { attributes: [{ key: '__proto__', value: { stringValue: 'x' } }], body: {} },
              ],
            },
          ],
        },
      ],
    });
    const [log] = decodeLogs(Buffer.from(body), 'application/json');
    expect(Object.getPrototypeOf(log?.attributes)).toBe(Object.prototype);
    expect(Object.keys(log?.attributes ?? {})).toEqual(['__proto__']);
  });

  it('rejects a JSON body that is not an object', () => {
    expect(() => decodeLogs(Buffer.from('[1,2]'), 'application/json')).toThrow(OtlpDecodeError);
  });
});

// The protobufjs decoder over the official OTLP definitions, and what the receiver does with
// bodies that are not valid OTLP: answer 400, never 500, never fall over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { decodeOtlpProtobuf } from '../../src/dev/otlp-proto.js';
import { OtlpDecodeError, decodeLogs, decodeMetrics, decodeTraces } from '../../src/dev/decode.js';
import { startReceiver } from '../../src/dev/index.js';
import type { Receiver } from '../../src/dev/index.js';
import { makeLogs, makeMetrics, makeSpans } from './fixtures.js';

const PROTOBUF = 'application/x-protobuf';
const decoders = { traces: decodeTraces, metrics: decodeMetrics, logs: decodeLogs } as const;

let samples: { traces: Uint8Array; metrics: Uint8Array; logs: Uint8Array };
beforeAll(async () => {
  samples = {
    traces: ProtobufTraceSerializer.serializeRequest((await makeSpans()).spans)!,
    metrics: ProtobufMetricsSerializer.serializeRequest(await makeMetrics())!,
    logs: ProtobufLogsSerializer.serializeRequest((await makeLogs()).logs)!,
  };
});

/** Decodes, and says how it went: records, or a 400. Anything else fails the property. */
function outcome(signal: keyof typeof decoders, body: Uint8Array): 'ok' | 400 {
  try {
    decoders[signal](body, PROTOBUF);
    return 'ok';
  } catch (error) {
    if (error instanceof OtlpDecodeError && error.status === 400) return 400;
    throw error;
  }
}

describe('decodeOtlpProtobuf', () => {
  it('reads ids as base64 bytes and 64-bit times as decimal strings (the OTLP/JSON shape)', () => {
    const request = decodeOtlpProtobuf(samples.traces, 'traces') as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    const span = request.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(Buffer.from(String(span?.traceId), 'base64')).toHaveLength(16);
    expect(span?.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(span?.kind).toBeTypeOf('number');
  });

  it('skips fields it does not know (a newer sender) and keeps the rest', () => {
    // Field 99 (varint) before the real content: must be ignored, not rejected.
    const body = Buffer.concat([Buffer.from([0x98, 0x06, 0x01]), samples.traces]);
    expect(decodeTraces(body, PROTOBUF)).toHaveLength(2);
  });

  it('rejects nesting deeper than the limit with 400', () => {
    // AnyValue.arrayValue(5) → ArrayValue.values(1) → AnyValue … 200 levels deep.
    let value = Buffer.from([0x0a, 0x01, 0x78]); // AnyValue { stringValue: "x" }
    for (let i = 0; i < 200; i++) {
      const values = Buffer.concat([varintTag(1, value.length), value]);
      value = Buffer.concat([varintTag(5, values.length), values]);
    }
    const keyValue = Buffer.concat([
      Buffer.from([0x0a, 0x01, 0x6b]),
      varintTag(2, value.length),
      value,
    ]);
    const span = Buffer.concat([varintTag(9, keyValue.length), keyValue]);
    const scopeSpans = Buffer.concat([varintTag(2, span.length), span]);
    const resourceSpans = Buffer.concat([varintTag(2, scopeSpans.length), scopeSpans]);
    const request = Buffer.concat([varintTag(1, resourceSpans.length), resourceSpans]);
    expect(outcome('traces', request)).toBe(400);
  });
});

/** A length-delimited field header: tag then length, both varints. */
function varintTag(field: number, length: number): Buffer {
  const varint = (n: number): number[] =>
    n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)];
  return Buffer.from([...varint((field << 3) | 2), ...varint(length)]);
}

describe('malformed protobuf bodies (property tests)', () => {
  const signal = fc.constantFrom('traces', 'metrics', 'logs') as fc.Arbitrary<
    keyof typeof decoders
  >;

  it('random bytes decode or answer 400, nothing else', () => {
    fc.assert(
      fc.property(signal, fc.uint8Array({ maxLength: 512 }), (s, bytes) => {
        expect(['ok', 400]).toContain(outcome(s, bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('a real export truncated anywhere decodes what is whole or answers 400', () => {
    fc.assert(
      fc.property(signal, fc.double({ min: 0, max: 1, noNaN: true }), (s, at) => {
        const body = samples[s];
        const cut = body.subarray(0, Math.floor(body.length * at));
        expect(['ok', 400]).toContain(outcome(s, cut));
      }),
      { numRuns: 300 },
    );
    // Cutting inside the first (outer) field cannot be mistaken for a shorter valid message.
    expect(outcome('traces', samples.traces.subarray(0, samples.traces.length - 1))).toBe(400);
  });

  it('a real export with corrupted bytes decodes or answers 400', () => {
    fc.assert(
      fc.property(
        signal,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (s, edits) => {
          const body = Buffer.from(samples[s]);
          for (const [at, byte] of edits) body[at % body.length] = byte;
          expect(['ok', 400]).toContain(outcome(s, body));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the receiver under malformed bodies', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver({ port: 0 });
  });
  afterAll(() => receiver.close());

  const post = (path: string, body: Uint8Array, type = PROTOBUF) =>
    fetch(`${receiver.url}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });

  it('answers 200 or 400 to garbage and truncated exports on every path, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('traces', 'metrics', 'logs') as fc.Arbitrary<keyof typeof decoders>,
        fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.constantFrom(PROTOBUF, 'application/json'),
        async (s, input, type) => {
          const body =
            typeof input === 'number'
              ? samples[s].subarray(0, Math.floor(samples[s].length * input))
              : input;
          const res = await post(`/v1/${s}`, body, type);
          await res.arrayBuffer();
          expect([200, 400]).toContain(res.status);
        },
      ),
      { numRuns: 60 },
    );
    const ok = await post('/v1/traces', samples.traces);
    expect(ok.status).toBe(200);
    expect(receiver.spans.length).toBeGreaterThanOrEqual(2);
  });
});

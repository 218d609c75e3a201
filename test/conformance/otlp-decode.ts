// Just enough OTLP decoding for the conformance suite: resource attributes, span names / kinds /
// attributes, log bodies / attributes and metric temporality, from protobuf (schema-less wire
// decoding by field number, opentelemetry-proto v1) or OTLP/JSON. Kept independent of
// src/dev so the suite judges the SDK with code the SDK does not share.

export type Signal = 'traces' | 'metrics' | 'logs';
export type Attributes = Record<string, unknown>;

export interface DecodedSpan {
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Attributes;
  droppedAttributes: number;
}
export interface DecodedLog {
  body: unknown;
  attributes: Attributes;
  droppedAttributes: number;
}
export interface DecodedMetric {
  name: string;
  /** OTLP AggregationTemporality: 1 delta, 2 cumulative; undefined for gauges. */
  temporality: number | undefined;
}
export interface Decoded {
  signal: Signal;
  resource: Attributes;
  spans: DecodedSpan[];
  logs: DecodedLog[];
  metrics: DecodedMetric[];
}

type Field = { wire: number; value: Buffer | bigint };
type Message = Map<number, Field[]>;

function varint(buf: Buffer, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[at++];
    if (byte === undefined) throw new Error('truncated varint');
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, at];
    shift += 7n;
  }
}

/** One message level: field number -> values (length-delimited ones as Buffers). */
function fields(buf: Buffer): Message {
  const out: Message = new Map();
  let at = 0;
  while (at < buf.length) {
    const [key, next] = varint(buf, at);
    at = next;
    const wire = Number(key & 7n);
    const number = Number(key >> 3n);
    let value: Buffer | bigint;
    if (wire === 0) [value, at] = varint(buf, at);
    else if (wire === 1) [value, at] = [buf.subarray(at, at + 8), at + 8];
    else if (wire === 5) [value, at] = [buf.subarray(at, at + 4), at + 4];
    else if (wire === 2) {
      const [length, start] = varint(buf, at);
      value = buf.subarray(start, start + Number(length));
      at = start + Number(length);
    } else throw new Error(`unsupported wire type ${wire}`);
    out.set(number, [...(out.get(number) ?? []), { wire, value }]);
  }
  return out;
}

const bytes = (m: Message, n: number): Buffer[] =>
  (m.get(n) ?? []).flatMap((f) => (Buffer.isBuffer(f.value) ? [f.value] : []));
const str = (m: Message, n: number): string => bytes(m, n)[0]?.toString('utf8') ?? '';
const int = (m: Message, n: number): number => {
  const value = m.get(n)?.[0]?.value;
  return typeof value === 'bigint' ? Number(value) : 0;
};

function anyValue(m: Message): unknown {
  if (m.has(1)) return str(m, 1);
  if (m.has(2)) return int(m, 2) !== 0;
  if (m.has(3)) return int(m, 3);
  if (m.has(4)) return bytes(m, 4)[0]?.readDoubleLE(0);
  if (m.has(5))
    return bytes(fields(bytes(m, 5)[0] ?? Buffer.alloc(0)), 1).map((v) => anyValue(fields(v)));
  return undefined;
}

function keyValues(buffers: Buffer[]): Attributes {
  const out: Attributes = {};
  for (const kv of buffers.map(fields))
    out[str(kv, 1)] = anyValue(fields(bytes(kv, 2)[0] ?? Buffer.alloc(0)));
  return out;
}

/** The items of each scope (spans, log records or metrics), with the resource of each. */
function scoped(buf: Buffer): Array<{ resource: Attributes; items: Message[] }> {
  return bytes(fields(buf), 1).map((raw) => {
    const top = fields(raw);
    const resource = keyValues(bytes(fields(bytes(top, 1)[0] ?? Buffer.alloc(0)), 1));
    const items = bytes(top, 2).flatMap((scope) => bytes(fields(scope), 2).map(fields));
    return { resource, items };
  });
}

/** Tells the signal of a protobuf request from its first item (all three share the outer shape). */
function protobufSignal(items: Message[]): Signal | undefined {
  const item = items[0];
  if (!item) return undefined;
  if (item.get(1)?.[0]?.wire === 1 || item.get(11)?.[0]?.wire === 1) return 'logs';
  if (bytes(item, 1)[0]?.length === 16 && bytes(item, 2)[0]?.length === 8) return 'traces';
  return 'metrics';
}

function temporality(metric: Message): number | undefined {
  for (const n of [7, 9, 10]) {
    const data = bytes(metric, n)[0];
    // Sum, Histogram and ExponentialHistogram all hold aggregation_temporality in field 2.
    if (data) return int(fields(data), 2);
  }
  return undefined;
}

/** Decodes an OTLP protobuf request; `hint` names the signal when the path or service told it. */
export function decodeProtobuf(body: Buffer, hint?: Signal): Decoded {
  const groups = scoped(body);
  const signal = hint ?? protobufSignal(groups.flatMap((g) => g.items)) ?? 'traces';
  const decoded: Decoded = { signal, resource: {}, spans: [], logs: [], metrics: [] };
  for (const { resource, items } of groups) {
    Object.assign(decoded.resource, resource);
    for (const item of items) {
      if (signal === 'traces') {
        decoded.spans.push({
          name: str(item, 5),
          kind: int(item, 6),
          attributes: keyValues(bytes(item, 9)),
          droppedAttributes: int(item, 10),
        });
      } else if (signal === 'logs') {
        decoded.logs.push({
          body: anyValue(fields(bytes(item, 5)[0] ?? Buffer.alloc(0))),
          attributes: keyValues(bytes(item, 6)),
          droppedAttributes: int(item, 7),
        });
      } else {
        decoded.metrics.push({ name: str(item, 1), temporality: temporality(item) });
      }
    }
  }
  return decoded;
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

function jsonValue(value: unknown): unknown {
  const v = (value ?? {}) as Json;
  if ('stringValue' in v) return v['stringValue'];
  if ('boolValue' in v) return v['boolValue'];
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return v['doubleValue'];
  if ('arrayValue' in v) return list((v['arrayValue'] as Json)['values']).map(jsonValue);
  return undefined;
}

function jsonAttributes(value: unknown): Attributes {
  return Object.fromEntries(list(value).map((kv) => [String(kv['key']), jsonValue(kv['value'])]));
}

/** Decodes an OTLP/JSON request. */
export function decodeJson(body: Buffer): Decoded {
  const request = JSON.parse(body.toString('utf8')) as Json;
  const [signal, outer, inner, itemsKey]: [Signal, string, string, string] =
    'resourceSpans' in request
      ? ['traces', 'resourceSpans', 'scopeSpans', 'spans']
      : 'resourceLogs' in request
        ? ['logs', 'resourceLogs', 'scopeLogs', 'logRecords']
        : ['metrics', 'resourceMetrics', 'scopeMetrics', 'metrics'];
  const decoded: Decoded = { signal, resource: {}, spans: [], logs: [], metrics: [] };
  for (const group of list(request[outer])) {
    Object.assign(decoded.resource, jsonAttributes((group['resource'] as Json)?.['attributes']));
    for (const item of list(group[inner]).flatMap((scope) => list(scope[itemsKey]))) {
      if (signal === 'traces') {
        decoded.spans.push({
          name: String(item['name']),
          kind: Number(item['kind'] ?? 0),
          attributes: jsonAttributes(item['attributes']),
          droppedAttributes: Number(item['droppedAttributesCount'] ?? 0),
        });
      } else if (signal === 'logs') {
        decoded.logs.push({
          body: jsonValue(item['body']),
          attributes: jsonAttributes(item['attributes']),
          droppedAttributes: Number(item['droppedAttributesCount'] ?? 0),
        });
      } else {
        const data = (item['sum'] ?? item['histogram'] ?? item['exponentialHistogram']) as
          Json | undefined;
        const value = data?.['aggregationTemporality'];
        decoded.metrics.push({
          name: String(item['name']),
          temporality: value === undefined ? undefined : Number(value),
        });
      }
    }
  }
  return decoded;
}

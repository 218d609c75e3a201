/**
 * Flattened records the dev receiver keeps, and the normalisers that build them from an OTLP
 * request in the OTLP/JSON shape (which the protobuf decoder also produces), so one code path
 * serves both encodings.
 */

/**
 * Span kind names (OTLP `SpanKind` without the prefix).
 *
 * @example
 * const kind: SpanKindName = 'SERVER';
 */
export type SpanKindName =
  'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

/**
 * Instrumentation scope of a record.
 *
 * @example
 * const scope: ReceivedScope = { name: '@opentelemetry/instrumentation-http', version: '0.223.0' };
 */
export interface ReceivedScope {
  name: string;
  version?: string;
}

/**
 * A span event with plain attribute values.
 *
 * @example
 * span.events.find((e: ReceivedSpanEvent) => e.name === 'exception')?.attributes['error.type'];
 */
export interface ReceivedSpanEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Record<string, unknown>;
}

/**
 * A span link.
 *
 * @example
 * span.links.map((l: ReceivedSpanLink) => l.traceId);
 */
export interface ReceivedSpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/**
 * One received span, flattened with its resource and scope.
 *
 * @example
 * const server = receiver.spans.find((s: ReceivedSpan) => s.kind === 'SERVER');
 * server?.attributes['http.route']; // '/users/:id'
 */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: SpanKindName;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  durationMs: number;
  attributes: Record<string, unknown>;
  events: ReceivedSpanEvent[];
  links: ReceivedSpanLink[];
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

/**
 * Metric data types (the OTLP `Metric.data` oneof).
 *
 * @example
 * const histograms = receiver.metrics.filter((m) => m.type === ('histogram' satisfies MetricType));
 */
export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/**
 * An exemplar attached to a data point.
 *
 * @example
 * metric.dataPoints[0]?.exemplars?.map((e: ReceivedExemplar) => e.traceId);
 */
export interface ReceivedExemplar {
  value: number;
  timeUnixNano: bigint;
  traceId?: string;
  spanId?: string;
  attributes: Record<string, unknown>;
}

/**
 * One data point of any metric type; fields present depend on the type.
 *
 * @example
 * const dp: ReceivedDataPoint | undefined = metric.dataPoints[0];
 * dp?.value ?? dp?.count;
 */
export interface ReceivedDataPoint {
  attributes: Record<string, unknown>;
  startTimeUnixNano?: bigint;
  timeUnixNano: bigint;
  /** gauge / sum */
  value?: number;
  /** histogram / exponentialHistogram / summary */
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  /** histogram */
  bucketCounts?: number[];
  explicitBounds?: number[];
  /** exponentialHistogram */
  scale?: number;
  zeroCount?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  /** summary */
  quantileValues?: { quantile: number; value: number }[];
  exemplars?: ReceivedExemplar[];
}

/**
 * One received metric (one `Metric` message), flattened with its resource and scope.
 *
 * @example
 * const m = await receiver.waitForMetric('http.server.request.duration');
 * m.type; // 'histogram'
 * m.dataPoints[0]?.bucketCounts;
 */
export interface ReceivedMetric {
  name: string;
  unit: string;
  description: string;
  type: MetricType;
  temporality?: 'DELTA' | 'CUMULATIVE';
  isMonotonic?: boolean;
  dataPoints: ReceivedDataPoint[];
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

/**
 * One received log record, flattened with its resource and scope.
 *
 * @example
 * const [log] = await receiver.waitForLogs((l: ReceivedLog) => l.body === 'Request completed');
 * log?.traceId; // same as the server span's traceId
 */
export interface ReceivedLog {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  traceId?: string;
  spanId?: string;
  eventName?: string;
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

// ---- helpers over the loose OTLP/JSON shape ----

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  // The protobuf JSON mapping spells large/special values as strings ("12", "NaN", "Infinity").
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
  }
  return undefined;
}

/** int64 as number or decimal string (JSON), possibly absent → bigint. */
function nanos(v: unknown): bigint {
  try {
    if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  } catch {
    // fall through: malformed time becomes 0 rather than rejecting the batch
  }
  return 0n;
}

/**
 * Normalises an id to lowercase hex. OTLP/JSON uses hex; some senders use base64 (the generic
 * protobuf JSON mapping), so accept that when it decodes to the right length.
 */
function id(v: unknown, bytes: number): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (v.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(v)) {
    return /^0+$/.test(v) ? undefined : v.toLowerCase();
  }
  const raw = Buffer.from(v, 'base64');
  if (raw.length === bytes) {
    const hex = raw.toString('hex');
    return /^0+$/.test(hex) ? undefined : hex;
  }
  return v.toLowerCase();
}

/**
 * Converts an OTLP `AnyValue` to a plain JS value (string, number, boolean, bigint for int64
 * beyond 2^53, Buffer for bytes, arrays, objects).
 *
 * @example
 * anyValueToPlain({ kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } }); // { a: 1 }
 */
export function anyValueToPlain(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  if ('stringValue' in v) return str(v.stringValue);
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) {
    const iv = v.intValue;
    if (typeof iv === 'number') return iv;
    if (typeof iv === 'string' && /^-?\d+$/.test(iv)) {
      const b = BigInt(iv);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(b)
        : b;
    }
    return undefined;
  }
  if ('doubleValue' in v) return num(v.doubleValue);
  if ('arrayValue' in v) {
    return list(isObj(v.arrayValue) ? v.arrayValue.values : undefined).map(anyValueToPlain);
  }
  if ('kvlistValue' in v) return keyValuesToPlain(isObj(v.kvlistValue) ? v.kvlistValue.values : []);
  if ('bytesValue' in v) return Buffer.from(str(v.bytesValue), 'base64');
  return undefined;
}

/**
 * Converts a repeated `KeyValue` to a plain object.
 *
 * @example
 * keyValuesToPlain([{ key: 'http.route', value: { stringValue: '/x' } }]); // { 'http.route': '/x' }
 */
export function keyValuesToPlain(kvs: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list(kvs)) {
    // defineProperty: a `__proto__` key from the wire must stay data, not swap the prototype.
    Object.defineProperty(out, str(kv.key), {
      value: anyValueToPlain(kv.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function scopeOf(v: unknown): ReceivedScope {
  const s = isObj(v) ? v : {};
  const scope: ReceivedScope = { name: str(s.name) };
  if (str(s.version)) scope.version = str(s.version);
  return scope;
}

const resourceOf = (v: unknown): Record<string, unknown> =>
  keyValuesToPlain(isObj(v) ? v.attributes : undefined);

/** Enum as int (OTLP/JSON) or, leniently, as its proto name. */
function enumValue(v: unknown, names: readonly string[], prefix: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const i = names.indexOf(v.startsWith(prefix) ? v.slice(prefix.length) : v);
    if (i >= 0) return i;
  }
  return 0;
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
const STATUS = ['UNSET', 'OK', 'ERROR'] as const;
const TEMPORALITY = ['UNSPECIFIED', 'DELTA', 'CUMULATIVE'] as const;

function durationMs(start: bigint, end: bigint): number {
  return end > start ? Number(end - start) / 1e6 : 0;
}

/**
 * Flattens an `ExportTraceServiceRequest` (OTLP/JSON shape) into spans.
 *
 * @example
 * const spans = normaliseTraces(JSON.parse(body)); // [{ traceId, spanId, name, kind: 'SERVER', … }]
 */
export function normaliseTraces(req: unknown): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of list(isObj(req) ? req.resourceSpans : undefined)) {
    const resource = resourceOf(rs.resource);
    for (const ss of list(rs.scopeSpans)) {
      const scope = scopeOf(ss.scope);
      for (const s of list(ss.spans)) {
        const start = nanos(s.startTimeUnixNano);
        const end = nanos(s.endTimeUnixNano);
        const st = isObj(s.status) ? s.status : {};
        const parent = id(s.parentSpanId, 8);
        const status: ReceivedSpan['status'] = {
          code: STATUS[enumValue(st.code, STATUS, 'STATUS_CODE_')] ?? 'UNSET',
        };
        if (str(st.message)) status.message = str(st.message);
        // Optional keys only when present, in reading order (they also shape the JSON lines).
        const span: ReceivedSpan = {
          traceId: id(s.traceId, 16) ?? '',
          spanId: id(s.spanId, 8) ?? '',
          ...(parent ? { parentSpanId: parent } : {}),
          ...(str(s.traceState) ? { traceState: str(s.traceState) } : {}),
          name: str(s.name),
          kind: KINDS[enumValue(s.kind, KINDS, 'SPAN_KIND_')] ?? 'UNSPECIFIED',
          startTimeUnixNano: start,
          endTimeUnixNano: end,
          durationMs: durationMs(start, end),
          attributes: keyValuesToPlain(s.attributes),
          events: list(s.events).map((e) => ({
            name: str(e.name),
            timeUnixNano: nanos(e.timeUnixNano),
            attributes: keyValuesToPlain(e.attributes),
          })),
          links: list(s.links).map((l) => ({
            traceId: id(l.traceId, 16) ?? '',
            spanId: id(l.spanId, 8) ?? '',
            attributes: keyValuesToPlain(l.attributes),
          })),
          status,
          resource,
          scope,
        };
        out.push(span);
      }
    }
  }
  return out;
}

function bucketList(v: unknown): number[] {
  return Array.isArray(v) ? v.map((x) => num(x) ?? 0) : [];
}

function exemplarsOf(v: unknown): ReceivedExemplar[] | undefined {
  const xs = list(v);
  if (xs.length === 0) return undefined;
  return xs.map((x) => {
    const e: ReceivedExemplar = {
      value: num(x.asDouble) ?? num(x.asInt) ?? 0,
      timeUnixNano: nanos(x.timeUnixNano),
      attributes: keyValuesToPlain(x.filteredAttributes),
    };
    const t = id(x.traceId, 16);
    const s = id(x.spanId, 8);
    if (t) e.traceId = t;
    if (s) e.spanId = s;
    return e;
  });
}

function dataPointOf(type: MetricType, p: Obj): ReceivedDataPoint {
  const dp: ReceivedDataPoint = {
    attributes: keyValuesToPlain(p.attributes),
    timeUnixNano: nanos(p.timeUnixNano),
  };
  if (p.startTimeUnixNano !== undefined) dp.startTimeUnixNano = nanos(p.startTimeUnixNano);
  const set = <K extends keyof ReceivedDataPoint>(k: K, v: ReceivedDataPoint[K] | undefined) => {
    if (v !== undefined) dp[k] = v;
  };
  if (type === 'gauge' || type === 'sum') {
    set('value', num(p.asDouble) ?? num(p.asInt) ?? 0);
  } else {
    set('count', num(p.count) ?? 0);
    set('sum', num(p.sum));
    set('min', num(p.min));
    set('max', num(p.max));
  }
  if (type === 'histogram') {
    dp.bucketCounts = bucketList(p.bucketCounts);
    dp.explicitBounds = bucketList(p.explicitBounds);
  } else if (type === 'exponentialHistogram') {
    set('scale', num(p.scale) ?? 0);
    set('zeroCount', num(p.zeroCount) ?? 0);
    for (const side of ['positive', 'negative'] as const) {
      const b = isObj(p[side]) ? p[side] : {};
      dp[side] = { offset: num(b.offset) ?? 0, bucketCounts: bucketList(b.bucketCounts) };
    }
  } else if (type === 'summary') {
    dp.quantileValues = list(p.quantileValues).map((q) => ({
      quantile: num(q.quantile) ?? 0,
      value: num(q.value) ?? 0,
    }));
  }
  set('exemplars', exemplarsOf(p.exemplars));
  return dp;
}

const METRIC_TYPES: readonly MetricType[] = [
  'gauge',
  'sum',
  'histogram',
  'exponentialHistogram',
  'summary',
];

/**
 * Flattens an `ExportMetricsServiceRequest` (OTLP/JSON shape) into metrics.
 *
 * @example
 * normaliseMetrics(req).map((m) => m.name); // ['http.server.request.duration', …]
 */
export function normaliseMetrics(req: unknown): ReceivedMetric[] {
  const out: ReceivedMetric[] = [];
  for (const rm of list(isObj(req) ? req.resourceMetrics : undefined)) {
    const resource = resourceOf(rm.resource);
    for (const sm of list(rm.scopeMetrics)) {
      const scope = scopeOf(sm.scope);
      for (const m of list(sm.metrics)) {
        const type = METRIC_TYPES.find((t) => isObj(m[t]));
        if (!type) continue; // a metric with no data is meaningless to a viewer
        const data = m[type] as Obj;
        const metric: ReceivedMetric = {
          name: str(m.name),
          unit: str(m.unit),
          description: str(m.description),
          type,
          dataPoints: list(data.dataPoints).map((p) => dataPointOf(type, p)),
          resource,
          scope,
        };
        const temporality =
          TEMPORALITY[
            enumValue(data.aggregationTemporality, TEMPORALITY, 'AGGREGATION_TEMPORALITY_')
          ];
        if (temporality === 'DELTA' || temporality === 'CUMULATIVE')
          metric.temporality = temporality;
        if (type === 'sum') metric.isMonotonic = data.isMonotonic === true;
        out.push(metric);
      }
    }
  }
  return out;
}

/**
 * Flattens an `ExportLogsServiceRequest` (OTLP/JSON shape) into log records.
 *
 * @example
 * normaliseLogs(req)[0]?.severityText; // 'INFO'
 */
export function normaliseLogs(req: unknown): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of list(isObj(req) ? req.resourceLogs : undefined)) {
    const resource = resourceOf(rl.resource);
    for (const sl of list(rl.scopeLogs)) {
      const scope = scopeOf(sl.scope);
      for (const r of list(sl.logRecords)) {
        const log: ReceivedLog = {
          timeUnixNano: nanos(r.timeUnixNano),
          observedTimeUnixNano: nanos(r.observedTimeUnixNano),
          severityNumber: enumValue(r.severityNumber, [], ''),
          severityText: str(r.severityText),
          body: anyValueToPlain(r.body),
          attributes: keyValuesToPlain(r.attributes),
          resource,
          scope,
        };
        const t = id(r.traceId, 16);
        const s = id(r.spanId, 8);
        if (t) log.traceId = t;
        if (s) log.spanId = s;
        if (str(r.eventName)) log.eventName = str(r.eventName);
        out.push(log);
      }
    }
  }
  return out;
}

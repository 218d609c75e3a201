/**
 * Normalisers from an OTLP request in the OTLP/JSON shape (which the protobuf decoder also
 * produces) to the flattened records of `model.ts`, so one code path serves both encodings.
 */
import type {
  MetricType,
  ReceivedDataPoint,
  ReceivedExemplar,
  ReceivedLog,
  ReceivedMetric,
  ReceivedSpan,
} from './model.js';
import {
  anyValueToPlain,
  enumValue,
  id,
  isObj,
  keyValuesToPlain,
  list,
  nanos,
  num,
  resourceOf,
  scopeOf,
  str,
} from './otlp-json.js';
import type { Obj } from './otlp-json.js';

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

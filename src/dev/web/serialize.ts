/**
 * The viewer API's JSON: times in milliseconds (epoch, or offsets from the trace's start), ids
 * in hex, attribute values as received (bigints as decimal strings, bytes as base64).
 */
import { levelOf, messageOf } from '../format.js';
import type { ReceivedLog, ReceivedSpan } from '../model.js';
import { jsonReplacer } from '../telemetry-file.js';
import type { StoredTrace } from './store.js';
import type { TraceSummary } from './summary.js';

const nsToMs = (ns: bigint): number => Number(ns) / 1e6;
const serviceOf = (resource: Record<string, unknown>): string =>
  typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';

/**
 * `value` as JSON text, safe for bigints and bytes.
 *
 * @example
 * toJson({ n: 2n ** 64n }); // '{"n":"18446744073709551616"}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer);
}

/**
 * A log record for the API.
 *
 * @example
 * logJson(log).level; // 'WARN'
 */
export function logJson(log: ReceivedLog) {
  return {
    timeMs: nsToMs(log.timeUnixNano || log.observedTimeUnixNano),
    severityNumber: log.severityNumber,
    level: levelOf(log),
    message: messageOf(log),
    body: log.body,
    attributes: log.attributes,
    traceId: log.traceId,
    spanId: log.spanId,
    eventName: log.eventName,
    service: serviceOf(log.resource),
    scope: log.scope.name,
  };
}

function spanJson(span: ReceivedSpan, startNs: bigint, ids: ReadonlySet<string>) {
  return {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    missingParent: span.parentSpanId !== undefined && !ids.has(span.parentSpanId),
    name: span.name,
    kind: span.kind,
    service: serviceOf(span.resource),
    offsetMs: nsToMs(span.startTimeUnixNano - startNs),
    durationMs: span.durationMs,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((e) => ({
      name: e.name,
      offsetMs: nsToMs(e.timeUnixNano - startNs),
      attributes: e.attributes,
    })),
    links: span.links,
    resource: span.resource,
    scope: span.scope,
  };
}

/**
 * A whole trace for the Trace page: its summary, spans (start order) and log records.
 *
 * @example
 * const body = toJson(traceJson(trace, store.summary(trace)));
 */
export function traceJson(trace: StoredTrace, summary: TraceSummary | undefined) {
  const starts = trace.spans.map((s) => s.startTimeUnixNano);
  const logTimes = trace.logs.map((l) => l.timeUnixNano || l.observedTimeUnixNano);
  const all = starts.length > 0 ? starts : logTimes;
  const startNs = all.reduce((a, b) => (b < a ? b : a), all[0] ?? 0n);
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const spans = [...trace.spans].sort((a, b) =>
    a.startTimeUnixNano < b.startTimeUnixNano
      ? -1
      : a.startTimeUnixNano > b.startTimeUnixNano
        ? 1
        : 0,
  );
  return {
    traceId: trace.traceId,
    startMs: nsToMs(startNs),
    summary,
    spans: spans.map((s) => spanJson(s, startNs, ids)),
    logs: trace.logs.map((l) => ({
      ...logJson(l),
      offsetMs: nsToMs((l.timeUnixNano || l.observedTimeUnixNano) - startNs),
    })),
    droppedSpans: trace.droppedSpans,
    droppedLogs: trace.droppedLogs,
  };
}

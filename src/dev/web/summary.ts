/**
 * What the viewer shows about one trace at a glance: its root (or what stands in for it while
 * the root is still on its way), route, HTTP status, duration, and the application errors it
 * carries — from `exception` span events and exception log records (Sightline emits one or the
 * other, or both, per `OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN`), counted once per occurrence.
 */
import type { ReceivedLog, ReceivedSpan } from '../model.js';

/**
 * One application error seen in a trace (or in a log record without one).
 *
 * @example
 * const occurrence: ErrorOccurrence = { code: 'USER_NOT_FOUND', severity: 'low', timeMs: Date.now(), source: 'event' };
 */
export interface ErrorOccurrence {
  /** `app.error.code`, else `error.type`, else `exception.type`. */
  code: string;
  /** `exception.type`: the class that was thrown. */
  type?: string;
  message?: string;
  stack?: string;
  /** `app.error.severity` (`low|medium|high|critical`) when the sender set it. */
  severity?: string;
  handled?: boolean;
  route?: string;
  spanId?: string;
  timeMs: number;
  /** Where it was read from: a span event, a log record, or only a span's error status. */
  source: 'event' | 'log' | 'span';
}

/**
 * One row of the traces list.
 *
 * @example
 * const label = (s: TraceSummary) => `${s.service} ${s.name} ${s.statusCode ?? ''}`;
 */
export interface TraceSummary {
  traceId: string;
  service: string;
  services: string[];
  /** The root span's name (or the earliest orphan's while the root is missing). */
  name: string;
  route?: string;
  /** `url.path`, only when no route matched (a 404): the route says more when there is one. */
  path?: string;
  method?: string;
  statusCode?: number;
  /** `2xx` … `5xx`, or `none` for a trace without an HTTP status. */
  statusClass: string;
  startMs: number;
  durationMs: number;
  spanCount: number;
  logCount: number;
  /** False while the trace's root span has not arrived. */
  hasRoot: boolean;
  /** Spans whose parent is not (yet) among the received spans. */
  missingParents: number;
  /** Any span with status ERROR. */
  errorStatus: boolean;
  /** The most severe error of the trace, and how many the trace has. */
  error?: { code: string; type?: string; severity?: string; count: number };
  errors: ErrorOccurrence[];
  requestIds: string[];
}

const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Orders severities: `critical` > `high` > `medium` > `low` > unknown.
 *
 * @example
 * severityRank('high') > severityRank('low'); // true
 */
export const severityRank = (severity: string | undefined): number =>
  SEVERITY_RANK[severity ?? ''] ?? 0;

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

function occurrenceFrom(
  attributes: Record<string, unknown>,
  timeMs: number,
  source: ErrorOccurrence['source'],
  spanId: string | undefined,
): ErrorOccurrence {
  const a = attributes;
  const occurrence: ErrorOccurrence = {
    code: text(a['app.error.code']) ?? text(a['error.type']) ?? text(a['exception.type']) ?? '',
    timeMs,
    source,
  };
  const set = (key: keyof ErrorOccurrence, value: unknown): void => {
    if (value !== undefined) (occurrence as unknown as Record<string, unknown>)[key] = value;
  };
  set('type', text(a['exception.type']));
  set('message', text(a['exception.message']));
  set('stack', text(a['exception.stacktrace']));
  set('severity', text(a['app.error.severity']));
  set('handled', typeof a['app.error.handled'] === 'boolean' ? a['app.error.handled'] : undefined);
  set('route', text(a['http.route']));
  set('spanId', spanId);
  if (!occurrence.code) occurrence.code = 'exception';
  return occurrence;
}

/**
 * The exception log records Sightline emits carry the error's attributes; other logs that
 * merely mention an error do not count.
 *
 * @example
 * isExceptionLog({ attributes: { 'app.error.code': 'INTERNAL_ERROR' } } as ReceivedLog); // true
 */
export const isExceptionLog = (log: ReceivedLog): boolean =>
  'app.error.code' in log.attributes || 'exception.type' in log.attributes;

/**
 * An exception log record as an occurrence.
 *
 * @example
 * const occurrence = logOccurrence(log); // { code: 'INTERNAL_ERROR', source: 'log', … }
 */
export const logOccurrence = (log: ReceivedLog): ErrorOccurrence =>
  occurrenceFrom(log.attributes, nsToMs(log.timeUnixNano), 'log', log.spanId);

/** Events and exception logs, one per occurrence: the same error recorded on several spans or
 * as both an event and a log record shares code, message and stack. */
function occurrencesOf(spans: readonly ReceivedSpan[], logs: readonly ReceivedLog[]) {
  const seen = new Map<string, ErrorOccurrence>();
  const add = (o: ErrorOccurrence): void => {
    const key = `${o.code}\u0000${o.message ?? ''}\u0000${o.stack ?? ''}`;
    const known = seen.get(key);
    if (!known) seen.set(key, o);
    else known.route ??= o.route;
  };
  for (const span of spans) {
    for (const event of span.events) {
      if (event.name !== 'exception') continue;
      const o = occurrenceFrom(event.attributes, nsToMs(event.timeUnixNano), 'event', span.spanId);
      o.route ??= text(span.attributes['http.route']);
      add(o);
    }
  }
  for (const log of logs) if (isExceptionLog(log)) add(logOccurrence(log));
  const out = [...seen.values()];
  if (out.length > 0) return out;
  // No exception recorded: the outermost failed span still marks the trace as failed.
  const failed = spans.find((s) => s.status.code === 'ERROR' || 'error.type' in s.attributes);
  if (!failed) return out;
  const o = occurrenceFrom(
    failed.attributes,
    nsToMs(failed.endTimeUnixNano),
    'span',
    failed.spanId,
  );
  if (o.code === 'exception') o.code = 'ERROR';
  if (failed.status.message) o.message = failed.status.message;
  return [o];
}

/** The true root (no parent id), else the earliest span whose parent did not arrive. */
function rootOf(spans: readonly ReceivedSpan[], ids: ReadonlySet<string>): ReceivedSpan {
  const byStart = [...spans].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  return (
    byStart.find((s) => !s.parentSpanId) ??
    byStart.find((s) => !ids.has(s.parentSpanId ?? '')) ??
    (byStart[0] as ReceivedSpan)
  );
}

function requestIdsOf(spans: readonly ReceivedSpan[], logs: readonly ReceivedLog[]): string[] {
  const ids = new Set<string>();
  for (const s of spans) {
    const id = text(s.attributes['app.request_id']);
    if (id) ids.add(id);
  }
  for (const l of logs) {
    const id = text(l.attributes['request_id']) ?? text(l.attributes['app.request_id']);
    if (id) ids.add(id);
  }
  return [...ids].slice(0, 5);
}

/**
 * Summarises a trace from the spans and logs received so far (at least one span).
 *
 * @example
 * const summary = summarise(traceId, spans, logs);
 * summary.error?.code; // 'USER_NOT_FOUND'
 */
export function summarise(
  traceId: string,
  spans: readonly ReceivedSpan[],
  logs: readonly ReceivedLog[],
): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = rootOf(spans, ids);
  const server = root.kind === 'SERVER' ? root : spans.find((s) => s.kind === 'SERVER');
  const http = server ?? root;
  let start = root.startTimeUnixNano;
  let end = root.endTimeUnixNano;
  for (const s of spans) {
    if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
    if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
  }
  const status = http.attributes['http.response.status_code'];
  const statusCode = typeof status === 'number' ? status : Number(text(status)) || undefined;
  const errors = occurrencesOf(spans, logs);
  const worst = errors.reduce<ErrorOccurrence | undefined>(
    (w, o) => (!w || severityRank(o.severity) > severityRank(w.severity) ? o : w),
    undefined,
  );
  const summary: TraceSummary = {
    traceId,
    service: text(root.resource['service.name']) ?? 'unknown',
    services: [...new Set(spans.map((s) => text(s.resource['service.name']) ?? 'unknown'))],
    name: root.name,
    statusClass: statusCode ? `${Math.floor(statusCode / 100)}xx` : 'none',
    startMs: nsToMs(start),
    durationMs: end > start ? Number(end - start) / 1e6 : 0,
    spanCount: spans.length,
    logCount: logs.length,
    hasRoot: spans.some((s) => !s.parentSpanId),
    missingParents: spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)).length,
    errorStatus: spans.some((s) => s.status.code === 'ERROR'),
    errors,
    requestIds: requestIdsOf(spans, logs),
  };
  const route = text(http.attributes['http.route']);
  const method = text(http.attributes['http.request.method']);
  const path = text(http.attributes['url.path']);
  if (route) summary.route = route;
  else if (path) summary.path = path;
  if (method) summary.method = method;
  if (statusCode) summary.statusCode = statusCode;
  if (worst) {
    summary.error = { code: worst.code, count: errors.length };
    if (worst.type) summary.error.type = worst.type;
    if (worst.severity) summary.error.severity = worst.severity;
  }
  return summary;
}

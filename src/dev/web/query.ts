/**
 * The filters of the Traces and Logs pages, read from the query string (so a filtered view is a
 * link a user can paste) and applied on the server, next to the data.
 */
import { plain } from '../format.js';
import type { ReceivedLog } from '../model.js';
import type { TraceSummary } from './summary.js';

/**
 * Filters of the traces list; every field optional, all must match.
 *
 * @example
 * const filter = traceFilterFrom(new URLSearchParams('status=5xx&minMs=100'));
 */
export interface TraceFilter {
  service?: string;
  /** `http.route`, or the root span name for traces without one. */
  route?: string;
  /** `2xx`…`5xx`, `none` (no HTTP status) or `error` (any error). */
  status?: string;
  code?: string;
  severity?: string;
  minMs?: number;
  /** A trace id (or its start) or a request id (or part of it). */
  q?: string;
  limit: number;
}

/**
 * Filters of the Logs page.
 *
 * @example
 * const filter = logFilterFrom(new URLSearchParams('severity=warn&q=timeout'));
 */
export interface LogFilter {
  /** Lowest severity shown: `trace|debug|info|warn|error|fatal`. */
  severity?: string;
  service?: string;
  traceId?: string;
  /** Case-insensitive text in the body, attributes or trace id. */
  q?: string;
  limit: number;
}

const MIN_SEVERITY: Record<string, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
};

const param = (params: URLSearchParams, name: string): string | undefined =>
  params.get(name)?.trim().slice(0, 200) || undefined;

function limitOf(params: URLSearchParams, fallback: number, max: number): number {
  const n = Number(params.get('limit'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/**
 * Reads a {@link TraceFilter}; unknown or empty parameters are ignored, `limit` defaults to
 * 1 000 (at most 5 000).
 *
 * @example
 * traceFilterFrom(new URLSearchParams('code=USER_NOT_FOUND')).code; // 'USER_NOT_FOUND'
 */
export function traceFilterFrom(params: URLSearchParams): TraceFilter {
  const minMs = Number(param(params, 'minMs'));
  const filter: TraceFilter = { limit: limitOf(params, 1_000, 5_000) };
  for (const key of ['service', 'route', 'status', 'code', 'severity', 'q'] as const) {
    const value = param(params, key);
    if (value !== undefined) filter[key] = value;
  }
  if (Number.isFinite(minMs) && minMs > 0) filter.minMs = minMs;
  return filter;
}

/**
 * The route a trace is listed under: `http.route`, else the root span name.
 *
 * @example
 * routeOf(summary); // 'GET /users/:id' → '/users/:id'
 */
export const routeOf = (s: TraceSummary): string => s.route ?? s.name;

/**
 * True when the trace passes every filter.
 *
 * @example
 * summaries.filter((s) => matchesTrace(s, filter));
 */
export function matchesTrace(s: TraceSummary, f: TraceFilter): boolean {
  if (f.service && !s.services.includes(f.service)) return false;
  if (f.route && routeOf(s) !== f.route) return false;
  if (f.status === 'error') {
    if (!s.error && !s.errorStatus) return false;
  } else if (f.status && s.statusClass !== f.status) return false;
  if (f.code && !s.errors.some((o) => o.code === f.code)) return false;
  if (f.severity && !s.errors.some((o) => o.severity === f.severity)) return false;
  if (f.minMs !== undefined && s.durationMs < f.minMs) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const found =
      s.traceId.startsWith(q) || s.requestIds.some((id) => id.toLowerCase().includes(q));
    if (!found) return false;
  }
  return true;
}

/**
 * Reads a {@link LogFilter}; `limit` defaults to 500 (at most 5 000).
 *
 * @example
 * logFilterFrom(new URLSearchParams('severity=error')).severity; // 'error'
 */
export function logFilterFrom(params: URLSearchParams): LogFilter {
  const filter: LogFilter = { limit: limitOf(params, 500, 5_000) };
  const severity = param(params, 'severity')?.toLowerCase();
  if (severity && severity in MIN_SEVERITY) filter.severity = severity;
  for (const key of ['service', 'traceId', 'q'] as const) {
    const value = param(params, key);
    if (value !== undefined) filter[key] = value;
  }
  return filter;
}

/**
 * True when the record passes every filter.
 *
 * @example
 * [...store.logs.newestFirst()].filter((l) => matchesLog(l, filter));
 */
export function matchesLog(log: ReceivedLog, f: LogFilter): boolean {
  if (f.severity && log.severityNumber < (MIN_SEVERITY[f.severity] ?? 0)) return false;
  if (f.service && log.resource['service.name'] !== f.service) return false;
  if (f.traceId && log.traceId !== f.traceId.toLowerCase()) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const haystack = `${plain(log.body)} ${plain(log.attributes)} ${log.traceId ?? ''}`;
    if (!haystack.toLowerCase().includes(q)) return false;
  }
  return true;
}

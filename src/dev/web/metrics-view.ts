/**
 * The Metrics page's numbers, aggregated as metric batches arrive: per route, request rate,
 * error rates and p50/p95/p99 from `http.server.request.duration`; `app.errors` by code. Only
 * the latest state of each series is kept (at most `maxSeries`), whatever the temporality.
 */
import type { ReceivedDataPoint, ReceivedMetric } from '../model.js';
import { histogramQuantile, mergeBuckets } from './histogram.js';
import type { Buckets } from './histogram.js';

/**
 * One row of the HTTP table: a route of a service.
 *
 * @example
 * const row: RouteMetrics = view.snapshot().routes[0]!;
 * `${row.route}: ${row.p95Ms} ms p95`;
 */
export interface RouteMetrics {
  service: string;
  route: string;
  /** Requests counted since the series started. */
  count: number;
  /** Requests per second over about the last minute (see {@link RATE_WINDOW_S}). */
  rate?: number;
  /** Shares of `count` answered 5xx and 4xx (0…1). */
  errorRate: number;
  clientErrorRate: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  lastSeenMs: number;
}

/**
 * One row of the `app.errors` table.
 *
 * @example
 * view.snapshot().errors.map((e: ErrorCount) => `${e.code} ×${e.count}`);
 */
export interface ErrorCount {
  service: string;
  code: string;
  severity?: string;
  route?: string;
  count: number;
}

/**
 * What the Metrics page shows.
 *
 * @example
 * const { routes, errors, names } = view.snapshot() satisfies MetricsSnapshot;
 */
export interface MetricsSnapshot {
  routes: RouteMetrics[];
  errors: ErrorCount[];
  /** Every metric name received, with its type and unit. */
  names: { name: string; type: string; unit: string; service: string }[];
  droppedSeries: number;
}

interface Series {
  kind: 'duration' | 'errors';
  service: string;
  attrs: Record<string, unknown>;
  start: bigint;
  time: bigint;
  /** Running total, whatever the temporality. */
  count: number;
  buckets?: Buckets;
  /** Recent `[time, count]` pairs, oldest first, for the rate. */
  history: [bigint, number][];
}

/**
 * The request rate is measured over the exports of about the last minute: the newest point
 * against the newest one at least this many seconds older (else the oldest kept).
 *
 * @example
 * `rate over the last ${RATE_WINDOW_S} s`;
 */
export const RATE_WINDOW_S = 55;
const HISTORY_NS = 180n * 1_000_000_000n;

const DURATION = 'http.server.request.duration';
const ERRORS = 'app.errors';
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const seconds = (ns: bigint): number => Number(ns) / 1e9;

/**
 * Aggregates received metrics for the Metrics page.
 *
 * @example
 * const view = new MetricsView();
 * receiver.onData((b) => { if (b.signal === 'metrics') view.add(b.records); });
 * view.snapshot().routes;
 */
export class MetricsView {
  private readonly _series = new Map<string, Series>();
  private readonly _names = new Map<string, MetricsSnapshot['names'][number]>();
  private _dropped = 0;

  constructor(private readonly _maxSeries = 2_000) {}

  /** Folds a batch in; returns whether anything shown changed. */
  add(metrics: readonly ReceivedMetric[]): boolean {
    let changed = false;
    for (const metric of metrics) {
      const service = text(metric.resource['service.name']) ?? 'unknown';
      const nameKey = `${service}\u0000${metric.name}`;
      if (this._names.size < 500 || this._names.has(nameKey)) {
        const { name, type, unit } = metric;
        this._names.set(nameKey, { name, type, unit, service });
      }
      const kind =
        metric.name === DURATION && metric.type === 'histogram'
          ? 'duration'
          : metric.name === ERRORS && metric.type === 'sum'
            ? 'errors'
            : undefined;
      if (!kind) continue;
      const scale = kind === 'duration' && metric.unit === 's' ? 1000 : 1;
      for (const point of metric.dataPoints) {
        changed = this._addPoint(kind, service, metric.temporality, point, scale) || changed;
      }
    }
    return changed;
  }

  private _addPoint(
    kind: Series['kind'],
    service: string,
    temporality: ReceivedMetric['temporality'],
    p: ReceivedDataPoint,
    scale: number,
  ): boolean {
    const key = `${kind}\u0000${service}\u0000${JSON.stringify(Object.entries(p.attributes).sort())}`;
    const previous = this._series.get(key);
    if (!previous && this._series.size >= this._maxSeries) {
      this._dropped++;
      return false;
    }
    const count = kind === 'duration' ? (p.count ?? 0) : (p.value ?? 0);
    const start = p.startTimeUnixNano ?? 0n;
    const buckets: Buckets | undefined = p.bucketCounts && {
      bounds: (p.explicitBounds ?? []).map((b) => b * scale),
      counts: p.bucketCounts,
      ...(p.min !== undefined ? { min: p.min * scale } : {}),
      ...(p.max !== undefined ? { max: p.max * scale } : {}),
    };
    const delta = temporality === 'DELTA';
    const sameRun = previous !== undefined && (delta || previous.start === start);
    // A new start time means the app restarted: its counts begin again, and so does the rate.
    const history = sameRun
      ? previous.history.filter(([t]) => t >= p.timeUnixNano - HISTORY_NS).slice(-30)
      : [];
    // The series' start is a known point too (zero requests then): a young app gets a rate.
    if (!sameRun && start > 0n && start < p.timeUnixNano) history.push([start, 0]);
    const total = delta && previous ? previous.count + count : count;
    history.push([p.timeUnixNano, total]);
    const next: Series = {
      kind,
      service,
      attrs: p.attributes,
      start,
      time: p.timeUnixNano,
      count: total,
      history,
    };
    if (buckets) {
      next.buckets = delta && previous?.buckets ? mergeBuckets(previous.buckets, buckets) : buckets;
    }
    this._series.set(key, next);
    return true;
  }

  /** Forgets every series. */
  clear(): void {
    this._series.clear();
    this._names.clear();
  }

  /** The current tables. */
  snapshot(): MetricsSnapshot {
    const routes = new Map<string, RouteMetrics & { buckets?: Buckets; e5: number; e4: number }>();
    const errors = new Map<string, ErrorCount>();
    for (const s of this._series.values()) {
      const route = text(s.attrs['http.route']);
      if (s.kind === 'errors') {
        const code = text(s.attrs['error.type']) ?? text(s.attrs['app.error.code']) ?? 'unknown';
        const severity = text(s.attrs['app.error.severity']);
        const id = `${s.service}\u0000${code}\u0000${severity}\u0000${route}`;
        const row = errors.get(id) ?? { service: s.service, code, count: 0 };
        if (severity) row.severity = severity;
        if (route) row.route = route;
        row.count += s.count;
        errors.set(id, row);
        continue;
      }
      const name = route ?? '(no route)';
      const id = `${s.service}\u0000${name}`;
      const row = routes.get(id) ?? {
        service: s.service,
        route: name,
        count: 0,
        errorRate: 0,
        clientErrorRate: 0,
        lastSeenMs: 0,
        e5: 0,
        e4: 0,
      };
      const status = Number(s.attrs['http.response.status_code']);
      row.count += s.count;
      if (status >= 500) row.e5 += s.count;
      else if (status >= 400) row.e4 += s.count;
      const rate = rateOf(s);
      if (rate !== undefined) row.rate = (row.rate ?? 0) + rate;
      row.lastSeenMs = Math.max(row.lastSeenMs, Number(s.time) / 1e6);
      if (s.buckets) row.buckets = mergeBuckets(row.buckets, s.buckets);
      routes.set(id, row);
    }
    return {
      routes: [...routes.values()]
        .map(({ buckets, e5, e4, ...row }) => ({
          ...row,
          errorRate: row.count > 0 ? e5 / row.count : 0,
          clientErrorRate: row.count > 0 ? e4 / row.count : 0,
          ...(buckets ? quantiles(buckets) : {}),
        }))
        .sort((a, b) => b.count - a.count),
      errors: [...errors.values()].sort((a, b) => b.count - a.count),
      names: [...this._names.values()].sort((a, b) => a.name.localeCompare(b.name)),
      droppedSeries: this._dropped,
    };
  }
}

/** Requests per second of a series over the last minute of its exports. */
function rateOf(s: Series): number | undefined {
  const [last, ...older] = [...s.history].reverse();
  if (!last) return undefined;
  const base = older.find(([t]) => seconds(last[0] - t) >= RATE_WINDOW_S) ?? older.at(-1);
  if (!base || last[0] <= base[0]) return undefined;
  return Math.max(0, last[1] - base[1]) / seconds(last[0] - base[0]);
}

function quantiles(b: Buckets): Pick<RouteMetrics, 'p50Ms' | 'p95Ms' | 'p99Ms'> {
  const out: Pick<RouteMetrics, 'p50Ms' | 'p95Ms' | 'p99Ms'> = {};
  const p50 = histogramQuantile(0.5, b);
  const p95 = histogramQuantile(0.95, b);
  const p99 = histogramQuantile(0.99, b);
  if (p50 !== undefined) out.p50Ms = p50;
  if (p95 !== undefined) out.p95Ms = p95;
  if (p99 !== undefined) out.p99Ms = p99;
  return out;
}

/**
 * The viewer's JSON API, one function per endpoint; each returns the body to send (or
 * `undefined` for a 404). The pages fetch these and render them as text.
 */
import { loadCatalog } from './catalog.js';
import { groupErrors, withCatalog } from './errors-view.js';
import type { MetricsView } from './metrics-view.js';
import type { Runbooks } from './runbooks.js';
import { logFilterFrom, matchesLog, matchesTrace, routeOf, traceFilterFrom } from './query.js';
import { logJson, traceJson } from './serialize.js';
import type { TelemetryStore } from './store.js';
import type { TraceSummary } from './summary.js';

/**
 * What the API reads from.
 *
 * @example
 * const sources: ApiSources = { store: new TelemetryStore(), metrics: new MetricsView() };
 */
export interface ApiSources {
  store: TelemetryStore;
  metrics: MetricsView;
  runbooks?: Runbooks;
}

const sorted = (values: Iterable<string>): string[] =>
  [...new Set(values)].sort((a, b) => a.localeCompare(b));

/** A list row: the summary without its occurrences (stacks are for the trace page). */
function row({ errors, ...summary }: TraceSummary) {
  return { ...summary, codes: [...new Set(errors.map((o) => o.code))] };
}

/**
 * `GET /api/traces?service=&route=&status=&code=&severity=&minMs=&q=&limit=`: matching traces
 * newest first, with the values the filters can take.
 *
 * @example
 * const body = tracesEndpoint(sources, new URLSearchParams('status=5xx'));
 * body.traces.length <= body.matched;
 */
export function tracesEndpoint({ store }: ApiSources, params: URLSearchParams) {
  const filter = traceFilterFrom(params);
  const all = store.summaries();
  const matching = all.filter((s) => matchesTrace(s, filter));
  return {
    traces: matching.slice(0, filter.limit).map(row),
    matched: matching.length,
    total: all.length,
    facets: {
      services: sorted(all.flatMap((s) => s.services)),
      routes: sorted(all.map(routeOf)),
      codes: sorted(all.flatMap((s) => s.errors.map((o) => o.code))),
      severities: ['low', 'medium', 'high', 'critical'],
    },
    limits: { ...store.limits, droppedTraces: store.droppedTraces },
  };
}

/**
 * `GET /api/traces/<id>`: one trace, or `undefined` when it is not in memory.
 *
 * @example
 * traceEndpoint(sources, '4bf92f3577b34da6a3ce929d0e0e4736')?.spans.length;
 */
export function traceEndpoint({ store }: ApiSources, traceId: string) {
  const trace = store.trace(traceId);
  if (!trace) return undefined;
  return traceJson(trace, trace.spans.length > 0 ? store.summary(trace) : undefined);
}

/**
 * `GET /api/logs?severity=&q=&service=&traceId=&limit=`: matching records, newest first.
 *
 * @example
 * logsEndpoint(sources, new URLSearchParams('severity=error')).logs[0]?.level; // 'ERROR'
 */
export function logsEndpoint({ store }: ApiSources, params: URLSearchParams) {
  const filter = logFilterFrom(params);
  const logs = [];
  let matched = 0;
  const services = new Set<string>();
  for (const log of store.logs.newestFirst()) {
    const service = log.resource['service.name'];
    if (typeof service === 'string') services.add(service);
    if (!matchesLog(log, filter)) continue;
    matched++;
    if (logs.length < filter.limit) logs.push(logJson(log));
  }
  return {
    logs,
    matched,
    total: store.logs.size,
    facets: { services: sorted(services) },
    limits: { maxLogs: store.limits.maxLogs, droppedLogs: store.logs.dropped },
  };
}

/**
 * `GET /api/errors`: error groups with their catalog entries and, where the project has one,
 * a link to the code's runbook.
 *
 * @example
 * (await errorsEndpoint(sources)).groups[0]?.catalog?.title;
 */
export async function errorsEndpoint({ store, runbooks }: ApiSources) {
  const groups = withCatalog(groupErrors(store), await loadCatalog());
  const codes = [...new Set(groups.map((g) => g.code))].slice(0, 200);
  const links = new Map(
    await Promise.all(codes.map(async (code) => [code, await runbooks?.linkFor(code)] as const)),
  );
  return {
    groups: groups.map((g) => {
      const runbook = links.get(g.code);
      return runbook ? { ...g, runbook } : g;
    }),
    traces: store.traceCount,
    maxTraces: store.limits.maxTraces,
    runbooksDir: runbooks?.dir,
  };
}

/**
 * `GET /api/metrics`: the Metrics page's tables.
 *
 * @example
 * metricsEndpoint(sources).routes[0]?.p95Ms;
 */
export function metricsEndpoint({ metrics }: ApiSources) {
  return metrics.snapshot();
}

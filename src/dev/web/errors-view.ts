/**
 * The Errors page: application errors of the traces (and trace-less log records) in memory,
 * grouped by code and route, with the catalog's title and runbook where the code is known.
 */
import type { CatalogEntry } from './catalog.js';
import type { TelemetryStore } from './store.js';
import { isExceptionLog, logOccurrence, severityRank } from './summary.js';
import type { ErrorOccurrence } from './summary.js';

/**
 * One row of the Errors page.
 *
 * @example
 * const row: ErrorGroup = groupErrors(store)[0]!;
 * `${row.code} on ${row.route}: ${row.count}`;
 */
export interface ErrorGroup {
  code: string;
  route: string;
  count: number;
  /** The highest severity seen in the group. */
  severity?: string;
  lastSeenMs: number;
  /** `exception.type` values seen (the classes thrown). */
  types: string[];
  /** The latest occurrence's message. */
  message?: string;
  /** Up to three trace ids, newest first. */
  examples: string[];
  catalog?: CatalogEntry;
}

const MAX_EXAMPLES = 3;

/**
 * Groups every error occurrence in `store` by code and route, newest group first.
 *
 * @example
 * const groups = withCatalog(groupErrors(store), await loadCatalog());
 */
export function groupErrors(store: TelemetryStore): ErrorGroup[] {
  const groups = new Map<string, { group: ErrorGroup; seen: Map<string, number> }>();
  const add = (o: ErrorOccurrence, route: string, traceId: string | undefined): void => {
    const key = `${o.code}\u0000${route}`;
    let entry = groups.get(key);
    if (!entry) {
      const group: ErrorGroup = {
        code: o.code,
        route,
        count: 0,
        lastSeenMs: 0,
        types: [],
        examples: [],
      };
      entry = { group, seen: new Map() };
      groups.set(key, entry);
    }
    const { group, seen } = entry;
    group.count++;
    if (severityRank(o.severity) > severityRank(group.severity)) group.severity = o.severity;
    if (o.type && !group.types.includes(o.type) && group.types.length < 5) group.types.push(o.type);
    if (o.timeMs >= group.lastSeenMs) {
      group.lastSeenMs = o.timeMs;
      if (o.message !== undefined) group.message = o.message;
    }
    if (traceId) seen.set(traceId, Math.max(seen.get(traceId) ?? 0, o.timeMs));
  };
  for (const trace of store.traces()) {
    const summary = store.summary(trace);
    for (const o of summary.errors) add(o, o.route ?? summary.route ?? summary.name, trace.traceId);
  }
  // Exception records with no trace at all (an error outside any request) are errors too.
  for (const log of store.logs.newestFirst()) {
    if (!log.traceId && isExceptionLog(log)) {
      const o = logOccurrence(log);
      add(o, o.route ?? '(no trace)', undefined);
    }
  }
  return [...groups.values()]
    .map(({ group, seen }) => ({
      ...group,
      examples: [...seen]
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_EXAMPLES)
        .map(([id]) => id),
    }))
    .sort((a, b) => b.lastSeenMs - a.lastSeenMs);
}

/**
 * Attaches the catalog entry of each group's code, when there is one.
 *
 * @example
 * withCatalog(groups, await loadCatalog())[0]?.catalog?.title;
 */
export function withCatalog(
  groups: ErrorGroup[],
  catalog: ReadonlyMap<string, CatalogEntry>,
): ErrorGroup[] {
  return groups.map((group) => {
    const entry = catalog.get(group.code);
    return entry ? { ...group, catalog: entry } : group;
  });
}

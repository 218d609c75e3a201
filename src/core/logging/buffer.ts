import { diag } from '@opentelemetry/api';

/**
 * Bounds of the per-trace debug buffer (AWS Powertools' "log buffering", keyed by trace id).
 *
 * @example
 * ```ts
 * const logger = createLogger({ bufferDebugLogs: { maxRecordsPerTrace: 50, maxTraces: 500 } });
 * ```
 */
export interface LogBufferOptions {
  /** Records kept per trace; older ones are evicted first. Default 100. */
  maxRecordsPerTrace?: number;
  /** Traces kept at once; the least recently written trace is evicted first. Default 1000. */
  maxTraces?: number;
}

/**
 * Internal knobs for tests; not part of the public options.
 *
 * @example
 * ```ts
 * new TraceLogBuffer({}, { now: () => fakeClock, warnIntervalMs: 1000 });
 * ```
 */
export interface TraceLogBufferInternals {
  /** Clock used to rate-limit the eviction warning. */
  now?: () => number;
  /** Minimum milliseconds between two eviction warnings. Default 60 000. */
  warnIntervalMs?: number;
}

/**
 * A bounded map of trace id → recent records. Memory is bounded by
 * `maxTraces × maxRecordsPerTrace`; traces that never log an error simply age out, so nothing
 * has to observe span ends.
 *
 * @example
 * ```ts
 * const buffer = new TraceLogBuffer<string>({ maxRecordsPerTrace: 2 });
 * buffer.add(traceId, 'a');
 * buffer.take(traceId); // ['a']
 * ```
 */
export class TraceLogBuffer<T> {
  private readonly _maxRecords: number;
  private readonly _maxTraces: number;
  private readonly _now: () => number;
  private readonly _warnIntervalMs: number;
  // Map iteration order is insertion order: re-inserting on write makes it an LRU.
  private readonly _traces = new Map<string, T[]>();
  private _evicted = 0;
  private _evictedSinceWarn = 0;
  private _lastWarnAt = Number.NEGATIVE_INFINITY;

  constructor(
    { maxRecordsPerTrace = 100, maxTraces = 1000 }: LogBufferOptions = {},
    { now = Date.now, warnIntervalMs = 60_000 }: TraceLogBufferInternals = {},
  ) {
    this._maxRecords = positiveInt(maxRecordsPerTrace, 100, 'maxRecordsPerTrace');
    this._maxTraces = positiveInt(maxTraces, 1000, 'maxTraces');
    this._now = now;
    this._warnIntervalMs = warnIntervalMs;
  }

  /** Total records evicted (per-trace overflow plus whole traces aged out). */
  get evicted(): number {
    return this._evicted;
  }

  /** Number of traces currently holding records. */
  get traceCount(): number {
    return this._traces.size;
  }

  /** Holds `record` for `traceId`, evicting the oldest record or trace beyond the bounds. */
  add(traceId: string, record: T): void {
    let records = this._traces.get(traceId);
    if (records) {
      this._traces.delete(traceId);
    } else {
      records = [];
      if (this._traces.size >= this._maxTraces) this._evictOldestTrace();
    }
    this._traces.set(traceId, records);
    if (records.length >= this._maxRecords) {
      records.shift();
      this._noteEvicted(1);
    }
    records.push(record);
  }

  /** Removes and returns the records held for `traceId`, oldest first. */
  take(traceId: string): T[] {
    const records = this._traces.get(traceId);
    if (!records) return [];
    this._traces.delete(traceId);
    return records;
  }

  /** Drops every held record (not counted as evictions). */
  clear(): void {
    this._traces.clear();
  }

  private _evictOldestTrace(): void {
    const oldest = this._traces.keys().next();
    if (oldest.done) return;
    const records = this._traces.get(oldest.value);
    this._traces.delete(oldest.value);
    this._noteEvicted(records?.length ?? 0);
  }

  // One warning per burst: at most one per interval, carrying the count since the last one.
  private _noteEvicted(count: number): void {
    if (count === 0) return;
    this._evicted += count;
    this._evictedSinceWarn += count;
    const now = this._now();
    if (now - this._lastWarnAt < this._warnIntervalMs) return;
    this._lastWarnAt = now;
    diag.warn(
      `sightline logging: debug log buffer full; evicted ${this._evictedSinceWarn} buffered record(s) ` +
        `(limits: maxRecordsPerTrace=${this._maxRecords}, maxTraces=${this._maxTraces}).`,
    );
    this._evictedSinceWarn = 0;
  }
}

function positiveInt(value: number, fallback: number, name: string): number {
  if (Number.isInteger(value) && value > 0) return value;
  diag.warn(
    `sightline logging: invalid bufferDebugLogs.${name}=${String(value)}; using ${fallback}.`,
  );
  return fallback;
}

/**
 * The viewer's memory: the newest traces (spans and log records grouped by trace id) and the
 * newest log records, each capped, so `sightline-dev` can run for days next to a chatty app.
 * Metrics are aggregated separately (`metrics-view.ts`), per series, as they arrive.
 */
import type { ReceivedLog, ReceivedSpan } from '../model.js';
import type { ReceivedBatch } from '../receiver-types.js';
import { Ring } from './ring.js';
import { summarise } from './summary.js';
import type { TraceSummary } from './summary.js';

/**
 * Caps of the viewer's memory.
 *
 * @example
 * const options: StoreOptions = { maxTraces: 500, maxLogs: 5_000 };
 */
export interface StoreOptions {
  /** Traces kept; the one seen first is forgotten first. Default 2 000. */
  maxTraces?: number;
  /** Spans kept per trace (more are counted, not kept). Default 1 000. */
  maxSpansPerTrace?: number;
  /** Log records kept for the Logs page (and per trace). Default 20 000 (1 000 per trace). */
  maxLogs?: number;
}

/**
 * Default caps: 2 000 traces of up to 1 000 spans, 20 000 log records.
 *
 * @example
 * `keeps the last ${DEFAULT_STORE_LIMITS.maxTraces} traces`;
 */
export const DEFAULT_STORE_LIMITS: Required<StoreOptions> = {
  maxTraces: 2_000,
  maxSpansPerTrace: 1_000,
  maxLogs: 20_000,
};

const MAX_LOGS_PER_TRACE = 1_000;

/**
 * One stored trace: what arrived so far.
 *
 * @example
 * const trace: StoredTrace | undefined = store.trace(traceId);
 * trace?.spans.length;
 */
export interface StoredTrace {
  traceId: string;
  spans: ReceivedSpan[];
  logs: ReceivedLog[];
  droppedSpans: number;
  droppedLogs: number;
  /** Cached; cleared when the trace changes. */
  summary?: TraceSummary;
}

/**
 * Keeps traces and log records within the caps of {@link StoreOptions}.
 *
 * @example
 * const store = new TelemetryStore({ maxTraces: 100 });
 * receiver.onData((batch) => store.add(batch));
 * store.summaries().next().value?.name; // the newest trace's root span name
 */
export class TelemetryStore {
  readonly limits: Required<StoreOptions>;
  readonly logs: Ring<ReceivedLog>;
  /** Insertion order is first-seen order: the first key is the one to forget. */
  private readonly _traces = new Map<string, StoredTrace>();
  /** Traces forgotten because of `maxTraces`. */
  droppedTraces = 0;

  constructor({
    maxTraces = DEFAULT_STORE_LIMITS.maxTraces,
    maxSpansPerTrace = DEFAULT_STORE_LIMITS.maxSpansPerTrace,
    maxLogs = DEFAULT_STORE_LIMITS.maxLogs,
  }: StoreOptions = {}) {
    for (const [name, value] of Object.entries({ maxTraces, maxSpansPerTrace, maxLogs })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`viewer ${name} must be a positive integer, got ${value}`);
      }
    }
    this.limits = { maxTraces, maxSpansPerTrace, maxLogs };
    this.logs = new Ring(maxLogs);
  }

  /** Files one accepted batch; returns the ids of the traces it changed. */
  add(batch: ReceivedBatch): Set<string> {
    const changed = new Set<string>();
    if (batch.signal === 'traces') {
      for (const span of batch.records) {
        if (!span.traceId) continue;
        const trace = this._entry(span.traceId);
        if (trace.spans.length < this.limits.maxSpansPerTrace) trace.spans.push(span);
        else trace.droppedSpans++;
        trace.summary = undefined;
        changed.add(span.traceId);
      }
    } else if (batch.signal === 'logs') {
      for (const log of batch.records) {
        this.logs.push(log);
        if (!log.traceId) continue;
        const trace = this._entry(log.traceId);
        if (trace.logs.length < Math.min(MAX_LOGS_PER_TRACE, this.limits.maxLogs)) {
          trace.logs.push(log);
        } else trace.droppedLogs++;
        trace.summary = undefined;
        changed.add(log.traceId);
      }
    }
    this._evict();
    return changed;
  }

  /** The stored trace, if any. */
  trace(traceId: string): StoredTrace | undefined {
    return this._traces.get(traceId.toLowerCase());
  }

  /** Number of traces held (including those with log records only). */
  get traceCount(): number {
    return this._traces.size;
  }

  /** Every stored trace with at least one span. */
  *traces(): Generator<StoredTrace> {
    for (const trace of this._traces.values()) if (trace.spans.length > 0) yield trace;
  }

  /** The summary of a stored trace with spans (cached until it changes). */
  summary(trace: StoredTrace): TraceSummary {
    trace.summary ??= summarise(trace.traceId, trace.spans, trace.logs);
    return trace.summary;
  }

  /** Summaries of every trace with spans, newest start first. */
  summaries(): TraceSummary[] {
    return [...this.traces()].map((t) => this.summary(t)).sort((a, b) => b.startMs - a.startMs);
  }

  /** Forgets everything. */
  clear(): void {
    this._traces.clear();
    this.logs.clear();
  }

  private _entry(traceId: string): StoredTrace {
    let trace = this._traces.get(traceId);
    if (!trace) {
      trace = { traceId, spans: [], logs: [], droppedSpans: 0, droppedLogs: 0 };
      this._traces.set(traceId, trace);
    }
    return trace;
  }

  /** Oldest first seen goes first: a trace still receiving spans is a recent one anyway. */
  private _evict(): void {
    while (this._traces.size > this.limits.maxTraces) {
      const oldest = this._traces.keys().next().value as string;
      this._traces.delete(oldest);
      this.droppedTraces++;
    }
  }
}

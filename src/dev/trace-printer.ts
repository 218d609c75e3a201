/**
 * Decides when `sightline-dev` prints a trace, so each trace is printed once, whole: spans and
 * logs of one trace arrive in several export batches (spans every 5 s, logs every 1 s by
 * default), so a trace is printed after a quiet period once its root span is in; whatever
 * arrives after that is printed on its own, as a labelled continuation.
 */
import type { ReceivedLog, ReceivedSpan } from './model.js';
import type { ReceivedBatch } from './receiver-types.js';
import { renderContinuation, renderTrace } from './waterfall.js';
import type { RenderOptions } from './waterfall.js';

/**
 * Options of {@link TracePrinter}.
 *
 * @example
 * const options: TracePrinterOptions = { write: (t) => process.stdout.write(t), color: false };
 */
export interface TracePrinterOptions extends Omit<RenderOptions, 'logs'> {
  /** Receives each printed block (with its trailing newlines). */
  write: (text: string) => void;
  /**
   * Quiet time after the root span (or anything else of the trace) arrived before printing.
   * Default 1200 ms: longer than the SDK's 1 s log export interval, so the request's log lines
   * are in.
   */
  quietMs?: number;
  /**
   * How long to wait for a trace whose root span has not arrived (it may be in the app's next
   * span export, 5 s later by default; or its parent is remote) before printing what there is.
   * Default 6000 ms.
   */
  rootWaitMs?: number;
  /** A trace that keeps receiving data is printed this long after it was first seen. Default 10 s. */
  maxWaitMs?: number;
  /** Traces remembered after printing (to label late data as a continuation). Default 10 000. */
  maxRemembered?: number;
  /** The trace's page in the web viewer, printed under each trace; none when unset. */
  traceUrl?: (traceId: string) => string;
}

interface TraceState {
  timer: NodeJS.Timeout | undefined;
  /** When the current wait began (the cap of `maxWaitMs` counts from here). */
  since: number;
  hasRoot: boolean;
  printed: boolean;
}

/**
 * Prints the traces (and log lines) of received batches: each trace once, then only its late
 * spans and logs, under a `(continued)` header. Logs without a trace id print at once.
 *
 * @example
 * const printer = new TracePrinter(receiver, { write: (t) => process.stdout.write(t) });
 * receiver.onData((batch) => printer.onBatch(batch));
 * process.once('SIGINT', () => printer.flush());
 */
export class TracePrinter {
  private readonly _states = new Map<string, TraceState>();
  // What was printed, by identity: no bookkeeping to bound, records are dropped with the arrays.
  private readonly _printedSpans = new WeakSet<ReceivedSpan>();
  private readonly _printedLogs = new WeakSet<ReceivedLog>();
  private readonly _write: (text: string) => void;
  private readonly _render: Omit<RenderOptions, 'logs'>;
  private readonly _quietMs: number;
  private readonly _rootWaitMs: number;
  private readonly _maxWaitMs: number;
  private readonly _maxRemembered: number;
  private readonly _traceUrl: ((traceId: string) => string) | undefined;

  constructor(
    private readonly _source: {
      readonly spans: readonly ReceivedSpan[];
      readonly logs: readonly ReceivedLog[];
    },
    {
      write,
      quietMs = 1_200,
      rootWaitMs = 6_000,
      maxWaitMs = 10_000,
      maxRemembered = 10_000,
      traceUrl,
      ...render
    }: TracePrinterOptions,
  ) {
    this._write = write;
    this._render = render;
    this._quietMs = quietMs;
    this._rootWaitMs = rootWaitMs;
    this._maxWaitMs = maxWaitMs;
    this._maxRemembered = maxRemembered;
    this._traceUrl = traceUrl;
  }

  /** Takes note of one accepted batch (metrics are ignored). */
  onBatch(batch: ReceivedBatch): void {
    if (batch.signal === 'traces') {
      const roots = new Set(batch.records.filter((s) => !s.parentSpanId).map((s) => s.traceId));
      for (const traceId of new Set(batch.records.map((s) => s.traceId))) {
        this._schedule(traceId, roots.has(traceId));
      }
    } else if (batch.signal === 'logs') {
      for (const log of batch.records) {
        if (log.traceId) this._schedule(log.traceId, false);
        else this._printLogLines([log]);
      }
    }
  }

  /** Prints every pending trace now (on shutdown, instead of dropping them). */
  flush(): void {
    for (const [traceId, state] of this._states) {
      if (state.timer) this._print(traceId);
    }
  }

  private _schedule(traceId: string, root: boolean): void {
    const now = Date.now();
    let state = this._states.get(traceId);
    if (!state) {
      state = { timer: undefined, since: now, hasRoot: false, printed: false };
      this._states.set(traceId, state);
      this._forgetOldest();
    }
    if (root) state.hasRoot = true;
    if (!state.timer) state.since = now;
    clearTimeout(state.timer);
    const wait = state.printed || state.hasRoot ? this._quietMs : this._rootWaitMs;
    const delay = Math.max(0, Math.min(wait, state.since + this._maxWaitMs - now));
    state.timer = setTimeout(() => this._print(traceId), delay);
    state.timer.unref?.();
  }

  private _print(traceId: string): void {
    const state = this._states.get(traceId);
    if (!state) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    const spans = this._source.spans.filter((s) => s.traceId === traceId);
    const logs = this._source.logs.filter((l) => l.traceId === traceId);
    const lateSpans = spans.filter((s) => !this._printedSpans.has(s));
    const lateLogs = logs.filter((l) => !this._printedLogs.has(l));
    if (spans.length === 0) {
      // Logs of a trace whose spans never came (e.g. not sampled): plain log lines.
      this._printLogLines(lateLogs);
    } else if (!state.printed) {
      this._write(`${renderTrace(spans, { ...this._render, logs })}\n${this._link(traceId)}\n`);
    } else if (lateSpans.length > 0 || lateLogs.length > 0) {
      const text = renderContinuation(spans, lateSpans, { ...this._render, logs: lateLogs });
      this._write(`${text}\n${this._link(traceId)}\n`);
    }
    for (const span of spans) this._printedSpans.add(span);
    for (const log of logs) this._printedLogs.add(log);
    state.printed = true;
  }

  /** `open <url>` and a newline, or nothing without a viewer. */
  private _link(traceId: string): string {
    return this._traceUrl ? `open ${this._traceUrl(traceId)}\n` : '';
  }

  private _printLogLines(logs: readonly ReceivedLog[]): void {
    for (const log of logs) {
      this._printedLogs.add(log);
      const level = (log.severityText || `SEV${log.severityNumber}`).toUpperCase().padEnd(5);
      const body =
        typeof log.body === 'string'
          ? log.body
          : JSON.stringify(log.body, (_k, v: unknown) =>
              typeof v === 'bigint' ? v.toString() : v,
            );
      this._write(`log  ${level}  ${body ?? ''}\n`);
    }
  }

  /** Bounded memory for long sessions: forget the oldest printed, idle trace (Maps keep order). */
  private _forgetOldest(): void {
    if (this._states.size <= this._maxRemembered) return;
    for (const [traceId, state] of this._states) {
      if (state.printed && !state.timer) {
        this._states.delete(traceId);
        return;
      }
    }
  }
}

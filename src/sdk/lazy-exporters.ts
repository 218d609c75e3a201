import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type {
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TemporalityPreference } from './options.js';

/**
 * Told the outcome of every export (the export failure reporter).
 *
 * @example
 * ```ts
 * const observer: ExportObserver = createExportFailureReporter();
 * ```
 */
export interface ExportObserver {
  failed(signal: string, error: unknown): void;
  delivered(signal: string): void;
}

/**
 * How a deferred exporter reports: which signal, to whom, and within which bound.
 *
 * @example
 * ```ts
 * new DeferredSpanExporter(create, { signal: 'traces', observer: reporter, timeoutMs: 30_000 });
 * ```
 */
export interface ExportWatch {
  signal: string;
  observer?: ExportObserver;
  /**
   * The timeout of the processor or reader calling `export()`. The export fails a little before
   * it, so the caller gets a result instead of timing out: the metric reader would log
   * "metrics export timed out" to diag at error level for each one, outside the rate limit.
   */
  timeoutMs?: number;
}

/** How long before the caller's own timeout the export gives up. */
function deadline(timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined || timeoutMs <= 0 || !Number.isFinite(timeoutMs)) return undefined;
  return Math.max(1, timeoutMs - Math.min(50, Math.ceil(timeoutMs / 10)));
}

/**
 * Records serialised per turn of the event loop. A batch processor exports (and the OTLP
 * exporter serialises) synchronously inside the `span.end()`/`emit()` that filled its batch:
 * 512 records at once stalled whatever requests were in flight (bench:http p99). Exported in
 * chunks, each in its own `setImmediate`, no chunk runs inside a request's call and requests
 * interleave between chunks.
 */
const CHUNK = 128;

/**
 * Exports `items` chunk by chunk, each in its own turn of the event loop, one after the other
 * (the OTLP exporters bound concurrent exports); the first failure ends it.
 */
function exportInChunks<T>(
  items: readonly T[],
  send: (chunk: T[], done: (result: ExportResult) => void) => void,
  done: (result: ExportResult) => void,
): void {
  let start = 0;
  const next = (): void => {
    if (start >= items.length) return done({ code: ExportResultCode.SUCCESS });
    const chunk = items.slice(start, (start += CHUNK));
    setImmediate(() => {
      try {
        send(chunk, (result) => (result.code === ExportResultCode.SUCCESS ? next() : done(result)));
      } catch (error) {
        done({ code: ExportResultCode.FAILED, error: error as Error });
      }
    });
  };
  next();
}

/**
 * An exporter that constructs the real one on first use. The OTLP exporters pull in the
 * protobuf serializers, the HTTP transport and zlib (~40 ms at start-up, measured); batch
 * processors first export seconds after start, so loading them then keeps start-up lean.
 */
class Deferred<T extends { shutdown(): Promise<void>; forceFlush?(): Promise<void> }> {
  private _exporter: T | undefined;

  constructor(
    private readonly _create: () => T,
    private readonly _watch: ExportWatch = { signal: 'export' },
  ) {}

  protected get exporter(): T {
    return (this._exporter ??= this._create());
  }

  /**
   * Runs one export: reports its outcome to the observer and answers `done` once, by the
   * deadline at the latest. A failure is handed on with the error the observer counted (the
   * processors pass it to the global error handler, which knows it), unless `handOnFailure` is
   * false.
   */
  protected run(
    send: (done: (result: ExportResult) => void) => void,
    done: (result: ExportResult) => void,
    handOnFailure = true,
  ): void {
    const { signal, observer, timeoutMs } = this._watch;
    let timer: NodeJS.Timeout | undefined;
    let answered = false;
    const finish = (result: ExportResult) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (result.code === ExportResultCode.SUCCESS) {
        observer?.delivered(signal);
        done(result);
        return;
      }
      const error = result.error ?? new Error(`${signal} export failed`);
      observer?.failed(signal, error);
      done(
        handOnFailure || !observer
          ? { code: ExportResultCode.FAILED, error }
          : { code: ExportResultCode.SUCCESS },
      );
    };
    const ms = deadline(timeoutMs);
    if (ms !== undefined) {
      timer = setTimeout(
        () =>
          finish({
            code: ExportResultCode.FAILED,
            error: new Error(`no answer within ${timeoutMs} ms`),
          }),
        ms,
      );
      timer.unref();
    }
    try {
      send(finish);
    } catch (error) {
      finish({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {
    // Never constructed: nothing was exported, nothing to close.
    await this._exporter?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this._exporter?.forceFlush?.();
  }
}

/**
 * A span exporter created on first export.
 *
 * @example
 * ```ts
 * new BatchSpanProcessor(new DeferredSpanExporter(() => new OTLPTraceExporter()));
 * ```
 */
export class DeferredSpanExporter extends Deferred<SpanExporter> implements SpanExporter {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.run(
      (finish) => exportInChunks(spans, (chunk, sent) => this.exporter.export(chunk, sent), finish),
      done,
    );
  }
}

/**
 * A log record exporter created on first export.
 *
 * @example
 * ```ts
 * new BatchLogRecordProcessor({ exporter: new DeferredLogExporter(() => new OTLPLogExporter()) });
 * ```
 */
export class DeferredLogExporter extends Deferred<LogRecordExporter> implements LogRecordExporter {
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.run(
      (finish) =>
        exportInChunks(records, (chunk, sent) => this.exporter.export(chunk, sent), finish),
      done,
    );
  }
}

/**
 * A metric exporter created on first export. Readers ask for the temporality of each instrument
 * when they are constructed, so it is answered here, by the selector of the temporality
 * preference (`temporalitySelector`).
 *
 * @example
 * ```ts
 * new PeriodicExportingMetricReader({
 *   exporter: new DeferredMetricExporter(() => new OTLPMetricExporter(), temporalitySelector('delta')),
 * });
 * ```
 */
export class DeferredMetricExporter
  extends Deferred<PushMetricExporter>
  implements PushMetricExporter
{
  constructor(
    create: () => PushMetricExporter,
    private readonly _temporality: (instrumentType: InstrumentType) => AggregationTemporality,
    watch?: ExportWatch,
  ) {
    super(create, watch);
  }

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    // A failure reported to the observer is not handed on: the periodic reader would only wrap
    // it in a new error for the global error handler (counted twice). It keeps nothing from a
    // failed export anyway (cumulative totals are sent again at the next interval).
    this.run((finish) => this.exporter.export(metrics, finish), done, false);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this._temporality(instrumentType);
  }
}

// The enum values, not imported: sdk-metrics is loaded only when metrics are on.
const DELTA = 0 as AggregationTemporality;
const CUMULATIVE = 1 as AggregationTemporality;

/**
 * Instruments reported as deltas, per preference, as the OTLP metric exporter specification
 * (metrics/sdk_exporters/otlp.md, "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE") defines
 * them: `delta` for counters (synchronous or not) and histograms, `lowmemory` only for the
 * synchronous ones; up-down counters stay cumulative. Gauges, which the specification leaves
 * out, follow the OTel JS exporters (delta under `delta`).
 */
const DELTA_INSTRUMENTS: Record<
  Exclude<TemporalityPreference, 'cumulative'>,
  ReadonlySet<string>
> = {
  delta: new Set(['COUNTER', 'OBSERVABLE_COUNTER', 'HISTOGRAM', 'GAUGE', 'OBSERVABLE_GAUGE']),
  lowmemory: new Set(['COUNTER', 'HISTOGRAM']),
};

/**
 * The aggregation temporality selector of an OTLP metric exporter for a preference.
 *
 * @example
 * ```ts
 * const select = temporalitySelector('delta');
 * select(InstrumentType.COUNTER); // AggregationTemporality.DELTA
 * ```
 */
export function temporalitySelector(
  preference: TemporalityPreference,
): (instrumentType: InstrumentType) => AggregationTemporality {
  if (preference === 'cumulative') return () => CUMULATIVE;
  const deltas = DELTA_INSTRUMENTS[preference];
  return (instrumentType) => (deltas.has(instrumentType) ? DELTA : CUMULATIVE);
}

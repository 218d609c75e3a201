import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type {
  AggregationTemporality,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * An exporter that constructs the real one on first use. The OTLP exporters pull in the
 * protobuf serializers, the HTTP transport and zlib (~40 ms at start-up, measured); batch
 * processors first export seconds after start, so loading them then keeps start-up lean.
 */
class Deferred<T extends { shutdown(): Promise<void>; forceFlush?(): Promise<void> }> {
  private _exporter: T | undefined;

  constructor(private readonly _create: () => T) {}

  protected get exporter(): T {
    return (this._exporter ??= this._create());
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
    this.exporter.export(spans, done);
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
    this.exporter.export(records, done);
  }
}

/**
 * A metric exporter created on first export. Readers ask for the temporality when they are
 * constructed, so it is answered here: cumulative, the OTLP exporters' default.
 *
 * @example
 * ```ts
 * new PeriodicExportingMetricReader({ exporter: new DeferredMetricExporter(() => new OTLPMetricExporter(), 1) });
 * ```
 */
export class DeferredMetricExporter
  extends Deferred<PushMetricExporter>
  implements PushMetricExporter
{
  constructor(
    create: () => PushMetricExporter,
    private readonly _temporality: AggregationTemporality,
  ) {
    super(create);
  }

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    this.exporter.export(metrics, done);
  }

  selectAggregationTemporality(): AggregationTemporality {
    return this._temporality;
  }
}

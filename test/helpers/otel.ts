import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import {
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
  CompositePropagator,
} from '@opentelemetry/core';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Writable } from 'node:stream';

/** An in-process SDK with in-memory exporters for all three signals, registered globally. */
export interface TestOtel {
  spans(): ReadableSpan[];
  logRecords: InMemoryLogRecordExporter;
  /** Collects metrics now and returns the metric named `name` (undefined if none). */
  metric(name: string): Promise<MetricData | undefined>;
  reset(): void;
  shutdown(): Promise<void>;
}

/** Installs tracer, meter and logger providers (W3C propagators, AsyncLocalStorage context). */
export function installTestOtel({ sampler }: { sampler?: Sampler } = {}): TestOtel {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
    ...(sampler ? { sampler } : {}),
  });
  tracerProvider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  const logRecords = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logRecords })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  return {
    spans: () => spanExporter.getFinishedSpans(),
    logRecords,
    async metric(name) {
      await reader.forceFlush();
      const all = metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
      return all.filter((metric) => metric.descriptor.name === name).at(-1);
    },
    reset() {
      spanExporter.reset();
      logRecords.reset();
    },
    async shutdown() {
      await Promise.all([
        tracerProvider.shutdown(),
        meterProvider.shutdown(),
        loggerProvider.shutdown(),
      ]);
      trace.disable();
      context.disable();
      propagation.disable();
      metrics.disable();
      logs.disable();
    },
  };
}

/** Data points of a metric, with attributes. */
export function dataPoints(metric: MetricData | undefined): DataPoint<unknown>[] {
  return (metric?.dataPoints ?? []) as DataPoint<unknown>[];
}

/** A Writable keeping each written line parsed as JSON. */
export class JsonLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n'))
      if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }

  find(message: string): Record<string, unknown> | undefined {
    return this.lines.find((line) => line['message'] === message);
  }
}

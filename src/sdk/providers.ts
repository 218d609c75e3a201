import { metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type * as OtelSdkLogsModule from '@opentelemetry/sdk-logs';
import type * as OtelSdkMetricsModule from '@opentelemetry/sdk-metrics';
import type * as OtelSdkTraceNodeModule from '@opentelemetry/sdk-trace-node';
import type { ResolvedConfig } from './config.js';
import { withOtelEnvironment } from './env.js';
import { createLogExporter, createMetricExporter, createSpanExporter } from './exporters.js';
import type { ExportObserver } from './lazy-exporters.js';
import { lazyRequire } from './lazy-require.js';
import { registerProcessMetrics } from './process-metrics.js';
import { createPropagator } from './propagators.js';
import { RedactingLogRecordProcessor } from './redacting-log-processor.js';
import { RedactingSpanProcessor } from './redacting-span-processor.js';
import { createStandardSampler, UnsampledPathsSampler } from './sampler.js';

/**
 * The tracer provider: sampler, redaction, batch export with a bounded queue, and the
 * `OTEL_PROPAGATORS` propagator; registered globally.
 *
 * @example
 * ```ts
 * const tracerProvider = startTraces(config, resource, reporter);
 * ```
 */
export function startTraces(
  config: ResolvedConfig,
  resource: Resource,
  observer?: ExportObserver,
): NodeTracerProvider {
  const { NodeTracerProvider, BatchSpanProcessor } = lazyRequire(
    '@opentelemetry/sdk-trace-node',
  ) as typeof OtelSdkTraceNodeModule;
  const exporter = createSpanExporter(config.exporters.traces, {
    observer,
    timeoutMs: config.batch.traces.exportTimeoutMillis,
  });
  // The sampler is passed resolved; the provider would still build (and warn about) one from
  // OTEL_TRACES_SAMPLER(_ARG).
  const provider = withOtelEnvironment(
    () =>
      new NodeTracerProvider({
        resource,
        sampler: new UnsampledPathsSampler(
          createStandardSampler(config.sampler, config.samplerRatio),
          config.unsampledPaths,
        ),
        spanProcessors: exporter
          ? [
              // Redaction must run before the exporting processor sees the span. It uses the
              // process-wide policy, the same one logs and problem bodies use.
              new RedactingSpanProcessor(),
              new BatchSpanProcessor(exporter, config.batch.traces),
            ]
          : [],
      }),
    { OTEL_TRACES_SAMPLER: undefined, OTEL_TRACES_SAMPLER_ARG: undefined },
  );
  provider.register({ propagator: createPropagator(config.propagators) });
  return provider;
}

/**
 * The meter provider with a periodic OTLP reader; registered globally, with the process metrics.
 *
 * @example
 * ```ts
 * const meterProvider = startMetrics(config, resource, reporter);
 * ```
 */
export function startMetrics(
  config: ResolvedConfig,
  resource: Resource,
  observer?: ExportObserver,
): MeterProvider {
  const { MeterProvider, PeriodicExportingMetricReader } = lazyRequire(
    '@opentelemetry/sdk-metrics',
  ) as typeof OtelSdkMetricsModule;
  const exportTimeoutMillis = Math.min(
    config.exporters.metrics.timeoutMs,
    config.metricExportIntervalMs,
  );
  const exporter = createMetricExporter(config.exporters.metrics, {
    observer,
    timeoutMs: exportTimeoutMillis,
  });
  const provider = withOtelEnvironment(
    () =>
      new MeterProvider({
        resource,
        readers: exporter
          ? [
              new PeriodicExportingMetricReader({
                exporter,
                exportIntervalMillis: config.metricExportIntervalMs,
                exportTimeoutMillis,
              }),
            ]
          : [],
      }),
  );
  metrics.setGlobalMeterProvider(provider);
  registerProcessMetrics(provider.getMeter('sightline'));
  return provider;
}

/**
 * The logger provider with batch export; registered globally.
 *
 * @example
 * ```ts
 * const loggerProvider = startLogs(config, resource, reporter);
 * ```
 */
export function startLogs(
  config: ResolvedConfig,
  resource: Resource,
  observer?: ExportObserver,
): LoggerProvider {
  const { LoggerProvider, BatchLogRecordProcessor } = lazyRequire(
    '@opentelemetry/sdk-logs',
  ) as typeof OtelSdkLogsModule;
  const exporter = createLogExporter(config.exporters.logs, {
    observer,
    timeoutMs: config.batch.logs.exportTimeoutMillis,
  });
  const provider = withOtelEnvironment(
    () =>
      new LoggerProvider({
        resource,
        processors: exporter
          ? [
              // Redacts records of other loggers (an app's own winston logger) before export.
              new RedactingLogRecordProcessor(),
              new BatchLogRecordProcessor({ exporter, ...config.batch.logs }),
            ]
          : [],
      }),
  );
  logs.setGlobalLoggerProvider(provider);
  return provider;
}

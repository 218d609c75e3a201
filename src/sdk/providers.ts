import { diag, metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
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
import { requireOptional } from './optional-packages.js';
import { createPropagator } from './propagators.js';
import { RedactingLogRecordProcessor } from './redacting-log-processor.js';
import { RedactingSpanProcessor } from './redacting-span-processor.js';
import { createStandardSampler, UnsampledPathsSampler } from './sampler.js';

/**
 * The tracer provider: sampler, redaction, one processor per exporter of `OTEL_TRACES_EXPORTER`
 * (batched with a bounded queue; console ones print at once, as NodeSDK does), and the
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
  const { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } = lazyRequire(
    '@opentelemetry/sdk-trace-node',
  ) as typeof OtelSdkTraceNodeModule;
  const hooks = { observer, timeoutMs: config.batch.traces.exportTimeoutMillis };
  const processors = config.exporters.traces.kinds.map((kind) => {
    const exporter = createSpanExporter(kind, config.exporters.traces, hooks);
    return kind === 'console'
      ? new SimpleSpanProcessor(exporter)
      : new BatchSpanProcessor(exporter, config.batch.traces);
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
        spanProcessors:
          processors.length > 0
            ? // Redaction must run before the exporting processors see the span. It uses the
              // process-wide policy, the same one logs and problem bodies use.
              [new RedactingSpanProcessor(), ...processors]
            : [],
      }),
    { OTEL_TRACES_SAMPLER: undefined, OTEL_TRACES_SAMPLER_ARG: undefined },
  );
  provider.register({ propagator: createPropagator(config.propagators) });
  return provider;
}

/**
 * The meter provider with one reader per exporter of `OTEL_METRICS_EXPORTER` (periodic for OTLP
 * and console, the scrape endpoint for Prometheus); registered globally, with the process
 * metrics.
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
  const exportTimeoutMillis = config.metricExportTimeoutMs;
  const hooks = { observer, timeoutMs: exportTimeoutMillis };
  const provider = withOtelEnvironment(
    () =>
      new MeterProvider({
        resource,
        readers: config.exporters.metrics.kinds.map((kind) =>
          kind === 'prometheus'
            ? createPrometheusReader(config.prometheus)
            : new PeriodicExportingMetricReader({
                exporter: createMetricExporter(
                  kind === 'console' ? 'console' : 'otlp',
                  config.exporters.metrics,
                  config.temporalityPreference,
                  hooks,
                ),
                exportIntervalMillis: config.metricExportIntervalMs,
                exportTimeoutMillis,
              }),
        ),
      }),
  );
  metrics.setGlobalMeterProvider(provider);
  registerProcessMetrics(provider.getMeter('sightline'));
  return provider;
}

/**
 * The logger provider with the log record limits and one processor per exporter of
 * `OTEL_LOGS_EXPORTER` (batched; console ones print at once); registered globally.
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
  const { LoggerProvider, BatchLogRecordProcessor, SimpleLogRecordProcessor } = lazyRequire(
    '@opentelemetry/sdk-logs',
  ) as typeof OtelSdkLogsModule;
  const hooks = { observer, timeoutMs: config.batch.logs.exportTimeoutMillis };
  const processors = config.exporters.logs.kinds.map((kind) => {
    const toConsole = kind === 'console';
    const exporter = createLogExporter(
      toConsole ? 'console' : 'otlp',
      config.exporters.logs,
      hooks,
    );
    return toConsole
      ? new SimpleLogRecordProcessor({ exporter })
      : new BatchLogRecordProcessor({ exporter, ...config.batch.logs });
  });
  const provider = withOtelEnvironment(
    () =>
      new LoggerProvider({
        resource,
        // The logs SDK reads no limit variable itself ("LogRecord Limits").
        logRecordLimits: config.logRecordLimits,
        processors:
          processors.length > 0
            ? // Redacts records of other loggers (an app's own winston logger) before export.
              [new RedactingLogRecordProcessor(), ...processors]
            : [],
      }),
  );
  logs.setGlobalLoggerProvider(provider);
  return provider;
}

interface PrometheusReader extends MetricReader {
  startServer(): Promise<void>;
}
type PrometheusExporterClass = new (config: {
  host: string;
  port: number;
  preventServerStart: boolean;
}) => PrometheusReader;

/**
 * The Prometheus pull exporter (a metric reader) of the app's
 * `@opentelemetry/exporter-prometheus`, serving `http://<host>:<port>/metrics`. Loaded only when
 * `OTEL_METRICS_EXPORTER` names it. A port already in use is reported once (the package would
 * log the raw error); the app runs on.
 *
 * @example
 * ```ts
 * new MeterProvider({ readers: [createPrometheusReader({ host: 'localhost', port: 9464 })] });
 * ```
 */
export function createPrometheusReader({
  host,
  port,
}: {
  host: string;
  port: number;
}): MetricReader {
  const { PrometheusExporter } = requireOptional<{ PrometheusExporter: PrometheusExporterClass }>(
    '@opentelemetry/exporter-prometheus',
  );
  const reader = withOtelEnvironment(
    () => new PrometheusExporter({ host, port, preventServerStart: true }),
  );
  reader.startServer().catch((error: Error) => {
    diag.warn(
      `sightline: the Prometheus scrape endpoint cannot listen on ${host}:${port} (${error.message}); metrics are not served`,
    );
  });
  return reader;
}

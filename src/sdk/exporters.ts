import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SignalExportConfig } from './config.js';
import { withOtelEnvironment } from './env.js';
import { GRPC_EXPORTERS, type Signal, type SignalExporter } from './export-config.js';
import { lazyRequire } from './lazy-require.js';
import {
  DeferredLogExporter,
  DeferredMetricExporter,
  DeferredSpanExporter,
  temporalitySelector,
  type ExportObserver,
} from './lazy-exporters.js';
import type { TemporalityPreference } from './options.js';
import { requireBeside, requireOptional } from './optional-packages.js';
import type * as OtelSdkLogsModule from '@opentelemetry/sdk-logs';
import type * as OtelSdkMetricsModule from '@opentelemetry/sdk-metrics';
import type * as OtelSdkTraceBaseModule from '@opentelemetry/sdk-trace-base';

/**
 * In-flight export requests per signal. Each holds a serialised batch until the collector
 * answers or the timeout fires; the exporters' default (30) let a hanging collector pin tens of
 * MB. Batch processors queue (boundedly) behind these and drop, counted, beyond them.
 */
const MAX_IN_FLIGHT_EXPORTS = 2;

/** The bundled OTLP/HTTP exporter classes per signal and encoding; only the chosen one loads. */
const HTTP_PACKAGES = {
  traces: {
    'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
    'http/json': '@opentelemetry/exporter-trace-otlp-http',
  },
  metrics: {
    'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
    'http/json': '@opentelemetry/exporter-metrics-otlp-http',
  },
  logs: {
    'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto',
    'http/json': '@opentelemetry/exporter-logs-otlp-http',
  },
} as const;

const CLASS_NAMES: Record<Signal, string> = {
  traces: 'OTLPTraceExporter',
  metrics: 'OTLPMetricExporter',
  logs: 'OTLPLogExporter',
};

type ExporterClass<T> = new (config: Record<string, unknown>) => T;

function exporterClass<T>(module: unknown, packageName: string, signal: Signal): ExporterClass<T> {
  const Exporter = (module as Record<string, ExporterClass<T> | undefined>)[CLASS_NAMES[signal]];
  if (!Exporter) throw new Error(`${packageName} has no ${CLASS_NAMES[signal]}`);
  return Exporter;
}

/** The gRPC exporter's settings: headers become call metadata (`@grpc/grpc-js`, its own copy). */
function grpcConfig(signal: Signal, config: SignalExportConfig): Record<string, unknown> {
  const packageName = GRPC_EXPORTERS[signal];
  const entries = Object.entries(config.headers);
  if (entries.length === 0) return {};
  const { Metadata } = requireBeside<{ Metadata: new () => { set(k: string, v: string): void } }>(
    packageName,
    '@grpc/grpc-js',
  );
  const metadata = new Metadata();
  for (const [name, value] of entries) metadata.set(name, value);
  return { metadata };
}

/**
 * Constructs the OTLP exporter of a signal for its resolved protocol: the bundled OTLP/HTTP
 * ones, or the app's OTel gRPC exporter (required here, on first export, never at start-up).
 * URL and timeout are passed resolved; the exporter would also parse (and warn about) the
 * variables they came from, or an endpoint the `endpoint` option overrides.
 *
 * @example
 * ```ts
 * const exporter = createOtlpExporter<SpanExporter>('traces', config.exporters.traces);
 * ```
 */
export function createOtlpExporter<T>(signal: Signal, config: SignalExportConfig): T {
  const grpc = config.protocol === 'grpc';
  const packageName = grpc
    ? GRPC_EXPORTERS[signal]
    : HTTP_PACKAGES[signal][config.protocol as 'http/protobuf' | 'http/json'];
  const Exporter = exporterClass<T>(
    grpc ? requireOptional(packageName) : lazyRequire(packageName),
    packageName,
    signal,
  );
  const upper = signal.toUpperCase();
  return withOtelEnvironment(
    () =>
      new Exporter({
        url: config.url,
        timeoutMillis: config.timeoutMs,
        concurrencyLimit: MAX_IN_FLIGHT_EXPORTS,
        ...(grpc ? grpcConfig(signal, config) : { headers: config.headers }),
      }),
    {
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      [`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`]: undefined,
      OTEL_EXPORTER_OTLP_TIMEOUT: undefined,
      [`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`]: undefined,
    },
  );
}

/**
 * Who hears about each export's outcome, and the timeout of the processor or reader that calls
 * the exporter (the export answers before it; see `ExportWatch`).
 *
 * @example
 * ```ts
 * createSpanExporter('otlp', config.exporters.traces, { observer: reporter, timeoutMs: 30_000 });
 * ```
 */
export interface ExporterHooks {
  observer?: ExportObserver;
  timeoutMs?: number;
}

/**
 * Creates one span exporter: OTLP (constructed on first export), console, or Zipkin (the app's
 * `@opentelemetry/exporter-zipkin`, which reads `OTEL_EXPORTER_ZIPKIN_ENDPOINT` itself).
 *
 * @example
 * ```ts
 * const exporter = createSpanExporter('otlp', resolveConfig().exporters.traces);
 * ```
 */
export function createSpanExporter(
  kind: SignalExporter,
  config: SignalExportConfig,
  hooks: ExporterHooks = {},
): SpanExporter {
  if (kind === 'console') {
    const { ConsoleSpanExporter } = lazyRequire(
      '@opentelemetry/sdk-trace-base',
    ) as typeof OtelSdkTraceBaseModule;
    return new ConsoleSpanExporter();
  }
  const create =
    kind === 'zipkin'
      ? () => {
          const { ZipkinExporter } = requireOptional<{ ZipkinExporter: new () => SpanExporter }>(
            '@opentelemetry/exporter-zipkin',
          );
          return withOtelEnvironment(() => new ZipkinExporter());
        }
      : () => createOtlpExporter<SpanExporter>('traces', config);
  return new DeferredSpanExporter(create, { signal: 'traces', ...hooks });
}

/**
 * Creates one push metric exporter: OTLP (constructed on first export, reporting with the
 * temporality preference) or console. Prometheus is a reader, not an exporter (see
 * `createPrometheusReader`).
 *
 * @example
 * ```ts
 * const exporter = createMetricExporter('otlp', config.exporters.metrics, 'delta');
 * ```
 */
export function createMetricExporter(
  kind: 'otlp' | 'console',
  config: SignalExportConfig,
  temporality: TemporalityPreference,
  hooks: ExporterHooks = {},
): PushMetricExporter {
  if (kind === 'console') {
    const { ConsoleMetricExporter } = lazyRequire(
      '@opentelemetry/sdk-metrics',
    ) as typeof OtelSdkMetricsModule;
    return new ConsoleMetricExporter();
  }
  // The preference applies to the OTLP exporters ("OTLP Exporter": temporality preference);
  // the reader asks the deferred exporter, so it answers for the real one.
  return new DeferredMetricExporter(
    () => createOtlpExporter<PushMetricExporter>('metrics', config),
    temporalitySelector(temporality),
    { signal: 'metrics', ...hooks },
  );
}

/**
 * Creates one log record exporter: OTLP (constructed on first export) or console.
 *
 * @example
 * ```ts
 * const exporter = createLogExporter('otlp', resolveConfig().exporters.logs);
 * ```
 */
export function createLogExporter(
  kind: 'otlp' | 'console',
  config: SignalExportConfig,
  hooks: ExporterHooks = {},
): LogRecordExporter {
  if (kind === 'console') {
    const { ConsoleLogRecordExporter } = lazyRequire(
      '@opentelemetry/sdk-logs',
    ) as typeof OtelSdkLogsModule;
    return new ConsoleLogRecordExporter();
  }
  return new DeferredLogExporter(() => createOtlpExporter<LogRecordExporter>('logs', config), {
    signal: 'logs',
    ...hooks,
  });
}

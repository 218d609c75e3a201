import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SignalExportConfig } from './config.js';
import { withOtelEnvironment } from './env.js';
import { lazyRequire } from './lazy-require.js';
import {
  DeferredLogExporter,
  DeferredMetricExporter,
  DeferredSpanExporter,
  type ExportObserver,
} from './lazy-exporters.js';
import type * as OtelSdkLogsModule from '@opentelemetry/sdk-logs';
import type * as OtelSdkMetricsModule from '@opentelemetry/sdk-metrics';
import type * as OtelSdkTraceBaseModule from '@opentelemetry/sdk-trace-base';

type OtlpConfig = {
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  concurrencyLimit: number;
};

/**
 * In-flight export requests per signal. Each holds a serialised batch until the collector
 * answers or the timeout fires; the exporters' default (30) let a hanging collector pin tens of
 * MB. Batch processors queue (boundedly) behind these and drop, counted, beyond them.
 */
const MAX_IN_FLIGHT_EXPORTS = 2;

/** The OTLP exporter classes per signal and protocol; only the chosen one is loaded. */
const OTLP_PACKAGES = {
  traces: {
    'http/protobuf': ['@opentelemetry/exporter-trace-otlp-proto', 'OTLPTraceExporter'],
    'http/json': ['@opentelemetry/exporter-trace-otlp-http', 'OTLPTraceExporter'],
  },
  metrics: {
    'http/protobuf': ['@opentelemetry/exporter-metrics-otlp-proto', 'OTLPMetricExporter'],
    'http/json': ['@opentelemetry/exporter-metrics-otlp-http', 'OTLPMetricExporter'],
  },
  logs: {
    'http/protobuf': ['@opentelemetry/exporter-logs-otlp-proto', 'OTLPLogExporter'],
    'http/json': ['@opentelemetry/exporter-logs-otlp-http', 'OTLPLogExporter'],
  },
} as const;

function createOtlp<T>(signal: keyof typeof OTLP_PACKAGES, config: SignalExportConfig): T {
  const [packageName, className] = OTLP_PACKAGES[signal][config.protocol];
  const Exporter = (lazyRequire(packageName) as Record<string, new (c: OtlpConfig) => T>)[
    className
  ];
  if (!Exporter) throw new Error(`${packageName} has no ${className}`);
  // URL and timeout are passed resolved; the exporter would also parse (and warn about) the
  // variables they came from, or an endpoint the `endpoint` option overrides.
  const upper = signal.toUpperCase();
  return withOtelEnvironment(
    () =>
      new Exporter({
        url: config.url,
        headers: config.headers,
        timeoutMillis: config.timeoutMs,
        concurrencyLimit: MAX_IN_FLIGHT_EXPORTS,
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
 * createSpanExporter(config.exporters.traces, { observer: reporter, timeoutMs: 30_000 });
 * ```
 */
export interface ExporterHooks {
  observer?: ExportObserver;
  timeoutMs?: number;
}

/**
 * Creates the span exporter for `config.kind`, or `undefined` for `none`.
 *
 * @example
 * ```ts
 * const exporter = createSpanExporter(resolveConfig().exporters.traces);
 * ```
 */
export function createSpanExporter(
  config: SignalExportConfig,
  hooks: ExporterHooks = {},
): SpanExporter | undefined {
  if (config.kind === 'none') return undefined;
  if (config.kind === 'console') {
    const { ConsoleSpanExporter } = lazyRequire(
      '@opentelemetry/sdk-trace-base',
    ) as typeof OtelSdkTraceBaseModule;
    return new ConsoleSpanExporter();
  }
  return new DeferredSpanExporter(() => createOtlp<SpanExporter>('traces', config), {
    signal: 'traces',
    ...hooks,
  });
}

/**
 * Creates the metric exporter for `config.kind`, or `undefined` for `none`.
 *
 * @example
 * ```ts
 * const exporter = createMetricExporter(resolveConfig().exporters.metrics);
 * ```
 */
export function createMetricExporter(
  config: SignalExportConfig,
  hooks: ExporterHooks = {},
): PushMetricExporter | undefined {
  if (config.kind === 'none') return undefined;
  if (config.kind === 'console') {
    const { ConsoleMetricExporter } = lazyRequire(
      '@opentelemetry/sdk-metrics',
    ) as typeof OtelSdkMetricsModule;
    return new ConsoleMetricExporter();
  }
  // 1 = AggregationTemporality.CUMULATIVE, the OTLP exporters' default (not imported: the enum
  // lives in sdk-metrics, which is loaded only when metrics are on).
  return new DeferredMetricExporter(() => createOtlp<PushMetricExporter>('metrics', config), 1, {
    signal: 'metrics',
    ...hooks,
  });
}

/**
 * Creates the log record exporter for `config.kind`, or `undefined` for `none`.
 *
 * @example
 * ```ts
 * const exporter = createLogExporter(resolveConfig().exporters.logs);
 * ```
 */
export function createLogExporter(
  config: SignalExportConfig,
  hooks: ExporterHooks = {},
): LogRecordExporter | undefined {
  if (config.kind === 'none') return undefined;
  if (config.kind === 'console') {
    const { ConsoleLogRecordExporter } = lazyRequire(
      '@opentelemetry/sdk-logs',
    ) as typeof OtelSdkLogsModule;
    return new ConsoleLogRecordExporter();
  }
  return new DeferredLogExporter(() => createOtlp<LogRecordExporter>('logs', config), {
    signal: 'logs',
    ...hooks,
  });
}

import { DiagLogLevel } from '@opentelemetry/api';
import { HEALTH_PATHS } from '../core/health/paths.js';
import {
  getBoolean,
  getEnum,
  getList,
  getNumber,
  getString,
  warnInvalid,
  type Environment,
} from './env.js';
import { resolveExporters, type Signal, type SignalExportConfig } from './export-config.js';
import type { SamplerName, SightlineOptions, TemporalityPreference } from './options.js';
import { validateOtelVariables, type LogRecordLimits } from './otel-variables.js';
import { resolvePropagatorNames } from './propagators.js';
import type { UnhandledRejectionMode } from './process-errors.js';
import { readResourceAttributes } from './resource.js';

export type { LogRecordLimits, Signal, SignalExportConfig };

/**
 * Batch processor settings of one signal (`OTEL_BSP_*` for spans, `OTEL_BLRP_*` for logs).
 * Read here because the processors of this OTel line no longer read them for logs, and options
 * passed explicitly (the queue bound) would shadow them for spans.
 *
 * @example
 * ```ts
 * const batch: BatchConfig = resolveConfig({}, process.env).batch.logs;
 * new BatchLogRecordProcessor({ exporter, ...batch });
 * ```
 */
export interface BatchConfig {
  maxQueueSize: number;
  /** At most `maxQueueSize`. */
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

/**
 * Configuration after options, environment and defaults are merged.
 *
 * @example
 * ```ts
 * const config: ResolvedConfig = resolveConfig({ serviceName: 'checkout' });
 * ```
 */
export interface ResolvedConfig {
  disabled: boolean;
  serviceName?: string;
  serviceVersion?: string;
  environment?: string;
  resourceAttributes: Record<string, string | number | boolean>;
  exporters: Record<Signal, SignalExportConfig>;
  /** `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE` (OTLP metric exporters). */
  temporalityPreference: TemporalityPreference;
  /** `OTEL_LOGRECORD_ATTRIBUTE_*_LIMIT`, else `OTEL_ATTRIBUTE_*_LIMIT`. */
  logRecordLimits: LogRecordLimits;
  /** Where `metrics: 'prometheus'` serves its scrape endpoint (`/metrics`). */
  prometheus: { host: string; port: number };
  sampler: SamplerName;
  samplerRatio: number;
  /** `OTEL_PROPAGATORS` names, validated; `['none']` for no propagation. */
  propagators: string[];
  enabledInstrumentations?: string[];
  disabledInstrumentations: string[];
  resourceDetectors: string[];
  logLevel: DiagLogLevel;
  metricExportIntervalMs: number;
  /** The metric reader's export timeout (`OTEL_METRIC_EXPORT_TIMEOUT`), at most the interval. */
  metricExportTimeoutMs: number;
  shutdownTimeoutMs: number;
  handleSignals: boolean;
  batch: { traces: BatchConfig; logs: BatchConfig };
  unsampledPaths: string[];
  captureProcessErrors: boolean;
  unhandledRejections: UnhandledRejectionMode;
}

const REJECTION_MODES: readonly UnhandledRejectionMode[] = ['warn', 'strict', 'none'];
const TEMPORALITIES: readonly TemporalityPreference[] = ['cumulative', 'delta', 'lowmemory'];
const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const LOG_LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/**
 * Merges options over the standard OTel environment variables over defaults. Never throws:
 * an invalid value warns once (naming the variable and the fallback) and the default is used.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ serviceName: 'checkout' }, process.env);
 * config.exporters.traces.url; // 'http://localhost:4318/v1/traces'
 * ```
 */
export function resolveConfig(
  options: SightlineOptions = {},
  env: Environment = process.env,
): ResolvedConfig {
  const { logRecordLimits } = validateOtelVariables(env);
  const metricExportIntervalMs =
    options.metricExportIntervalMs ??
    getNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, { min: 1 });
  const resourceAttributes: Record<string, string | number | boolean> = {
    ...readResourceAttributes(env),
  };
  for (const [key, value] of Object.entries(options.resourceAttributes ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      resourceAttributes[key] = value;
    }
  }
  return {
    disabled: options.disabled ?? getBoolean(env, 'OTEL_SDK_DISABLED', false),
    serviceName: options.serviceName ?? getString(env, 'OTEL_SERVICE_NAME'),
    serviceVersion: options.serviceVersion,
    environment: options.environment,
    resourceAttributes,
    exporters: resolveExporters(options, env),
    temporalityPreference:
      options.temporalityPreference ??
      getEnum(
        env,
        'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
        TEMPORALITIES,
        'cumulative',
      ),
    logRecordLimits,
    prometheus: {
      // "SDK environment variables", Prometheus Exporter: host "localhost", port 9464. (The
      // exporter package itself listens on every interface when no host is given.)
      host:
        options.prometheus?.host ?? getString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? 'localhost',
      port:
        options.prometheus?.port ??
        getNumber(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9_464, { min: 1, max: 65_535 }),
    },
    sampler:
      options.sampler ?? getEnum(env, 'OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on'),
    samplerRatio:
      options.samplerRatio ?? getNumber(env, 'OTEL_TRACES_SAMPLER_ARG', 1, { min: 0, max: 1 }),
    propagators: resolvePropagatorNames(options.propagators, env),
    enabledInstrumentations:
      options.enabledInstrumentations ?? getList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS'),
    disabledInstrumentations:
      options.disabledInstrumentations ?? getList(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? [],
    resourceDetectors: options.resourceDetectors ??
      getList(env, 'OTEL_NODE_RESOURCE_DETECTORS') ?? [
        'env',
        'host',
        'os',
        'process',
        'serviceinstance',
      ],
    logLevel: options.logLevel ?? resolveLogLevel(env),
    metricExportIntervalMs,
    // The reader rejects a timeout above its interval.
    metricExportTimeoutMs: Math.min(
      metricExportIntervalMs,
      options.metricExportTimeoutMs ??
        getNumber(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, { min: 1 }),
    ),
    shutdownTimeoutMs:
      options.shutdownTimeoutMs ??
      getNumber(env, 'SIGHTLINE_SHUTDOWN_TIMEOUT_MS', 2_000, { min: 0 }),
    handleSignals: options.handleSignals ?? true,
    batch: {
      traces: resolveBatch(env, 'OTEL_BSP', options.maxQueueSize, 5_000),
      logs: resolveBatch(env, 'OTEL_BLRP', options.maxQueueSize, 1_000),
    },
    unsampledPaths: options.unsampledPaths ?? [...HEALTH_PATHS],
    captureProcessErrors: options.captureProcessErrors ?? true,
    unhandledRejections:
      options.unhandledRejections ??
      getEnum(env, 'SIGHTLINE_UNHANDLED_REJECTIONS', REJECTION_MODES, 'warn'),
  };
}

/**
 * One signal's batch settings: `<prefix>_MAX_QUEUE_SIZE` (2048, or the `maxQueueSize` option),
 * `_MAX_EXPORT_BATCH_SIZE` (512, capped at the queue), `_SCHEDULE_DELAY` and `_EXPORT_TIMEOUT`
 * (30000), per the OTel environment-variable specification.
 *
 * @example
 * ```ts
 * resolveBatch(process.env, 'OTEL_BLRP', undefined, 1_000).scheduledDelayMillis; // 1000
 * ```
 */
export function resolveBatch(
  env: Environment,
  prefix: 'OTEL_BSP' | 'OTEL_BLRP',
  maxQueueOption: number | undefined,
  defaultDelayMillis: number,
): BatchConfig {
  const maxQueueSize =
    maxQueueOption ?? getNumber(env, `${prefix}_MAX_QUEUE_SIZE`, 2_048, { min: 1 });
  const batchSize = getNumber(env, `${prefix}_MAX_EXPORT_BATCH_SIZE`, 512, { min: 1 });
  return {
    maxQueueSize,
    maxExportBatchSize: Math.min(batchSize, maxQueueSize),
    scheduledDelayMillis: getNumber(env, `${prefix}_SCHEDULE_DELAY`, defaultDelayMillis, {
      min: 0,
    }),
    exportTimeoutMillis: getNumber(env, `${prefix}_EXPORT_TIMEOUT`, 30_000, { min: 0 }),
  };
}

/**
 * Reads `OTEL_LOG_LEVEL` (default `info`). `start()` reads it quietly first, to install the diag
 * logger that every warning — this one included, from `resolveConfig` — goes to.
 *
 * @example
 * ```ts
 * installDiagLogger(resolveLogLevel(process.env, { quiet: true }));
 * ```
 */
export function resolveLogLevel(
  env: Environment = process.env,
  { quiet = false }: { quiet?: boolean } = {},
): DiagLogLevel {
  const value = getString(env, 'OTEL_LOG_LEVEL');
  if (value === undefined) return DiagLogLevel.INFO;
  const level = LOG_LEVELS[value.toLowerCase()];
  if (level !== undefined || quiet) return level ?? DiagLogLevel.INFO;
  warnInvalid(
    'OTEL_LOG_LEVEL',
    value,
    'info',
    ` (expected one of ${Object.keys(LOG_LEVELS).join(', ')})`,
  );
  return DiagLogLevel.INFO;
}

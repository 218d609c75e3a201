import { DiagLogLevel } from '@opentelemetry/api';
import {
  getBoolean,
  getEnum,
  getKeyValues,
  getList,
  getNumber,
  getString,
  warnInvalid,
  type Environment,
} from './env.js';
import type { ExporterKind, OtlpProtocol, SamplerName, SightlineOptions } from './options.js';
import type { UnhandledRejectionMode } from './process-errors.js';

/** The three OTel signals. */
export type Signal = 'traces' | 'metrics' | 'logs';

/** Fully resolved settings for one signal's exporter. */
export interface SignalExportConfig {
  kind: ExporterKind;
  protocol: OtlpProtocol;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

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

/** Configuration after options, environment and defaults are merged. */
export interface ResolvedConfig {
  disabled: boolean;
  serviceName?: string;
  serviceVersion?: string;
  environment?: string;
  resourceAttributes: Record<string, string | number | boolean>;
  exporters: Record<Signal, SignalExportConfig>;
  sampler: SamplerName;
  samplerRatio: number;
  enabledInstrumentations?: string[];
  disabledInstrumentations: string[];
  resourceDetectors: string[];
  logLevel: DiagLogLevel;
  metricExportIntervalMs: number;
  shutdownTimeoutMs: number;
  handleSignals: boolean;
  batch: { traces: BatchConfig; logs: BatchConfig };
  unsampledPaths: string[];
  captureProcessErrors: boolean;
  unhandledRejections: UnhandledRejectionMode;
}

const REJECTION_MODES: readonly UnhandledRejectionMode[] = ['warn', 'strict', 'none'];
const EXPORTER_KINDS: readonly ExporterKind[] = ['otlp', 'console', 'none'];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
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
const DEFAULT_ENDPOINT = 'http://localhost:4318';

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
  const resourceAttributes: Record<string, string | number | boolean> = {
    ...getKeyValues(env, 'OTEL_RESOURCE_ATTRIBUTES'),
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
    exporters: {
      traces: resolveSignal('traces', options, env),
      metrics: resolveSignal('metrics', options, env),
      logs: resolveSignal('logs', options, env),
    },
    sampler:
      options.sampler ?? getEnum(env, 'OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on'),
    samplerRatio:
      options.samplerRatio ?? getNumber(env, 'OTEL_TRACES_SAMPLER_ARG', 1, { min: 0, max: 1 }),
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
    metricExportIntervalMs:
      options.metricExportIntervalMs ??
      getNumber(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, { min: 1 }),
    shutdownTimeoutMs:
      options.shutdownTimeoutMs ??
      getNumber(env, 'SIGHTLINE_SHUTDOWN_TIMEOUT_MS', 2_000, { min: 0 }),
    handleSignals: options.handleSignals ?? true,
    batch: {
      traces: resolveBatch(env, 'OTEL_BSP', options.maxQueueSize, 5_000),
      logs: resolveBatch(env, 'OTEL_BLRP', options.maxQueueSize, 1_000),
    },
    unsampledPaths: options.unsampledPaths ?? ['/healthz', '/readyz', '/livez'],
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
 * Reads `OTEL_LOG_LEVEL` (default `info`). Resolved before everything else so that the
 * warnings about the other variables reach the diag logger.
 *
 * @example
 * ```ts
 * installDiagLogger(resolveLogLevel(process.env));
 * ```
 */
export function resolveLogLevel(env: Environment = process.env): DiagLogLevel {
  const value = getString(env, 'OTEL_LOG_LEVEL')?.toLowerCase();
  if (value === undefined) return DiagLogLevel.INFO;
  const level = LOG_LEVELS[value];
  if (level !== undefined) return level;
  warnInvalid(
    'OTEL_LOG_LEVEL',
    value,
    'info',
    ` (expected one of ${Object.keys(LOG_LEVELS).join(', ')})`,
  );
  return DiagLogLevel.INFO;
}

function resolveSignal(
  signal: Signal,
  options: SightlineOptions,
  env: Environment,
): SignalExportConfig {
  const upper = signal.toUpperCase();
  const kind = options[signal] ?? getEnum(env, `OTEL_${upper}_EXPORTER`, EXPORTER_KINDS, 'otlp');
  const protocol =
    options.protocol ??
    (getString(env, `OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`) !== undefined
      ? getEnum(env, `OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`, PROTOCOLS, 'http/protobuf')
      : getEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, 'http/protobuf'));
  return {
    kind,
    protocol,
    url: resolveUrl(signal, options, env),
    headers: {
      ...getKeyValues(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
      ...getKeyValues(env, `OTEL_EXPORTER_OTLP_${upper}_HEADERS`),
      ...options.headers,
    },
    timeoutMs:
      options.exportTimeoutMs ??
      getNumber(
        env,
        `OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`,
        getNumber(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, { min: 1 }),
        { min: 1 },
      ),
  };
}

/** Per-signal endpoints are used as is; the base endpoint gets `/v1/<signal>` appended. */
function resolveUrl(signal: Signal, options: SightlineOptions, env: Environment): string {
  const upper = signal.toUpperCase();
  const perSignal =
    options.endpoint === undefined
      ? getString(env, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`)
      : undefined;
  if (
    perSignal !== undefined &&
    isHttpUrl(perSignal, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`, 'the base endpoint')
  ) {
    return perSignal;
  }
  let base = options.endpoint ?? getString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? DEFAULT_ENDPOINT;
  if (!isHttpUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT', DEFAULT_ENDPOINT)) base = DEFAULT_ENDPOINT;
  return `${base.replace(/\/+$/, '')}/v1/${signal}`;
}

function isHttpUrl(value: string, name: string, fallback: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return true;
  } catch {
    // fall through to the warning
  }
  warnInvalid(name, value, fallback, ' (expected an http(s) URL)');
  return false;
}

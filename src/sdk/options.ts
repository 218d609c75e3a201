import type { Attributes, DiagLogLevel } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { RedactionPolicy } from '../core/redaction/types.js';

/**
 * Where a signal goes: OTLP, the console (debugging), Zipkin (traces, with
 * `@opentelemetry/exporter-zipkin` installed), a Prometheus scrape endpoint (metrics, with
 * `@opentelemetry/exporter-prometheus` installed), or nowhere.
 *
 * @example
 * ```ts
 * start({ metrics: 'none', logs: ['otlp', 'console'] });
 * ```
 */
export type ExporterKind = 'otlp' | 'console' | 'zipkin' | 'prometheus' | 'none';

/**
 * OTLP transports: protobuf or JSON over HTTP (bundled), or gRPC (when the app installed the
 * `@opentelemetry/exporter-*-otlp-grpc` packages).
 *
 * @example
 * ```ts
 * start({ protocol: 'http/json' });
 * ```
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/**
 * `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`: which instruments report deltas.
 *
 * @example
 * ```ts
 * start({ temporalityPreference: 'delta' });
 * ```
 */
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

/**
 * The OTel standard samplers (`OTEL_TRACES_SAMPLER`).
 *
 * @example
 * ```ts
 * start({ sampler: 'parentbased_traceidratio', samplerRatio: 0.1 });
 * ```
 */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

/**
 * Options of `start()`. Every option overrides its environment variable.
 *
 * @example
 * ```ts
 * start({ serviceName: 'checkout', endpoint: 'http://collector:4318', traces: 'otlp', shutdownTimeoutMs: 1_000 });
 * ```
 */
export interface SightlineOptions {
  /** `OTEL_SDK_DISABLED`. */
  disabled?: boolean;
  /** `OTEL_SERVICE_NAME`; default: the app's package.json name. */
  serviceName?: string;
  /** Default: the app's package.json version. */
  serviceVersion?: string;
  /** `deployment.environment.name`; default from OTEL_RESOURCE_ATTRIBUTES, else `NODE_ENV`. */
  environment?: string;
  /** Extra resource attributes (merged over `OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Attributes;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT` (base URL: OTLP/HTTP appends `v1/<signal>`, gRPC uses it as is). */
  endpoint?: string;
  /** `OTEL_EXPORTER_OTLP_PROTOCOL`. */
  protocol?: OtlpProtocol;
  /** `OTEL_EXPORTER_OTLP_HEADERS`. */
  headers?: Record<string, string>;
  /** `OTEL_EXPORTER_OTLP_TIMEOUT` in ms. */
  exportTimeoutMs?: number;
  /** `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER` / `OTEL_LOGS_EXPORTER`: one or a list. */
  traces?: ExporterKind | ExporterKind[];
  metrics?: ExporterKind | ExporterKind[];
  logs?: ExporterKind | ExporterKind[];
  /** `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`. Default `cumulative`. */
  temporalityPreference?: TemporalityPreference;
  /**
   * The scrape endpoint of `metrics: 'prometheus'`: `OTEL_EXPORTER_PROMETHEUS_HOST` (default
   * `localhost`) and `OTEL_EXPORTER_PROMETHEUS_PORT` (default 9464).
   */
  prometheus?: { host?: string; port?: number };
  /** `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`. */
  sampler?: SamplerName;
  samplerRatio?: number;
  /**
   * `OTEL_PROPAGATORS`: `tracecontext`, `baggage`, `b3` (single header), `b3multi`, `jaeger`,
   * `xray` / `ottrace` (when their package is installed), or `none`. Default
   * `['tracecontext', 'baggage']`.
   */
  propagators?: string[];
  /** `OTEL_NODE_ENABLED_INSTRUMENTATIONS` (names, e.g. `http`, `undici`, `pg`). */
  enabledInstrumentations?: string[];
  /** `OTEL_NODE_DISABLED_INSTRUMENTATIONS`. */
  disabledInstrumentations?: string[];
  /** Extra instrumentation instances to register as they are. */
  instrumentations?: Instrumentation[];
  /** `OTEL_NODE_RESOURCE_DETECTORS` (`env,host,os,process,serviceinstance`, `all`, `none`). */
  resourceDetectors?: string[];
  /** `OTEL_LOG_LEVEL` for the SDK's own diagnostics (stderr). */
  logLevel?: DiagLogLevel;
  /** `OTEL_METRIC_EXPORT_INTERVAL` in ms. */
  metricExportIntervalMs?: number;
  /** `OTEL_METRIC_EXPORT_TIMEOUT` in ms: bound on one metrics export. Default 30000, at most the interval. */
  metricExportTimeoutMs?: number;
  /** `SIGHTLINE_SHUTDOWN_TIMEOUT_MS`: bound on flush + shutdown at exit. Default 2000. */
  shutdownTimeoutMs?: number;
  /** Install SIGTERM/SIGINT/beforeExit handlers. Default true. */
  handleSignals?: boolean;
  /** Both queues; else `OTEL_BSP_MAX_QUEUE_SIZE` (spans) and `OTEL_BLRP_MAX_QUEUE_SIZE` (logs). Default 2048. */
  maxQueueSize?: number;
  /** Server paths whose spans are never sampled (health checks). */
  unsampledPaths?: string[];
  /** Record `uncaughtException` / `unhandledRejection` (never changing exit behaviour the app chose). Default true. */
  captureProcessErrors?: boolean;
  /** `SIGHTLINE_UNHANDLED_REJECTIONS`: `warn` (default), `strict` (exit 1) or `none`. */
  unhandledRejections?: 'warn' | 'strict' | 'none';
  /** Redaction policy applied to span attributes and events before export. */
  redaction?: RedactionPolicy;
}

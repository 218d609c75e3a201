import { diag, metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createRedactor, setDefaultRedactor } from '../core/redaction/index.js';
import { allUnreachable } from './collector-probe.js';
import { resolveConfig, resolveLogLevel, type ResolvedConfig, type Signal } from './config.js';
import {
  createExportFailureReporter,
  installDiagLogger,
  type ExportFailureReporter,
} from './diagnostics.js';
import { createLogExporter, createMetricExporter, createSpanExporter } from './exporters.js';
import { loadInstrumentations } from './instrumentations.js';
import type { LoaderHookMode } from './esm-hook.js';
import { installExitHandlers, withTimeout } from './lifecycle.js';
import type { SightlineOptions } from './options.js';
import { installProcessErrorHandlers } from './process-errors.js';
import { registerProcessMetrics } from './process-metrics.js';
import { RedactingSpanProcessor } from './redacting-span-processor.js';
import { buildResource, readAppPackage, serviceIdentity } from './resource.js';
import { createStandardSampler, UnsampledPathsSampler } from './sampler.js';
import { warnAboutEarlyFrameworks, writeStartupSummary } from './summary.js';
import type * as OtelCoreModule from '@opentelemetry/core';
import type * as OtelInstrumentationModule from '@opentelemetry/instrumentation';
import type * as OtelSdkLogsModule from '@opentelemetry/sdk-logs';
import type * as OtelSdkMetricsModule from '@opentelemetry/sdk-metrics';
import type * as OtelSdkTraceNodeModule from '@opentelemetry/sdk-trace-node';
import { lazyRequire } from './lazy-require.js';
import { ATTR_SERVICE_NAME } from './semconv.js';
import type * as NodeModule from 'node:module';

/**
 * A running SDK: its providers and lifecycle.
 *
 * @example
 * ```ts
 * const sdk = start();
 * await sdk?.flush();
 * ```
 */
export interface SightlineSdk {
  readonly config: ResolvedConfig;
  readonly resource: Resource;
  /** `service.name` of the resource. */
  readonly serviceName: string;
  readonly tracerProvider: NodeTracerProvider;
  readonly meterProvider: MeterProvider;
  readonly loggerProvider: LoggerProvider;
  /** Names of the enabled instrumentations. */
  readonly instrumentations: readonly string[];
  /** Whether the preload registered the ESM loader hook (`off` for `start()` and `--require`). */
  readonly loaderHook: LoaderHookMode;
  readonly exportFailures: ExportFailureReporter;
  /** Exports everything buffered, within the shutdown bound. */
  flush(): Promise<void>;
  /** Flushes and shuts down every provider within the bound. Idempotent. */
  shutdown(): Promise<{ timedOut: boolean }>;
}

const STATE = Symbol.for('sightline.sdk');
/** Longest wait, at exit, for a TCP answer from the collector's address. */
const PROBE_TIMEOUT_MS = 250;
const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

/** The OTLP endpoint of every signal exported over OTLP. */
function otlpUrls(config: ResolvedConfig): string[] {
  return SIGNALS.filter((signal) => config.exporters[signal].kind === 'otlp').map(
    (signal) => config.exporters[signal].url,
  );
}
type GlobalWithSdk = typeof globalThis & { [STATE]?: SightlineSdk };

/**
 * Returns the running SDK, if `start()` (or the preload) started one in this process.
 *
 * @example
 * ```ts
 * await getSdk()?.flush();
 * ```
 */
export function getSdk(): SightlineSdk | undefined {
  return (globalThis as GlobalWithSdk)[STATE];
}

/**
 * Starts traces, metrics and logs: OTLP exporters, resource, W3C propagators, batch processors
 * with bounded queues, a periodic metric reader, the lean instrumentation set and bounded exit
 * handling. Options override the standard `OTEL_*` variables. Synchronous, so it also works
 * from `--require`. Returns `undefined` when disabled (`OTEL_SDK_DISABLED=true`); a second call
 * returns the running SDK.
 *
 * @example
 * ```ts
 * import { start } from 'sightline';
 * const sdk = start({ serviceName: 'checkout' });
 * // …
 * await sdk?.shutdown();
 * ```
 */
export function start(
  options: SightlineOptions = {},
  preload: { loaderHook?: LoaderHookMode } = {},
): SightlineSdk | undefined {
  const running = getSdk();
  if (running) {
    diag.warn('sightline: start() called twice; keeping the running SDK');
    return running;
  }
  const diagLogger = installDiagLogger(options.logLevel ?? resolveLogLevel());
  const config = resolveConfig(options);
  if (config.disabled) {
    diag.disable();
    return undefined;
  }
  const exportFailures = createExportFailureReporter();
  diagLogger.reporter = exportFailures;
  const app = readAppPackage();
  const identity = serviceIdentity(config, app);
  const resource = buildResource(config, app, identity);
  if (options.redaction) setDefaultRedactor(createRedactor(options.redaction));

  const tracerProvider = startTraces(config, resource);
  const meterProvider = startMetrics(config, resource);
  const loggerProvider = startLogs(config, resource);

  const loaded = loadInstrumentations(
    config.enabledInstrumentations,
    config.disabledInstrumentations,
  );
  const instrumentations: Instrumentation[] = [
    ...loaded.instrumentations,
    ...(options.instrumentations ?? []),
  ];
  const { registerInstrumentations } = lazyRequire(
    '@opentelemetry/instrumentation',
  ) as typeof OtelInstrumentationModule;
  registerInstrumentations({ instrumentations, tracerProvider, meterProvider, loggerProvider });
  patchBuiltinsForEsm();

  let shutdownResult: Promise<{ timedOut: boolean }> | undefined;
  let uninstall = () => {};
  const providers = [tracerProvider, meterProvider, loggerProvider];
  const sdk: SightlineSdk = {
    config,
    resource,
    serviceName: String(identity[ATTR_SERVICE_NAME]),
    tracerProvider,
    meterProvider,
    loggerProvider,
    instrumentations: loaded.names,
    loaderHook: preload.loaderHook ?? 'off',
    exportFailures,
    async flush() {
      await withTimeout(
        () => Promise.all(providers.map((provider) => provider.forceFlush())),
        config.shutdownTimeoutMs,
      );
    },
    shutdown() {
      shutdownResult ??= (async () => {
        uninstall();
        const startedAt = performance.now();
        // With nothing listening at the collector's address, the exporters would retry until
        // the bound: a refused connection is proof enough, so exit without waiting.
        const probeMs = Math.min(PROBE_TIMEOUT_MS, config.shutdownTimeoutMs / 4);
        const unreachable = await allUnreachable(otlpUrls(config), probeMs);
        const remainingMs = unreachable
          ? 0
          : Math.max(0, config.shutdownTimeoutMs - (performance.now() - startedAt));
        const finished = await withTimeout(
          () => Promise.all(providers.map((provider) => provider.shutdown())),
          remainingMs,
        );
        // Instrumentations stay patched: after shutdown they record into stopped providers
        // (no-ops), and un-patching a server the Hono adapter already took over would only
        // make shimmer complain on stderr.
        delete (globalThis as GlobalWithSdk)[STATE];
        if (unreachable && !finished) {
          diag.warn(
            `sightline: no collector reachable at ${unreachable} at exit; unsent telemetry dropped`,
          );
        } else if (!finished) {
          diag.warn(
            `sightline: shutdown took longer than ${config.shutdownTimeoutMs} ms; unsent telemetry dropped`,
          );
        }
        return { timedOut: !finished };
      })();
      return shutdownResult;
    },
  };
  (globalThis as GlobalWithSdk)[STATE] = sdk;
  const uninstallExit = config.handleSignals ? installExitHandlers(sdk) : () => {};
  const uninstallErrors = config.captureProcessErrors
    ? installProcessErrorHandlers(sdk, config.unhandledRejections)
    : () => {};
  uninstall = () => {
    uninstallExit();
    uninstallErrors();
  };
  warnAboutEarlyFrameworks();
  writeStartupSummary(sdk);
  return sdk;
}

/**
 * Flushes and shuts down the running SDK (no-op when none runs).
 *
 * @example
 * ```ts
 * process.on('SIGUSR2', () => void shutdown());
 * ```
 */
export async function shutdown(): Promise<void> {
  await getSdk()?.shutdown();
}

/**
 * Exports everything buffered by the running SDK (no-op when none runs).
 *
 * @example
 * ```ts
 * await flush(); // e.g. at the end of a serverless invocation
 * ```
 */
export async function flush(): Promise<void> {
  await getSdk()?.flush();
}

function startTraces(config: ResolvedConfig, resource: Resource): NodeTracerProvider {
  const { NodeTracerProvider, BatchSpanProcessor } = lazyRequire(
    '@opentelemetry/sdk-trace-node',
  ) as typeof OtelSdkTraceNodeModule;
  const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = lazyRequire(
    '@opentelemetry/core',
  ) as typeof OtelCoreModule;
  const exporter = createSpanExporter(config.exporters.traces);
  const provider = new NodeTracerProvider({
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
  });
  provider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  return provider;
}

function startMetrics(config: ResolvedConfig, resource: Resource): MeterProvider {
  const { MeterProvider, PeriodicExportingMetricReader } = lazyRequire(
    '@opentelemetry/sdk-metrics',
  ) as typeof OtelSdkMetricsModule;
  const exporter = createMetricExporter(config.exporters.metrics);
  const provider = new MeterProvider({
    resource,
    readers: exporter
      ? [
          new PeriodicExportingMetricReader({
            exporter,
            exportIntervalMillis: config.metricExportIntervalMs,
            exportTimeoutMillis: Math.min(
              config.exporters.metrics.timeoutMs,
              config.metricExportIntervalMs,
            ),
          }),
        ]
      : [],
  });
  metrics.setGlobalMeterProvider(provider);
  registerProcessMetrics(provider.getMeter('sightline'));
  return provider;
}

function startLogs(config: ResolvedConfig, resource: Resource): LoggerProvider {
  const { LoggerProvider, BatchLogRecordProcessor } = lazyRequire(
    '@opentelemetry/sdk-logs',
  ) as typeof OtelSdkLogsModule;
  const exporter = createLogExporter(config.exporters.logs);
  const provider = new LoggerProvider({
    resource,
    processors: exporter ? [new BatchLogRecordProcessor({ exporter, ...config.batch.logs })] : [],
  });
  logs.setGlobalLoggerProvider(provider);
  return provider;
}

/**
 * ESM apps import `node:http` without `require`, so require-in-the-middle never sees it. The
 * builtins are the same objects either way: requiring them here lets the HTTP instrumentation
 * patch them now (the server patch is on `Server.prototype`), and syncing the builtin ESM
 * facades makes ESM named imports (`import { request } from 'node:http'`) see the patched
 * functions. This is what made the loader hook unnecessary for the default instrumentations.
 */
function patchBuiltinsForEsm(): void {
  lazyRequire('node:http');
  lazyRequire('node:https');
  (lazyRequire('node:module') as typeof NodeModule).syncBuiltinESMExports();
}

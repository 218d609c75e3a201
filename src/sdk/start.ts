import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createRedactor, setDefaultRedactor } from '../core/redaction/index.js';
import { resolveConfig, resolveLogLevel, type ResolvedConfig, type Signal } from './config.js';
import { installDiagLogger } from './diagnostics.js';
import { createExportFailureReporter, type ExportFailureReporter } from './export-failures.js';
import { installedContribs, loadInstrumentations } from './instrumentations.js';
import type { LoaderHookMode } from './esm-hook.js';
import { installExitHandlers, withTimeout } from './lifecycle.js';
import type { SightlineOptions } from './options.js';
import { installProcessErrorHandlers } from './process-errors.js';
import { startLogs, startMetrics, startTraces } from './providers.js';
import { buildResource, readAppPackage, serviceIdentity } from './resource.js';
import { warnAboutEarlyFrameworks, writeStartupSummary } from './summary.js';
import type * as OtelInstrumentationModule from '@opentelemetry/instrumentation';
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
  return SIGNALS.filter((signal) => config.exporters[signal].kinds.includes('otlp')).map(
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
 * Starts traces, metrics and logs: OTLP exporters, resource, propagators (`OTEL_PROPAGATORS`,
 * W3C by default), batch processors with bounded queues, a periodic metric reader, the lean
 * instrumentation set and bounded exit handling. Options override the standard `OTEL_*`
 * variables. Synchronous, so it also works from `--require`. Returns `undefined` when disabled
 * (`OTEL_SDK_DISABLED=true`); a second call returns the running SDK.
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
  // Quietly here: resolveConfig warns about a bad OTEL_LOG_LEVEL, once this logger can print it.
  const diagLogger = installDiagLogger(
    options.logLevel ?? resolveLogLevel(process.env, { quiet: true }),
  );
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

  const tracerProvider = startTraces(config, resource, exportFailures);
  const meterProvider = startMetrics(config, resource, exportFailures);
  const loggerProvider = startLogs(config, resource, exportFailures);

  const loaded = loadInstrumentations(
    config.enabledInstrumentations,
    config.disabledInstrumentations,
    installedContribs,
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
        // Loaded here, not at start-up: only shutdown probes.
        const { allUnreachable } = await import('./collector-probe.js');
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

import { resolveOtlpUrl } from './endpoint.js';
import {
  getEnum,
  getKeyValues,
  getList,
  getNumber,
  getString,
  warnInvalid,
  warnInvalidOption,
  type Environment,
} from './env.js';
import { installCommand, isInstalled } from './optional-packages.js';
import type { ExporterKind, OtlpProtocol, SightlineOptions } from './options.js';

/**
 * The three OTel signals.
 *
 * @example
 * ```ts
 * const signal: Signal = 'traces';
 * ```
 */
export type Signal = 'traces' | 'metrics' | 'logs';

/**
 * Fully resolved settings for one signal's exporters.
 *
 * @example
 * ```ts
 * const traces: SignalExportConfig = resolveConfig().exporters.traces;
 * ```
 */
export interface SignalExportConfig {
  /** Where the signal goes, in order; empty for `none`. */
  kinds: SignalExporter[];
  /** The OTLP transport (what `protocol` asked for, unless gRPC is not installed). */
  protocol: OtlpProtocol;
  /** The OTLP URL (gRPC: the endpoint as given). */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

/**
 * The OTel gRPC exporter of each signal: not a Sightline dependency (it brings `@grpc/grpc-js`);
 * used when the app installed it, loaded only when a signal exports over gRPC.
 *
 * @example
 * ```ts
 * GRPC_EXPORTERS.traces; // '@opentelemetry/exporter-trace-otlp-grpc'
 * ```
 */
export const GRPC_EXPORTERS: Readonly<Record<Signal, string>> = {
  traces: '@opentelemetry/exporter-trace-otlp-grpc',
  metrics: '@opentelemetry/exporter-metrics-otlp-grpc',
  logs: '@opentelemetry/exporter-logs-otlp-grpc',
};

/**
 * The protocol asked for, and where: the option, else the per-signal variable, else the general
 * one. An invalid per-signal value falls back to the general one, not to the default: "SDK
 * environment variables" (Enum) says an unrecognised value is ignored, as if unset.
 */
function requestedProtocol(
  signal: Signal,
  options: SightlineOptions,
  env: Environment,
): { protocol: OtlpProtocol; source: string } {
  const option = options.protocol;
  if (option !== undefined && PROTOCOLS.includes(option)) {
    return { protocol: option, source: 'option' };
  }
  const general = getEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS, 'http/protobuf');
  const name = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`;
  const protocol = getEnum(env, name, PROTOCOLS, general);
  if (option !== undefined) {
    warnInvalidOption('protocol', option, protocol, ` (expected one of ${PROTOCOLS.join(', ')})`);
  }
  const fromSignal = getString(env, name) !== undefined && protocol !== general;
  return { protocol, source: fromSignal ? name : 'OTEL_EXPORTER_OTLP_PROTOCOL' };
}

/**
 * Every signal's exporter settings: kinds, protocol, URL, headers and timeout, options over
 * per-signal variables over general ones over defaults. gRPC is used when the app installed the
 * OTel gRPC exporter packages; otherwise one warning names the `npm install` command and
 * http/protobuf goes to the same host (port 4318 for 4317, see `resolveOtlpUrl`).
 *
 * @example
 * ```ts
 * resolveExporters({}, {}).traces.url; // 'http://localhost:4318/v1/traces'
 * ```
 */
export function resolveExporters(
  options: SightlineOptions,
  env: Environment,
  installed: (packageName: string) => boolean = isInstalled,
): Record<Signal, SignalExportConfig> {
  const missing: Array<{ signal: Signal; source: string }> = [];
  const resolve = (signal: Signal): SignalExportConfig => {
    const kinds = resolveExporterKinds(signal, options[signal], env, installed);
    const { protocol, source } = requestedProtocol(signal, options, env);
    const grpcFallback =
      protocol === 'grpc' && kinds.includes('otlp') && !installed(GRPC_EXPORTERS[signal]);
    if (grpcFallback) missing.push({ signal, source });
    return {
      kinds,
      protocol: grpcFallback ? 'http/protobuf' : protocol,
      url: resolveOtlpUrl({ signal, protocol, grpcFallback }, options, env),
      ...transportSettings(signal, options, env),
    };
  };
  const exporters = {
    traces: resolve('traces'),
    metrics: resolve('metrics'),
    logs: resolve('logs'),
  };
  reportMissingGrpc(missing, exporters);
  return exporters;
}

/** One warning for every signal that asked for gRPC without its package. */
function reportMissingGrpc(
  missing: ReadonlyArray<{ signal: Signal; source: string }>,
  exporters: Record<Signal, SignalExportConfig>,
): void {
  const [first] = missing;
  if (!first) return;
  const command = installCommand(missing.map(({ signal }) => GRPC_EXPORTERS[signal]));
  const fallback = `http/protobuf to ${missing.map(({ signal }) => exporters[signal].url).join(', ')}`;
  const hint = ` (the OTel gRPC exporters are not installed: ${command})`;
  if (first.source === 'option') warnInvalidOption('protocol', 'grpc', fallback, hint);
  else warnInvalid(first.source, 'grpc', fallback, hint);
}

function transportSettings(
  signal: Signal,
  options: SightlineOptions,
  env: Environment,
): Pick<SignalExportConfig, 'headers' | 'timeoutMs'> {
  const upper = signal.toUpperCase();
  return {
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

/**
 * An exporter a signal can use (`none` is the empty list).
 *
 * @example
 * ```ts
 * const kinds: SignalExporter[] = ['otlp', 'console'];
 * ```
 */
export type SignalExporter = Exclude<ExporterKind, 'none'>;

/** The known values of `OTEL_<SIGNAL>_EXPORTER` ("Exporter selection"), `logging` excepted. */
const KNOWN: Record<Signal, readonly SignalExporter[]> = {
  traces: ['otlp', 'console', 'zipkin'],
  metrics: ['otlp', 'console', 'prometheus'],
  logs: ['otlp', 'console'],
};

/** Exporters that are not Sightline dependencies: they work when the app installed them. */
const OPTIONAL: Partial<Record<SignalExporter, string>> = {
  zipkin: '@opentelemetry/exporter-zipkin',
  prometheus: '@opentelemetry/exporter-prometheus',
};

/**
 * A signal's exporters: the option (one or a list), else `OTEL_<SIGNAL>_EXPORTER` (a
 * comma-separated list, case-insensitive, duplicates removed), else `otlp`. `none` anywhere
 * means none (the others are named in a warning). An unknown name, or one whose package is not
 * installed, is skipped with one warning (the install command included); when nothing usable is
 * left, the default `otlp` applies, as for any unrecognised value ("SDK environment
 * variables", Enum: "gracefully ignore the setting").
 *
 * @example
 * ```ts
 * resolveExporterKinds('traces', undefined, { OTEL_TRACES_EXPORTER: 'otlp,console' }); // ['otlp', 'console']
 * resolveExporterKinds('logs', undefined, { OTEL_LOGS_EXPORTER: 'none' }); // []
 * ```
 */
export function resolveExporterKinds(
  signal: Signal,
  option: ExporterKind | readonly ExporterKind[] | undefined,
  env: Environment,
  installed: (packageName: string) => boolean = isInstalled,
): SignalExporter[] {
  const name = `OTEL_${signal.toUpperCase()}_EXPORTER`;
  const requested = option === undefined ? getList(env, name) : [option].flat();
  if (requested === undefined || requested.length === 0) return ['otlp'];
  const names = [...new Set(requested.map((kind) => String(kind).trim().toLowerCase()))];
  const warn = (value: string, fallback: string, hint: string) => {
    if (option === undefined) warnInvalid(name, value, fallback, hint);
    else warnInvalidOption(signal, value, fallback, hint);
  };
  if (names.includes('none')) {
    for (const other of names) if (other !== 'none') warn(other, 'none', ' (listed with none)');
    return [];
  }
  const problems: Array<[value: string, hint: string]> = [];
  const usable = names.filter((kind): kind is SignalExporter => {
    if (!(KNOWN[signal] as readonly string[]).includes(kind)) {
      problems.push([kind, ` (expected ${KNOWN[signal].join(', ')} or none)`]);
      return false;
    }
    const packageName = OPTIONAL[kind as SignalExporter];
    if (packageName && !installed(packageName)) {
      problems.push([kind, ` (not installed: ${installCommand([packageName])})`]);
      return false;
    }
    return true;
  });
  const result: SignalExporter[] = usable.length > 0 ? usable : ['otlp'];
  for (const [value, hint] of problems) warn(value, result.join(','), hint);
  return result;
}

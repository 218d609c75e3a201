import {
  getEnum,
  getKeyValues,
  getNumber,
  getString,
  rejectVariable,
  warnInvalidOption,
  type Environment,
} from './env.js';
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
 * Fully resolved settings for one signal's exporter.
 *
 * @example
 * ```ts
 * const traces: SignalExportConfig = resolveConfig().exporters.traces;
 * ```
 */
export interface SignalExportConfig {
  kind: ExporterKind;
  protocol: OtlpProtocol;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

const EXPORTER_KINDS: readonly ExporterKind[] = ['otlp', 'console', 'none'];
const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];
const DEFAULT_ENDPOINT = 'http://localhost:4318';

/**
 * One signal's exporter settings: kind, protocol, URL, headers and timeout, options over
 * per-signal variables over general ones over defaults.
 *
 * @example
 * ```ts
 * resolveSignalExport('traces', {}, {}).url; // 'http://localhost:4318/v1/traces'
 * ```
 */
export function resolveSignalExport(
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

const URL_HINT = ' (expected an http(s) URL)';

/**
 * The `endpoint` option (the base URL), else the per-signal variable (used as is), else
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, else the default; the base gets `/v1/<signal>` appended. A value
 * that is not an http(s) URL is skipped with a warning naming the option or variable it came from.
 */
function resolveUrl(signal: Signal, options: SightlineOptions, env: Environment): string {
  const withPath = (base: string) => `${base.replace(/\/+$/, '')}/v1/${signal}`;
  const { endpoint } = options;
  if (endpoint !== undefined && isHttpUrl(endpoint)) return withPath(endpoint);
  const base = resolveBaseEndpoint(env);
  if (endpoint !== undefined) {
    // Ignored as if it were not given; per-signal variables still yield to it (all or nothing).
    warnInvalidOption('endpoint', endpoint, base, URL_HINT);
    return withPath(base);
  }
  const name = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`;
  const perSignal = getString(env, name);
  if (perSignal === undefined) return withPath(base);
  if (isHttpUrl(perSignal)) return perSignal;
  rejectVariable(name, perSignal, undefined, URL_HINT, withPath(base));
  return withPath(base);
}

function resolveBaseEndpoint(env: Environment): string {
  const value = getString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (value === undefined) return DEFAULT_ENDPOINT;
  if (isHttpUrl(value)) return value;
  rejectVariable('OTEL_EXPORTER_OTLP_ENDPOINT', value, undefined, URL_HINT, DEFAULT_ENDPOINT);
  return DEFAULT_ENDPOINT;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

import { getString, rejectVariable, warnInvalidOption, type Environment } from './env.js';
import type { OtlpProtocol, SightlineOptions } from './options.js';

/** Per the OTLP exporter specification: OTLP/HTTP on 4318, OTLP/gRPC on 4317. */
const DEFAULT_HTTP_ENDPOINT = 'http://localhost:4318';
const DEFAULT_GRPC_ENDPOINT = 'http://localhost:4317';
const URL_HINT = ' (expected an http(s) URL)';

/**
 * How a signal's OTLP URL is built: for the transport it uses, and whether that transport is
 * http/protobuf standing in for gRPC (see {@link resolveOtlpUrl}).
 *
 * @example
 * ```ts
 * const plan: UrlPlan = { signal: 'traces', protocol: 'grpc' };
 * ```
 */
export interface UrlPlan {
  signal: 'traces' | 'metrics' | 'logs';
  protocol: OtlpProtocol;
  /** gRPC was asked for but is not installed: http/protobuf goes to the same host instead. */
  grpcFallback?: boolean;
}

/**
 * Appends `v1/<signal>` to a base URL with exactly one `/` between them: the OTLP exporter
 * specification ("Endpoint URLs for OTLP/HTTP") adds a slash only when the base has none, and
 * an SDK "MUST NOT modify the URL in ways other than specified", so `…/otlp//` stays as it is.
 *
 * @example
 * ```ts
 * signalUrl('http://collector:4318/otlp', 'traces'); // 'http://collector:4318/otlp/v1/traces'
 * ```
 */
export function signalUrl(base: string, signal: string): string {
  return `${base}${base.endsWith('/') ? '' : '/'}v1/${signal}`;
}

/**
 * gRPC asked for, http/protobuf used: the collector's OTLP/HTTP port stands in for its gRPC port
 * (4317 → 4318, the two defaults of the OTLP specification); a gRPC endpoint has no path, so
 * the OTLP/HTTP one is appended. Any other port is kept: nothing tells which one to use.
 */
function fromGrpc(url: string, signal: string): string {
  const parsed = new URL(url);
  if (parsed.port === '4317') parsed.port = '4318';
  const base = parsed.toString();
  return signalUrl(parsed.pathname === '/' ? base.slice(0, -1) : base, signal);
}

/**
 * A signal's export URL: the `endpoint` option (a base URL), else
 * `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT` (used as it is), else `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (a base URL), else the protocol's default. OTLP/HTTP appends `v1/<signal>` to a base URL;
 * gRPC uses the endpoint as it is (the exporter takes host and port). A value that is not an
 * http(s) URL is skipped with one warning naming where it came from.
 *
 * @example
 * ```ts
 * resolveOtlpUrl({ signal: 'logs', protocol: 'http/protobuf' }, {}, {}); // 'http://localhost:4318/v1/logs'
 * ```
 */
export function resolveOtlpUrl(plan: UrlPlan, options: SightlineOptions, env: Environment): string {
  const { signal, protocol, grpcFallback = false } = plan;
  const grpc = protocol === 'grpc' || grpcFallback;
  const finish = (url: string, base: boolean): string => {
    if (grpcFallback) return fromGrpc(url, signal);
    return base && !grpc ? signalUrl(url, signal) : url;
  };
  const { endpoint } = options;
  if (endpoint !== undefined && isHttpUrl(endpoint)) return finish(endpoint, true);
  const base = resolveBase(env, grpc ? DEFAULT_GRPC_ENDPOINT : DEFAULT_HTTP_ENDPOINT);
  if (endpoint !== undefined) {
    // Ignored as if it were not given; per-signal variables still yield to it (all or nothing).
    warnInvalidOption('endpoint', endpoint, base, URL_HINT);
    return finish(base, true);
  }
  const name = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`;
  const perSignal = getString(env, name);
  if (perSignal === undefined) return finish(base, true);
  if (isHttpUrl(perSignal)) return finish(perSignal, false);
  rejectVariable(name, perSignal, undefined, URL_HINT, finish(base, true));
  return finish(base, true);
}

function resolveBase(env: Environment, fallback: string): string {
  const value = getString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (value === undefined) return fallback;
  if (isHttpUrl(value)) return value;
  rejectVariable('OTEL_EXPORTER_OTLP_ENDPOINT', value, undefined, URL_HINT, fallback);
  return fallback;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

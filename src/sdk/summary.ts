import { diag } from '@opentelemetry/api';
import { SDK_VERSION } from '../version.js';
import { lazyRequire } from './lazy-require.js';
import type { SightlineSdk } from './start.js';

/** Frameworks whose instrumentation needs the SDK to start before they load. */
const FRAMEWORKS = ['hono', '@hono/node-server', 'express', 'fastify', 'koa'];

/**
 * Writes the one start-up summary line (info level): version, service, endpoint, signals,
 * instrumentations. Header values are never printed, only their names.
 *
 * @example
 * ```ts
 * writeStartupSummary(sdk);
 * // [sightline] info: sightline 0.1.0 started: service=checkout …
 * ```
 */
export function writeStartupSummary(sdk: SightlineSdk): void {
  const { exporters } = sdk.config;
  const signals = (['traces', 'metrics', 'logs'] as const)
    .map((signal) => `${signal}=${exporters[signal].kinds.join('+') || 'none'}`)
    .join(',');
  const headerNames = Object.keys(exporters.traces.headers);
  const headers =
    headerNames.length === 0
      ? ''
      : ` headers=${headerNames.map((name) => `${name}=[REDACTED]`).join(',')}`;
  const { host, port } = sdk.config.prometheus;
  const scrape = exporters.metrics.kinds.includes('prometheus')
    ? ` prometheus=http://${host}:${port}/metrics`
    : '';
  diag.info(
    `sightline ${SDK_VERSION} started: service=${sdk.serviceName} ` +
      `endpoint=${stripCredentials(exporters.traces.url.replace(/\/v1\/traces$/, ''))} protocol=${exporters.traces.protocol} ` +
      `signals=${signals}${scrape} instrumentations=${sdk.instrumentations.join(',') || 'none'} esm_hook=${sdk.loaderHook}${headers} node=${process.version}`,
  );
}

function stripCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = 'REDACTED';
      parsed.password = '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Warns when a supported framework was loaded (via `require`) before the SDK started: its
 * instrumentation hooks missed it, so requests may produce no spans.
 *
 * @example
 * ```ts
 * warnAboutEarlyFrameworks();
 * ```
 */
export function warnAboutEarlyFrameworks(): void {
  const loaded = Object.keys(lazyRequire.cache);
  for (const framework of FRAMEWORKS) {
    const marker = `/node_modules/${framework}/`;
    if (loaded.some((path) => path.includes(marker))) {
      diag.warn(
        `sightline: ${framework} was loaded before the SDK started; preload it with "node --import sightline/register" so it is instrumented`,
      );
    }
  }
}

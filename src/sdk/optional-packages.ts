import { createRequire } from 'node:module';
import { join } from 'node:path';
import { lazyRequire } from './lazy-require.js';

/**
 * The version of the experimental OTel JS packages (`0.x`) Sightline is built on. Optional
 * packages the app installs (gRPC exporters, Prometheus, Zipkin) must come from the same line,
 * or they bring a second copy of the SDK packages; install hints name this version.
 *
 * @example
 * ```ts
 * `npm install @opentelemetry/exporter-prometheus@${OTEL_EXPERIMENTAL_VERSION}`;
 * ```
 */
export const OTEL_EXPERIMENTAL_VERSION = '0.223.0';

/** Stable-line packages (`@opentelemetry/exporter-zipkin` is versioned with the SDK 2.x). */
const OTEL_STABLE_VERSION = '2.12.0';

const STABLE_PACKAGES = new Set(['@opentelemetry/exporter-zipkin']);

/** Loaders tried in order: Sightline's own location, then the app's working directory. */
function loaders(): NodeJS.Require[] {
  return [lazyRequire, createRequire(join(process.cwd(), 'package.json'))];
}

function loaderFor(packageName: string): NodeJS.Require | undefined {
  for (const load of loaders()) {
    try {
      load.resolve(packageName);
      return load;
    } catch {
      // Not resolvable from there.
    }
  }
  return undefined;
}

/**
 * Whether an optional package resolves, from Sightline or from the app (hoisted installs and
 * strict layouts such as pnpm's). Only resolves: nothing is loaded.
 *
 * @example
 * ```ts
 * if (isInstalled('@opentelemetry/exporter-prometheus')) {
 *   // serve the scrape endpoint
 * }
 * ```
 */
export function isInstalled(packageName: string): boolean {
  return loaderFor(packageName) !== undefined;
}

/**
 * Loads an optional package (see {@link isInstalled}); throws when it is not installed.
 *
 * @example
 * ```ts
 * const { PrometheusExporter } = requireOptional('@opentelemetry/exporter-prometheus');
 * ```
 */
export function requireOptional<T = Record<string, unknown>>(packageName: string): T {
  const load = loaderFor(packageName);
  if (!load) throw new Error(`${packageName} is not installed`);
  return load(packageName) as T;
}

/**
 * Loads `dependency` as `packageName` itself would (its own copy, wherever the package manager
 * put it).
 *
 * @example
 * ```ts
 * const { Metadata } = requireBeside('@opentelemetry/exporter-trace-otlp-grpc', '@grpc/grpc-js');
 * ```
 */
export function requireBeside<T = Record<string, unknown>>(
  packageName: string,
  dependency: string,
): T {
  const load = loaderFor(packageName);
  if (!load) throw new Error(`${packageName} is not installed`);
  return createRequire(load.resolve(packageName))(dependency) as T;
}

/**
 * The `npm install` command for optional packages, pinned to the OTel line Sightline uses.
 *
 * @example
 * ```ts
 * installCommand(['@opentelemetry/exporter-trace-otlp-grpc']);
 * // 'npm install @opentelemetry/exporter-trace-otlp-grpc@0.223.0'
 * ```
 */
export function installCommand(packageNames: readonly string[]): string {
  const pinned = packageNames.map(
    (name) =>
      `${name}@${STABLE_PACKAGES.has(name) ? OTEL_STABLE_VERSION : OTEL_EXPERIMENTAL_VERSION}`,
  );
  return `npm install ${pinned.join(' ')}`;
}

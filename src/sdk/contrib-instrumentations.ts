import { dirname, extname, resolve } from 'node:path';
import { readAppPackage } from '../core/telemetry/resource-facts.js';
import { getList, type Environment } from './env.js';
import { lazyRequire } from './lazy-require.js';
import { packageFolderIndex } from './package-folders.js';

/**
 * Contrib instrumentations Sightline knows, by their `OTEL_NODE_*_INSTRUMENTATIONS` name, with
 * the packages each instruments (any one installed counts). An empty list marks Node builtins:
 * every app "has" them and their spans are noisy, so they are used only when named in
 * `OTEL_NODE_ENABLED_INSTRUMENTATIONS`.
 */
const CONTRIB: Readonly<Record<string, readonly string[]>> = {
  amqplib: ['amqplib'],
  'aws-sdk': [
    '@aws-sdk/middleware-stack',
    '@aws-sdk/smithy-client',
    '@smithy/middleware-stack',
    '@smithy/smithy-client',
    '@smithy/core',
  ],
  bunyan: ['bunyan'],
  'cassandra-driver': ['cassandra-driver'],
  connect: ['connect'],
  dataloader: ['dataloader'],
  dns: [],
  express: ['express'],
  fastify: ['fastify'],
  fs: [],
  'generic-pool': ['generic-pool'],
  graphql: ['graphql'],
  grpc: ['@grpc/grpc-js'],
  hapi: ['@hapi/hapi'],
  ioredis: ['ioredis'],
  kafkajs: ['kafkajs'],
  knex: ['knex'],
  koa: ['koa'],
  'lru-memoizer': ['lru-memoizer'],
  memcached: ['memcached'],
  mongodb: ['mongodb'],
  mongoose: ['mongoose'],
  mysql: ['mysql'],
  mysql2: ['mysql2'],
  'nestjs-core': ['@nestjs/core'],
  net: [],
  openai: ['openai'],
  oracledb: ['oracledb'],
  pg: ['pg'],
  pino: ['pino'],
  redis: ['redis', '@redis/client', '@node-redis/client'],
  restify: ['restify'],
  router: ['router'],
  'socket.io': ['socket.io'],
  tedious: ['tedious'],
};
const AUTO_INSTRUMENTATIONS = '@opentelemetry/auto-instrumentations-node';

/**
 * Names of every contrib instrumentation Sightline can load.
 *
 * @example
 * ```ts
 * CONTRIB_INSTRUMENTATIONS.includes('ioredis'); // true
 * ```
 */
export const CONTRIB_INSTRUMENTATIONS: readonly string[] = Object.keys(CONTRIB);

let detected: { key: string; names: string[] } | undefined;
/** `resolveContrib` answers by name and directories: detection and loading ask the same. */
const resolvedContribs = new Map<string, string | undefined>();

/**
 * Where the app resolves packages from: its package.json directory, the entry script's
 * directory and the working directory.
 *
 * @example
 * ```ts
 * appDirectories(); // ['/srv/app', '/srv/app/dist']
 * ```
 */
export function appDirectories(entry = process.argv[1]): string[] {
  const dirs = [process.cwd()];
  if (entry) {
    dirs.unshift(dirname(resolve(entry)));
    const app = readAppPackage(entry).dir;
    if (app) dirs.unshift(app);
  }
  return [...new Set(dirs)];
}

/**
 * The contrib instrumentations to use when `OTEL_NODE_ENABLED_INSTRUMENTATIONS` is unset: those
 * whose package resolves from the app (on its own, or bundled with
 * `@opentelemetry/auto-instrumentations-node`) **and** whose library resolves from the app too.
 * Nothing is loaded: only `require.resolve` lookups, memoized per set of directories.
 *
 * @example
 * ```ts
 * installedContribs(); // ['ioredis'] in an app with ioredis and instrumentation-ioredis
 * ```
 */
export function installedContribs(dirs: readonly string[] = appDirectories()): string[] {
  const key = dirs.join('\0');
  if (detected?.key === key) return detected.names;
  const mayResolve = packageFolderIndex(dirs);
  const names = CONTRIB_INSTRUMENTATIONS.filter((name) => {
    const libraries = CONTRIB[name] ?? [];
    // Library first: most are absent, which the folder listing settles without a lookup.
    return (
      libraries.some((library) => mayResolve?.(library) !== false && isInstalled(library, dirs)) &&
      resolveContrib(name, dirs) !== undefined
    );
  });
  detected = { key, names };
  return names;
}

/**
 * Resolves `@opentelemetry/instrumentation-<name>` from the app: its own install first, else
 * the copy `@opentelemetry/auto-instrumentations-node` depends on. Returns the module path.
 *
 * @example
 * ```ts
 * resolveContrib('ioredis'); // '/srv/app/node_modules/@opentelemetry/instrumentation-ioredis/build/src/index.js'
 * ```
 */
export function resolveContrib(
  name: string,
  dirs: readonly string[] = appDirectories(),
): string | undefined {
  const key = `${name}\0${dirs.join('\0')}`;
  if (resolvedContribs.has(key)) return resolvedContribs.get(key);
  const packageName = `@opentelemetry/instrumentation-${name}`;
  let resolved = resolveFrom(packageName, dirs);
  if (!resolved) {
    const bundle = resolveFrom(`${AUTO_INSTRUMENTATIONS}/package.json`, dirs);
    resolved = bundle ? resolveFrom(packageName, [dirname(bundle)]) : undefined;
  }
  resolvedContribs.set(key, resolved);
  return resolved;
}

/**
 * Whether the preload must register the ESM loader hook for detected contrib instrumentations.
 * An ESM app's own `import` of even a CommonJS library (ioredis, pg, …) goes through the ESM
 * loader, which require hooks never see; a library's CommonJS dependents `require()` theirs,
 * which they do. So the hook (~140 ms of start-up on Node 20) is needed only for an ESM entry
 * whose package.json lists an instrumented library in `dependencies`/`optionalDependencies`.
 * Only in `SIGHTLINE_ESM_HOOK=auto` mode with no `OTEL_NODE_ENABLED_INSTRUMENTATIONS` (an
 * explicit list is `loaderHookMode`'s to judge).
 *
 * @example
 * ```ts
 * contribsNeedLoaderHook(process.env); // true for an ESM app with ioredis and its instrumentation
 * ```
 */
export function contribsNeedLoaderHook(
  env: Environment = process.env,
  entry = process.argv[1],
): boolean {
  const setting = env['SIGHTLINE_ESM_HOOK']?.trim().toLowerCase();
  if (setting === 'never' || setting === 'always') return false;
  if (getList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS') !== undefined) return false;
  if (!entry || !isEsmEntry(entry)) return false;
  const imported = new Set(readAppPackage(entry).dependencies);
  const disabled = getList(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? [];
  return installedContribs(appDirectories(entry)).some(
    (name) =>
      !disabled.includes(name) && (CONTRIB[name] ?? []).some((library) => imported.has(library)),
  );
}

function isEsmEntry(entry: string): boolean {
  const extension = extname(entry);
  if (extension === '.mjs' || extension === '.mts') return true;
  if (extension === '.cjs' || extension === '.cts') return false;
  return readAppPackage(entry).type === 'module';
}

function resolveFrom(specifier: string, dirs: readonly string[]): string | undefined {
  try {
    return lazyRequire.resolve(specifier, { paths: [...dirs] });
  } catch {
    return undefined;
  }
}

// A package whose `exports` hide package.json is installed all the same.
function isInstalled(library: string, dirs: readonly string[]): boolean {
  try {
    lazyRequire.resolve(`${library}/package.json`, { paths: [...dirs] });
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  }
}

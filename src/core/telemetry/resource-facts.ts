/**
 * The resource facts Sightline repeats outside the resource — today the `service.name` of each
 * log line — resolved in one place. The SDK publishes the facts of the resource it built
 * (`src/sdk/resource.ts`); without a running SDK the same precedence is applied to the
 * environment and the app's package.json. The registry lives on `globalThis`, so the ESM and
 * CommonJS copies of the package (and the preload) agree.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** `service.name` when nothing names the service (the OTel SDK default). */
export const UNKNOWN_SERVICE = 'unknown_service:node';

/**
 * Resource facts of this process, as exported on every signal.
 *
 * @example
 * ```ts
 * const facts: ResourceFacts = { serviceName: 'checkout', attributes: { 'service.name': 'checkout' } };
 * ```
 */
export interface ResourceFacts {
  /** `service.name` of the resource. */
  readonly serviceName: string;
  /** The resource's string attributes (`service.name`, `service.version`, …). */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The app's own package.json (nearest to the entry script, else the working directory).
 *
 * @example
 * ```ts
 * const app: AppPackage = { name: 'checkout', version: '1.4.0', dependencies: ['ioredis'] };
 * ```
 */
export interface AppPackage {
  name?: string;
  version?: string;
  /** `"module"` for an ESM package; absent (CommonJS) otherwise. */
  type?: string;
  /** Names in `dependencies` and `optionalDependencies`: what the app itself imports. */
  dependencies?: readonly string[];
  /** The directory holding it. */
  dir?: string;
}

/**
 * The inputs of `service.name`, in precedence order: an explicit name (option or
 * `OTEL_SERVICE_NAME`), `service.name` in the resource attributes, the app's package.json name.
 *
 * @example
 * ```ts
 * const sources: ServiceNameSources = { serviceName: undefined, app: { name: 'checkout' } };
 * ```
 */
export interface ServiceNameSources {
  serviceName?: string | undefined;
  resourceAttributes?: Readonly<Record<string, unknown>>;
  app?: AppPackage;
}

const FACTS = Symbol.for('sightline.resource_facts');
type GlobalWithFacts = typeof globalThis & { [FACTS]?: ResourceFacts };
let appPackage: { entry: string; app: AppPackage } | undefined;

/**
 * Chooses `service.name` the way the SDK does, so logs and the resource never disagree.
 *
 * @example
 * ```ts
 * chooseServiceName({ app: { name: 'checkout' } }); // 'checkout'
 * chooseServiceName({}); // 'unknown_service:node'
 * ```
 */
export function chooseServiceName({
  serviceName,
  resourceAttributes,
  app,
}: ServiceNameSources): string {
  const fromAttributes = resourceAttributes?.['service.name'];
  if (serviceName) return serviceName;
  if (typeof fromAttributes === 'string' && fromAttributes !== '') return fromAttributes;
  return app?.name || UNKNOWN_SERVICE;
}

/**
 * Records the facts of the resource the SDK built. Called by the SDK; the last call wins.
 *
 * @example
 * ```ts
 * publishResourceFacts({ 'service.name': 'checkout', 'service.version': '1.4.0' });
 * ```
 */
export function publishResourceFacts(attributes: Readonly<Record<string, unknown>>): void {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string') strings[key] = value;
  }
  (globalThis as GlobalWithFacts)[FACTS] = {
    serviceName: strings['service.name'] ?? UNKNOWN_SERVICE,
    attributes: strings,
  };
}

/**
 * The facts published by the running (or last started) SDK, if any.
 *
 * @example
 * ```ts
 * getResourceFacts()?.serviceName; // 'checkout'
 * ```
 */
export function getResourceFacts(): ResourceFacts | undefined {
  return (globalThis as GlobalWithFacts)[FACTS];
}

/**
 * `service.name` as the telemetry carries it: the SDK's resource when one was built, else
 * `OTEL_SERVICE_NAME`, `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, the app's package.json
 * name, `unknown_service:node`.
 *
 * @example
 * ```ts
 * resolveServiceName(); // 'checkout'
 * ```
 */
export function resolveServiceName(env: NodeJS.ProcessEnv = process.env): string {
  const published = getResourceFacts();
  if (published) return published.serviceName;
  return chooseServiceName({
    serviceName: env['OTEL_SERVICE_NAME']?.trim() || undefined,
    resourceAttributes: { 'service.name': serviceNameAttribute(env['OTEL_RESOURCE_ATTRIBUTES']) },
    app: readAppPackage(),
  });
}

/**
 * Finds the app's package.json by walking up from the entry script (or cwd), skipping those of
 * installed packages. Read once per entry; never throws.
 *
 * @example
 * ```ts
 * readAppPackage('/srv/app/server.js').name; // 'checkout'
 * ```
 */
export function readAppPackage(entry = process.argv[1] ?? process.cwd()): AppPackage {
  if (appPackage?.entry === entry) return appPackage.app;
  const app = findAppPackage(entry);
  appPackage = { entry, app };
  return app;
}

function findAppPackage(entry: string): AppPackage {
  let dir = resolve(entry);
  if (statSync(dir, { throwIfNoEntry: false })?.isFile()) dir = dirname(dir);
  for (let depth = 0; depth < 20; depth++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && !candidate.includes('/node_modules/')) {
      try {
        const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as Record<string, unknown>;
        return {
          name: stringOrUndefined(manifest['name']),
          version: stringOrUndefined(manifest['version']),
          type: stringOrUndefined(manifest['type']),
          dependencies: [
            ...keysOf(manifest['dependencies']),
            ...keysOf(manifest['optionalDependencies']),
          ],
          dir,
        };
      } catch {
        return { dir };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function keysOf(value: unknown): string[] {
  return value !== null && typeof value === 'object' ? Object.keys(value) : [];
}

// The one key the log line needs from W3C-baggage-style `key=value,…` (malformed entries are
// the SDK's to warn about).
function serviceNameAttribute(list: string | undefined): string | undefined {
  for (const entry of list?.split(',') ?? []) {
    const separator = entry.indexOf('=');
    if (separator < 0 || entry.slice(0, separator).trim() !== 'service.name') continue;
    try {
      return decodeURIComponent(entry.slice(separator + 1).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

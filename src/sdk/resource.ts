import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import { warnInvalid } from './env.js';
import type { ResolvedConfig } from './config.js';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from './semconv.js';

const DETECTORS: Record<string, ResourceDetector> = {
  env: envDetector,
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  serviceinstance: serviceInstanceIdDetector,
};
/** Cloud detectors make metadata calls at start-up; they are opt-in and not bundled. */
const CLOUD_DETECTORS = new Set(['aws', 'gcp', 'azure', 'alibaba', 'container']);

/** The app's own package.json (nearest to the entry script, else the working directory). */
export interface AppPackage {
  name?: string;
  version?: string;
}

/**
 * Finds the app's package.json by walking up from the entry script (or cwd). Never throws.
 *
 * @example
 * ```ts
 * readAppPackage('/srv/app/server.js'); // { name: 'checkout', version: '1.4.0' }
 * ```
 */
export function readAppPackage(entry = process.argv[1] ?? process.cwd()): AppPackage {
  let dir = resolve(entry);
  if (existsSync(dir) && !dir.endsWith('/')) dir = dirname(dir);
  for (let depth = 0; depth < 20; depth++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && !candidate.includes('/node_modules/')) {
      try {
        const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as AppPackage;
        return { name: manifest.name, version: manifest.version };
      } catch {
        return {};
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

/**
 * Builds the resource: detectors selected by `OTEL_NODE_RESOURCE_DETECTORS`, then
 * `OTEL_RESOURCE_ATTRIBUTES`, then the service identity (`service.name` defaults to the app's
 * package.json name, `service.instance.id` to a random UUID).
 *
 * @example
 * ```ts
 * const resource = buildResource(resolveConfig({ serviceName: 'checkout' }));
 * ```
 */
export function buildResource(
  config: ResolvedConfig,
  app: AppPackage = readAppPackage(),
  identity = serviceIdentity(config, app),
): Resource {
  const detectors = selectDetectors(config.resourceDetectors);
  const detected = detectResources({ detectors });
  return detected
    .merge(resourceFromAttributes(config.resourceAttributes))
    .merge(resourceFromAttributes(identity));
}

/**
 * The service identity attributes, known synchronously (detector attributes may settle later).
 *
 * @example
 * ```ts
 * serviceIdentity(resolveConfig(), { name: 'checkout' })['service.name']; // 'checkout'
 * ```
 */
export function serviceIdentity(
  config: ResolvedConfig,
  app: AppPackage = readAppPackage(),
): Record<string, string | undefined> {
  const attributes = config.resourceAttributes;
  return {
    [ATTR_SERVICE_NAME]:
      config.serviceName ??
      (attributes[ATTR_SERVICE_NAME] as string | undefined) ??
      app.name ??
      'unknown_service:node',
    [ATTR_SERVICE_VERSION]:
      config.serviceVersion ??
      (attributes[ATTR_SERVICE_VERSION] as string | undefined) ??
      app.version,
    [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]:
      config.environment ??
      (attributes[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] as string | undefined) ??
      process.env.NODE_ENV ??
      'development',
    [ATTR_SERVICE_INSTANCE_ID]:
      (attributes[ATTR_SERVICE_INSTANCE_ID] as string | undefined) ?? randomUUID(),
  };
}

function selectDetectors(names: string[]): ResourceDetector[] {
  if (names.includes('none')) return [];
  if (names.includes('all')) return Object.values(DETECTORS);
  const selected: ResourceDetector[] = [];
  for (const name of names) {
    const detector = DETECTORS[name];
    if (detector) selected.push(detector);
    else if (CLOUD_DETECTORS.has(name)) {
      warnInvalid(
        'OTEL_NODE_RESOURCE_DETECTORS',
        name,
        'no detector for it',
        ' (cloud detectors are not bundled; pass the detector package to start({ ... }) yourself)',
      );
    } else {
      warnInvalid(
        'OTEL_NODE_RESOURCE_DETECTORS',
        name,
        'no detector for it',
        ' (unknown detector)',
      );
    }
  }
  return selected;
}

import { randomUUID } from 'node:crypto';
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
import {
  chooseServiceName,
  publishResourceFacts,
  readAppPackage,
  type AppPackage,
} from '../core/telemetry/resource-facts.js';
import { getString, warnInvalid } from './env.js';
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

// The app's package.json is read where the log line's fallback reads it: one resolution.
export { readAppPackage, type AppPackage };

/**
 * Builds the resource: detectors selected by `OTEL_NODE_RESOURCE_DETECTORS`, then
 * `OTEL_RESOURCE_ATTRIBUTES`, then the service identity (`service.name` defaults to the app's
 * package.json name, `service.instance.id` to a random UUID). Publishes the result's facts
 * (core `resource-facts`), so log lines carry the `service.name` the signals carry.
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
  const resource = detected
    .merge(resourceFromAttributes(config.resourceAttributes))
    .merge(resourceFromAttributes(identity));
  // Not `resource.attributes`: detector attributes may still be settling (reading warns).
  publishResourceFacts({ ...config.resourceAttributes, ...identity });
  return resource;
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
    [ATTR_SERVICE_NAME]: chooseServiceName({
      serviceName: config.serviceName,
      resourceAttributes: attributes,
      app,
    }),
    [ATTR_SERVICE_VERSION]:
      config.serviceVersion ??
      (attributes[ATTR_SERVICE_VERSION] as string | undefined) ??
      app.version,
    [ATTR_DEPLOYMENT_ENVIRONMENT_NAME]:
      config.environment ??
      (attributes[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] as string | undefined) ??
      // No guess when nothing says it: a production service must never be labelled
      // `development` (undefined attributes are dropped from the resource).
      getString(process.env, 'NODE_ENV'),
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

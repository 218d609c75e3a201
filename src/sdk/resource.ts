import { randomUUID } from 'node:crypto';
import { SDK_INFO } from '@opentelemetry/core';
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
import { SDK_VERSION } from '../version.js';
import {
  getString,
  rejectVariable,
  warnInvalid,
  withOtelEnvironment,
  type Environment,
} from './env.js';
import type { ResolvedConfig } from './config.js';
import {
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_TELEMETRY_DISTRO_NAME,
  ATTR_TELEMETRY_DISTRO_VERSION,
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
 * What every resource starts with: the OTel SDK's `telemetry.sdk.name/language/version` (the
 * Resource SDK specification: "the SDK MUST provide" them) and Sightline's
 * `telemetry.distro.name/version`. Detectors and `OTEL_RESOURCE_ATTRIBUTES` may override them.
 *
 * @example
 * ```ts
 * telemetryAttributes()['telemetry.distro.name']; // 'sightline'
 * ```
 */
export function telemetryAttributes(): Record<string, string> {
  const sdk: Record<string, string> = {};
  // As `defaultResource()`: SDK_INFO also names the runtime, the process detector's business.
  for (const key of ['telemetry.sdk.name', 'telemetry.sdk.language', 'telemetry.sdk.version']) {
    const value = (SDK_INFO as Record<string, string | undefined>)[key];
    if (value !== undefined) sdk[key] = value;
  }
  return {
    ...sdk,
    [ATTR_TELEMETRY_DISTRO_NAME]: 'sightline',
    [ATTR_TELEMETRY_DISTRO_VERSION]: SDK_VERSION,
  };
}

/**
 * Builds the resource: the SDK and distro attributes, detectors selected by
 * `OTEL_NODE_RESOURCE_DETECTORS`, then `OTEL_RESOURCE_ATTRIBUTES`, then the service identity
 * (`service.name` defaults to the app's package.json name, `service.instance.id` to a random
 * UUID). Publishes the result's facts (core `resource-facts`), so log lines carry the
 * `service.name` the signals carry.
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
  // The env detector reads OTEL_RESOURCE_ATTRIBUTES itself: a value Sightline discarded is
  // hidden from it (it would apply none of it either, but report it only at debug level).
  const detected = withOtelEnvironment(() => detectResources({ detectors }));
  const resource = resourceFromAttributes(telemetryAttributes())
    .merge(detected)
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

/**
 * Parses an `OTEL_RESOURCE_ATTRIBUTES` value: `key=value` pairs separated by `,`, keys and values
 * trimmed and percent-decoded, `,` and `=` inside them percent-encoded. Returns the problem of
 * the first malformed entry instead of attributes: the Resource SDK specification ("Specifying
 * resource information via an environment variable") says that "in case of any error, e.g.
 * failure during the decoding process, the entire environment variable value SHOULD be
 * discarded". The same grammar as the OTel `envDetector`.
 *
 * @example
 * ```ts
 * parseResourceAttributes('team=payments,region=eu%2Dwest'); // { team: 'payments', region: 'eu-west' }
 * parseResourceAttributes('team=payments,oops'); // 'entry "oops" is not key=value'
 * ```
 */
export function parseResourceAttributes(value: string): Record<string, string> | string {
  const attributes: Record<string, string> = {};
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    if (parts.length !== 2) return `entry "${entry.trim()}" is not key=value`;
    const key = (parts[0] ?? '').trim();
    if (key === '') return `entry "${entry.trim()}" has no key`;
    try {
      attributes[decodeURIComponent(key)] = decodeURIComponent((parts[1] ?? '').trim());
    } catch {
      return `entry "${entry.trim()}" has bad percent-encoding`;
    }
  }
  return attributes;
}

/**
 * Reads `OTEL_RESOURCE_ATTRIBUTES`. A malformed value is discarded whole and reported once (a
 * warning naming the entry); the OTel packages then see it unset (`withOtelEnvironment`), so no
 * detector applies part of it.
 *
 * @example
 * ```ts
 * readResourceAttributes({ OTEL_RESOURCE_ATTRIBUTES: 'team=payments' }); // { team: 'payments' }
 * ```
 */
export function readResourceAttributes(env: Environment): Record<string, string> {
  const raw = getString(env, 'OTEL_RESOURCE_ATTRIBUTES');
  if (raw === undefined) return {};
  const parsed = parseResourceAttributes(raw);
  if (typeof parsed !== 'string') return parsed;
  rejectVariable(
    'OTEL_RESOURCE_ATTRIBUTES',
    raw,
    undefined,
    ` (${parsed}; the whole value is discarded, as the specification requires)`,
    'no attributes from it',
  );
  return {};
}

/*
 * The SDK's semantic-convention names. Stable ones come from the CommonJS copy of
 * @opentelemetry/semantic-conventions that the SDK packages load anyway (an ESM import would load
 * a second copy at start-up); incubating ones are copied here, as OpenTelemetry advises.
 */
import type * as SemconvModule from '@opentelemetry/semantic-conventions';
import { lazyRequire } from './lazy-require.js';

/** Stable `service.name`, `service.version` and `url.path`. */
export const { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION, ATTR_URL_PATH } = lazyRequire(
  '@opentelemetry/semantic-conventions',
) as typeof SemconvModule;

/** `deployment.environment.name` (incubating). */
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';
/** `telemetry.distro.name` (incubating). */
export const ATTR_TELEMETRY_DISTRO_NAME = 'telemetry.distro.name';
/** `telemetry.distro.version` (incubating). */
export const ATTR_TELEMETRY_DISTRO_VERSION = 'telemetry.distro.version';
/** `service.instance.id` (incubating). */
export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
/** `process.cpu.time` metric (incubating). */
export const METRIC_PROCESS_CPU_TIME = 'process.cpu.time';
/** `process.memory.usage` metric (incubating). */
export const METRIC_PROCESS_MEMORY_USAGE = 'process.memory.usage';
/** `cpu.mode` attribute (incubating). */
export const ATTR_CPU_MODE = 'cpu.mode';

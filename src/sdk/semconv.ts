/*
 * Incubating semantic-convention names, copied here as OpenTelemetry advises (the incubating
 * entry point of @opentelemetry/semantic-conventions may change in minor releases).
 */

/** `deployment.environment.name` (incubating). */
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';
/** `service.instance.id` (incubating). */
export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
/** `process.cpu.time` metric (incubating). */
export const METRIC_PROCESS_CPU_TIME = 'process.cpu.time';
/** `process.memory.usage` metric (incubating). */
export const METRIC_PROCESS_MEMORY_USAGE = 'process.memory.usage';
/** `cpu.mode` attribute (incubating). */
export const ATTR_CPU_MODE = 'cpu.mode';

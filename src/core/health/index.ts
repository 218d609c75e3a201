export {
  createHealthRegistry,
  defaultHealthRegistry,
  runChecks,
  type CheckStatus,
  type HealthCheck,
  type HealthCheckDefinition,
  type HealthRegistry,
  type HealthReport,
} from './health.js';
export { HEALTH_PATHS, LIVENESS_PATH, READINESS_PATH } from './paths.js';
export { readiness } from './readiness.js';

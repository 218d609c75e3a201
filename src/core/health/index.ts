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

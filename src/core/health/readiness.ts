import {
  defaultHealthRegistry,
  runChecks,
  type HealthCheck,
  type HealthCheckDefinition,
  type HealthRegistry,
  type HealthReport,
} from './health.js';

/**
 * Runs the registry's readiness checks plus `extra` ones (functions or definitions, merged over
 * the registry's by name) and returns the report with its HTTP status: 503 when a critical
 * check fails, else 200 (ok or degraded).
 *
 * @example
 * ```ts
 * const { report, status } = await readiness(defaultHealthRegistry, { db: () => pool.query('select 1') });
 * ```
 */
export async function readiness(
  registry: HealthRegistry = defaultHealthRegistry,
  extra: Record<string, HealthCheck | HealthCheckDefinition> = {},
): Promise<{ report: HealthReport; status: 200 | 503 }> {
  const checks = new Map(registry.entries());
  for (const [name, check] of Object.entries(extra))
    checks.set(name, typeof check === 'function' ? { check } : check);
  const report = await runChecks(checks);
  return { report, status: report.status === 'fail' ? 503 : 200 };
}

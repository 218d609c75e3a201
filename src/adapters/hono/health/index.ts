import { Hono } from 'hono';
import {
  LIVENESS_PATH,
  READINESS_PATH,
  defaultHealthRegistry,
  readiness,
  type HealthCheck,
  type HealthCheckDefinition,
  type HealthRegistry,
} from '../../../core/health/index.js';

/**
 * Options of the health routes.
 *
 * @example
 * ```ts
 * app.route('/', health({ checks: { db: () => pool.query('select 1') } }));
 * ```
 */
export interface HealthOptions {
  /** Extra readiness checks by name (merged over the registry's). */
  checks?: Record<string, HealthCheck | HealthCheckDefinition>;
  /** Registry whose checks `/readyz` runs (dependencies register there). */
  registry?: HealthRegistry;
  livenessPath?: string;
  readinessPath?: string;
}

/**
 * Health routes: `/healthz` (liveness: always cheap, never touches dependencies) and `/readyz`
 * (runs the dependency checks with timeouts; 200 when ok or degraded, 503 when a critical check
 * fails, with a JSON report). The SDK's sampler leaves these paths unsampled and the
 * observability middleware does not log them.
 *
 * @example
 * ```ts
 * app.route('/', health({ checks: { db: { check: () => pool.query('select 1'), timeoutMs: 500 } } }));
 * ```
 */
export function health({
  checks = {},
  registry = defaultHealthRegistry,
  livenessPath = LIVENESS_PATH,
  readinessPath = READINESS_PATH,
}: HealthOptions = {}): Hono {
  const app = new Hono();
  app.get(livenessPath, function livenessRoute(c) {
    return c.json({ status: 'ok' });
  });
  app.get(readinessPath, async function readinessRoute(c) {
    const { report, status } = await readiness(registry, checks);
    return c.json(report, status);
  });
  return app;
}

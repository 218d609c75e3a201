import { getDefaultRedactor } from '../redaction/index.js';

/**
 * Outcome of one readiness check. `degraded` keeps the service ready but flags a problem.
 *
 * @example
 * ```ts
 * const status: CheckStatus = breaker.state === 'open' ? 'degraded' : 'ok';
 * ```
 */
export type CheckStatus = 'ok' | 'degraded' | 'fail';

/**
 * A readiness check: resolves (ok), resolves to a status, or throws/rejects (fail).
 *
 * @example
 * ```ts
 * const check: HealthCheck = () => redis.ping();
 * ```
 */
export type HealthCheck = () => unknown;

/**
 * A registered check with its bound.
 *
 * @example
 * ```ts
 * registry.register('db', { check: () => pool.query('select 1'), timeoutMs: 500, critical: true });
 * ```
 */
export interface HealthCheckDefinition {
  check: HealthCheck;
  /** Per-check timeout; a check that takes longer fails. Default 2000 ms. */
  timeoutMs?: number;
  /** A failing non-critical check reports `degraded` instead of failing readiness. Default true. */
  critical?: boolean;
}

/**
 * The JSON report served by `/readyz`.
 *
 * @example
 * ```ts
 * const report: HealthReport = await defaultHealthRegistry.run();
 * ```
 */
export interface HealthReport {
  status: CheckStatus;
  checks: Record<string, { status: CheckStatus; duration_ms: number; error?: string }>;
}

/**
 * A named set of readiness checks.
 *
 * @example
 * ```ts
 * const registry: HealthRegistry = createHealthRegistry();
 * ```
 */
export interface HealthRegistry {
  /** Adds or replaces a check; returns a function that removes it. */
  register(name: string, definition: HealthCheck | HealthCheckDefinition): () => void;
  /** Runs every check concurrently, each bounded by its timeout. Never throws. */
  run(): Promise<HealthReport>;
  /** The registered checks, by name. */
  entries(): [string, HealthCheckDefinition][];
}

/**
 * Creates a registry of readiness checks.
 *
 * @example
 * ```ts
 * const registry = createHealthRegistry();
 * registry.register('db', { check: () => pool.query('select 1'), timeoutMs: 500 });
 * const report = await registry.run(); // { status: 'ok', checks: { db: { status: 'ok', … } } }
 * ```
 */
export function createHealthRegistry(): HealthRegistry {
  const checks = new Map<string, HealthCheckDefinition>();
  return {
    register(name, definition) {
      const normalized = typeof definition === 'function' ? { check: definition } : definition;
      checks.set(name, normalized);
      return () => {
        if (checks.get(name) === normalized) checks.delete(name);
      };
    },
    run: () => runChecks(checks),
    entries: () => [...checks],
  };
}

/**
 * Runs named checks concurrently with timeouts and folds them into one report: any critical
 * failure → `fail`; otherwise any problem → `degraded`; else `ok`.
 *
 * @example
 * ```ts
 * const report = await runChecks(new Map([['cache', { check: () => redis.ping() }]]));
 * ```
 */
export async function runChecks(
  checks:
    | ReadonlyMap<string, HealthCheckDefinition>
    | Record<string, HealthCheck | HealthCheckDefinition>,
): Promise<HealthReport> {
  const entries = checks instanceof Map ? [...checks] : Object.entries(checks);
  const results = await Promise.all(
    entries.map(async ([name, definition]) => {
      const {
        check,
        timeoutMs = 2_000,
        critical = true,
      } = typeof definition === 'function'
        ? { check: definition }
        : (definition as HealthCheckDefinition);
      const started = performance.now();
      const outcome = await runOne(check, timeoutMs);
      const status: CheckStatus =
        outcome.status === 'fail' && !critical ? 'degraded' : outcome.status;
      return [
        name,
        {
          status,
          duration_ms: Math.round(performance.now() - started),
          ...(outcome.error ? { error: outcome.error } : {}),
        },
      ] as const;
    }),
  );
  const report: HealthReport = { status: 'ok', checks: Object.fromEntries(results) };
  for (const [, result] of results) {
    if (result.status === 'fail') report.status = 'fail';
    else if (result.status === 'degraded' && report.status === 'ok') report.status = 'degraded';
  }
  return report;
}

async function runOne(
  check: HealthCheck,
  timeoutMs: number,
): Promise<{ status: CheckStatus; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
    });
    const value = await Promise.race([Promise.resolve().then(check), timeout]);
    if (value === 'degraded' || value === 'fail') return { status: value };
    return { status: 'ok' };
  } catch (error) {
    // Only the redacted message: readiness reports are public, stacks and secrets are not.
    const message = error instanceof Error ? error.message : 'check failed';
    return { status: 'fail', error: getDefaultRedactor().string(message) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The process-wide registry: dependencies register their checks here and the Hono adapter's
 * `/readyz` serves it by default.
 *
 * @example
 * ```ts
 * defaultHealthRegistry.register('payments-api', () => breaker.state === 'open' ? 'degraded' : 'ok');
 * ```
 */
export const defaultHealthRegistry: HealthRegistry = createHealthRegistry();

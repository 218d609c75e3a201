import { diag } from '@opentelemetry/api';
import type { HealthRegistry } from '../health/index.js';

/**
 * State of a dependency's circuit breaker, as reported by `state`, the `app.breaker.state`
 * gauge and readiness.
 *
 * @example
 * ```ts
 * const state: BreakerState = payments.state; // 'closed' | 'half-open' | 'open'
 * ```
 */
export type BreakerState = 'closed' | 'half-open' | 'open';

/**
 * Outcome of one call, the `app.dependency.outcome` attribute of `app.dependency.duration`.
 * `rejected` = failed fast on an open circuit; `fallback` = failed, fallback value served.
 *
 * @example
 * ```ts
 * const outcome: DependencyOutcome = 'timeout';
 * ```
 */
export type DependencyOutcome = 'success' | 'failure' | 'timeout' | 'rejected' | 'fallback';

/**
 * The logger a dependency writes its state-change lines to (winston's logger fits).
 *
 * @example
 * ```ts
 * const logger: DependencyLogger = createLogger();
 * ```
 */
export interface DependencyLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
  error(message: string, meta?: object): void;
}

/**
 * Retry policy. Only idempotent calls are retried.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 1_000 };
 * ```
 */
export interface RetryOptions {
  /** Total attempts including the first one (2 = one retry; 1 = never retry). Default 2. */
  maxAttempts?: number;
  /** First backoff delay before jitter. Default 100 ms. */
  initialDelayMs?: number;
  /** Upper bound of one backoff delay. Default 2000 ms. */
  maxDelayMs?: number;
}

/**
 * Circuit breaker: `consecutive` opens after `threshold` failures in a row; `sampling` opens
 * when the failure ratio over `durationMs` exceeds `threshold` (0.01–0.99) at `minimumRps` or more.
 * Both half-open (let one probe call through) `halfOpenAfterMs` after opening.
 *
 * @example
 * ```ts
 * const breaker: BreakerOptions = { kind: 'sampling', threshold: 0.5, durationMs: 30_000 };
 * ```
 */
export type BreakerOptions =
  | { kind: 'consecutive'; threshold?: number; halfOpenAfterMs?: number }
  | {
      kind: 'sampling';
      threshold?: number;
      durationMs?: number;
      minimumRps?: number;
      halfOpenAfterMs?: number;
    };

/**
 * Turns a dependency failure into a value to serve instead (graceful degradation).
 *
 * @example
 * ```ts
 * const fallback: Fallback<Rates> = () => cachedRates;
 * ```
 */
export type Fallback<T> = (error: Error) => T | Promise<T>;

/**
 * Options of `dependency(name, options)`.
 *
 * @example
 * ```ts
 * const options: DependencyOptions = { timeoutMs: 500, breaker: { kind: 'consecutive', threshold: 3 } };
 * ```
 */
export interface DependencyOptions<TFallback = never> {
  /** Bound of one attempt (including reading a fetched body). Default 2000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  breaker?: BreakerOptions;
  /** Value served when a call fails (per call: `callOptions.fallback`). */
  fallback?: Fallback<TFallback>;
  /** Registers `name` as a non-critical readiness check. Default true. */
  registerHealthCheck?: boolean;
  /** Registry for the readiness check. Default `defaultHealthRegistry`. */
  healthRegistry?: HealthRegistry;
  /** Receives state-change lines; default: the OpenTelemetry `diag` logger. */
  logger?: DependencyLogger;
}

/**
 * Per-call options of `call()` (and `fetch()`).
 *
 * @example
 * ```ts
 * await payments.call((signal) => charge(signal), { idempotent: true, fallback: () => null });
 * ```
 */
export interface CallOptions<T> {
  /** Allows retries. Default false for `call()`; by method for `fetch()`. */
  idempotent?: boolean;
  /** Fallback for this call; `false` disables the dependency's fallback. */
  fallback?: Fallback<T> | false;
  /** Caller cancellation (e.g. the client went away); not counted as a dependency failure. */
  signal?: AbortSignal;
}

/**
 * Options after defaults and validation.
 *
 * @example
 * ```ts
 * const { timeoutMs }: ResolvedOptions = resolveOptions('payments', {});
 * ```
 */
export interface ResolvedOptions {
  timeoutMs: number;
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  breaker:
    | { kind: 'consecutive'; threshold: number; halfOpenAfterMs: number }
    | {
        kind: 'sampling';
        threshold: number;
        durationMs: number;
        minimumRps: number | undefined;
        halfOpenAfterMs: number;
      };
  registerHealthCheck: boolean;
}

const NAME = /^[\w.:/-]{1,100}$/;

/**
 * Validates a dependency name: it becomes a metric attribute and a readiness check name, so it
 * must be short and plain. Throws (a programming error at declaration time).
 *
 * @example
 * ```ts
 * validateName('payments-api'); // 'payments-api'; validateName('') throws
 * ```
 */
export function validateName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `dependency: name must be 1–100 characters of letters, digits, _ . : / -; got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/**
 * Applies defaults; an invalid number warns (naming the setting and the fallback) and uses
 * the default instead of throwing, per the "telemetry never breaks the host app" rule.
 *
 * @example
 * ```ts
 * resolveOptions('payments', { timeoutMs: -1 }).timeoutMs; // 2000, with a diag warning
 * ```
 */
export function resolveOptions(name: string, options: DependencyOptions<unknown>): ResolvedOptions {
  const {
    timeoutMs = 2_000,
    retry: { maxAttempts = 2, initialDelayMs = 100, maxDelayMs = 2_000 } = {},
    breaker = { kind: 'consecutive' },
    registerHealthCheck = true,
  } = options;
  const num = (setting: string, value: unknown, fallback: number, min: number, max = Infinity) =>
    checkNumber(name, setting, value, fallback, min, max);
  if (breaker.kind !== 'consecutive' && breaker.kind !== 'sampling') {
    diag.warn(
      `sightline: dependency ${name}: breaker.kind=${String((breaker as { kind?: unknown }).kind)} is unknown; using consecutive`,
    );
  }
  const halfOpenAfterMs = num(
    'breaker.halfOpenAfterMs',
    breaker.halfOpenAfterMs ?? 10_000,
    10_000,
    1,
  );
  return {
    timeoutMs: num('timeoutMs', timeoutMs, 2_000, 1),
    maxAttempts: Math.floor(num('retry.maxAttempts', maxAttempts, 2, 1, 10)),
    initialDelayMs: num('retry.initialDelayMs', initialDelayMs, 100, 0),
    maxDelayMs: num('retry.maxDelayMs', maxDelayMs, 2_000, 0),
    breaker:
      breaker.kind === 'sampling'
        ? {
            kind: 'sampling',
            threshold: num('breaker.threshold', breaker.threshold ?? 0.5, 0.5, 0.01, 0.99),
            durationMs: num('breaker.durationMs', breaker.durationMs ?? 30_000, 30_000, 100),
            minimumRps:
              breaker.minimumRps === undefined
                ? undefined
                : num('breaker.minimumRps', breaker.minimumRps, 5, 0),
            halfOpenAfterMs,
          }
        : {
            kind: 'consecutive',
            threshold: Math.floor(num('breaker.threshold', breaker.threshold ?? 5, 5, 1)),
            halfOpenAfterMs,
          },
    registerHealthCheck: registerHealthCheck !== false,
  };
}

function checkNumber(
  name: string,
  setting: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) {
    return value;
  }
  diag.warn(
    `sightline: dependency ${name}: ${setting}=${String(value)} is invalid (expected ${min}–${max}); using ${fallback}`,
  );
  return fallback;
}

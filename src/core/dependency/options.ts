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
  /** Total attempts including the first one (2 = one retry; 1 = never retry): 1–10. Default 2. */
  maxAttempts?: number;
  /** First backoff delay before jitter, ≥ 0. Default 100 ms. */
  initialDelayMs?: number;
  /** Upper bound of one backoff delay, ≥ 0. Default 2000 ms. */
  maxDelayMs?: number;
}

/**
 * Circuit breaker: `consecutive` opens after `threshold` (a positive integer, default 5) failures
 * in a row; `sampling` opens when the failure ratio over `durationMs` (≥ 100, default 30 000)
 * exceeds `threshold` (0.01–0.99, default 0.5) at `minimumRps` (≥ 0) or more. Both half-open
 * (let one probe call through) `halfOpenAfterMs` (default 10 000) after opening.
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
 * Options of `dependency(name, options)`. They are written in code, so an invalid one (a wrong
 * type, a negative or NaN number, an unknown breaker kind, a fallback that is not a function)
 * is a programming error: `dependency()` throws a `TypeError` naming it, at declaration.
 *
 * @example
 * ```ts
 * const options: DependencyOptions = { timeoutMs: 500, breaker: { kind: 'consecutive', threshold: 3 } };
 * ```
 */
export interface DependencyOptions<TFallback = never> {
  /** Bound of one attempt (including reading a fetched body), > 0. Default 2000 ms. */
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

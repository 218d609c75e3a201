import type { CircuitState } from 'cockatiel';
import { cockatiel } from './cockatiel.js';
import { defaultHealthRegistry } from '../health/index.js';
import type { CheckStatus } from '../health/index.js';
import { withAttemptSpan } from './attempt-span.js';
import { recordFallback } from './fallback.js';
import {
  DependencyUnavailableError,
  UpstreamTimeoutError,
  classifyAttemptError,
  isPassThrough,
  unavailable,
} from './errors.js';
import { fetchThrough } from './fetch.js';
import type { DependencyFetchInit } from './fetch.js';
import { createPolicies, type Policies } from './policies.js';
import { resolveOptions, validateName } from './resolve-options.js';
import type { ResolvedOptions } from './resolve-options.js';
import type {
  BreakerState,
  CallOptions,
  DependencyLogger,
  DependencyOptions,
  DependencyOutcome,
  Fallback,
} from './options.js';
import {
  ATTR_APP_BREAKER_PREVIOUS_STATE,
  ATTR_APP_BREAKER_STATE,
  ATTR_APP_DEPENDENCY_NAME,
  EVENT_DEPENDENCY_BREAKER_STATE_CHANGE,
  addSpanEvent,
  ensureBreakerGauge,
  logStateChange,
  recordDuration,
  trackBreakerState,
} from './telemetry.js';

/**
 * A dependency guarded by timeout, retry and circuit breaker, with telemetry and readiness.
 *
 * @example
 * ```ts
 * const rates = dependency('rates-api', { timeoutMs: 500 });
 * const res = await rates.fetch('https://rates.internal/eur');
 * rates.state; // 'closed'
 * ```
 */
export interface Dependency<TFallback = never> {
  /** The dependency name (`app.dependency.name`, readiness check name). */
  readonly name: string;
  /** Current breaker state. The circuit half-opens on the first call after `halfOpenAfterMs`. */
  readonly state: BreakerState;
  /**
   * Runs `fn` under the policies. `fn` gets the per-attempt signal (aborted on timeout or
   * caller cancellation) and must honour it. Retries only when `idempotent: true`.
   */
  call<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    callOptions?: CallOptions<T>,
  ): Promise<T | TFallback>;
  /** Outbound HTTP through the policies (see `DependencyFetchInit`). */
  fetch(
    input: string | URL | Request,
    init?: DependencyFetchInit<Response>,
  ): Promise<Response | TFallback>;
  /** Readiness status: `ok` when closed, `degraded` when half-open or open. */
  healthCheck(): CheckStatus;
  /** Unregisters the readiness check and stops reporting the breaker-state gauge. */
  dispose(): void;
}

function breakerState(circuitState: CircuitState): BreakerState {
  const { CircuitState: States } = cockatiel();
  if (circuitState === States.Closed) return 'closed';
  return circuitState === States.HalfOpen ? 'half-open' : 'open'; // Open or Isolated
}

/**
 * Creates a guarded dependency: per-attempt timeout, retries with exponential backoff and
 * jitter (idempotent calls only), a circuit breaker (consecutive or sampling; one half-open
 * probe), optional fallback, span events / metrics / logs on retries and state changes, and
 * a non-critical readiness check. Built on cockatiel.
 *
 * Failures reject with `ExternalServiceError` (502; `upstreamStatus` when known), timeouts with
 * `UpstreamTimeoutError` (504), an open circuit with `DependencyUnavailableError` (503,
 * `retryAfter` = seconds until the half-open probe). 4xx `AppError`s (not 408/429) and caller
 * cancellations pass through untouched and do not count against the breaker.
 *
 * Inside a trace, each attempt is an INTERNAL span named after the dependency (`payments`,
 * `payments attempt 2`, with `peer.service`), parent of the spans the call makes.
 *
 * Throws a `TypeError` naming the option when `name` or an option is invalid (a programming
 * error, reported at declaration rather than per call).
 *
 * @example
 * ```ts
 * const payments = dependency('payments', {
 *   timeoutMs: 1_000,
 *   retry: { maxAttempts: 3 },
 *   breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 10_000 },
 *   logger,
 * });
 * const receipt = await payments.call((signal) => client.charge(order, { signal }), {
 *   idempotent: true, // the client sends an Idempotency-Key
 * });
 * const quote = await payments.fetch(`${base}/quote`, { fallback: () => Response.json(cached) });
 * ```
 */
export function dependency<TFallback = never>(
  name: string,
  options: DependencyOptions<TFallback> = {},
): Dependency<TFallback> {
  return new GuardedDependency(validateName(name), options);
}

class GuardedDependency<TFallback> implements Dependency<TFallback> {
  readonly name: string;
  private readonly _options: ResolvedOptions;
  private readonly _logger: DependencyLogger | undefined;
  private readonly _fallback: Fallback<TFallback> | undefined;
  private readonly _timeout: Policies['timeout'];
  private readonly _breaker: Policies['breaker'];
  private readonly _retry: Policies['retry'];
  private readonly _listeners: Policies['listeners'] = [];
  private readonly _unregister: (() => void) | undefined;
  private _state: BreakerState = 'closed';
  private _openedAt = 0;

  constructor(name: string, options: DependencyOptions<TFallback>) {
    this.name = name;
    this._options = resolveOptions(name, options);
    this._logger = options.logger;
    this._fallback = options.fallback;
    const policies = createPolicies(name, this._options, (state) => this._onStateChange(state));
    this._timeout = policies.timeout;
    this._breaker = policies.breaker;
    this._retry = policies.retry;
    this._listeners.push(...policies.listeners);
    if (this._options.registerHealthCheck) {
      const registry = options.healthRegistry ?? defaultHealthRegistry;
      // Non-critical: an open breaker makes the service degraded, not unready.
      this._unregister = registry.register(name, {
        check: () => this.healthCheck(),
        critical: false,
      });
    }
    trackBreakerState(this, true);
  }

  get state(): BreakerState {
    return this._state;
  }

  async call<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    callOptions: CallOptions<T> = {},
  ): Promise<T | TFallback> {
    if (typeof fn !== 'function') {
      // The caller's bug, not the dependency's: never counted against the breaker.
      throw new TypeError(`dependency ${this.name}: call() needs a function`);
    }
    ensureBreakerGauge();
    const started = performance.now();
    const { idempotent = false, signal } = callOptions;
    try {
      const value = await this._execute(fn, idempotent, signal);
      recordDuration(this.name, started, 'success');
      return value;
    } catch (thrown) {
      const error = cockatiel().isBrokenCircuitError(thrown)
        ? unavailable(this.name, this._secondsUntilHalfOpen())
        : thrown;
      const fallback: Fallback<T | TFallback> | undefined =
        callOptions.fallback === false ? undefined : (callOptions.fallback ?? this._fallback);
      if (!fallback || isPassThrough(error) || !(error instanceof Error)) {
        recordDuration(this.name, started, outcomeOf(error));
        throw error;
      }
      try {
        const value = await fallback(error);
        recordFallback(this.name, error);
        recordDuration(this.name, started, 'fallback');
        return value;
      } catch (fallbackError) {
        recordDuration(this.name, started, outcomeOf(error));
        throw fallbackError;
      }
    }
  }

  fetch(
    input: string | URL | Request,
    init?: DependencyFetchInit<Response>,
  ): Promise<Response | TFallback> {
    return fetchThrough(this, input, init);
  }

  healthCheck(): CheckStatus {
    return this._state === 'closed' ? 'ok' : 'degraded';
  }

  dispose(): void {
    this._unregister?.();
    for (const listener of this._listeners.splice(0)) listener.dispose();
    trackBreakerState(this, false);
  }

  private _execute<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    idempotent: boolean,
    callerSignal: AbortSignal | undefined,
  ): Promise<T> {
    if (callerSignal?.aborted) {
      return Promise.reject(
        classifyAttemptError(callerSignal.reason, this.name, 0, callerSignal, undefined),
      );
    }
    // retry → breaker → timeout: every attempt counts for the breaker, each has its own bound,
    // and a fast-fail (open circuit) is never retried.
    // The policies only pass the caller's signal down; giving it (or nothing) to the timeout
    // directly spares a listener on cockatiel's never-aborted placeholder signal per attempt.
    // cockatiel numbers retry attempts from 0; spans and events number attempts from 1.
    const guarded = ({ attempt = 0 }: { attempt?: number } = {}) =>
      this._breaker.execute(
        () => withAttemptSpan(this.name, attempt + 1, () => this._attempt(fn, callerSignal)),
        callerSignal,
      );
    return idempotent && this._retry ? this._retry.execute(guarded, callerSignal) : guarded();
  }

  private async _attempt<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    callerSignal: AbortSignal | undefined,
  ): Promise<T> {
    const { timeoutMs } = this._options;
    try {
      return await this._timeout.execute(async ({ signal }) => {
        try {
          return await fn(signal);
        } catch (error) {
          // Classified here, while `signal.aborted` still tells a timeout from a failure.
          throw classifyAttemptError(error, this.name, timeoutMs, callerSignal, signal);
        }
      }, callerSignal);
    } catch (error) {
      throw classifyAttemptError(error, this.name, timeoutMs, callerSignal, undefined);
    }
  }

  private _onStateChange(circuitState: CircuitState): void {
    const previous = this._state;
    const state = breakerState(circuitState);
    if (state === previous) return;
    this._state = state;
    if (state === 'open') this._openedAt = Date.now();
    addSpanEvent(EVENT_DEPENDENCY_BREAKER_STATE_CHANGE, {
      [ATTR_APP_DEPENDENCY_NAME]: this.name,
      [ATTR_APP_BREAKER_STATE]: state,
      [ATTR_APP_BREAKER_PREVIOUS_STATE]: previous,
    });
    logStateChange(this._logger, this.name, previous, state);
  }

  private _secondsUntilHalfOpen(): number {
    const remainingMs = this._openedAt + this._options.breaker.halfOpenAfterMs - Date.now();
    return Math.max(1, Math.ceil(remainingMs / 1_000));
  }
}

function outcomeOf(error: unknown): DependencyOutcome {
  if (error instanceof UpstreamTimeoutError) return 'timeout';
  if (error instanceof DependencyUnavailableError) return 'rejected';
  return 'failure';
}

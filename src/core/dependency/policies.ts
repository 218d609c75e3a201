import type {
  CircuitBreakerPolicy,
  CircuitState,
  IDisposable,
  RetryPolicy,
  TimeoutPolicy,
} from 'cockatiel';
import { cockatiel } from './cockatiel.js';
import { isAppError } from '../errors/index.js';
import { isPassThrough, isRetryableFailure } from './errors.js';
import type { ResolvedOptions } from './resolve-options.js';
import {
  ATTR_APP_DEPENDENCY_ATTEMPT,
  ATTR_APP_DEPENDENCY_NAME,
  ATTR_APP_DEPENDENCY_RETRY_DELAY,
  EVENT_DEPENDENCY_RETRY,
  addSpanEvent,
} from './telemetry.js';

/**
 * The cockatiel policies of one dependency, and the listeners to dispose with it.
 *
 * @example
 * ```ts
 * const { timeout, breaker, retry, listeners }: Policies = createPolicies('payments', resolved, onChange);
 * ```
 */
export interface Policies {
  timeout: TimeoutPolicy;
  breaker: CircuitBreakerPolicy;
  /** Absent when `maxAttempts` is 1. */
  retry: RetryPolicy | undefined;
  listeners: IDisposable[];
}

/**
 * Builds the per-attempt timeout, the circuit breaker (reporting transitions to
 * `onStateChange`) and the retry policy (adding an `app.dependency.retry` event to the caller's
 * span before each retry) from resolved options.
 *
 * @example
 * ```ts
 * const policies = createPolicies('payments', resolveOptions('payments', {}), (state) => log(state));
 * ```
 */
export function createPolicies(
  name: string,
  options: ResolvedOptions,
  onStateChange: (state: CircuitState) => void,
): Policies {
  const { timeoutMs, breaker, maxAttempts, initialDelayMs, maxDelayMs } = options;
  const {
    ConsecutiveBreaker,
    ExponentialBackoff,
    SamplingBreaker,
    TimeoutStrategy,
    circuitBreaker,
    handleWhen,
    retry,
    timeout,
  } = cockatiel();
  const listeners: IDisposable[] = [];
  // Aggressive: a callee that ignores the signal still cannot hold the caller past the bound.
  // No abort on return: a settled attempt has nothing left to cancel (fetch bodies are read
  // inside it), and Node's `abort()` builds a DOMException with a stack on every call.
  const attemptTimeout = timeout(timeoutMs, {
    strategy: TimeoutStrategy.Aggressive,
    abortOnReturn: false,
  });
  const breakerPolicy = circuitBreaker(
    handleWhen((error) => !isPassThrough(error)),
    {
      halfOpenAfter: breaker.halfOpenAfterMs,
      breaker:
        breaker.kind === 'sampling'
          ? new SamplingBreaker({
              threshold: breaker.threshold,
              duration: breaker.durationMs,
              ...(breaker.minimumRps !== undefined ? { minimumRps: breaker.minimumRps } : {}),
            })
          : new ConsecutiveBreaker(breaker.threshold),
    },
  );
  listeners.push(breakerPolicy.onStateChange(onStateChange));
  let retryPolicy: RetryPolicy | undefined;
  if (maxAttempts > 1) {
    // cockatiel counts retries, not attempts. Default generator: decorrelated jitter.
    retryPolicy = retry(handleWhen(isRetryableFailure), {
      maxAttempts: maxAttempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: maxDelayMs }),
    });
    listeners.push(
      retryPolicy.onRetry(({ delay, attempt, ...reason }) =>
        addSpanEvent(EVENT_DEPENDENCY_RETRY, {
          [ATTR_APP_DEPENDENCY_NAME]: name,
          [ATTR_APP_DEPENDENCY_ATTEMPT]: attempt + 1,
          [ATTR_APP_DEPENDENCY_RETRY_DELAY]: Math.round(delay),
          ...('error' in reason && isAppError(reason.error)
            ? { 'error.type': reason.error.code }
            : {}),
        }),
      ),
    );
  }
  return { timeout: attemptTimeout, breaker: breakerPolicy, retry: retryPolicy, listeners };
}

import { cockatielIfLoaded } from './cockatiel.js';
import { ExternalServiceError, defineError, isAppError } from '../errors/index.js';
import type { AppError } from '../errors/index.js';

/**
 * A dependency did not answer within `timeoutMs` (504, high, retryable).
 *
 * @example
 * ```ts
 * try {
 *   await payments.call((signal) => charge(signal));
 * } catch (error) {
 *   if (error instanceof UpstreamTimeoutError) metrics.timeouts.add(1);
 * }
 * ```
 */
export const UpstreamTimeoutError = defineError(ExternalServiceError, {
  name: 'UpstreamTimeoutError',
  code: 'UPSTREAM_TIMEOUT',
  status: 504,
  title: 'Upstream timeout',
  retryable: true,
  runbook: {
    meaning: 'A dependency did not answer within its per-attempt timeout.',
    causes: ['The dependency is overloaded or hanging.', 'The timeout is shorter than its p99.'],
    actions: [
      'Clients: retry later with back-off.',
      'Operators: compare `app.dependency.duration` by outcome with the timeout; check the dependency.',
    ],
  },
});
/**
 * Instance type of {@link UpstreamTimeoutError} (so `error as UpstreamTimeoutError` works).
 *
 * @example
 * ```ts
 * const timedOut = error as UpstreamTimeoutError;
 * ```
 */
export type UpstreamTimeoutError = InstanceType<typeof UpstreamTimeoutError>;

/**
 * The dependency's circuit breaker is open: the call failed fast without reaching it
 * (503, high, retryable after `retryAfter` seconds, sent as `Retry-After`).
 *
 * @example
 * ```ts
 * app.onError((error, c) => {
 *   if (error instanceof DependencyUnavailableError) c.header('Retry-After', String(error.retryAfter));
 *   return normalizeError(error).getResponse();
 * });
 * ```
 */
export const DependencyUnavailableError = defineError(ExternalServiceError, {
  name: 'DependencyUnavailableError',
  code: 'DEPENDENCY_UNAVAILABLE',
  status: 503,
  title: 'Dependency unavailable',
  retryable: true,
  runbook: {
    meaning: "A dependency's circuit breaker is open after repeated failures; calls fail fast.",
    causes: ['The dependency failed or timed out `threshold` times in a row (or above the ratio).'],
    actions: [
      'Clients: retry after `Retry-After` seconds.',
      'Operators: look for `app.dependency.breaker_state_change` events and `app.breaker.state`; fix the dependency, the breaker half-opens by itself.',
    ],
  },
});
/**
 * Instance type of {@link DependencyUnavailableError}.
 *
 * @example
 * ```ts
 * const seconds = (error as DependencyUnavailableError).retryAfter;
 * ```
 */
export type DependencyUnavailableError = InstanceType<typeof DependencyUnavailableError>;

// Errors that must reach the caller untouched and must not count against the dependency:
// caller cancellations and the caller's own client errors (4xx other than 408/429).
const passThrough = new WeakSet<object>();

/**
 * True for errors the breaker and retry policies must ignore.
 *
 * @example
 * ```ts
 * if (isPassThrough(error)) throw error; // not the dependency's fault
 * ```
 */
export function isPassThrough(error: unknown): boolean {
  return typeof error === 'object' && error !== null && passThrough.has(error);
}

/**
 * True when a retry could help: a retryable dependency failure, not a fast-fail.
 *
 * @example
 * ```ts
 * const policy = retry(handleWhen(isRetryableFailure), { maxAttempts: 1 });
 * ```
 */
export function isRetryableFailure(error: unknown): boolean {
  return (
    isAppError(error) &&
    error.retryable &&
    !isPassThrough(error) &&
    !(error instanceof DependencyUnavailableError)
  );
}

/**
 * True for statuses that say something about the dependency's health (5xx, 408, 429) rather
 * than about the caller's request.
 *
 * @example
 * ```ts
 * isUpstreamFailureStatus(429); // true; 404 → false
 * ```
 */
export function isUpstreamFailureStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * 5xx except "will never work" statuses, 408 and 429 are worth another attempt.
 *
 * @example
 * ```ts
 * isRetryableStatus(503); // true; 501 → false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return isUpstreamFailureStatus(status) && status !== 501 && status !== 505;
}

/**
 * Classifies what one attempt threw into the taxonomy:
 * - caller cancellation → the signal's reason, marked pass-through;
 * - timeout (cockatiel's `TaskCancelledError`, or an abort of the per-attempt signal) →
 *   `UpstreamTimeoutError`;
 * - an `AppError` with 4xx (not 408/429) → the caller's problem: pass-through;
 * - any other `AppError` → kept (already in the taxonomy), counts as a failure;
 * - anything else (network errors, `TypeError: fetch failed` …) → `ExternalServiceError`.
 *
 * @example
 * ```ts
 * throw classifyAttemptError(error, 'payments', 2_000, callerSignal, attemptSignal);
 * ```
 */
export function classifyAttemptError(
  error: unknown,
  name: string,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
  attemptSignal: AbortSignal | undefined,
): unknown {
  if (callerSignal?.aborted) return markPassThrough(error, callerSignal);
  if (isTaskCancelledError(error) || attemptSignal?.aborted) {
    return new UpstreamTimeoutError(`${name} did not answer within ${timeoutMs} ms`, {
      service: name,
      retryable: true,
      cause: error,
    });
  }
  if (isAppError(error)) {
    if (error.status < 500 && !isUpstreamFailureStatus(error.status)) passThrough.add(error);
    return error;
  }
  return new ExternalServiceError(`${name} call failed: ${describe(error)}`, {
    service: name,
    retryable: true,
    cause: error,
  });
}

// Like `fetch`, a cancelled call rejects with the signal's reason.
// cockatiel 3.2's `isTaskCancelledError` tests the wrong property (`isBulkheadRejectedError`).
function isTaskCancelledError(error: unknown): boolean {
  const TaskCancelledError = cockatielIfLoaded()?.TaskCancelledError;
  return (
    (TaskCancelledError !== undefined && error instanceof TaskCancelledError) ||
    (error instanceof Error &&
      (error as { isTaskCancelledError?: unknown }).isTaskCancelledError === true)
  );
}

function markPassThrough(error: unknown, callerSignal: AbortSignal): unknown {
  const reason: unknown = callerSignal.reason;
  const thrown = typeof reason === 'object' && reason !== null ? reason : error;
  if (typeof thrown === 'object' && thrown !== null) {
    passThrough.add(thrown);
    return thrown;
  }
  const wrapped = new Error(`call aborted: ${String(thrown)}`, { cause: thrown });
  wrapped.name = 'AbortError';
  passThrough.add(wrapped);
  return wrapped;
}

/**
 * The error a fast-failing call throws while the circuit is open.
 *
 * @example
 * ```ts
 * throw unavailable('payments', 7); // 503, Retry-After: 7
 * ```
 */
export function unavailable(name: string, retryAfterSeconds: number): AppError {
  return new DependencyUnavailableError(`${name}: circuit open, failing fast`, {
    service: name,
    retryable: true,
    retryAfter: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return typeof error;
}

import { ExternalServiceError, defineError, isAppError } from '../errors/index.js';
import { recordError } from '../telemetry/index.js';
import { ATTR_APP_DEPENDENCY_NAME } from './telemetry.js';

/**
 * Recorded (never thrown) when a dependency failed and its fallback value was served:
 * a handled, `low`-severity error event on the caller's span, counted in `app.errors`.
 *
 * Its status is 424 (Failed Dependency), not 5xx, on purpose: `recordError` marks the span
 * ERROR for 5xx, and a request served from a fallback did not fail.
 *
 * @example
 * ```ts
 * // app.errors{error.type="DEPENDENCY_FALLBACK", app.error.severity="low"} counts degraded calls
 * const code = DependencyFallbackError.defaults.code; // 'DEPENDENCY_FALLBACK'
 * ```
 */
export const DependencyFallbackError = defineError(ExternalServiceError, {
  name: 'DependencyFallbackError',
  code: 'DEPENDENCY_FALLBACK',
  status: 424,
  severity: 'low',
  title: 'Dependency fallback served',
  retryable: false,
  runbook: {
    meaning:
      'A dependency call failed and its fallback value was served instead (graceful degradation). Recorded on telemetry only; clients never receive it.',
    causes: ['The dependency failed, timed out or its circuit is open.'],
    actions: [
      'Operators: a rising rate means users see degraded (cached/default) data; follow `details.failure` and the dependency breaker state.',
    ],
  },
});
/**
 * Instance type of {@link DependencyFallbackError}.
 *
 * @example
 * ```ts
 * const recorded: DependencyFallbackError = new DependencyFallbackError('x', { service: 'prices' });
 * ```
 */
export type DependencyFallbackError = InstanceType<typeof DependencyFallbackError>;

/**
 * Records the served fallback as a handled low-severity error event. Never throws.
 *
 * @example
 * ```ts
 * recordFallback('prices', new UpstreamTimeoutError('slow', { service: 'prices' }));
 * ```
 */
export function recordFallback(name: string, failure: Error): void {
  const code = isAppError(failure) ? failure.code : failure.name;
  const upstreamStatus = (failure as { upstreamStatus?: unknown }).upstreamStatus;
  const error = new DependencyFallbackError(`${name} failed (${code}); fallback value served`, {
    service: name,
    ...(typeof upstreamStatus === 'number' ? { upstreamStatus } : {}),
    details: { failure: code },
    cause: failure,
  });
  recordError(error, {
    handled: true,
    attributes: { [ATTR_APP_DEPENDENCY_NAME]: name, 'app.dependency.failure': code },
  });
}

// Public surface of dependency calls: explicit named exports only.
export { dependency } from './dependency.js';
export type { Dependency } from './dependency.js';
export { DependencyUnavailableError, UpstreamTimeoutError } from './errors.js';
export { DependencyFallbackError } from './fallback.js';
export type { DependencyFetchInit } from './fetch.js';
export type {
  BreakerOptions,
  BreakerState,
  CallOptions,
  DependencyLogger,
  DependencyOptions,
  DependencyOutcome,
  Fallback,
  RetryOptions,
} from './options.js';
export {
  ATTR_APP_BREAKER_PREVIOUS_STATE,
  ATTR_APP_BREAKER_STATE,
  ATTR_APP_DEPENDENCY_ATTEMPT,
  ATTR_APP_DEPENDENCY_NAME,
  ATTR_APP_DEPENDENCY_OUTCOME,
  ATTR_APP_DEPENDENCY_RETRY_DELAY,
  EVENT_DEPENDENCY_BREAKER_STATE_CHANGE,
  EVENT_DEPENDENCY_RETRY,
} from './telemetry.js';

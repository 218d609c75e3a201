/**
 * `sightline/hono`: the Hono adapter — a thin translation of the core request lifecycle
 * (`src/core/http`). See `observability()` for a complete app.
 * @module
 */
export { observability, type ObservabilityOptions } from './observability/index.js';
export {
  fromHttpException,
  notFoundHandler,
  problemHandler,
  renderProblem,
  type ProblemHandlerOptions,
} from './errors/index.js';
export { traced, type TracedOptions } from './traced/index.js';
export { traceMiddleware } from './trace-middleware/index.js';
export { health, type HealthOptions } from './health/index.js';
export { errorCatalog } from './error-catalog/index.js';
export { idempotency, type IdempotencyMiddlewareOptions } from './idempotency/index.js';
export {
  ATTR_IDEMPOTENCY_KEY_HASH,
  ATTR_IDEMPOTENCY_OUTCOME,
  IDEMPOTENCY_KEY_HEADER,
  type IdempotencyProtocolOutcome as IdempotencyMiddlewareOutcome,
} from '../../core/http/index.js';
export type { ObservabilityEnv, ObservabilityVariables } from './types.js';

/**
 * `sightline/hono`: the Hono adapter — a thin translation of the core request lifecycle.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { observability, problemHandler, notFoundHandler, health } from 'sightline/hono';
 *
 * const app = new Hono();
 * app.use(observability());
 * app.onError(problemHandler());
 * app.notFound(notFoundHandler());
 * app.route('/', health());
 * ```
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
export { idempotency, type IdempotencyMiddlewareOptions } from './idempotency/index.js';
export {
  ATTR_IDEMPOTENCY_KEY_HASH,
  ATTR_IDEMPOTENCY_OUTCOME,
  IDEMPOTENCY_KEY_HEADER,
  type IdempotencyProtocolOutcome as IdempotencyMiddlewareOutcome,
} from '../../core/http/index.js';
export type { ObservabilityEnv, ObservabilityVariables } from './types.js';

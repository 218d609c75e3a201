/**
 * `sightline/hono`: the Hono adapter — a thin translation of the core.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { observability, problemHandler, notFoundHandler, health, type ObservabilityEnv } from 'sightline/hono';
 *
 * const app = new Hono<ObservabilityEnv>();
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
  normalizeHonoError,
  notFoundHandler,
  problemHandler,
  renderProblem,
  type ProblemHandlerOptions,
} from './errors/index.js';
export { traced, type TracedOptions } from './traced/index.js';
export { traceMiddleware } from './trace-middleware/index.js';
export { health, type HealthOptions } from './health/index.js';
export {
  idempotency,
  IDEMPOTENCY_KEY_HEADER,
  type IdempotencyMiddlewareOptions,
  type IdempotencyMiddlewareOutcome,
} from './idempotency/index.js';
export type { ObservabilityEnv, ObservabilityVariables } from './types.js';

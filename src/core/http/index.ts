/**
 * The framework-neutral HTTP request lifecycle that the adapters translate to.
 * @module
 */
export { applyHeaders, correlationHeaders } from './correlation-headers.js';
export { convertThrown } from './convert.js';
export { createIdempotencyProtocol, IDEMPOTENCY_KEY_HEADER } from './idempotency.js';
export type {
  IdempotencyProtocol,
  IdempotencyProtocolOptions,
  IdempotentRequest,
} from './idempotency.js';
export {
  ATTR_IDEMPOTENCY_KEY_HASH,
  ATTR_IDEMPOTENCY_OUTCOME,
  type IdempotencyProtocolOutcome,
} from './idempotency-telemetry.js';
export { createHttpLifecycle } from './lifecycle.js';
export type { HttpLifecycle, RequestOutcome } from './lifecycle.js';
export { assertHttpOptions } from './options.js';
export type { HttpObservabilityOptions } from './options.js';
export { requestFactsFromWeb } from './request-facts.js';
export type { HttpRequestFacts } from './request-facts.js';
export { acceptRequestId } from './request-id.js';
export { problemInitFor, HttpRequestScope } from './scope.js';
export { semconvMethod } from './server-span.js';
export { guarded, problemResponse } from './guarded.js';
export { notFoundResponse, unscopedProblemResponse } from './problems.js';
export { errorCatalogResponse } from './error-catalog.js';

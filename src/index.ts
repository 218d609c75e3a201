/**
 * Sightline: OpenTelemetry-first observability for Node.js services.
 *
 * @example
 * ```ts
 * import { createLogger, defineError, ResourceNotFoundError, recordError } from 'sightline';
 * ```
 * @module
 */

// SDK lifecycle (the preload calls `start()` for you).
export { start, shutdown, flush, getSdk, type SightlineSdk } from './sdk/start.js';
export type {
  SightlineOptions,
  ExporterKind,
  OtlpProtocol,
  SamplerName,
  TemporalityPreference,
} from './sdk/options.js';
export { SDK_VERSION } from './version.js';

// Errors: the taxonomy, domain errors and normalisation.
export {
  AppError,
  AuthenticationError,
  AuthorizationError,
  BusinessRuleViolationError,
  ConflictError,
  DatabaseConnectionError,
  ExternalServiceError,
  InfrastructureError,
  InternalError,
  InvalidTokenError,
  ObjectStorageError,
  RateLimitExceededError,
  ResourceNotFoundError,
  TokenExpiredError,
  ValidationError,
  SEVERITIES,
  defineError,
  isAppError,
  listErrorDefinitions,
  normalizeError,
  registerErrorMapper,
  serializeError,
  type AppErrorOptions,
  type AuthorizationOptions,
  type BusinessRuleOptions,
  type ErrorDefinition,
  type ErrorMapper,
  type ExternalServiceOptions,
  type FieldViolation,
  type RateLimitOptions,
  type SerializedError,
  type Severity,
  type ValidationErrorOptions,
} from './core/errors/index.js';

// RFC 9457 problem details.
export {
  PROBLEM_CONTENT_TYPE,
  problemForStatus,
  problemResponseInit,
  toProblem,
  toProblemResponse,
  type ProblemDocument,
  type ProblemFieldError,
  type ProblemOptions,
  type ProblemResponseInit,
} from './core/problem/index.js';

// Telemetry: error recording and correlation.
export {
  getCorrelation,
  getRequestContext,
  recordError,
  withRequestContext,
  type Correlation,
  type RecordErrorOptions,
  type RequestContext,
} from './core/telemetry/index.js';

// Redaction.
export {
  createRedactor,
  getDefaultRedactor,
  setDefaultRedactor,
  type DetectorName,
  type RedactionAction,
  type RedactionPolicy,
  type Redactor,
} from './core/redaction/index.js';

// Logging.
export {
  createLogger,
  requestLogger,
  type LoggerOptions,
  type LogBufferOptions,
  type SightlineLogger,
} from './core/logging/index.js';

// Idempotency keys.
// (The protocol itself runs in the adapters' `idempotency()`.)
export {
  memoryStore,
  redisStore,
  IdempotencyStoreError,
  type IdempotencyStore,
  type MemoryStoreOptions,
  type RedisStoreOptions,
  type StoreReadinessOptions,
} from './core/idempotency/index.js';

// Health checks.
export {
  createHealthRegistry,
  defaultHealthRegistry,
  HEALTH_PATHS,
  readiness,
  type CheckStatus,
  type HealthCheck,
  type HealthCheckDefinition,
  type HealthRegistry,
  type HealthReport,
} from './core/health/index.js';

// Dependency calls: timeout, retry, circuit breaker, fallback, readiness.
export {
  dependency,
  DependencyUnavailableError,
  UpstreamTimeoutError,
  DependencyFallbackError,
  type Dependency,
  type DependencyFetchInit,
  type BreakerOptions,
  type BreakerState,
  type CallOptions,
  type DependencyLogger,
  type DependencyOptions,
  type DependencyOutcome,
  type Fallback,
  type RetryOptions,
} from './core/dependency/index.js';

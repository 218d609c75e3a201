// Public surface of the error core. The problem module is loaded for its side effect: it
// installs the renderer behind `AppError#getResponse()`.
import '../problem/response.js';

export { AppError, defaultsOf, isAppError, isErrorCode, isStatusOnlyError } from './app-error.js';
export {
  AuthenticationError,
  AuthorizationError,
  InvalidTokenError,
  TokenExpiredError,
} from './auth-errors.js';
export type { AuthorizationOptions } from './auth-errors.js';
export {
  BusinessRuleViolationError,
  ConflictError,
  RateLimitExceededError,
  ResourceNotFoundError,
} from './client-errors.js';
export type { BusinessRuleOptions, RateLimitOptions } from './client-errors.js';
export { defineError } from './define-error.js';
export type { ErrorDefinitionInput } from './define-error.js';
export { genericUserMessage, isErrorStatus, reasonPhrase } from './http-status.js';
export { registerErrorMapper } from './mappers.js';
export type { ErrorMapper } from './mappers.js';
export { errorForStatus, getOriginalError, normalizeError } from './normalize.js';
export { listErrorDefinitions, registerErrorClass } from './registry.js';
export type { ErrorDefinition } from './registry.js';
export { serializeError } from './serialize.js';
export type { SerializeErrorOptions } from './serialize.js';
export {
  DatabaseConnectionError,
  ExternalServiceError,
  InfrastructureError,
  InternalError,
  ObjectStorageError,
} from './server-errors.js';
export type { ExternalServiceOptions } from './server-errors.js';
export { SEVERITIES } from './types.js';
export type {
  AppErrorOptions,
  ErrorDefaults,
  Runbook,
  SerializedError,
  Severity,
} from './types.js';
export { ValidationError } from './validation-error.js';
export type { FieldViolation, ValidationErrorOptions } from './validation-error.js';

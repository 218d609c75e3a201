import { AppError, defaultsOf } from './app-error.js';
import { genericUserMessage } from './http-status.js';
import { mergeDetails } from './details.js';
import { registerErrorClass } from './registry.js';
import type { AppErrorOptions, ErrorDefaults } from './types.js';

/**
 * Options of `ExternalServiceError`.
 *
 * @example
 * ```ts
 * const options: ExternalServiceOptions = { service: 'stripe', upstreamStatus: 503 };
 * ```
 */
export interface ExternalServiceOptions extends AppErrorOptions {
  /** Name of the dependency, e.g. `stripe`, `geo-api`. */
  service: string;
  /** Status the dependency answered with, when it answered. */
  upstreamStatus?: number;
}

/**
 * A dependency failed or answered unusably (502, high, retryable).
 *
 * @example
 * ```ts
 * throw new ExternalServiceError('charge failed', { service: 'stripe', upstreamStatus: 503, cause });
 * ```
 */
export class ExternalServiceError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'EXTERNAL_SERVICE_ERROR',
    status: 502,
    severity: 'high',
    title: 'Upstream service error',
    userMessage: genericUserMessage(502),
    retryable: true,
    runbook: {
      meaning: 'A downstream dependency failed, timed out or returned an unusable answer.',
      causes: [
        'The dependency is down or degraded.',
        'Network or DNS problems between the service and the dependency.',
        'An API contract change on the dependency side.',
      ],
      actions: [
        'Clients: retry later with back-off.',
        'Operators: look at the `exception` events and `details.service`/`upstreamStatus` in the trace; check the dependency status page; consider opening the circuit breaker.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  readonly service: string;
  declare readonly upstreamStatus?: number;

  constructor(message: string, options: ExternalServiceOptions) {
    const { service, upstreamStatus, ...rest } = options;
    super(message, {
      ...rest,
      details: mergeDetails({ service, upstreamStatus }, rest.details),
    });
    this.service = service;
    if (upstreamStatus !== undefined) this.upstreamStatus = upstreamStatus;
  }
}

/**
 * Own infrastructure is unavailable (503, critical, retryable).
 *
 * @example
 * ```ts
 * throw new InfrastructureError('queue broker unreachable', { cause });
 * ```
 */
export class InfrastructureError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'INFRASTRUCTURE_ERROR',
    status: 503,
    severity: 'critical',
    title: 'Service unavailable',
    userMessage: genericUserMessage(503),
    retryable: true,
    runbook: {
      meaning: 'Infrastructure the service owns (queue, cache, disk …) is unavailable.',
      causes: ['The component is down, overloaded or misconfigured.', 'Network partition.'],
      actions: [
        'Clients: retry after `Retry-After` seconds.',
        'Operators: page the owner; check the component health and recent config changes.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  constructor(message?: string, options: AppErrorOptions = {}) {
    super(message ?? defaultsOf(new.target).title, options);
  }
}

/**
 * The database cannot be reached or refuses connections (503, critical, retryable).
 *
 * @example
 * ```ts
 * throw new DatabaseConnectionError('pool exhausted', { cause });
 * ```
 */
export class DatabaseConnectionError extends InfrastructureError {
  static override readonly defaults: ErrorDefaults = {
    ...InfrastructureError.defaults,
    code: 'DATABASE_CONNECTION_ERROR',
    title: 'Database unavailable',
    runbook: {
      meaning: 'The service could not get a working database connection.',
      causes: [
        'Database down, failing over or out of connections.',
        'Connection pool exhausted by slow queries or leaks.',
        'Credentials rotated or network policy changed.',
      ],
      actions: [
        'Operators: check database health and connection counts; look for long-running queries; verify credentials and network reachability.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }
}

/**
 * An object store (S3, GCS, Azure Blob, MinIO …) failed (503, critical, retryable).
 *
 * @example
 * ```ts
 * throw new ObjectStorageError('PutObject failed', { details: { bucket }, cause });
 * ```
 */
export class ObjectStorageError extends InfrastructureError {
  static override readonly defaults: ErrorDefaults = {
    ...InfrastructureError.defaults,
    code: 'OBJECT_STORAGE_ERROR',
    title: 'Object storage unavailable',
    runbook: {
      meaning: 'A read or write against the object store failed.',
      causes: [
        'Provider outage or throttling (SlowDown, 503).',
        'Missing bucket, wrong region or expired credentials.',
      ],
      actions: [
        'Operators: check the provider status and throttling metrics; verify bucket, region and IAM credentials.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }
}

/**
 * An unexpected failure — a bug (500, critical). Clients only ever see a generic message;
 * `normalizeError` wraps unknown throwables in it, keeping the original as `cause`.
 *
 * @example
 * ```ts
 * throw new InternalError('invariant broken: balance < 0', { details: { accountId } });
 * ```
 */
export class InternalError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    ...AppError.defaults,
    runbook: {
      meaning: 'An unexpected error: the code did not anticipate this failure.',
      causes: [
        'A bug.',
        'A thrown value that is not an `AppError` (library error, `TypeError` …).',
      ],
      actions: [
        'Operators: open the trace by `trace_id` from the problem body; the `exception` event holds the original type, message and stack. Fix the bug or map the error to a specific category.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  constructor(message?: string, options: AppErrorOptions = {}) {
    super(message ?? defaultsOf(new.target).title, options);
  }
}

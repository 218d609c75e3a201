import { AppError, defaultsOf } from './app-error.js';
import { genericUserMessage } from './http-status.js';
import { mergeDetails } from './details.js';
import { registerErrorClass } from './registry.js';
import type { AppErrorOptions, ErrorDefaults } from './types.js';

/**
 * Options of `BusinessRuleViolationError`.
 *
 * @example
 * ```ts
 * const options: BusinessRuleOptions = { rule: 'order.max_items' };
 * ```
 */
export interface BusinessRuleOptions extends AppErrorOptions {
  /** Identifier of the violated rule, e.g. `order.max_items`. */
  rule?: string;
}

/**
 * A well-formed request breaks a domain rule (422, medium).
 *
 * @example
 * ```ts
 * throw new BusinessRuleViolationError('cart has 120 items', { rule: 'order.max_items' });
 * ```
 */
export class BusinessRuleViolationError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'BUSINESS_RULE_VIOLATION',
    status: 422,
    severity: 'medium',
    title: 'Business rule violated',
    userMessage: 'The request violates a business rule.',
    retryable: false,
    runbook: {
      meaning: 'The request is valid in shape but not allowed in the current domain state.',
      causes: ['A limit or invariant of the domain was reached (quota, state machine, policy).'],
      actions: [
        'Clients: change the request; retrying it unchanged fails again.',
        'Operators: a sudden rise can mean a rule changed in a deploy; check `details.rule`.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  declare readonly rule?: string;

  constructor(message?: string, options: BusinessRuleOptions = {}) {
    const { rule, ...rest } = options;
    super(message ?? defaultsOf(new.target).title, {
      ...rest,
      details: mergeDetails({ rule }, rest.details),
    });
    if (rule !== undefined) this.rule = rule;
  }
}

/**
 * A resource does not exist (404, low). The internal message names the type and id; the
 * client sees the generic user message.
 *
 * @example
 * ```ts
 * throw new ResourceNotFoundError('User', userId);
 * ```
 */
export class ResourceNotFoundError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'RESOURCE_NOT_FOUND',
    status: 404,
    severity: 'low',
    title: 'Resource not found',
    userMessage: genericUserMessage(404),
    retryable: false,
    runbook: {
      meaning: 'The addressed resource does not exist (or is not visible to the caller).',
      causes: ['Stale link or cached id.', 'The resource was deleted.', 'A typo in the id.'],
      actions: [
        'Clients: check the id; do not retry unchanged.',
        'Operators: a spike on one route after a deploy can mean a broken lookup or migration.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  readonly resourceType: string;
  declare readonly resourceId?: string | number;

  constructor(resourceType: string, resourceId?: string | number, options: AppErrorOptions = {}) {
    super(
      resourceId === undefined
        ? `${resourceType} not found`
        : `${resourceType} ${String(resourceId)} not found`,
      { ...options, details: mergeDetails({ resourceType, resourceId }, options.details) },
    );
    this.resourceType = resourceType;
    if (resourceId !== undefined) this.resourceId = resourceId;
  }
}

/**
 * The request conflicts with the current state (409, medium): duplicates, version mismatch.
 *
 * @example
 * ```ts
 * throw new ConflictError('email already registered', { details: { field: 'email' } });
 * ```
 */
export class ConflictError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'CONFLICT',
    status: 409,
    severity: 'medium',
    title: 'Conflict',
    userMessage: genericUserMessage(409),
    retryable: false,
    runbook: {
      meaning: 'The request cannot be applied to the resource in its current state.',
      causes: [
        'A unique value (email, slug) is already taken.',
        'Concurrent updates: an optimistic-lock version did not match.',
      ],
      actions: [
        'Clients: re-read the resource, resolve the conflict, then retry.',
        'Operators: many conflicts on one resource point at a retry storm or a race.',
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
 * Options of `RateLimitExceededError`.
 *
 * @example
 * ```ts
 * const options: RateLimitOptions = { limit: 100, window: 60, retryAfter: 12 };
 * ```
 */
export interface RateLimitOptions extends AppErrorOptions {
  /** Requests allowed per window. */
  limit?: number;
  /** Window length in seconds; also the `Retry-After` when `retryAfter` is not given. */
  window?: number;
}

/**
 * The caller exceeded a rate limit (429, medium, retryable; sends `Retry-After`).
 *
 * @example
 * ```ts
 * throw new RateLimitExceededError('login attempts', { limit: 5, window: 60, retryAfter: 42 });
 * ```
 */
export class RateLimitExceededError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    severity: 'medium',
    title: 'Rate limit exceeded',
    userMessage: genericUserMessage(429),
    retryable: true,
    runbook: {
      meaning: 'The caller sent more requests than its limit allows in the current window.',
      causes: ['A client retry loop without back-off.', 'Abuse or credential stuffing.'],
      actions: [
        'Clients: wait for `Retry-After` seconds, then retry with exponential back-off.',
        'Operators: find the top callers; raise the limit only for legitimate traffic.',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  declare readonly limit?: number;
  declare readonly window?: number;

  constructor(message?: string, options: RateLimitOptions = {}) {
    const { limit, window, ...rest } = options;
    super(message ?? defaultsOf(new.target).title, {
      ...rest,
      retryAfter: rest.retryAfter ?? window,
      details: mergeDetails({ limit, window }, rest.details),
    });
    if (limit !== undefined) this.limit = limit;
    if (window !== undefined) this.window = window;
  }
}

import { AppError, defaultsOf } from './app-error.js';
import { mergeDetails } from './details.js';
import { registerErrorClass } from './registry.js';
import type { AppErrorOptions, ErrorDefaults } from './types.js';

/**
 * One invalid input field. `pointer` is an RFC 6901 JSON Pointer into the request body
 * (`#/address/city`); when omitted it is derived from `field`.
 *
 * @example
 * ```ts
 * const violation: FieldViolation = { field: 'email', message: 'must be an email address' };
 * ```
 */
export interface FieldViolation {
  field: string;
  message: string;
  pointer?: string;
}

/**
 * Options of `ValidationError`.
 *
 * @example
 * ```ts
 * const options: ValidationErrorOptions = { field: 'age', value: -1 };
 * ```
 */
export interface ValidationErrorOptions extends AppErrorOptions {
  /** The invalid field, when there is one. */
  field?: string;
  /** The rejected value. Kept for debugging only: never shown to clients or put in `details`. */
  value?: unknown;
  /** Per-field violations, rendered as the problem `errors` member. */
  violations?: readonly FieldViolation[];
}

/**
 * The request is malformed or fails validation (400, low). Not retryable unchanged.
 *
 * @example
 * ```ts
 * throw new ValidationError('signup payload invalid', {
 *   violations: [{ field: 'email', message: 'must be an email address' }],
 * });
 * ```
 */
export class ValidationError extends AppError {
  static override readonly defaults: ErrorDefaults = {
    code: 'VALIDATION_ERROR',
    status: 400,
    severity: 'low',
    title: 'Validation failed',
    userMessage: 'The request contains invalid data.',
    retryable: false,
    runbook: {
      meaning: 'The request body, query or headers failed validation.',
      causes: [
        'A client sent a missing, malformed or out-of-range field.',
        'A client is built against an older or newer version of the API schema.',
      ],
      actions: [
        'Clients: read the `errors` member of the problem body; each entry points at the field.',
        'Operators: nothing to do unless the rate jumps after a deploy (schema regression).',
      ],
    },
  };
  static {
    registerErrorClass(this, true);
  }

  declare readonly field?: string;
  declare readonly value?: unknown;
  /** Per-field violations (possibly empty). */
  readonly violations: readonly FieldViolation[];

  constructor(message?: string, options: ValidationErrorOptions = {}) {
    const { field, value, violations, ...rest } = options;
    super(message ?? defaultsOf(new.target).title, {
      ...rest,
      details: mergeDetails({ field }, rest.details),
    });
    if (field !== undefined) this.field = field;
    // Non-enumerable so loggers and JSON.stringify never dump a rejected password.
    if (value !== undefined) Object.defineProperty(this, 'value', { value, enumerable: false });
    this.violations = (violations ?? []).filter(isViolation).map((v) => ({ ...v }));
  }
}

function isViolation(value: unknown): value is FieldViolation {
  const v = value as FieldViolation | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.field === 'string' &&
    typeof v.message === 'string' &&
    (v.pointer === undefined || typeof v.pointer === 'string')
  );
}

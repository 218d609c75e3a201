import {
  BusinessRuleViolationError,
  ConflictError,
  InfrastructureError,
  ValidationError,
  defineError,
} from '../errors/index.js';

/**
 * 400: the operation requires an `Idempotency-Key` header and none was sent. Never stored; the
 * client adds a key and retries.
 *
 * @example
 * ```ts
 * throw new IdempotencyKeyMissingError('Idempotency-Key missing', { field: 'Idempotency-Key' });
 * ```
 */
export const IdempotencyKeyMissingError = defineError(ValidationError, {
  name: 'IdempotencyKeyMissingError',
  code: 'IDEMPOTENCY_KEY_MISSING',
  status: 400,
  severity: 'low',
  userMessage: 'This operation requires an Idempotency-Key header.',
  runbook: {
    meaning: 'A route that requires an Idempotency-Key received a request without one.',
    causes: ['A client that does not implement the documented idempotency policy.'],
    actions: [
      'Clients: send `Idempotency-Key: "<uuid>"` (docs/idempotency.md), a new key per operation.',
      'Operators: nothing; the request was not run and can be retried with a key.',
    ],
  },
});

/**
 * 400: the `Idempotency-Key` header is not an sf-string/token of 1–255 visible ASCII characters.
 *
 * @example
 * ```ts
 * throw new IdempotencyKeyInvalidError('bad key', { field: 'Idempotency-Key' });
 * ```
 */
export const IdempotencyKeyInvalidError = defineError(ValidationError, {
  name: 'IdempotencyKeyInvalidError',
  code: 'IDEMPOTENCY_KEY_INVALID',
  status: 400,
  severity: 'low',
  userMessage: 'The Idempotency-Key header is invalid.',
  runbook: {
    meaning:
      'The Idempotency-Key header is not 1–255 visible ASCII characters (sf-string or bare).',
    causes: [
      'Empty or over-long keys, spaces, control or non-ASCII characters, a broken quoted string.',
    ],
    actions: [
      'Clients: send a UUID, quoted or bare; `errors[0].detail` says what was wrong.',
      'Operators: nothing; the request was not run.',
    ],
  },
});

/**
 * 409: a request with the same key is still in flight. Retry unchanged after `Retry-After`.
 *
 * @example
 * ```ts
 * throw new IdempotencyKeyInUseError('in flight', { retryAfter: 1 });
 * ```
 */
export const IdempotencyKeyInUseError = defineError(ConflictError, {
  name: 'IdempotencyKeyInUseError',
  code: 'IDEMPOTENCY_KEY_IN_USE',
  status: 409,
  severity: 'low',
  userMessage: 'A request with this Idempotency-Key is still being processed. Retry later.',
  retryable: true,
  runbook: {
    meaning:
      'A request with the same Idempotency-Key is still running (its claim has not expired).',
    causes: [
      'A client retried before its first attempt finished (short client timeout, double submit).',
    ],
    actions: [
      'Clients: retry the same request unchanged after `Retry-After` seconds.',
      'Operators: frequent conflicts mean client timeouts shorter than handler latency.',
    ],
  },
});

/**
 * 422: the key was already used with a different request (method, path or payload).
 *
 * @example
 * ```ts
 * throw new IdempotencyKeyReusedError('fingerprint mismatch');
 * ```
 */
export const IdempotencyKeyReusedError = defineError(BusinessRuleViolationError, {
  name: 'IdempotencyKeyReusedError',
  code: 'IDEMPOTENCY_KEY_REUSED',
  status: 422,
  severity: 'low',
  userMessage: 'This Idempotency-Key was already used with a different request.',
  runbook: {
    meaning:
      'The Idempotency-Key was already used with a different method, path, query or payload.',
    causes: ['A client reusing keys across operations, or changing the payload on retry.'],
    actions: [
      'Clients: use a new key per operation; retries must resend the identical request.',
      'Operators: nothing; the request was not run.',
    ],
  },
});

/**
 * 503: the idempotency store could not be reached, so the operation was not run (fail closed).
 *
 * @example
 * ```ts
 * throw new IdempotencyUnavailableError('redis down', { cause: storeError, retryAfter: 1 });
 * ```
 */
export const IdempotencyUnavailableError = defineError(InfrastructureError, {
  name: 'IdempotencyUnavailableError',
  code: 'IDEMPOTENCY_STORE_UNAVAILABLE',
  status: 503,
  severity: 'high',
  runbook: {
    meaning: 'The idempotency store (Redis) did not answer, so the operation was refused unrun.',
    causes: ['Redis down, unreachable, overloaded or slower than the store timeout.'],
    actions: [
      'Clients: retry the same request with the same key after `Retry-After` seconds.',
      'Operators: check Redis health and latency; requests fail closed until it recovers.',
    ],
  },
});

import { diag, trace, type Attributes } from '@opentelemetry/api';
import type { IdempotencyOutcome } from '../idempotency/manager.js';
import { SIGHTLINE_SCOPE } from '../telemetry/attributes.js';
import { lazyCounter } from '../telemetry/instruments.js';
import { METRIC_APP_IDEMPOTENCY_REQUESTS } from '../telemetry/metric-names.js';
import type { HttpRequestScope } from './scope.js';

/**
 * Span attribute: SHA-256 of the scoped key (never the raw key).
 *
 * @example
 * ```ts
 * const hash = span.attributes[ATTR_IDEMPOTENCY_KEY_HASH]; // 64 hex characters
 * ```
 */
export const ATTR_IDEMPOTENCY_KEY_HASH = 'app.idempotency.key_hash';

/**
 * Span and metric attribute: `executed|replayed|conflict|mismatch|rejected`.
 *
 * @example
 * ```ts
 * const replays = points.filter((p) => p.attributes[ATTR_IDEMPOTENCY_OUTCOME] === 'replayed');
 * ```
 */
export const ATTR_IDEMPOTENCY_OUTCOME = 'app.idempotency.outcome';

/**
 * What the protocol did with a request that carried (or needed) a key.
 *
 * @example
 * ```ts
 * const outcome: IdempotencyProtocolOutcome = 'replayed';
 * ```
 */
export type IdempotencyProtocolOutcome = IdempotencyOutcome['outcome'] | 'rejected';

const requests = lazyCounter(SIGHTLINE_SCOPE, METRIC_APP_IDEMPOTENCY_REQUESTS, {
  unit: '{request}',
  description: 'Requests carrying an idempotency key, by outcome.',
});

/**
 * Records what the protocol did: outcome (and key hash) on the active span, `app.idempotency.requests`.
 *
 * @example
 * ```ts
 * recordOutcome('replayed', keyHash);
 * ```
 */
export function recordOutcome(outcome: IdempotencyProtocolOutcome, keyHash?: string): void {
  const attributes: Attributes = { [ATTR_IDEMPOTENCY_OUTCOME]: outcome };
  try {
    const span = trace.getActiveSpan();
    if (span) {
      span.setAttribute(ATTR_IDEMPOTENCY_OUTCOME, outcome);
      if (keyHash) span.setAttribute(ATTR_IDEMPOTENCY_KEY_HASH, keyHash);
    }
    requests.add(1, attributes);
  } catch (error) {
    diag.debug(`sightline idempotency: telemetry failed: ${String(error)}`);
  }
}

/**
 * Logs through the request's logger, else `diag` (a broken logger never breaks the request).
 *
 * @example
 * ```ts
 * logOutcome(scope, 'info', 'idempotent request replayed', { keyHash });
 * ```
 */
export function logOutcome(
  scope: HttpRequestScope | undefined,
  level: 'info' | 'warn',
  message: string,
  meta: Record<string, unknown>,
): void {
  try {
    if (scope) {
      scope.logger.log(level, message, meta);
      return;
    }
  } catch {
    // A broken logger must not break the request; fall through to diag.
  }
  diag[level](`sightline idempotency: ${message} ${JSON.stringify(meta)}`);
}

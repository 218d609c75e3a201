import { randomUUID } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import { sha256Hex } from './fingerprint.js';
import {
  DEFAULT_REPLAY_HEADERS,
  NEVER_REPLAYED,
  captureResponse,
  replayResponse,
} from './response.js';
import type { IdempotencyStore, StoredResponse } from './types.js';

/**
 * Options of {@link createIdempotency}.
 *
 * @example
 * ```ts
 * const options: IdempotencyOptions = { store: memoryStore(), lease: 30_000, storeServerErrors: true };
 * ```
 */
export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long (ms) a claim protects a running request; after it a retry may run again. Default 60 s. */
  lease?: number;
  /** How long (ms) a completed response is kept for replay. Default 24 h. */
  retention?: number;
  /** Store 5xx responses too (Stripe-style) instead of releasing the claim. Default false. */
  storeServerErrors?: boolean;
  /** Response headers kept for replay (case-insensitive). `set-cookie` is never kept. */
  replayHeaders?: readonly string[];
  /** Upper bound (s) of the Retry-After suggested on a conflict. Default 1. */
  conflictRetryAfter?: number;
}

/** Fields every outcome carries. */
interface OutcomeBase {
  /** SHA-256 hex of the scoped key: what the store holds and what telemetry may show. */
  keyHash: string;
}

/**
 * Result of {@link Idempotency.execute}:
 * - `executed`: the operation ran; `response` is its response (a buffered copy when it was stored,
 *   ready to send); `stored` says whether
 *   it was recorded for replay (false for released 5xx or when the claim was lost to a newer owner).
 * - `replayed`: a completed record matched; `response` rebuilds it with `Idempotent-Replayed: true`.
 * - `conflict`: the key is claimed by a request still in flight; retry after `retryAfter` seconds.
 * - `mismatch`: the key was used with a different request (fingerprint).
 *
 * @example
 * ```ts
 * const outcome = await manager.execute(key, fp, run);
 * if (outcome.outcome === 'conflict') return new Response(null, { status: 409 });
 * ```
 */
export type IdempotencyOutcome =
  | (OutcomeBase & { outcome: 'executed'; response: Response; stored: boolean })
  | (OutcomeBase & { outcome: 'replayed'; response: Response; record: StoredResponse })
  | (OutcomeBase & { outcome: 'conflict'; retryAfter: number; leaseRemainingMs: number })
  | (OutcomeBase & { outcome: 'mismatch' });

/**
 * Framework-agnostic idempotency manager.
 *
 * @example
 * ```ts
 * const manager = createIdempotency({ store: memoryStore() });
 * const outcome = await manager.execute(scopeKey({ route: '/payments', key }), fp, () => charge());
 * ```
 */
export interface Idempotency {
  /**
   * Claims `key` atomically and runs `operation` once per key: completed records are replayed,
   * in-flight ones reported as a conflict, a different fingerprint as a mismatch. A thrown
   * operation releases the claim and rethrows; store failures reject with `IdempotencyStoreError`
   * before the operation runs.
   */
  execute(
    key: string,
    fingerprint: string,
    operation: () => Response | Promise<Response>,
  ): Promise<IdempotencyOutcome>;
  /** The hash under which `key` is stored (for telemetry before or without `execute`). */
  hashKey(key: string): string;
}

const DEFAULTS = { lease: 60_000, retention: 86_400_000, conflictRetryAfter: 1 } as const;

/**
 * Creates an idempotency manager: atomic claim → run → complete (compare-and-set on an owner token)
 * or release. Lease and retention are separate: a crashed request blocks its key for at most the
 * lease, a completed one is replayed for the retention.
 *
 * @example
 * ```ts
 * const manager = createIdempotency({ store: memoryStore(), lease: 30_000, retention: 3_600_000 });
 * const outcome = await manager.execute(key, fingerprint({ method: 'POST', route: '/payments', body }), async () =>
 *   Response.json({ id: 'pay_1' }, { status: 201 }),
 * );
 * ```
 */
export function createIdempotency(options: IdempotencyOptions): Idempotency {
  const { store, storeServerErrors = false } = options;
  const lease = positive('lease', options.lease, DEFAULTS.lease);
  const retention = positive('retention', options.retention, DEFAULTS.retention);
  const maxRetryAfter = positive(
    'conflictRetryAfter',
    options.conflictRetryAfter,
    DEFAULTS.conflictRetryAfter,
  );
  if (retention < lease) {
    diag.warn(
      `sightline idempotency: retention (${retention} ms) is shorter than the lease (${lease} ms)`,
    );
  }
  const allow = compileAllowList(options.replayHeaders ?? DEFAULT_REPLAY_HEADERS);

  /** Stores (or releases) after the operation; returns the response to send and whether it was stored. */
  async function finish(
    keyHash: string,
    owner: string,
    fp: string,
    response: Response,
  ): Promise<{ response: Response; stored: boolean }> {
    if (response.status >= 500 && !storeServerErrors) {
      await releaseQuietly(store, keyHash, owner);
      return { response, stored: false };
    }
    const captured = await captureResponse(response, allow);
    try {
      const record = {
        state: 'completed',
        fingerprint: fp,
        owner,
        response: captured.stored,
      } as const;
      const won = await store.complete(keyHash, owner, record, retention);
      if (!won) {
        diag.warn(
          'sightline idempotency: lease expired before completion; a newer request owns the key, response not stored',
        );
      }
      return { response: captured.response, stored: won };
    } catch (error) {
      // The operation's side effects happened: hand its response back, drop the claim if we still can.
      diag.warn(
        `sightline idempotency: could not store the response (${describe(error)}); releasing the claim`,
      );
      await releaseQuietly(store, keyHash, owner);
      return { response: captured.response, stored: false };
    }
  }

  return {
    hashKey: sha256Hex,
    async execute(key, fp, operation) {
      const keyHash = sha256Hex(key);
      const owner = randomUUID();
      const claim = await store.claim(
        keyHash,
        { state: 'in_progress', fingerprint: fp, owner },
        lease,
      );
      if (!claim.claimed) {
        const { record, ttlMs } = claim;
        // A different request wins over "in flight": the client must fix it, waiting will not help.
        if (record.fingerprint !== fp) return { outcome: 'mismatch', keyHash };
        if (record.state === 'completed' && record.response) {
          return {
            outcome: 'replayed',
            keyHash,
            record: record.response,
            response: replayResponse(record.response, allow),
          };
        }
        const retryAfter = Math.max(1, Math.min(maxRetryAfter, Math.ceil(ttlMs / 1000)));
        return { outcome: 'conflict', keyHash, retryAfter, leaseRemainingMs: ttlMs };
      }
      let response: Response;
      try {
        response = await operation();
      } catch (error) {
        await releaseQuietly(store, keyHash, owner);
        throw error;
      }
      try {
        return { outcome: 'executed', keyHash, ...(await finish(keyHash, owner, fp, response)) };
      } catch (error) {
        // Reading the response body failed (a broken stream): nothing to store, free the key.
        await releaseQuietly(store, keyHash, owner);
        throw error;
      }
    },
  };
}

async function releaseQuietly(
  store: IdempotencyStore,
  keyHash: string,
  owner: string,
): Promise<void> {
  try {
    await store.release(keyHash, owner);
  } catch (error) {
    // The lease still bounds how long the key stays blocked.
    diag.warn(
      `sightline idempotency: could not release a claim (${describe(error)}); it expires with its lease`,
    );
  }
}

function compileAllowList(names: readonly string[]): ReadonlySet<string> {
  const allow = new Set<string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (NEVER_REPLAYED.has(lower))
      diag.warn(`sightline idempotency: replayHeaders entry "${name}" is never replayed; ignored`);
    else allow.add(lower);
  }
  return allow;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (Number.isFinite(value) && value > 0) return value;
  diag.warn(`sightline idempotency: ${name}=${String(value)} is invalid; using ${fallback}`);
  return fallback;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Shapes shared by the idempotency manager and its stores. Kept free of any framework or client
 * type so a store can be written against nothing but this file.
 */

/** Lifecycle of one idempotency record: claimed by a running request, then completed. */
export type IdempotencyState = 'in_progress' | 'completed';

/**
 * A response as stored for replay: status, allow-listed headers and the body bytes.
 * Bodies that are valid UTF-8 are kept as text (readable in `redis-cli`), others as base64.
 *
 * @example
 * ```ts
 * const stored: StoredResponse = {
 *   status: 201,
 *   headers: [['content-type', 'application/json']],
 *   body: '{"id":"pay_1"}',
 *   encoding: 'utf8',
 * };
 * ```
 */
export interface StoredResponse {
  status: number;
  /** Lower-case header names, in the order the handler set them; only allow-listed names. */
  headers: [string, string][];
  body: string;
  encoding: 'utf8' | 'base64';
}

/**
 * One record in a store. `owner` is a random token minted per claim: completion and release are
 * compare-and-set on it, so a request whose lease expired cannot overwrite a newer owner.
 *
 * @example
 * ```ts
 * const record: IdempotencyRecord = { state: 'in_progress', fingerprint: 'ab12…', owner: randomUUID() };
 * ```
 */
export interface IdempotencyRecord {
  state: IdempotencyState;
  /** SHA-256 hex of the request (see `fingerprint()`); a retry must match it. */
  fingerprint: string;
  owner: string;
  /** Present once `state` is `completed`. */
  response?: StoredResponse;
}

/**
 * Result of an atomic claim: either this caller now owns the key, or the record that is already
 * there (with the milliseconds it has left to live, lease or retention).
 *
 * @example
 * ```ts
 * const result = await store.claim(keyHash, record, 60_000);
 * if (!result.claimed) console.log(result.record.state, result.ttlMs);
 * ```
 */
export type ClaimResult =
  { claimed: true } | { claimed: false; record: IdempotencyRecord; ttlMs: number };

/**
 * What a store must offer. Every method is atomic per key; failures reject with
 * `IdempotencyStoreError` so callers can answer 503 without guessing.
 *
 * @example
 * ```ts
 * const store: IdempotencyStore = memoryStore();
 * const claim = await store.claim('k', { state: 'in_progress', fingerprint: 'f', owner: 'o' }, 60_000);
 * ```
 */
export interface IdempotencyStore {
  /**
   * Creates `record` (state `in_progress`) under `key` for `leaseMs` if no live record exists;
   * otherwise returns the existing record. Never overwrites a live record.
   */
  claim(key: string, record: IdempotencyRecord, leaseMs: number): Promise<ClaimResult>;
  /**
   * Replaces the in-progress record with `record` (state `completed`) kept for `retentionMs`,
   * only if the stored owner is `owner`. Resolves `false` when the claim was lost.
   */
  complete(
    key: string,
    owner: string,
    record: IdempotencyRecord,
    retentionMs: number,
  ): Promise<boolean>;
  /** Deletes the in-progress record only if its owner is `owner`. Resolves `false` otherwise. */
  release(key: string, owner: string): Promise<boolean>;
  /** Reads the live record, if any (diagnostics and tests). */
  get(key: string): Promise<IdempotencyRecord | undefined>;
}

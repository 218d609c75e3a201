import { diag } from '@opentelemetry/api';
import { IdempotencyStoreError } from './errors.js';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from './types.js';

/**
 * Options of {@link memoryStore}.
 *
 * @example
 * ```ts
 * const options: MemoryStoreOptions = { maxEntries: 50_000 };
 * ```
 */
export interface MemoryStoreOptions {
  /** Upper bound on records held (in flight + completed). Default 10 000. */
  maxEntries?: number;
}

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Single-process store: the embedded default. Bounded by `maxEntries`; when full it evicts the
 * least recently used completed record first, then expired claims. If every slot is a live
 * in-flight claim it refuses the new claim (`IdempotencyStoreError`, so a 503) rather than drop a
 * running request's claim and let a duplicate through. Records are not shared across processes:
 * use `redisStore` when more than one instance serves the API.
 *
 * @example
 * ```ts
 * const manager = createIdempotency({ store: memoryStore({ maxEntries: 5_000 }) });
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): IdempotencyStore {
  return new MemoryIdempotencyStore(options);
}

class MemoryIdempotencyStore implements IdempotencyStore {
  // Two maps so eviction can pick completed records first; Map order doubles as the LRU order.
  private readonly _inflight = new Map<string, Entry>();
  private readonly _completed = new Map<string, Entry>();
  private readonly _maxEntries: number;

  constructor({ maxEntries = DEFAULT_MAX_ENTRIES }: MemoryStoreOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      diag.warn(
        `sightline idempotency: memoryStore maxEntries=${String(maxEntries)} is invalid; using ${DEFAULT_MAX_ENTRIES}`,
      );
      maxEntries = DEFAULT_MAX_ENTRIES;
    }
    this._maxEntries = maxEntries;
  }

  async claim(key: string, record: IdempotencyRecord, leaseMs: number): Promise<ClaimResult> {
    const now = Date.now();
    const existing = this._live(key, now);
    if (existing)
      return { claimed: false, record: existing.record, ttlMs: existing.expiresAt - now };
    this._makeRoom(now);
    this._inflight.set(key, { record, expiresAt: now + leaseMs });
    return { claimed: true };
  }

  async complete(
    key: string,
    owner: string,
    record: IdempotencyRecord,
    retentionMs: number,
  ): Promise<boolean> {
    const now = Date.now();
    const entry = this._ownedClaim(key, owner, now);
    if (!entry) return false;
    this._inflight.delete(key);
    this._completed.set(key, { record, expiresAt: now + retentionMs });
    return true;
  }

  async release(key: string, owner: string): Promise<boolean> {
    if (!this._ownedClaim(key, owner, Date.now())) return false;
    this._inflight.delete(key);
    return true;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    return this._live(key, Date.now())?.record;
  }

  private _ownedClaim(key: string, owner: string, now: number): Entry | undefined {
    const entry = this._live(key, now);
    return entry && entry.record.state === 'in_progress' && entry.record.owner === owner
      ? entry
      : undefined;
  }

  /** The unexpired entry for `key`; drops an expired one, refreshes LRU position of a completed one. */
  private _live(key: string, now: number): Entry | undefined {
    const inflight = this._inflight.get(key);
    if (inflight) {
      if (inflight.expiresAt > now) return inflight;
      this._inflight.delete(key);
      return undefined;
    }
    const completed = this._completed.get(key);
    if (!completed) return undefined;
    this._completed.delete(key);
    if (completed.expiresAt <= now) return undefined;
    this._completed.set(key, completed);
    return completed;
  }

  private _makeRoom(now: number): void {
    while (this._inflight.size + this._completed.size >= this._maxEntries) {
      const oldest = this._completed.keys().next();
      if (!oldest.done) {
        this._completed.delete(oldest.value);
        continue;
      }
      let freed = false;
      for (const [key, entry] of this._inflight) {
        if (entry.expiresAt <= now) {
          this._inflight.delete(key);
          freed = true;
        }
      }
      if (!freed) {
        throw new IdempotencyStoreError(
          'claim',
          `memory store is full: ${this._maxEntries} requests in flight`,
        );
      }
    }
  }
}

import { diag } from '@opentelemetry/api';
import { IdempotencyStoreError } from './errors.js';
import { registerStoreReadiness, type StoreReadinessOptions } from './readiness.js';
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
  /**
   * The readiness check registered when the store is created: `degraded` while every slot holds
   * a live in-flight claim (new claims are refused with 503), else `ok`. Non-critical by
   * default: a full store means overload, not an instance to take out of rotation. Default
   * name `idempotency:memory`; `false` registers nothing.
   */
  readiness?: StoreReadinessOptions | false;
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
 * use `redisStore` when more than one instance serves the API. Registers a non-critical
 * readiness check (`idempotency:memory`: degraded while full of in-flight claims).
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

  constructor({ maxEntries = DEFAULT_MAX_ENTRIES, readiness }: MemoryStoreOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      diag.warn(
        `sightline idempotency: memoryStore maxEntries=${String(maxEntries)} is invalid; using ${DEFAULT_MAX_ENTRIES}`,
      );
      maxEntries = DEFAULT_MAX_ENTRIES;
    }
    this._maxEntries = maxEntries;
    registerStoreReadiness(readiness, {
      name: 'idempotency:memory',
      critical: false,
      check: () => (this._full(Date.now()) ? 'degraded' : 'ok'),
    });
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

  /** True when a new claim would be refused: no completed record or expired claim to evict. */
  private _full(now: number): boolean {
    if (this._completed.size > 0 || this._inflight.size < this._maxEntries) return false;
    for (const entry of this._inflight.values()) if (entry.expiresAt <= now) return false;
    return true;
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

import { diag } from '@opentelemetry/api';
// Type-only: ioredis is an optional peer and is never loaded by this module.
import type { Cluster, Redis } from 'ioredis';
import { IdempotencyStoreError } from './errors.js';
import {
  ClientErrorReporter,
  DEFAULT_ERROR_REPORT_INTERVAL_MS,
  registerStoreReadiness,
  type StoreReadinessOptions,
} from './readiness.js';
import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from './types.js';

/**
 * Options of {@link redisStore}.
 *
 * @example
 * ```ts
 * const options: RedisStoreOptions = { prefix: 'payments:idem:', timeout: 500 };
 * ```
 */
export interface RedisStoreOptions {
  /** Namespace for every key this store writes. Default `sightline:idem:`. */
  prefix?: string;
  /**
   * Upper bound (ms) on one store call, on top of the client's own settings, so a hung Redis turns
   * into a prompt 503 instead of a hung request. Default 2 000.
   */
  timeout?: number;
  /**
   * The readiness check registered when the store is created: `PING` on a ready connection,
   * an immediate failure naming the connection state (and the last client error) otherwise.
   * Critical by default, so `/readyz` answers 503 while claims fail closed. Default name
   * `idempotency:redis:<prefix>`; `false` registers nothing.
   */
  readiness?: StoreReadinessOptions | false;
  /**
   * Minimum interval (ms) between two diag reports of the client's `error` events; the errors in
   * between are counted into the next report. Default 30 000.
   */
  errorReportIntervalMs?: number;
}

// Claim: SET NX PX; when the key exists, return it with its remaining TTL in the same round trip,
// so there is no window where the record expires between a failed SET and a GET.
const CLAIM_LUA = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}`;

// Complete: compare-and-set on the owner token; PX = retention.
const COMPLETE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, record = pcall(cjson.decode, current)
if not ok or type(record) ~= 'table' or record.state ~= 'in_progress' or record.owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

// Release: delete only our own in-progress claim.
const RELEASE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, record = pcall(cjson.decode, current)
if not ok or type(record) ~= 'table' or record.state ~= 'in_progress' or record.owner ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

const COMMANDS = {
  claim: 'sightlineIdempotencyClaim',
  complete: 'sightlineIdempotencyComplete',
  release: 'sightlineIdempotencyRelease',
} as const;

/** The client after `defineCommand`: ioredis adds one method per script (EVALSHA, EVAL on NOSCRIPT). */
interface ScriptedClient {
  sightlineIdempotencyClaim(
    key: string,
    value: string,
    leaseMs: number,
  ): Promise<1 | [string | null, number]>;
  sightlineIdempotencyComplete(
    key: string,
    owner: string,
    value: string,
    retentionMs: number,
  ): Promise<0 | 1>;
  sightlineIdempotencyRelease(key: string, owner: string): Promise<0 | 1>;
  get(key: string): Promise<string | null>;
  ping(): Promise<unknown>;
  readonly status: string;
}

const DEFAULT_PREFIX = 'sightline:idem:';
const DEFAULT_TIMEOUT = 2_000;

/**
 * Store for multi-instance deployments, on an ioredis client (standalone, Sentinel or Cluster).
 * Claims are `SET key value NX PX lease`; completion and release are Lua compare-and-set on the
 * claim's owner token; completed records live for the retention (`PX`). Every key is
 * `prefix + SHA-256(scoped key)`: one Redis slot per record, never the raw client key.
 * Any client or server failure rejects with `IdempotencyStoreError`. The store listens to the
 * client's `error` events (reported through diag at most once per `errorReportIntervalMs`, so
 * ioredis never prints `Unhandled error event` per reconnect attempt) and registers a critical
 * readiness check (see `readiness`).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const store = redisStore(new Redis(process.env.REDIS_URL!), { prefix: 'payments:idem:' });
 * ```
 */
export function redisStore(
  client: Redis | Cluster,
  options: RedisStoreOptions = {},
): IdempotencyStore {
  return new RedisIdempotencyStore(client, options);
}

class RedisIdempotencyStore implements IdempotencyStore {
  private readonly _client: ScriptedClient;
  private readonly _prefix: string;
  private readonly _timeout: number;

  constructor(
    client: Redis | Cluster,
    {
      prefix = DEFAULT_PREFIX,
      timeout = DEFAULT_TIMEOUT,
      readiness,
      errorReportIntervalMs = DEFAULT_ERROR_REPORT_INTERVAL_MS,
    }: RedisStoreOptions,
  ) {
    if (!Number.isFinite(timeout) || timeout <= 0) {
      diag.warn(
        `sightline idempotency: redisStore timeout=${String(timeout)} is invalid; using ${DEFAULT_TIMEOUT}`,
      );
      timeout = DEFAULT_TIMEOUT;
    }
    // defineCommand is idempotent per name; several stores may share one client.
    client.defineCommand(COMMANDS.claim, { numberOfKeys: 1, lua: CLAIM_LUA });
    client.defineCommand(COMMANDS.complete, { numberOfKeys: 1, lua: COMPLETE_LUA });
    client.defineCommand(COMMANDS.release, { numberOfKeys: 1, lua: RELEASE_LUA });
    this._client = client as unknown as ScriptedClient;
    this._prefix = prefix;
    this._timeout = timeout;
    const errors = ClientErrorReporter.for(client, errorReportIntervalMs);
    registerStoreReadiness(readiness, {
      name: `idempotency:redis:${prefix.replace(/:+$/, '')}`,
      critical: true,
      check: () => checkConnection(this._client, errors),
    });
  }

  async claim(key: string, record: IdempotencyRecord, leaseMs: number): Promise<ClaimResult> {
    const reply = await this._call('claim', () =>
      this._client.sightlineIdempotencyClaim(
        this._prefix + key,
        JSON.stringify(record),
        Math.ceil(leaseMs),
      ),
    );
    if (reply === 1) return { claimed: true };
    const [value, pttl] = reply;
    const existing = decode('claim', value);
    if (!existing) throw new IdempotencyStoreError('claim', 'claim lost and no record found');
    return { claimed: false, record: existing, ttlMs: pttl > 0 ? pttl : 0 };
  }

  async complete(
    key: string,
    owner: string,
    record: IdempotencyRecord,
    retentionMs: number,
  ): Promise<boolean> {
    const reply = await this._call('complete', () =>
      this._client.sightlineIdempotencyComplete(
        this._prefix + key,
        owner,
        JSON.stringify(record),
        Math.ceil(retentionMs),
      ),
    );
    return reply === 1;
  }

  async release(key: string, owner: string): Promise<boolean> {
    const reply = await this._call('release', () =>
      this._client.sightlineIdempotencyRelease(this._prefix + key, owner),
    );
    return reply === 1;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    return decode('get', await this._call('get', () => this._client.get(this._prefix + key)));
  }

  /** Runs one client call under the timeout; every failure becomes an `IdempotencyStoreError`. */
  private async _call<T>(
    operation: IdempotencyStoreError['operation'],
    run: () => Promise<T>,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new IdempotencyStoreError(
              operation,
              `redis ${operation} timed out after ${this._timeout} ms`,
            ),
          ),
        this._timeout,
      );
      timer.unref();
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      if (error instanceof IdempotencyStoreError) throw error;
      throw new IdempotencyStoreError(operation, `redis ${operation} failed: ${describe(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

function decode(
  operation: IdempotencyStoreError['operation'],
  value: string | null,
): IdempotencyRecord | undefined {
  if (value === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new IdempotencyStoreError(operation, 'unreadable idempotency record', { cause: error });
  }
  const record = parsed as Partial<IdempotencyRecord> | null;
  if (
    !record ||
    (record.state !== 'in_progress' && record.state !== 'completed') ||
    typeof record.fingerprint !== 'string' ||
    typeof record.owner !== 'string'
  ) {
    throw new IdempotencyStoreError(operation, 'unreadable idempotency record');
  }
  return record as IdempotencyRecord;
}

/**
 * Readiness: PING only on a usable connection. While ioredis reconnects, a command would wait
 * in the offline queue (or fail with a generic message), so fail at once with the state and
 * the last error instead. `wait` is a lazyConnect client not used yet: PING connects it.
 */
async function checkConnection(client: ScriptedClient, errors: ClientErrorReporter): Promise<void> {
  const { status } = client;
  if (status !== 'ready' && status !== 'wait') {
    const last = errors.lastError ? ` (last error: ${errors.lastError})` : '';
    throw new Error(`redis connection is ${status}${last}`);
  }
  await client.ping();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

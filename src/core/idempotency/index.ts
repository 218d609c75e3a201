export { createIdempotency } from './manager.js';
export type { Idempotency, IdempotencyOptions, IdempotencyOutcome } from './manager.js';
export { canonicalJson, fingerprint, scopeKey, sha256Hex } from './fingerprint.js';
export type { FingerprintInput } from './fingerprint.js';
export { MAX_KEY_LENGTH, parseIdempotencyKey } from './key.js';
export type { ParsedIdempotencyKey } from './key.js';
export { memoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export { redisStore } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store.js';
export { IdempotencyStoreError } from './errors.js';
export { DEFAULT_REPLAY_HEADERS, REPLAYED_HEADER } from './response.js';
export type {
  ClaimResult,
  IdempotencyRecord,
  IdempotencyState,
  IdempotencyStore,
  StoredResponse,
} from './types.js';
export {
  IdempotencyKeyInUseError,
  IdempotencyKeyInvalidError,
  IdempotencyKeyMissingError,
  IdempotencyKeyReusedError,
  IdempotencyUnavailableError,
} from './problems.js';
export type { StoreReadinessOptions } from './readiness.js';

// Store factories shared by the suites: every suite runs against the memory store and a real Redis.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { memoryStore, redisStore } from '../../src/core/idempotency/index.js';
import type { IdempotencyStore } from '../../src/core/idempotency/index.js';

export const REDIS_URL = process.env.SIGHTLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface StoreKind {
  name: 'memory' | 'redis';
  /** A fresh, empty store (redis: its own prefix, removed by `cleanup`). */
  create(): IdempotencyStore;
  cleanup(): Promise<void>;
}

export function memoryKind(): StoreKind {
  return { name: 'memory', create: () => memoryStore(), cleanup: async () => {} };
}

export function redisKind(): StoreKind {
  const runPrefix = `sightline:idem:test:${randomUUID()}:`;
  let client: Redis | undefined;
  let n = 0;
  return {
    name: 'redis',
    create() {
      client ??= new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      n += 1;
      return redisStore(client, { prefix: `${runPrefix}${n}:` });
    },
    async cleanup() {
      if (!client) return;
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await client.del(...keys);
      } while (cursor !== '0');
      await client.quit();
    },
  };
}

/** An ioredis client aimed at a closed port that fails every command at once. */
export function unreachableRedis(): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port: 1,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    lazyConnect: false,
  });
  client.on('error', () => {}); // expected: ECONNREFUSED
  return client;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

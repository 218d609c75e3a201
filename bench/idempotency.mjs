#!/usr/bin/env node
// Per-request overhead of the idempotency middleware: the claim+complete path (a new key each
// request) and the replay path (the same key again), memory store vs Redis, against the same
// handler without the middleware. One run, variants interleaved per round; medians in µs.
// Needs `npm run build` (imports dist/) and Redis at SIGHTLINE_BENCH_REDIS_URL (default
// redis://127.0.0.1:6379); without Redis the Redis rows are reported as null.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { idempotency } from '../dist/adapters/hono/index.js';
import { memoryStore, redisStore } from '../dist/index.js';
import { emitResult, machine, median, printTable, round } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_IDEMPOTENCY_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_IDEMPOTENCY_REQUESTS ?? 1_000);
const WARMUP = 500;
const REDIS_URL = process.env.SIGHTLINE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BODY = JSON.stringify({
  amount: 1250,
  currency: 'EUR',
  customer: 'cus_42',
  items: [1, 2, 3],
});

function makeApp(middleware) {
  const app = new Hono();
  const handlers = middleware ? [middleware] : [];
  app.post('/payments', ...handlers, async (c) => {
    const body = await c.req.json();
    return c.json({ id: 'pay_1', amount: body.amount }, 201);
  });
  return app;
}

async function send(app, key) {
  const response = await app.request('/payments', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: BODY,
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`unexpected status ${response.status}`);
  return response;
}

/** Times `count` sequential requests; `keyFor(i)` picks the key. Returns per-request µs. */
async function sample(app, count, keyFor) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const key = keyFor(i);
    const started = process.hrtime.bigint();
    await send(app, key);
    out.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  return out;
}

async function connectRedis() {
  const client = new Redis(REDIS_URL, {
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    process.stdout.write(
      `Redis unavailable at ${REDIS_URL} (${error.message}): Redis rows skipped\n`,
    );
    client.disconnect();
    return undefined;
  }
}

const redis = await connectRedis();
const prefix = `sightline:idem:bench:${randomUUID()}:`;
const options = { ttl: 600_000 };
const variants = { baseline: { app: makeApp(), mode: 'new' } };
variants['memory claim+complete'] = {
  app: makeApp(idempotency({ ...options, store: memoryStore({ maxEntries: 1_000_000 }) })),
  mode: 'new',
};
variants['memory replay'] = { app: variants['memory claim+complete'].app, mode: 'replay' };
if (redis) {
  const app = makeApp(idempotency({ ...options, store: redisStore(redis, { prefix }) }));
  variants['redis claim+complete'] = { app, mode: 'new' };
  variants['redis replay'] = { app, mode: 'replay' };
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const replayKey = randomUUID();
try {
  for (const { app } of Object.values(variants)) await send(app, replayKey); // stores the replay record
  for (const [, variant] of Object.entries(variants)) {
    await sample(variant.app, WARMUP, (i) =>
      variant.mode === 'replay' ? replayKey : `warm-${i}-${randomUUID()}`,
    );
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, variant] of Object.entries(variants)) {
      const values = await sample(variant.app, PER_ROUND, () =>
        variant.mode === 'replay' ? replayKey : randomUUID(),
      );
      samples[name].push(...values);
    }
  }
} finally {
  if (redis) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
}

const medians = Object.fromEntries(
  Object.entries(samples).map(([name, values]) => [name, median(values)]),
);
const base = medians.baseline;
const overhead = (name) => (medians[name] === undefined ? null : round(medians[name] - base, 1));

process.stdout.write(`Idempotency middleware overhead — ${machine()}\n`);
process.stdout.write(
  `${ROUNDS} rounds × ${PER_ROUND} requests per variant, Hono app.request(), medians\n\n`,
);
printTable([
  ['variant', 'median µs/request', 'overhead µs', '× baseline'],
  ...Object.keys(variants).map((name) => [
    name,
    round(medians[name], 1),
    name === 'baseline' ? '—' : overhead(name),
    round(medians[name] / base, 2),
  ]),
]);
emitResult('idempotency', {
  unit: 'µs',
  baselineMedian: round(base, 1),
  memory: {
    claimCompleteOverhead: overhead('memory claim+complete'),
    replayOverhead: overhead('memory replay'),
  },
  redis: {
    claimCompleteOverhead: overhead('redis claim+complete'),
    replayOverhead: overhead('redis replay'),
  },
  requestsPerVariant: ROUNDS * PER_ROUND,
});

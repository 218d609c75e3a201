import { afterAll, describe, expect, it } from 'vitest';
import {
  IdempotencyStoreError,
  createIdempotency,
  fingerprint,
  memoryStore,
  redisStore,
} from '../../src/core/idempotency/index.js';
import type { IdempotencyRecord, IdempotencyStore } from '../../src/core/idempotency/index.js';
import { memoryKind, redisKind, sleep, unreachableRedis } from './stores.js';

const inProgress = (owner: string, fp = 'fp'): IdempotencyRecord => ({
  state: 'in_progress',
  fingerprint: fp,
  owner,
});
const completed = (owner: string, body: string, fp = 'fp'): IdempotencyRecord => ({
  state: 'completed',
  fingerprint: fp,
  owner,
  response: { status: 201, headers: [['content-type', 'text/plain']], body, encoding: 'utf8' },
});

/** Retries `claim` until the previous lease has expired; the bound only stops a broken store. */
async function claimAfterExpiry(store: IdempotencyStore, key: string, record: IdempotencyRecord) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const result = await store.claim(key, record, 60_000);
    if (result.claimed || Date.now() > deadline) return result;
    await sleep(20);
  }
}

for (const makeKind of [memoryKind, redisKind]) {
  describe(`store contract: ${makeKind().name}`, () => {
    const kind = makeKind();
    afterAll(() => kind.cleanup());

    it('claims atomically: one winner among concurrent claims, losers see the in-progress record', async () => {
      const store = kind.create();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.claim('k', inProgress(`o${i}`), 60_000)),
      );
      const winners = results.filter((r) => r.claimed);
      expect(winners).toHaveLength(1);
      for (const r of results) {
        if (!r.claimed) {
          expect(r.record.state).toBe('in_progress');
          expect(r.ttlMs).toBeGreaterThan(0);
          expect(r.ttlMs).toBeLessThanOrEqual(60_000);
        }
      }
    });

    it('completes only for the owner, then returns the completed record', async () => {
      const store = kind.create();
      await store.claim('k', inProgress('a'), 60_000);
      expect(await store.complete('k', 'intruder', completed('intruder', 'x'), 60_000)).toBe(false);
      expect(await store.complete('k', 'a', completed('a', 'done'), 60_000)).toBe(true);
      const again = await store.claim('k', inProgress('b'), 60_000);
      expect(again.claimed).toBe(false);
      if (!again.claimed) expect(again.record.response?.body).toBe('done');
      // A completed record cannot be released or completed again.
      expect(await store.release('k', 'a')).toBe(false);
      expect(await store.complete('k', 'a', completed('a', 'other'), 60_000)).toBe(false);
      expect((await store.get('k'))?.response?.body).toBe('done');
    });

    it('releases only for the owner', async () => {
      const store = kind.create();
      await store.claim('k', inProgress('a'), 60_000);
      expect(await store.release('k', 'b')).toBe(false);
      expect((await store.get('k'))?.owner).toBe('a');
      expect(await store.release('k', 'a')).toBe(true);
      expect(await store.get('k')).toBeUndefined();
      expect((await store.claim('k', inProgress('b'), 60_000)).claimed).toBe(true);
    });

    it('a stale owner whose lease expired cannot overwrite the newer owner', async () => {
      const store = kind.create();
      expect((await store.claim('k', inProgress('old'), 50)).claimed).toBe(true);
      const taken = await claimAfterExpiry(store, 'k', inProgress('new'));
      expect(taken.claimed).toBe(true);
      expect(await store.complete('k', 'old', completed('old', 'stale'), 60_000)).toBe(false);
      expect(await store.release('k', 'old')).toBe(false);
      expect(await store.complete('k', 'new', completed('new', 'fresh'), 60_000)).toBe(true);
      expect(await store.complete('k', 'old', completed('old', 'stale'), 60_000)).toBe(false);
      const record = await store.get('k');
      expect(record?.owner).toBe('new');
      expect(record?.response?.body).toBe('fresh');
    });

    it('keeps a completed record for the retention, not the lease', async () => {
      const store = kind.create();
      await store.claim('k', inProgress('a'), 60_000);
      await store.complete('k', 'a', completed('a', 'kept'), 3_600_000);
      const result = await store.claim('k', inProgress('b'), 60_000);
      expect(result.claimed).toBe(false);
      if (!result.claimed) expect(result.ttlMs).toBeGreaterThan(60_000);
    });

    it('namespaces records by key', async () => {
      const store = kind.create();
      expect((await store.claim('k1', inProgress('a'), 60_000)).claimed).toBe(true);
      expect((await store.claim('k2', inProgress('b'), 60_000)).claimed).toBe(true);
    });
  });

  describe(`manager: ${makeKind().name}`, () => {
    const kind = makeKind();
    afterAll(() => kind.cleanup());
    const created = () => Response.json({ id: 'pay_1' }, { status: 201 });

    it('executes once, then replays the stored response', async () => {
      const manager = createIdempotency({ store: kind.create() });
      let runs = 0;
      const run = () => {
        runs += 1;
        return created();
      };
      const first = await manager.execute('k', 'fp', run);
      expect(first.outcome).toBe('executed');
      if (first.outcome === 'executed') {
        expect(first.stored).toBe(true);
        expect(await first.response.json()).toEqual({ id: 'pay_1' }); // original still readable
      }
      const second = await manager.execute('k', 'fp', run);
      expect(second.outcome).toBe('replayed');
      if (second.outcome === 'replayed') {
        expect(second.response.status).toBe(201);
        expect(second.response.headers.get('idempotent-replayed')).toBe('true');
        expect(await second.response.json()).toEqual({ id: 'pay_1' });
      }
      expect(runs).toBe(1);
      expect(first.keyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.keyHash).toBe(second.keyHash);
    });

    it('reports a different fingerprint as a mismatch without running', async () => {
      const manager = createIdempotency({ store: kind.create() });
      await manager.execute('k', 'fp1', created);
      let ran = false;
      const outcome = await manager.execute('k', 'fp2', () => {
        ran = true;
        return created();
      });
      expect(outcome.outcome).toBe('mismatch');
      expect(ran).toBe(false);
    });

    it('reports an in-flight key as a conflict with a Retry-After of at least 1 s', async () => {
      const manager = createIdempotency({ store: kind.create() });
      let finish!: () => void;
      const running = manager.execute(
        'k',
        'fp',
        () => new Promise<Response>((resolve) => (finish = () => resolve(created()))),
      );
      await sleep(10);
      const outcome = await manager.execute('k', 'fp', created);
      expect(outcome.outcome).toBe('conflict');
      if (outcome.outcome === 'conflict') expect(outcome.retryAfter).toBeGreaterThanOrEqual(1);
      finish();
      expect((await running).outcome).toBe('executed');
    });

    it('releases the claim when the operation throws, and rethrows', async () => {
      const manager = createIdempotency({ store: kind.create() });
      await expect(
        manager.execute('k', 'fp', () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await manager.execute('k', 'fp', created)).outcome).toBe('executed');
    });

    it('releases on 5xx by default and stores 5xx with storeServerErrors', async () => {
      const plain = createIdempotency({ store: kind.create() });
      const failed = await plain.execute('k', 'fp', () => new Response('down', { status: 502 }));
      expect(failed.outcome === 'executed' && failed.stored).toBe(false);
      expect((await plain.execute('k', 'fp', created)).outcome).toBe('executed');

      const stripe = createIdempotency({ store: kind.create(), storeServerErrors: true });
      await stripe.execute('k', 'fp', () => new Response('down', { status: 502 }));
      const replay = await stripe.execute('k', 'fp', created);
      expect(replay.outcome).toBe('replayed');
      if (replay.outcome === 'replayed') expect(replay.response.status).toBe(502);
    });

    it('stores binary bodies exactly (base64) and null-body statuses', async () => {
      const manager = createIdempotency({ store: kind.create() });
      const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x80, 0x41]);
      await manager.execute('bin', 'fp', () => new Response(bytes, { status: 200 }));
      const replay = await manager.execute('bin', 'fp', created);
      expect(replay.outcome).toBe('replayed');
      if (replay.outcome === 'replayed') {
        expect(replay.record.encoding).toBe('base64');
        expect(new Uint8Array(await replay.response.arrayBuffer())).toEqual(bytes);
        expect(replay.response.headers.get('content-type')).toBeNull();
      }
      await manager.execute('empty', 'fp', () => new Response(null, { status: 204 }));
      const empty = await manager.execute('empty', 'fp', created);
      expect(empty.outcome === 'replayed' && empty.response.status).toBe(204);
    });

    it('lets a retry run after a crashed operation’s lease expires; the stale one cannot store', async () => {
      const store = kind.create();
      const manager = createIdempotency({ store, lease: 50 });
      let finishStale!: () => void;
      const stale = manager.execute(
        'k',
        'fp',
        () =>
          new Promise<Response>((resolve) => (finishStale = () => resolve(new Response('stale')))),
      );
      const deadline = Date.now() + 5_000;
      let retry = await manager.execute('k', 'fp', () => new Response('fresh'));
      while (retry.outcome === 'conflict' && Date.now() < deadline) {
        await sleep(20);
        retry = await manager.execute('k', 'fp', () => new Response('fresh'));
      }
      expect(retry.outcome).toBe('executed');
      finishStale();
      const late = await stale;
      expect(late.outcome === 'executed' && late.stored).toBe(false);
      const replay = await manager.execute('k', 'fp', () => new Response('third'));
      expect(replay.outcome).toBe('replayed');
      if (replay.outcome === 'replayed') expect(await replay.response.text()).toBe('fresh');
    });
  });
}

describe('memory store bounds', () => {
  it('evicts completed records first (least recently used) when full', async () => {
    const store = memoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b']) {
      await store.claim(key, inProgress(key), 60_000);
      await store.complete(key, key, completed(key, key), 60_000);
    }
    await store.get('a'); // touch: b is now the least recently used
    await store.claim('c', inProgress('c'), 60_000);
    await store.claim('d', inProgress('d'), 60_000); // full: evicts b
    expect(await store.get('b')).toBeUndefined();
    expect((await store.get('a'))?.state).toBe('completed');
    expect((await store.get('c'))?.state).toBe('in_progress');
  });

  it('refuses a claim rather than drop live in-flight claims', async () => {
    const store = memoryStore({ maxEntries: 2 });
    await store.claim('a', inProgress('a'), 60_000);
    await store.claim('b', inProgress('b'), 60_000);
    await expect(store.claim('c', inProgress('c'), 60_000)).rejects.toBeInstanceOf(
      IdempotencyStoreError,
    );
    expect((await store.get('a'))?.owner).toBe('a');
  });

  it('reclaims expired in-flight claims when full', async () => {
    const store = memoryStore({ maxEntries: 1 });
    await store.claim('a', inProgress('a'), 20);
    await sleep(40);
    expect((await store.claim('b', inProgress('b'), 60_000)).claimed).toBe(true);
  });
});

describe('redis store failures', () => {
  it('rejects with IdempotencyStoreError when Redis is unreachable, and the operation never runs', async () => {
    const client = unreachableRedis();
    try {
      const manager = createIdempotency({ store: redisStore(client) });
      let ran = false;
      const attempt = manager.execute('k', 'fp', () => {
        ran = true;
        return new Response('x');
      });
      await expect(attempt).rejects.toBeInstanceOf(IdempotencyStoreError);
      await expect(attempt).rejects.toMatchObject({ operation: 'claim' });
      expect(ran).toBe(false);
    } finally {
      client.disconnect();
    }
  });
});

describe('fingerprint', () => {
  const base = { method: 'POST', route: '/payments', contentType: 'application/json' };

  it('ignores key order and whitespace in JSON bodies, at every depth', () => {
    expect(fingerprint({ ...base, body: '{"a":1,"b":{"x":1,"y":[1,{"q":1,"p":2}]}}' })).toBe(
      fingerprint({ ...base, body: '{ "b": {"y":[1,{"p":2,"q":1}],"x":1}, "a": 1 }' }),
    );
  });

  it('differs by method, route, values and array order', () => {
    const fp = fingerprint({ ...base, body: '{"a":[1,2]}' });
    expect(fingerprint({ ...base, method: 'PATCH', body: '{"a":[1,2]}' })).not.toBe(fp);
    expect(fingerprint({ ...base, route: '/refunds', body: '{"a":[1,2]}' })).not.toBe(fp);
    expect(fingerprint({ ...base, body: '{"a":[2,1]}' })).not.toBe(fp);
    expect(fingerprint({ ...base, body: '{"a":[1,3]}' })).not.toBe(fp);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies exclude and include, top-level and dotted', () => {
    const a = '{"amount":10,"meta":{"sent_at":"t1","ref":"r"},"nonce":"n1"}';
    const b = '{"amount":10,"meta":{"sent_at":"t2","ref":"r"},"nonce":"n2"}';
    const exclude = ['nonce', 'meta.sent_at'];
    expect(fingerprint({ ...base, body: a, exclude })).toBe(
      fingerprint({ ...base, body: b, exclude }),
    );
    expect(fingerprint({ ...base, body: a })).not.toBe(fingerprint({ ...base, body: b }));
    const include = ['amount', 'meta.ref'];
    expect(fingerprint({ ...base, body: a, include })).toBe(
      fingerprint({ ...base, body: b, include }),
    );
    const c = '{"amount":11,"meta":{"sent_at":"t1","ref":"r"},"nonce":"n1"}';
    expect(fingerprint({ ...base, body: c, include })).not.toBe(
      fingerprint({ ...base, body: a, include }),
    );
  });

  it('hashes non-JSON and unparsable bodies raw', () => {
    const text = { method: 'POST', route: '/x', contentType: 'text/plain' };
    expect(fingerprint({ ...text, body: '{"a":1,"b":2}' })).not.toBe(
      fingerprint({ ...text, body: '{"b":2,"a":1}' }),
    );
    expect(fingerprint({ ...base, body: '{broken' })).toBe(
      fingerprint({ ...base, body: new TextEncoder().encode('{broken') }),
    );
    expect(fingerprint({ ...base, body: undefined })).toBe(fingerprint({ ...base, body: '' }));
  });

  it('treats +json media types as JSON', () => {
    const problem = { ...base, contentType: 'application/merge-patch+json; charset=utf-8' };
    expect(fingerprint({ ...problem, body: '{"a":1,"b":2}' })).toBe(
      fingerprint({ ...problem, body: '{"b":2,"a":1}' }),
    );
  });
});

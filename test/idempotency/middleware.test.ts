import { Hono } from 'hono';
import type { Context } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { idempotency } from '../../src/adapters/hono/idempotency/index.js';
import type { IdempotencyMiddlewareOptions } from '../../src/adapters/hono/idempotency/index.js';
import { redisStore } from '../../src/core/idempotency/index.js';
import { ValidationError, normalizeError } from '../../src/core/errors/index.js';
import { memoryKind, redisKind, sleep, unreachableRedis } from './stores.js';

type Handler = (c: Context, run: number) => Response | Promise<Response>;

/** An app with the middleware on POST/PATCH/GET /pay/:id? and a handler counting its runs. */
function makeApp(options: IdempotencyMiddlewareOptions, handler?: Handler) {
  const state = { runs: 0 };
  const app = new Hono();
  app.onError((error) => normalizeError(error).getResponse());
  const fallback: Handler = async (c, run) => {
    const body = c.req.header('content-type')?.includes('json') ? await c.req.json() : null;
    c.header('Set-Cookie', `session=s${run}; HttpOnly`);
    c.header('X-Internal', `run-${run}`);
    c.header('Location', `/payments/pay_${run}`);
    return c.json({ id: `pay_${run}`, echo: body }, 201);
  };
  app.on(
    ['POST', 'PATCH', 'GET'],
    ['/payments', '/orders/:id/refunds'],
    idempotency(options),
    (c) => {
      state.runs += 1;
      return (handler ?? fallback)(c, state.runs);
    },
  );
  return { app, state };
}

function post(
  app: Hono,
  key: string | undefined,
  body: unknown = { amount: 10, currency: 'EUR' },
  init: { path?: string; method?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (key !== undefined) headers['Idempotency-Key'] = key;
  return app.request(init.path ?? '/payments', {
    method: init.method ?? 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem.status).toBe(status);
  expect(problem.error_code).toBe(code);
  return problem;
}

const uuid = () => crypto.randomUUID();

for (const makeKind of [memoryKind, redisKind]) {
  const kindName = makeKind().name;
  describe(`idempotency middleware (${kindName} store)`, () => {
    const kind = makeKind();
    afterAll(() => kind.cleanup());
    const opts = (more: IdempotencyMiddlewareOptions = {}) => ({ store: kind.create(), ...more });

    it('runs the first request and replays it: status, body, allow-listed headers, Idempotent-Replayed', async () => {
      const { app, state } = makeApp(opts());
      const key = uuid();
      const first = await post(app, `"${key}"`);
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(first.headers.get('set-cookie')).toContain('session=s1');
      const firstBody = await first.json();
      expect(firstBody).toEqual({ id: 'pay_1', echo: { amount: 10, currency: 'EUR' } });

      const replay = await post(app, key); // bare token: the same key as the sf-string
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('content-type')).toMatch(/^application\/json/);
      expect(replay.headers.get('location')).toBe('/payments/pay_1');
      expect(replay.headers.get('set-cookie')).toBeNull();
      expect(replay.headers.get('x-internal')).toBeNull();
      expect(await replay.json()).toEqual(firstBody);
      expect(state.runs).toBe(1);
    });

    it('leaves the body readable by the handler through c.req (json, text, arrayBuffer)', async () => {
      const seen: unknown[] = [];
      const { app } = makeApp(opts(), async (c) => {
        seen.push(await c.req.json(), await c.req.text(), (await c.req.arrayBuffer()).byteLength);
        return c.json({ ok: true }, 201);
      });
      expect((await post(app, uuid(), { a: 1 })).status).toBe(201);
      expect(seen).toEqual([{ a: 1 }, '{"a":1}', 7]);
    });

    it('treats a re-serialised JSON payload (other key order, whitespace) as the same request', async () => {
      const { app, state } = makeApp(opts());
      const key = uuid();
      await post(app, key, '{"amount":10,"currency":"EUR"}');
      const replay = await post(app, key, '{ "currency": "EUR",\n "amount": 10 }');
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(state.runs).toBe(1);
    });

    it('answers 422 when the key is reused with a different payload, method or query', async () => {
      const { app, state } = makeApp(opts());
      const key = uuid();
      expect((await post(app, key, { amount: 10 })).status).toBe(201);
      await expectProblem(await post(app, key, { amount: 11 }), 422, 'IDEMPOTENCY_KEY_REUSED');
      await expectProblem(
        await post(app, key, { amount: 10 }, { method: 'PATCH' }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      await expectProblem(
        await post(app, key, { amount: 10 }, { path: '/payments?dry_run=1' }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(state.runs).toBe(1);
    });

    it('answers 409 with Retry-After while the first request is in flight', async () => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const { app, state } = makeApp(opts(), async (c) => {
        await gate;
        return c.json({ ok: true }, 201);
      });
      const key = uuid();
      const first = post(app, key);
      await sleep(20);
      const second = await post(app, key);
      const problem = await expectProblem(second, 409, 'IDEMPOTENCY_KEY_IN_USE');
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(problem.detail).toMatch(/still being processed/);
      open();
      expect((await first).status).toBe(201);
      expect(state.runs).toBe(1);
    });

    it('runs the operation exactly once for 100 concurrent identical requests', async () => {
      const { app, state } = makeApp(opts(), async (c, run) => {
        await sleep(30);
        return c.json({ id: `pay_${run}` }, 201);
      });
      const key = uuid();
      const responses = await Promise.all(Array.from({ length: 100 }, () => post(app, key)));
      expect(state.runs).toBe(1);
      let originals = 0;
      for (const response of responses) {
        if (response.status === 409) {
          expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
          continue;
        }
        expect(response.status).toBe(201);
        expect(await response.json()).toEqual({ id: 'pay_1' });
        if (response.headers.get('idempotent-replayed') !== 'true') originals += 1;
      }
      expect(originals).toBe(1);
      // Afterwards every retry is a replay of that one result.
      const after = await post(app, key);
      expect(after.headers.get('idempotent-replayed')).toBe('true');
      expect(await after.json()).toEqual({ id: 'pay_1' });
    });

    it('stores handler-produced 4xx responses and replays them', async () => {
      const { app, state } = makeApp(opts(), (c) => c.json({ error: 'no such order' }, 404));
      const key = uuid();
      expect((await post(app, key)).status).toBe(404);
      const replay = await post(app, key);
      expect(replay.status).toBe(404);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual({ error: 'no such order' });
      expect(state.runs).toBe(1);
    });

    it('releases the claim on a 5xx response so the retry runs', async () => {
      const { app, state } = makeApp(opts(), (c, run) =>
        run === 1 ? c.json({ error: 'upstream' }, 502) : c.json({ id: `pay_${run}` }, 201),
      );
      const key = uuid();
      expect((await post(app, key)).status).toBe(502);
      const retry = await post(app, key);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      expect(state.runs).toBe(2);
    });

    it('releases the claim when the handler throws (also a 4xx AppError) so the retry runs', async () => {
      const { app, state } = makeApp(opts(), (c, run) => {
        if (run === 1) throw new Error('db down');
        if (run === 2) throw new ValidationError('bad amount', { field: 'amount' });
        return c.json({ id: `pay_${run}` }, 201);
      });
      const key = uuid();
      expect((await post(app, key)).status).toBe(500);
      expect((await post(app, key)).status).toBe(400);
      const third = await post(app, key);
      expect(third.status).toBe(201);
      expect(third.headers.get('idempotent-replayed')).toBeNull();
      expect(state.runs).toBe(3);
    });

    it('stores 5xx responses with storeServerErrors (Stripe mode)', async () => {
      const { app, state } = makeApp(opts({ storeServerErrors: true }), (c) =>
        c.json({ error: 'upstream' }, 502),
      );
      const key = uuid();
      await post(app, key);
      const replay = await post(app, key);
      expect(replay.status).toBe(502);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(state.runs).toBe(1);
    });

    it('lets a retry run after a crash (lease expired); the crashed request cannot overwrite it', async () => {
      let unblockCrashed!: () => void;
      const crashed = new Promise<void>((resolve) => (unblockCrashed = resolve));
      const { app, state } = makeApp(opts({ lease: 50 }), async (c, run) => {
        if (run === 1) await crashed; // "never" completes within its lease
        return c.json({ id: `pay_${run}` }, 201);
      });
      const key = uuid();
      const first = post(app, key);
      const deadline = Date.now() + 5_000;
      let retry = await post(app, key);
      while (retry.status === 409 && Date.now() < deadline) {
        await sleep(20);
        retry = await post(app, key);
      }
      expect(retry.status).toBe(201);
      expect(await retry.json()).toEqual({ id: 'pay_2' });
      unblockCrashed();
      expect(await (await first).json()).toEqual({ id: 'pay_1' }); // its own client still gets it
      const replay = await post(app, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual({ id: 'pay_2' }); // the stale owner did not overwrite
      expect(state.runs).toBe(2);
    });

    it('scopes keys per principal and per path', async () => {
      const { app, state } = makeApp(opts({ scope: (c) => c.req.header('x-tenant') }));
      const key = uuid();
      await post(app, key, undefined, { headers: { 'x-tenant': 'a' } });
      const other = await post(app, key, undefined, { headers: { 'x-tenant': 'b' } });
      expect(other.headers.get('idempotent-replayed')).toBeNull();
      const same = await post(app, key, undefined, { headers: { 'x-tenant': 'a' } });
      expect(same.headers.get('idempotent-replayed')).toBe('true');
      await post(app, key, undefined, { path: '/orders/1/refunds', headers: { 'x-tenant': 'a' } });
      const order2 = await post(app, key, undefined, {
        path: '/orders/2/refunds',
        headers: { 'x-tenant': 'a' },
      });
      expect(order2.status).toBe(201);
      expect(order2.headers.get('idempotent-replayed')).toBeNull();
      expect(state.runs).toBe(4);
    });
  });
}

describe('idempotency middleware: key validation', () => {
  const policyUrl = 'https://api.example.com/docs/idempotency';

  it('is a named middleware function', () => {
    expect(idempotency().name).toBe('idempotency');
  });

  it('answers 400 linking the policy when a required key is missing', async () => {
    const { app, state } = makeApp({ required: true, policyUrl });
    const response = await post(app, undefined);
    const problem = await expectProblem(response, 400, 'IDEMPOTENCY_KEY_MISSING');
    expect(problem.type).toBe(policyUrl);
    expect(problem.detail).toContain(policyUrl);
    expect(response.headers.get('link')).toBe(`<${policyUrl}>; rel="describedby"`);
    expect(state.runs).toBe(0);
  });

  it('lets requests without a key through when not required, and ignores uncovered methods', async () => {
    const { app, state } = makeApp({});
    expect((await post(app, undefined)).status).toBe(201);
    expect((await post(app, undefined)).status).toBe(201);
    const key = uuid();
    await app.request('/payments', { method: 'GET', headers: { 'Idempotency-Key': key } });
    const get = await app.request('/payments', {
      method: 'GET',
      headers: { 'Idempotency-Key': key },
    });
    expect(get.headers.get('idempotent-replayed')).toBeNull();
    expect(state.runs).toBe(4);
  });

  it.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a control character', 'key\u0001value'],
    ['DEL', 'key\u007f'],
    ['non-ASCII (latin-1)', 'cl\u00e9'],
    ['a bad sf-string (unterminated)', '"abc'],
    ['a bad sf-string (trailing bytes)', '"abc"x'],
    ['a space inside the sf-string', '"a b"'],
    ['an empty sf-string', '""'],
    ['folded header lines', 'a, b'],
  ])('answers 400 naming the header for a key with %s', async (_label, key) => {
    const { app, state } = makeApp({ policyUrl });
    const problem = await expectProblem(await post(app, key), 400, 'IDEMPOTENCY_KEY_INVALID');
    expect(String(problem.detail)).toContain('Idempotency-Key');
    expect(JSON.stringify(problem.errors)).toContain('Idempotency-Key');
    expect(state.runs).toBe(0);
  });

  it('fingerprints a body an earlier middleware already parsed, and the handler still reads it', async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      await c.req.json(); // e.g. an auth or audit middleware
      await next();
    });
    let runs = 0;
    app.post('/payments', idempotency(), async (c) => {
      runs += 1;
      return c.json(await c.req.json(), 201);
    });
    const key = uuid();
    expect(await (await post(app, key, { a: 1 })).json()).toEqual({ a: 1 });
    expect((await post(app, key, { a: 1 })).headers.get('idempotent-replayed')).toBe('true');
    expect((await post(app, key, { a: 2 })).status).toBe(422);
    expect(runs).toBe(1);
  });

  it('accepts a 255-character key', async () => {
    const { app } = makeApp({});
    expect((await post(app, 'k'.repeat(255))).status).toBe(201);
  });
});

describe('idempotency middleware: store unreachable', () => {
  it('answers 503 and never runs the handler when Redis is down', async () => {
    const client = unreachableRedis();
    try {
      const { app, state } = makeApp({ store: redisStore(client) });
      const response = await post(app, uuid());
      await expectProblem(response, 503, 'IDEMPOTENCY_STORE_UNAVAILABLE');
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(state.runs).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});

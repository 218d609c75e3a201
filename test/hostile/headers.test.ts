// Hostile request headers against the demo service, in process (app.request): malformed and
// oversized traceparent / tracestate / baggage / X-Request-Id / Idempotency-Key, with canary
// secrets in the places a client would plausibly put them.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  answer,
  baggageArb,
  expectNoCanary,
  expectNoServerError,
  expectNoUnhandledRejections,
  expectProblemIfError,
  expectSaneCorrelationHeaders,
  useDemo,
  headerValueArb,
  idempotencyKeyArb,
  looseHeaderValueArb,
  needlesOf,
  ONE_MB_HEADER,
  requestIdArb,
  secretsArb,
  traceparentArb,
  tracestateArb,
  type Secrets,
} from './helpers.js';

const demo = useDemo();

/** Client-input routes: /boom and /upstream are 5xx by design and excluded. */
type Target = { method: 'GET' | 'POST'; path: string; body?: (s: Secrets) => string };
const TARGETS: Target[] = [
  { method: 'GET', path: '/users/1' },
  { method: 'GET', path: '/users/42' },
  { method: 'GET', path: '/nowhere' },
  { method: 'GET', path: '/healthz' },
  {
    method: 'POST',
    path: '/payments',
    body: (s) => JSON.stringify({ amount: 10, card: s.card, token: s.token }),
  },
  {
    method: 'POST',
    path: '/users',
    body: (s) =>
      JSON.stringify({ name: 'Grace', email: s.email, password: s.password, api_key: s.apiKey }),
  },
];

const loose = looseHeaderValueArb();
/** Mostly hostile values, now and then a 1 MiB one. */
function sized(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 30, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant(ONE_MB_HEADER) },
  );
}

const traceparents = sized(traceparentArb(loose));
const tracestates = sized(tracestateArb(loose));
const baggages = sized(baggageArb(loose));
const requestIds = sized(requestIdArb(loose));
const idempotencyKeys = sized(idempotencyKeyArb(loose));

// Arbitraries are built once (building stringMatching arbitraries per run is slow); secrets
// are placed into baggage/authorization by name when the request is sent.
const caseArb = fc.record({
  secrets: secretsArb,
  target: fc.constantFrom(...TARGETS),
  query: fc.constantFrom(
    '',
    '?access_token=',
    '?page=2&access_token=',
    '?token=',
    '?api_key=',
    '?password=',
  ),
  traceparent: fc.option(traceparents, { nil: undefined }),
  tracestate: fc.option(tracestates, { nil: undefined }),
  baggage: fc.option(baggages, { nil: undefined }),
  baggageSecret: fc.option(fc.constantFrom('email', 'jwt', 'card', 'github', 'password'), {
    nil: undefined,
  }),
  requestId: fc.option(requestIds, { nil: undefined }),
  idempotencyKey: fc.option(idempotencyKeys, { nil: undefined }),
  authorization: fc.option(fc.constantFrom('bearer', 'github', 'basic'), { nil: undefined }),
  apiKeyHeader: fc.boolean(),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function describeCase(c: Case): string {
  const short = (v: string | undefined) =>
    v === undefined ? undefined : v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v;
  return JSON.stringify({
    route: `${c.target.method} ${c.target.path}${c.query}`,
    traceparent: short(c.traceparent),
    tracestate: short(c.tracestate),
    baggage: short(c.baggage),
    requestId: short(c.requestId),
    idempotencyKey: short(c.idempotencyKey),
  });
}

async function send(c: Case) {
  const headers = new Headers();
  if (c.traceparent !== undefined) headers.set('traceparent', c.traceparent);
  if (c.tracestate !== undefined) headers.set('tracestate', c.tracestate);
  if (c.baggage !== undefined || c.baggageSecret !== undefined) {
    const secret =
      c.baggageSecret === undefined
        ? undefined
        : c.baggageSecret === 'password'
          ? `password=${c.secrets.password}`
          : `user.${c.baggageSecret}=${c.secrets[c.baggageSecret]}`;
    headers.set('baggage', [c.baggage, secret].filter((part) => part !== undefined).join(','));
  }
  if (c.requestId !== undefined) headers.set('x-request-id', c.requestId);
  if (c.idempotencyKey !== undefined) headers.set('idempotency-key', c.idempotencyKey);
  if (c.authorization !== undefined) {
    const { jwt, github, password } = c.secrets;
    const value = {
      bearer: `Bearer ${jwt}`,
      github: `token ${github}`,
      basic: `Basic ${btoa(`ada:${password}`)}`,
    };
    headers.set('authorization', value[c.authorization]);
  }
  if (c.apiKeyHeader) headers.set('x-api-key', c.secrets.apiKey);
  const body = c.target.body?.(c.secrets);
  if (body !== undefined) headers.set('content-type', 'application/json');
  const query = c.query === '' ? '' : `${c.query}${c.secrets.accessToken}`;
  return answer(
    await demo.app.request(`${c.target.path}${query}`, {
      method: c.target.method,
      headers,
      ...(body !== undefined ? { body } : {}),
    }),
  );
}

describe('hostile headers on the demo service', () => {
  it('never 5xx, always a valid problem on errors, sane correlation headers, no canary anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        demo.reset();
        const res = await send(c);
        const context = describeCase(c);
        expectNoServerError(res, context);
        expectProblemIfError(res, context);
        expectSaneCorrelationHeaders(res);
        const needles = needlesOf(c.secrets);
        // POST /users answers the created user (name and email) by design: the client's own data.
        const echoed = c.target.path === '/users' && res.status === 201 ? [c.secrets.email] : [];
        expectNoCanary(
          needles.filter((n) => !echoed.includes(n)),
          { 'response body': res.text },
        );
        expectNoCanary(needles, {
          ...demo.observed(),
          'response headers': JSON.stringify([...res.headers]),
        });
      }),
      { numRuns: 200 },
    );
    await expectNoUnhandledRejections();
  });

  it('the echoed X-Request-Id is the client value only when it is safe, else a fresh one', async () => {
    await fc.assert(
      fc.asyncProperty(requestIdArb(headerValueArb()), async (requestId) => {
        const res = await answer(
          await demo.app.request('/users/1', { headers: { 'x-request-id': requestId } }),
        );
        expectNoServerError(res, `x-request-id ${requestId.slice(0, 100)}`);
        const echoed = res.headers.get('x-request-id');
        if (/^[A-Za-z0-9._:-]{1,128}$/.test(requestId)) {
          if (echoed !== requestId)
            throw new Error(`valid request id ${requestId} replaced by ${echoed}`);
        } else if (echoed === requestId) {
          throw new Error(`unsafe request id echoed: ${requestId.slice(0, 100)}`);
        }
        expectSaneCorrelationHeaders(res);
        for (const line of demo.lines.lines) {
          const logged = line['request_id'];
          if (logged !== undefined && logged !== echoed)
            throw new Error(`log line request_id ${String(logged)} ≠ ${echoed}`);
        }
        demo.reset();
      }),
      { numRuns: 150 },
    );
    await expectNoUnhandledRejections();
  });

  it('a malformed or oversized Idempotency-Key is a 400 problem, never a 5xx, and the key is never logged', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(idempotencyKeyArb(looseHeaderValueArb()), async (key) => {
        demo.reset();
        const res = await answer(
          await demo.app.request('/payments', {
            method: 'POST',
            headers: { 'idempotency-key': key, 'content-type': 'application/json' },
            body: JSON.stringify({ amount: ++n }),
          }),
        );
        const context = `Idempotency-Key ${JSON.stringify(key.slice(0, 200))}`;
        expectNoServerError(res, context);
        expectProblemIfError(res, context);
        if (![201, 400, 422].includes(res.status))
          throw new Error(`unexpected ${res.status} for ${context}`);
        // A raw key can be a bearer of authority (replays); only its hash may be recorded.
        const bare = key.replace(/^"|"$/g, '');
        if (bare.length >= 24) {
          expectNoCanary([bare], demo.observed());
        }
      }),
      { numRuns: 200 },
    );
    await expectNoUnhandledRejections();
  });
});

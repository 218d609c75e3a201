// The demo service in a real child process (`node --import sightline/register`), exporting over
// OTLP/HTTP to a receiver in this test, driven over a real socket by a bounded batch of
// fast-check-generated hostile requests; then SIGTERM. Asserts: no 5xx from client input, problem
// bodies on errors, a clean exit (code 0), no "Unhandled"/"uncaught" on stderr, and no canary
// secret in stdout, in anything the receiver decoded, or in a response body.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/dev/index.js';
import { spawnNode, type Child } from '../helpers/child.js';
import { JSON_TYPES, jsonBodyArb, notJsonBodyArb, OTHER_TYPES, type BodyFn } from './bodies.js';
import {
  baggageArb,
  collectUnhandledRejections,
  expectNoCanary,
  expectNoUnhandledRejections,
  headerValueArb,
  idempotencyKeyArb,
  needlesOf,
  requestIdArb,
  safeStringify,
  secretsArb,
  traceparentArb,
  tracestateArb,
  type Secrets,
} from './helpers.js';

collectUnhandledRejections();

const BATCH = 100;
/** Node's HTTP server answers 431 (no body, before the app) beyond 16 KiB of headers: stay under. */
const MAX_HEADER_BYTES = 12 * 1024;
const SEED = Number(process.env['HOSTILE_SEED'] ?? Date.now() % 2 ** 31);

let receiver: Receiver;
let child: Child | undefined;

beforeAll(async () => {
  receiver = await startReceiver({ port: 0 });
});
afterAll(async () => {
  if (child && child.process.exitCode === null) child.kill('SIGKILL');
  await receiver?.close();
});

async function listeningPort(c: Child, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of c.stdout().split('\n')) {
      if (!line.includes('"demo service listening"')) continue;
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number') return port;
    }
    if (c.process.exitCode !== null) throw new Error(`demo exited early: ${c.stderr()}`);
    if (Date.now() > deadline) throw new Error(`demo did not start: ${c.stdout()} ${c.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type Route =
  | 'GET /users/1'
  | 'GET /users/:secret'
  | 'GET /nowhere/:secret'
  | 'GET /healthz'
  | 'POST /users'
  | 'POST /payments';

const value = headerValueArb();
const requestArb = fc.record({
  secrets: secretsArb,
  route: fc.constantFrom<Route>(
    'GET /users/1',
    'GET /users/:secret',
    'GET /nowhere/:secret',
    'GET /healthz',
    'POST /users',
    'POST /payments',
  ),
  pathSecret: fc.constantFrom('card', 'email', 'github', 'aws'),
  query: fc.constantFrom('', '?access_token=', '?page=2&access_token=', '?token='),
  traceparent: fc.option(traceparentArb(value), { nil: undefined }),
  tracestate: fc.option(tracestateArb(value), { nil: undefined }),
  baggage: fc.option(baggageArb(value), { nil: undefined }),
  requestId: fc.option(requestIdArb(value), { nil: undefined }),
  idempotencyKey: fc.option(idempotencyKeyArb(value), { nil: undefined }),
  authorization: fc.boolean(),
  contentType: fc.option(fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES), { nil: undefined }),
  body: fc.oneof({ weight: 3, arbitrary: jsonBodyArb }, { weight: 1, arbitrary: notJsonBodyArb }),
});
type HostileRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function build(r: HostileRequest, port: number): { url: string; init: RequestInit; label: string } {
  const s = r.secrets;
  const [method, template] = r.route.split(' ') as ['GET' | 'POST', string];
  const secret = s[r.pathSecret as keyof Secrets];
  const path = template.replace(':secret', encodeURIComponent(secret));
  const query = r.query === '' ? '' : `${r.query}${s.accessToken}`;
  const headers = new Headers();
  const set = (name: string, v: string | undefined) => v !== undefined && headers.set(name, v);
  set('traceparent', r.traceparent);
  set('tracestate', r.tracestate);
  set('baggage', r.baggage === undefined ? undefined : `${r.baggage},user.email=${s.email}`);
  set('x-request-id', r.requestId);
  if (r.authorization) headers.set('authorization', `Bearer ${s.jwt}`);
  let body: string | undefined;
  if (method === 'POST') {
    body = (r.body as BodyFn)(s);
    set('content-type', r.contentType);
    if (r.route === 'POST /payments')
      headers.set('idempotency-key', r.idempotencyKey ?? `"${crypto.randomUUID()}"`);
  }
  const label = `${method} ${path}${query} headers=${safeStringify(
    Object.fromEntries(
      [...headers].map(([k, v]) => [k, v.length > 100 ? `${v.slice(0, 100)}…(${v.length})` : v]),
    ),
  )} body=${body === undefined ? 'none' : JSON.stringify(body.length > 150 ? `${body.slice(0, 150)}…(${body.length})` : body)}`;
  return {
    url: `http://127.0.0.1:${port}${path}${query}`,
    init: {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(10_000),
    },
    label,
  };
}

function headerBytes(init: RequestInit): number {
  let total = 0;
  for (const [name, v] of init.headers as Headers) total += name.length + v.length + 4;
  return total;
}

describe('the demo service over a real socket', () => {
  it(`survives ${BATCH} hostile requests, exits 0 on SIGTERM and leaks no canary (seed ${SEED})`, async () => {
    child = spawnNode('examples/hono-app/server.mjs', ['--import', 'sightline/register'], {
      PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'sightline-demo',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
    });
    const port = await listeningPort(child);

    const requests = fc
      .sample(requestArb, { numRuns: BATCH * 3, seed: SEED })
      .map((r) => ({ r, ...build(r, port) }))
      .filter(({ init }) => headerBytes(init) <= MAX_HEADER_BYTES)
      .slice(0, BATCH);
    expect(requests.length).toBe(BATCH);

    const violations: string[] = [];
    const needles = new Set<string>();
    for (const { r, url, init, label } of requests) {
      const own = needlesOf(r.secrets);
      own.forEach((needle) => needles.add(needle));
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        violations.push(`request failed (${String(error)}): ${label}`);
        continue;
      }
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      if (response.status >= 500)
        violations.push(`${response.status} from client input: ${label} → ${text.slice(0, 200)}`);
      if (response.status >= 400) {
        let status: unknown;
        try {
          status = (JSON.parse(text) as { status?: unknown }).status;
        } catch {
          status = 'not JSON';
        }
        if (
          !/^application\/problem\+json(\s*;|$)/.test(contentType) ||
          status !== response.status
        ) {
          violations.push(
            `${response.status} answered ${contentType} with status ${String(status)}: ${label}`,
          );
        }
      }
      // POST /users answers the created user (name, email) by design: the client's own data.
      const echoed = r.route === 'POST /users' && response.status === 201 ? [r.secrets.email] : [];
      // A path segment the client chose comes back as the 404 `instance`, redacted.
      try {
        expectNoCanary(
          own.filter((needle) => !echoed.includes(needle)),
          { [`response body of ${label}`]: text },
        );
      } catch (error) {
        violations.push((error as Error).message);
      }
    }

    // Telemetry must have arrived (else the canary check below proves nothing).
    await receiver.waitForSpans((span) => span.kind === 'SERVER', { timeoutMs: 10_000 });
    child.kill('SIGTERM');
    const code = await child.exited(20_000);
    const stdout = child.stdout();
    const stderr = child.stderr();

    expect(violations, `seed ${SEED}`).toEqual([]);
    expect(code, `exit code (stderr: ${stderr.slice(0, 2000)})`).toBe(0);
    expect(stderr).not.toMatch(/unhandled|uncaught/i);
    expect(receiver.logs.length).toBeGreaterThan(0);
    // Queries carrying tokens were exported — redacted — so the check below has something to bite on.
    expect(
      receiver.spans.some((span) =>
        String(span.attributes['url.query'] ?? '').includes('REDACTED'),
      ),
    ).toBe(true);
    expectNoCanary([...needles], {
      'demo stdout': stdout,
      'demo stderr': stderr,
      'OTLP spans received': safeStringify(receiver.spans),
      'OTLP logs received': safeStringify(receiver.logs),
      'OTLP metrics received': safeStringify(receiver.metrics),
    });
    await expectNoUnhandledRejections();
  }, 60_000);
});

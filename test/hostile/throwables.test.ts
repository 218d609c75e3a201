// Non-Error throwables through a small Hono app using the same middleware as the demo
// (observability, problemHandler, notFoundHandler): strings, null, undefined, numbers, Symbols,
// plain and frozen objects, throwing getters, Proxies that throw on every trap, cyclic causes,
// foreign errors with statuses, HTTPException — thrown sync, async and from a middleware.
import fc from 'fast-check';
import { Hono } from 'hono';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../dist/index.js';
import { notFoundHandler, observability, problemHandler } from '../../dist/adapters/hono/index.js';
import { installTestOtel, JsonLines } from '../helpers/otel.js';
import {
  answer,
  collectUnhandledRejections,
  expectNoCanary,
  expectNoUnhandledRejections,
  expectProblemIfError,
  expectSaneCorrelationHeaders,
  exportedTelemetry,
  needlesOf,
  secretsArb,
  type Secrets,
} from './helpers.js';
import { throwableArb, type Builder } from './values.js';

const otel = installTestOtel();
collectUnhandledRejections();
afterAll(() => otel.shutdown());

const lines = new JsonLines();
let current: () => unknown = () => undefined;

const app = new Hono();
app.use(observability({ logger: createLogger({ stream: lines }) }));
app.onError(problemHandler());
app.notFound(notFoundHandler());
app.get('/sync', () => {
  throw current();
});
app.get('/async', async () => {
  await new Promise((resolve) => setImmediate(resolve));
  throw current();
});
app.use('/middleware/*', async () => {
  throw current();
});
app.get('/middleware/x', (c) => c.text('unreachable'));

const PATHS = ['/sync', '/async', '/middleware/x'] as const;
const GENERIC_5XX = /^[A-Za-z ,.'-]+$/;

async function throwAndCheck(
  kind: string,
  build: Builder,
  path: string,
  secrets: Secrets,
  marker: string,
): Promise<void> {
  otel.reset();
  lines.lines.length = 0;
  const thrown = build(marker, secrets);
  current = () => thrown;
  let response: Response;
  try {
    response = await app.request(path);
  } catch (escaped) {
    throw new Error(`${kind} escaped app.request on ${path}: ${String(escaped)}`);
  }
  const res = await answer(response);
  const context = `${kind} thrown on ${path}`;
  if (res.status < 400) throw new Error(`${context} answered ${res.status}`);
  expectProblemIfError(res, context);
  expectSaneCorrelationHeaders(res);
  if (res.status >= 500) {
    const problem = JSON.parse(res.text) as Record<string, unknown>;
    expect(String(problem['detail'])).toMatch(GENERIC_5XX);
    expect(problem['details']).toBeUndefined();
    expect(problem['errors']).toBeUndefined();
  }
  // Internal text (the marker) only reaches a client as an HTTPException's 4xx message.
  expectNoCanary([marker], {
    'response body': res.text,
    'response headers': JSON.stringify([...res.headers]),
  });
  expect(res.headers.get('set-cookie')).toBeNull();
  expectNoCanary(needlesOf(secrets), {
    'response body': res.text,
    'stdout log lines': lines.lines.map((line) => JSON.stringify(line)).join('\n'),
    'exported spans/log records': exportedTelemetry(otel),
  });
  // Telemetry tells the truth: one server span and one request line, with the status sent, and
  // the error recorded on the span.
  const servers = otel.spans().filter((span) => span.kind === SpanKind.SERVER);
  expect(servers, context).toHaveLength(1);
  const server = servers[0]!;
  expect(server.attributes['http.response.status_code'], `span status code for ${context}`).toBe(
    res.status,
  );
  expect(
    server.events.filter((event) => event.name === 'exception'),
    `exception events for ${context}`,
  ).toHaveLength(1);
  if (res.status >= 500)
    expect(server.status.code, `span status for ${context}`).toBe(SpanStatusCode.ERROR);
  const requestLines = lines.lines.filter(
    (line) => line['message'] === 'Request completed' || line['message'] === 'Request failed',
  );
  expect(
    requestLines.map((line) => line['status']),
    `request log line for ${context}`,
  ).toEqual([res.status]);
}

describe('non-Error throwables through observability + problemHandler', () => {
  it('always answer a problem (never 2xx/3xx), 5xx show no internals, no canary leaks, nothing escapes', async () => {
    await fc.assert(
      fc.asyncProperty(
        throwableArb,
        fc.constantFrom(...PATHS),
        secretsArb,
        fc.stringMatching(/^[a-z]{12}$/),
        async ({ kind, build }, path, secrets, suffix) => {
          await throwAndCheck(kind, build, path, secrets, `INTERNAL-${suffix}`);
        },
      ),
      { numRuns: 300 },
    );
    await expectNoUnhandledRejections();
  });

  // `throw undefined` is the one throwable the middleware cannot tell from "no error" by value.
  it.each(PATHS)(
    'throw undefined on %s is recorded and answered like any other throwable',
    async (path) => {
      const secrets = fc.sample(secretsArb, { numRuns: 1, seed: 1 })[0]!;
      await throwAndCheck('undefined', () => undefined, path, secrets, 'INTERNAL-undefined');
      await expectNoUnhandledRejections();
    },
  );
});

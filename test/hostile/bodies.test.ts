// Hostile request bodies to POST /users and POST /payments of the demo service, in process:
// invalid JSON, empty bodies, wrong shapes, deep nesting, 1 MiB bodies, wrong content types —
// with canary secrets in the fields a client would plausibly send.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  answer,
  expectNoCanary,
  expectNoServerError,
  expectNoUnhandledRejections,
  expectProblemIfError,
  needlesOf,
  secretsArb,
  useDemo,
  type Answer,
  type Secrets,
} from './helpers.js';
import { JSON_TYPES, jsonBodyArb, notJsonBodyArb, OTHER_TYPES } from './bodies.js';

const demo = useDemo();

const ROUTES = ['/users', '/payments'] as const;
let keySeq = 0;

async function post(
  route: (typeof ROUTES)[number],
  body: string | undefined,
  contentType: string | undefined,
): Promise<Answer> {
  const headers = new Headers();
  if (contentType !== undefined) headers.set('content-type', contentType);
  // A fresh key per request: these properties are about bodies, not replays.
  if (route === '/payments') headers.set('idempotency-key', `"body-${process.pid}-${++keySeq}"`);
  return answer(
    await demo.app.request(route, {
      method: 'POST',
      headers,
      ...(body !== undefined ? { body } : {}),
    }),
  );
}

function describeInput(
  route: string,
  contentType: string | undefined,
  body: string | undefined,
): string {
  const shown =
    body === undefined
      ? 'no body'
      : body.length > 200
        ? `${JSON.stringify(body.slice(0, 200))}…(${body.length} chars)`
        : JSON.stringify(body);
  return `POST ${route} content-type=${String(contentType)} body=${shown}`;
}

function checkRun(res: Answer, secrets: Secrets, route: string, input: string): void {
  expectNoServerError(res, input);
  expectProblemIfError(res, input);
  const needles = needlesOf(secrets);
  // POST /users answers the created user (name, email) by design: the client's own data.
  const echoed = route === '/users' && res.status === 201 ? [secrets.email] : [];
  expectNoCanary(
    needles.filter((needle) => !echoed.includes(needle)),
    { 'response body': res.text },
  );
  expectNoCanary(needles, demo.observed());
}

describe('hostile bodies on the demo service', () => {
  it('JSON content types: any JSON shape, invalid JSON, empty and 1 MiB bodies → 2xx or a 4xx problem, no canary', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretsArb,
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...JSON_TYPES),
        fc.oneof({ weight: 3, arbitrary: jsonBodyArb }, { weight: 1, arbitrary: notJsonBodyArb }),
        async (secrets, route, contentType, bodyFn) => {
          demo.reset();
          const body = bodyFn(secrets);
          const res = await post(route, body, contentType);
          checkRun(res, secrets, route, describeInput(route, contentType, body));
        },
      ),
      { numRuns: 250 },
    );
    await expectNoUnhandledRejections();
  });

  it('deeply nested JSON (a few KiB of brackets) → a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretsArb,
        fc.constantFrom(...ROUTES),
        fc.integer({ min: 1, max: 12_000 }),
        fc.constantFrom('array', 'object', 'mixed'),
        async (secrets, route, depth, shape) => {
          demo.reset();
          const open = shape === 'array' ? '[' : shape === 'object' ? '{"a":' : '[{"a":';
          const close = shape === 'array' ? ']' : shape === 'object' ? '}' : '}]';
          const body = `${open.repeat(depth)}${JSON.stringify(secrets.password)}${close.repeat(depth)}`;
          const res = await post(route, body, 'application/json');
          checkRun(
            res,
            secrets,
            route,
            `POST ${route} with JSON nested ${depth} deep (${shape}, ${body.length} bytes)`,
          );
        },
      ),
      { numRuns: 100 },
    );
    await expectNoUnhandledRejections();
  });

  it('wrong or missing content types with any body → 2xx or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretsArb,
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...OTHER_TYPES),
        fc.oneof(jsonBodyArb, notJsonBodyArb),
        async (secrets, route, contentType, bodyFn) => {
          demo.reset();
          const body = bodyFn(secrets);
          const res = await post(route, body, contentType);
          checkRun(res, secrets, route, describeInput(route, contentType, body));
        },
      ),
      { numRuns: 200 },
    );
    await expectNoUnhandledRejections();
  });

  it('real-world email addresses (accents, IDN domains, apostrophes) sent to POST /users never reach logs or telemetry', async () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzäöüßéèêëñçøåłżšž';
    const name = fc.string({ unit: fc.constantFrom(...letters), minLength: 5, maxLength: 9 });
    await fc.assert(
      fc.asyncProperty(
        name,
        name,
        fc.boolean(),
        fc.constantFrom('example', 'exämple', 'müller-mail', 'correo'),
        fc.constantFrom('de', 'com', 'es', 'co.uk'),
        fc.boolean(),
        async (first, last, apostrophe, domain, tld, twice) => {
          demo.reset();
          const local = apostrophe ? `${first}.o'${last}` : `${first}.${last}`;
          const email = `${local}@${domain}.${tld}`;
          const body = JSON.stringify({ name: 'Ada', email, password: 'hunter2' });
          const send = () => post('/users', body, 'application/json');
          let res = await send();
          // A second registration answers 422 DUPLICATE_EMAIL, whose internal message names the email.
          if (twice) res = await send();
          const input = `POST /users with email ${JSON.stringify(email)}${twice ? ' (twice)' : ''}`;
          expectNoServerError(res, input);
          expectProblemIfError(res, input);
          expectNoCanary([email, local, first, 'hunter2'], demo.observed());
        },
      ),
      { numRuns: 100 },
    );
    await expectNoUnhandledRejections();
  });
});

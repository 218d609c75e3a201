// The core entry points on arbitrary input: normalizeError, toProblem / problemResponseInit,
// the default redactor's methods and recordError never throw, return what they promise, and let
// no canary secret through.
import { SpanKind, trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AppError,
  getDefaultRedactor,
  isAppError,
  normalizeError,
  problemResponseInit,
  recordError,
  toProblem,
} from '../../dist/index.js';
import { installTestOtel } from '../helpers/otel.js';
import {
  collectUnhandledRejections,
  expectNoCanary,
  expectNoUnhandledRejections,
  exportedTelemetry,
  needlesOf,
  safeStringify,
  secretsArb,
  type Secrets,
} from './helpers.js';
import { hostileProxy, throwableArb, withThrowingGetter } from './values.js';

const otel = installTestOtel();
collectUnhandledRejections();
afterAll(() => otel.shutdown());

const markerArb = fc.stringMatching(/^[a-z]{12}$/).map((suffix) => `INTERNAL-${suffix}`);
const GENERIC_5XX = /^[A-Za-z ,.'-]+$/;

/** Input-shaped values for the redactor: anything, hostile objects, and secrets in context. */
type InputBuilder = (s: Secrets) => unknown;
const redactorInputArb: fc.Arbitrary<InputBuilder> = fc.oneof(
  fc
    .anything({
      withBigInt: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    })
    .map((value) => () => value),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => () => text),
  throwableArb.map(
    ({ build }) =>
      (s: Secrets) =>
        build('INTERNAL-x', s),
  ),
  fc.constantFrom<InputBuilder>(
    () => hostileProxy({}),
    () =>
      withThrowingGetter({}, [
        'toString',
        'valueOf',
        Symbol.toPrimitive,
        Symbol.iterator,
        'length',
        'entries',
      ]),
    () => Object.assign(Object.create(null) as object, { a: 1 }),
    () => 'x'.repeat(1 << 20),
    () => [[['deep']]],
    () => new Map([[Symbol('k'), Symbol('v')]]),
    () => Symbol('lonely'),
    () => 10n ** 40n,
  ),
);

/** Secrets as a client or an app would carry them, per redactor method. */
function secretPayload(s: Secrets): Record<string, unknown> {
  return {
    password: s.password,
    token: s.token,
    api_key: s.apiKey,
    authorization: `Bearer ${s.jwt}`,
    profile: { email: s.email, cards: [s.card], note: `aws ${s.aws} gh ${s.github}` },
    callback: `https://app.example.com/cb?access_token=${s.accessToken}`,
    log: `login failed password=${s.password}`,
  };
}

describe('core functions on arbitrary input', () => {
  it('normalizeError(anything) never throws and returns an AppError with a 4xx/5xx status', () => {
    fc.assert(
      fc.property(throwableArb, secretsArb, markerArb, ({ kind, build }, secrets, marker) => {
        const thrown = build(marker, secrets);
        let normalized: unknown;
        try {
          normalized = normalizeError(thrown);
        } catch (error) {
          throw new Error(`normalizeError threw on ${kind}: ${String(error)}`);
        }
        expect(normalized, kind).toBeInstanceOf(AppError);
        expect(isAppError(normalized)).toBe(true);
        const { status, code, severity } = normalized as AppError;
        expect(
          Number.isInteger(status) && status >= 400 && status <= 599,
          `${kind} status ${status}`,
        ).toBe(true);
        expect(typeof code).toBe('string');
        expect(['low', 'medium', 'high', 'critical']).toContain(severity);
      }),
      { numRuns: 300 },
    );
  });

  it('toProblem / problemResponseInit(anything) never throw; 5xx carry no internals; no canary in any problem', () => {
    fc.assert(
      fc.property(
        throwableArb,
        secretsArb,
        markerArb,
        fc.constantFrom('none', 'path', 'query'),
        ({ kind, build }, secrets, marker, instanceKind) => {
          const thrown = build(marker, secrets);
          const instance =
            instanceKind === 'path'
              ? `/users/${secrets.card}/${secrets.email}`
              : instanceKind === 'query'
                ? `/cb?access_token=${secrets.accessToken}&token=${secrets.token}`
                : undefined;
          const options = instance === undefined ? {} : { instance };
          let problem: ReturnType<typeof toProblem>;
          let init: ReturnType<typeof problemResponseInit>;
          try {
            problem = toProblem(thrown, options);
            init = problemResponseInit(thrown, options);
          } catch (error) {
            throw new Error(`toProblem/problemResponseInit threw on ${kind}: ${String(error)}`);
          }
          expect(problem.status).toBe(init.status);
          expect(JSON.parse(init.body)).toMatchObject({ status: init.status });
          expect(init.headers['Content-Type']).toBe('application/problem+json');
          const text = `${JSON.stringify(problem)}\n${init.body}\n${JSON.stringify(init.headers)}`;
          if (problem.status >= 500) {
            expect(problem.detail, kind).toMatch(GENERIC_5XX);
            expect(problem.details).toBeUndefined();
            // A 5xx never shows the raw message (the marker is in every builder's message).
            expectNoCanary([marker], { [`5xx problem for ${kind}`]: text });
          }
          expectNoCanary(needlesOf(secrets), { [`problem for ${kind}`]: text });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('getDefaultRedactor().value/string/url/headers/attributes never throw and return JSON-safe output', () => {
    const redactor = getDefaultRedactor();
    fc.assert(
      fc.property(redactorInputArb, secretsArb, (build, secrets) => {
        const input = build(secrets);
        const call = <T>(name: string, fn: () => T): T => {
          try {
            return fn();
          } catch (error) {
            throw new Error(`redactor.${name} threw: ${String(error)}`);
          }
        };
        const loose = redactor as unknown as Record<string, (input: unknown) => unknown>;
        const value = call('value', () => loose['value']!(input));
        expect(() => JSON.stringify(value), 'value() output is JSON-serializable').not.toThrow();
        expect(typeof call('string', () => loose['string']!(input))).toBe('string');
        expect(typeof call('url', () => loose['url']!(input))).toBe('string');
        const headers = call('headers', () => loose['headers']!(input));
        expect(typeof headers === 'object' && headers !== null).toBe(true);
        const attributes = call('attributes', () => loose['attributes']!(input));
        expect(typeof attributes === 'object' && attributes !== null).toBe(true);
        expect(typeof call('isSensitiveKey', () => loose['isSensitiveKey']!(input))).toBe(
          'boolean',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the default redactor lets no canary through value/string/url/headers/attributes', () => {
    const redactor = getDefaultRedactor();
    fc.assert(
      fc.property(secretsArb, fc.string({ unit: 'grapheme', maxLength: 20 }), (secrets, noise) => {
        const payload = secretPayload(secrets);
        const text = `${noise} ${safeStringify(payload)} ${noise}`;
        const outputs = {
          'value()': safeStringify(redactor.value(payload)),
          'value() of a cyclic wrapper': safeStringify(
            redactor.value(Object.assign({ payload }, { self: payload })),
          ),
          'string()': redactor.string(text),
          'url()': redactor.url(
            `https://ada:${secrets.password}@api.example.com/users/${secrets.email}?access_token=${secrets.accessToken}&token=${secrets.token}&api_key=${secrets.apiKey}&q=${secrets.github}`,
          ),
          'headers()': safeStringify(
            redactor.headers({
              authorization: `Bearer ${secrets.jwt}`,
              cookie: `sid=${secrets.token}; theme=dark`,
              'x-api-key': secrets.apiKey,
              'x-forwarded-for': '203.0.113.7',
              referer: `https://app.example.com/reset?token=${secrets.token}`,
              'set-cookie': [`session=${secrets.token}`, 'a=b'],
            }),
          ),
          'attributes()': safeStringify(
            redactor.attributes({
              'url.full': `https://api.example.com/cb?access_token=${secrets.accessToken}`,
              'url.query': `access_token=${secrets.accessToken}`,
              'http.request.header.authorization': [`Bearer ${secrets.jwt}`],
              'enduser.email': secrets.email,
              'db.statement': `UPDATE users SET password='${secrets.password}' WHERE card='${secrets.card}'`,
              'app.note': `aws ${secrets.aws} gh ${secrets.github}`,
            }),
          ),
        };
        expectNoCanary(needlesOf(secrets), outputs);
      }),
      { numRuns: 200 },
    );
  });

  it('recordError(anything) never throws, with or without an active span, and exports no canary', async () => {
    const tracer = trace.getTracer('hostile-core');
    fc.assert(
      fc.property(
        throwableArb,
        secretsArb,
        markerArb,
        fc.boolean(),
        ({ kind, build }, secrets, marker, inSpan) => {
          otel.reset();
          const thrown = build(marker, secrets);
          let result: unknown;
          try {
            result = inSpan
              ? tracer.startActiveSpan('op', { kind: SpanKind.INTERNAL }, (span) => {
                  try {
                    return recordError(thrown, {
                      handled: false,
                      attributes: { 'app.input': `password=${secrets.password}` },
                    });
                  } finally {
                    span.end();
                  }
                })
              : recordError(thrown);
          } catch (error) {
            throw new Error(`recordError threw on ${kind}: ${String(error)}`);
          }
          expect(isAppError(result), kind).toBe(true);
          if (inSpan) {
            const [span] = otel.spans();
            expect(
              span?.events.filter((event) => event.name === 'exception').length,
              kind,
            ).toBeLessThanOrEqual(1);
          }
          expectNoCanary(needlesOf(secrets), {
            [`telemetry of recordError(${kind})`]: exportedTelemetry(otel),
          });
        },
      ),
      { numRuns: 300 },
    );
    await expectNoUnhandledRejections();
  });
});

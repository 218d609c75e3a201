// Shared pieces of the hostile-input sweep: canary secrets, header/body arbitraries, and the
// invariants every property asserts (problem bodies, no canary anywhere, no unhandled rejection).
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createLogger } from '../../dist/index.js';
import { installTestOtel, JsonLines, type TestOtel } from '../helpers/otel.js';

/** The demo app's `createApp` (examples/hono-app/app.mjs has no type declarations). */
export interface DemoApp {
  app: { request(input: string, init?: RequestInit): Promise<Response> };
}
export interface DemoModule {
  createApp(options: { upstreamUrl: string; logger?: unknown; store?: unknown }): DemoApp;
}

/**
 * Imports the demo app. Its `sightline` / `sightline/hono` imports self-resolve to `dist/`, so
 * tests use the dist copy of the public API too (one redactor, one set of error mappers).
 */
export async function importDemo(): Promise<DemoModule> {
  const url = new URL('../../examples/hono-app/app.mjs', import.meta.url).href;
  return (await import(url)) as DemoModule;
}

/** The demo app wired to an in-memory OTel SDK and a JsonLines stdout, per test file. */
export interface DemoHarness {
  otel: TestOtel;
  lines: JsonLines;
  readonly app: DemoApp['app'];
  /** Forgets exported telemetry and log lines (call at the start of every run). */
  reset(): void;
  /** Log lines, exported spans and log records, as text to search for canaries. */
  observed(): Record<string, string>;
}

/** Installs the in-memory OTel SDK and builds the demo app once for the calling test file. */
export function useDemo(): DemoHarness {
  const otel = installTestOtel();
  const lines = new JsonLines();
  let demo: DemoApp | undefined;
  collectUnhandledRejections();
  beforeAll(async () => {
    const { createApp } = await importDemo();
    // Port 9 (discard): /upstream is 5xx by design and not driven by client-input properties.
    demo = createApp({
      upstreamUrl: 'http://127.0.0.1:9',
      logger: createLogger({ stream: lines }),
    });
  });
  afterAll(() => otel.shutdown());
  const harness: DemoHarness = {
    otel,
    lines,
    get app() {
      if (!demo) throw new Error('demo app not built yet');
      return demo.app;
    },
    reset() {
      otel.reset();
      lines.lines.length = 0;
    },
    observed: () => ({
      'stdout log lines': lines.lines.map((line) => JSON.stringify(line)).join('\n'),
      'exported spans/log records': exportedTelemetry(otel),
    }),
  };
  beforeEach(() => harness.reset());
  return harness;
}

// ---------------------------------------------------------------------------------------------
// Unhandled rejections: collected per test file, asserted after every property.

const unhandled: unknown[] = [];
let listening = false;

/** Starts collecting `unhandledRejection`s for this test file; returns the live list. */
export function collectUnhandledRejections(): unknown[] {
  if (!listening) {
    listening = true;
    const listener = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', listener);
    afterAll(() => void process.off('unhandledRejection', listener));
  }
  return unhandled;
}

/** Lets pending rejections surface (they fire after the microtask queue drains), then asserts none. */
export async function expectNoUnhandledRejections(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled.map(describeThrown)).toEqual([]);
}

function describeThrown(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  } catch {
    return '[unprintable]';
  }
}

// ---------------------------------------------------------------------------------------------
// Canary secrets: values a user would plausibly send, each distinctive enough that finding it
// anywhere in logs, telemetry or a response body can only mean it leaked.

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}-_`;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function charsOf(alphabet: string, length: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });
}

/** Completes 15 digits with the Luhn check digit. */
export function withLuhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

export interface Secrets {
  password: string;
  token: string;
  apiKey: string;
  jwt: string;
  accessToken: string;
  email: string;
  card: string;
  aws: string;
  github: string;
}

const JWT_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

/** One set of canary secrets per run (plus the well-known fixed ones now and then). */
export const secretsArb: fc.Arbitrary<Secrets> = fc.record({
  password: fc.oneof(
    fc.constant('hunter2'),
    charsOf(HEX, 12).map((h) => `Pw-${h}`),
  ),
  token: charsOf(HEX, 24).map((h) => `tok_${h}`),
  apiKey: charsOf(ALNUM, 32).map((h) => `key${h}`),
  jwt: fc
    .tuple(charsOf(B64URL, 10), charsOf(B64URL, 43))
    .map(
      ([sub, sig]) =>
        `${JWT_HEADER}.${Buffer.from(`{"sub":"${sub}"}`).toString('base64url')}.${sig}`,
    ),
  accessToken: charsOf(HEX, 32).map((h) => `at${h}`),
  email: fc
    .tuple(
      charsOf('abcdefghijklmnopqrstuvwxyz', 6),
      fc.constantFrom('', '.x', '+tag'),
      charsOf('abcdefghij', 5),
    )
    .map(([local, suffix, domain]) => `canary.${local}${suffix}@${domain}.example.com`),
  card: fc.oneof(
    fc.constant('4111111111111111'),
    charsOf('0123456789', 14).map((d) => withLuhnDigit(`4${d}`)),
  ),
  aws: fc.oneof(
    fc.constant('AKIAIOSFODNN7EXAMPLE'),
    charsOf(BASE32, 16).map((s) => `AKIA${s}`),
  ),
  github: charsOf(ALNUM, 36).map((s) => `ghp_${s}`),
});

/**
 * What must never appear: each secret whole, and the part of it that is the actual secret
 * (a JWT's signature, a token's body) so a half-redacted value is caught as well.
 */
export function needlesOf(secrets: Secrets): string[] {
  const signature = secrets.jwt.split('.')[2] ?? secrets.jwt;
  return [
    secrets.password,
    secrets.token,
    secrets.apiKey,
    secrets.jwt,
    signature,
    secrets.accessToken,
    secrets.email,
    secrets.card,
    secrets.aws,
    secrets.github,
    secrets.github.slice(4),
  ];
}

/** JSON.stringify that never throws (BigInt as text, cycles cut). */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, inner: unknown) => {
        if (typeof inner === 'bigint') return inner.toString();
        if (inner instanceof Uint8Array) return Buffer.from(inner).toString('utf8');
        if (typeof inner === 'object' && inner !== null) {
          if (seen.has(inner)) return '[Circular]';
          seen.add(inner);
        }
        return inner;
      }) ?? ''
    );
  } catch (error) {
    return `[unstringifiable: ${String(error)}]`;
  }
}

/** Everything the in-memory exporters hold: span names, attributes, events, statuses, log records. */
export function exportedTelemetry(otel: TestOtel): string {
  const spans = otel.spans().map((span) => ({
    name: span.name,
    attributes: span.attributes,
    status: span.status,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    links: span.links.map((link) => link.attributes),
  }));
  const records = otel.logRecords.getFinishedLogRecords().map((record) => ({
    body: record.body,
    attributes: record.attributes,
    severityText: record.severityText,
    eventName: record.eventName,
  }));
  return safeStringify({ spans, records });
}

/** Fails naming the first canary found in any of `places`. */
export function expectNoCanary(needles: readonly string[], places: Record<string, string>): void {
  for (const [where, text] of Object.entries(places)) {
    for (const needle of needles) {
      if (needle.length > 0 && text.includes(needle)) {
        const at = text.indexOf(needle);
        throw new Error(
          `canary ${JSON.stringify(needle)} leaked into ${where}: …${text.slice(Math.max(0, at - 200), at + needle.length + 50)}…`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Responses.

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  headers: Headers;
}

export async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
    headers: response.headers,
  };
}

/** Invariant 3: a 4xx/5xx answer is an RFC 9457 problem whose `status` is the HTTP status. */
export function expectProblemIfError(res: Answer, context = ''): void {
  if (res.status < 400) return;
  expect(res.contentType, `content-type of a ${res.status} ${context}`).toMatch(
    /^application\/problem\+json(\s*;|$)/,
  );
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw new Error(`a ${res.status} ${context} body is not JSON: ${res.text.slice(0, 300)}`);
  }
  expect(body, `problem body ${context}`).toMatchObject({ status: res.status });
  const problem = body as Record<string, unknown>;
  expect(typeof problem['type']).toBe('string');
  expect(typeof problem['title']).toBe('string');
}

/** Invariant 2: client input never yields a 5xx. */
export function expectNoServerError(res: Answer, context: string): void {
  if (res.status >= 500) {
    throw new Error(
      `client input answered ${res.status}: ${context}\nbody: ${res.text.slice(0, 500)}`,
    );
  }
}

/** Correlation headers stay well-formed whatever came in. */
export function expectSaneCorrelationHeaders(res: Answer): void {
  expect(res.headers.get('x-request-id') ?? '').toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  const traceparent = res.headers.get('traceparent');
  if (traceparent !== null) {
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
    expect(traceparent).not.toMatch(/^00-0{32}-/);
  }
}

// ---------------------------------------------------------------------------------------------
// Header values.

/** Characters an HTTP/1.1 client sends in a header value: HTAB, visible ASCII, obs-text. */
const HTTP_VALUE_CHAR = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constant(0x09) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
);

/** Any value fetch `Headers` accepts and Node's HTTP client sends (no NUL/CR/LF, ≤ 0xFF). */
export function headerValueArb(maxLength = 200): fc.Arbitrary<string> {
  return fc
    .string({ unit: HTTP_VALUE_CHAR.map((code) => String.fromCharCode(code)), maxLength })
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}

/** Strings fetch `Headers` accepts in-process: also other control characters (not NUL/CR/LF). */
export function looseHeaderValueArb(maxLength = 200): fc.Arbitrary<string> {
  return fc
    .string({ unit: 'binary-ascii', maxLength })
    .map((value) => value.replace(/[\0\r\n]/g, '').trim())
    .filter((value) => value.length > 0 && acceptedByHeaders(value));
}

function acceptedByHeaders(value: string): boolean {
  try {
    new Headers({ x: value });
    return true;
  } catch {
    return false;
  }
}

const hexArb = (length: number) => charsOf(HEX, length);

/** Near-valid and broken `traceparent` values. */
export function traceparentArb(headerValue: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const version = fc.constantFrom('00', 'ff', 'FF', '01', 'cc', '0', '000', 'zz', '');
  const traceId = fc.oneof(
    hexArb(32),
    fc.constant('0'.repeat(32)),
    hexArb(32).map((h) => h.toUpperCase()),
    hexArb(31),
    hexArb(33),
    hexArb(16),
    fc.constant(''),
  );
  const spanId = fc.oneof(
    hexArb(16),
    fc.constant('0'.repeat(16)),
    hexArb(16).map((h) => h.toUpperCase()),
    hexArb(15),
    hexArb(17),
  );
  const flags = fc.constantFrom('00', '01', 'ff', '1', '001', 'zz', '');
  const extra = fc.constantFrom('', '-', '-extra', '-00', '-01-02', ' ', '\t;x=1');
  const structured = fc
    .tuple(version, traceId, spanId, flags, extra)
    .map(([v, t, s, f, e]) => `${v}-${t}-${s}-${f}${e}`.trim())
    .filter((value) => value.length > 0);
  const valid = fc.tuple(hexArb(32), hexArb(16)).map(([t, s]) => `00-${t}-${s}-01`);
  return fc.oneof(
    structured,
    headerValue,
    fc
      .array(fc.oneof(structured, valid), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join(',')),
    fc.tuple(valid, fc.integer({ min: 1, max: 8 * 1024 })).map(([v, n]) => `${v}-${'a'.repeat(n)}`),
  );
}

/** `tracestate`: too many members, bad keys, huge values. */
export function tracestateArb(headerValue: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const goodKey = fc.stringMatching(/^[a-z][a-z0-9_\-*/]{0,20}(@[a-z][a-z0-9_\-*/]{0,10})?$/);
  const badKey = fc.oneof(headerValue, fc.constantFrom('UPPER', '1abc', '', '@', 'a@b@c', 'k=v'));
  const value = fc.oneof(
    fc.stringMatching(/^[\x21-\x2b\x2d-\x3c\x3e-\x7e]{1,20}$/),
    headerValue,
    fc.integer({ min: 257, max: 64 * 1024 }).map((n) => 'v'.repeat(n)),
  );
  const member = fc
    .tuple(fc.oneof({ weight: 3, arbitrary: goodKey }, badKey), value)
    .map(([k, v]) => `${k}=${v}`);
  return fc.oneof(
    fc.array(member, { minLength: 1, maxLength: 80 }).map((members) => members.join(',')),
    fc.array(member, { minLength: 1, maxLength: 8 }).map((members) => members.join(' , ')),
    headerValue,
  );
}

/** `baggage`: malformed, huge, many entries, bad percent-encoding. */
export function baggageArb(headerValue: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const key = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/), headerValue, fc.constant(''));
  const value = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._%-]{0,24}$/),
    fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%FF%FE'),
    headerValue,
    fc.integer({ min: 1024, max: 64 * 1024 }).map((n) => 'b'.repeat(n)),
  );
  const property = fc.constantFrom('', ';prop', ';p=1', ';;', ';=');
  const entry = fc.tuple(key, value, property).map(([k, v, p]) => `${k}=${v}${p}`);
  return fc.oneof(
    fc
      .array(fc.oneof(entry, headerValue), { minLength: 1, maxLength: 250 })
      .map((entries) => entries.join(',')),
    headerValue,
  );
}

/** `X-Request-Id`: valid, nearly valid, random, oversized. */
export function requestIdArb(headerValue: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
    fc.integer({ min: 129, max: 4096 }).map((n) => 'r'.repeat(n)),
    fc.constantFrom(
      '<script>alert(1)</script>',
      '../../etc/passwd',
      'a b',
      'id;rm -rf /',
      '${jndi:ldap://x}',
    ),
    headerValue,
  );
}

/** `Idempotency-Key`: sf-strings, bare tokens, parameters, commas, oversized. */
export function idempotencyKeyArb(headerValue: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const inner = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 60,
  });
  const sfEscape = (text: string) => text.replace(/[\\"]/g, (m) => `\\${m}`);
  return fc.oneof(
    fc.uuid().map((u) => `"${u}"`),
    fc.uuid(),
    inner.map((text) => `"${sfEscape(text)}"`),
    inner.map((text) => `"${text}"`),
    inner.map((text) => `"${sfEscape(text)}";param=1`),
    fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => `"${a}", "${b}"`),
    fc.integer({ min: 250, max: 300 }).map((n) => 'k'.repeat(n)),
    fc.integer({ min: 300, max: 64 * 1024 }).map((n) => `"${'k'.repeat(n)}"`),
    fc.constantFrom('""', '"', '"unterminated', '\\"', '?', 'a"b'),
    headerValue,
  );
}

/** 1 MiB of header value (app.request has no header size limit). */
export const ONE_MB_HEADER = 'x'.repeat(1 << 20);

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  getDefaultRedactor,
  type RedactionPolicy,
} from '../../src/core/redaction/index.js';
import { FAKE } from './helpers.js';

const HMAC_KEY = 'a-32-byte-long-deployment-key-01';

// Telemetry is redacted more than once on its way out (recordError, then the span processor;
// a log line, then its OTLP record): a second pass must change nothing.
const POLICIES: Array<[string, RedactionPolicy]> = [
  ['default', {}],
  ['mask', { action: 'mask' }],
  ['remove', { action: 'remove' }],
  ['hmac', { action: 'hmac', hmacKey: HMAC_KEY }],
];

const MASK_TOKENS = [
  '[REDACTED]',
  '[EMAIL]',
  '[IP]',
  '[JWT]',
  '[CARD]',
  '[SSN]',
  '[PHONE]',
  '[CREDENTIAL]',
  '[AWS_KEY]',
  '[GITHUB_TOKEN]',
  '[SLACK_TOKEN]',
  '[STRIPE_KEY]',
  '[GOOGLE_API_KEY]',
  '[PRIVATE_KEY]',
  '[HMAC:0123456789abcdef]',
  '[HMAC:4111111111111111]',
];

const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
const email = fc
  .tuple(word, word, fc.constantFrom('com', 'io', 'co.uk'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const secret = fc.oneof(
  email,
  ipv4,
  fc.constantFrom('10.1.2.3', '127.0.0.1', '2001:db8::1', '::1', '::ffff:192.0.2.1', 'fe80::1'),
  fc.constantFrom(
    FAKE.jwt,
    FAKE.githubPat,
    FAKE.slackBot,
    FAKE.stripeLive,
    FAKE.googleApiKey,
    FAKE.awsKeyId,
    FAKE.pem,
  ),
  fc.constantFrom('4111 1111 1111 1111', '4111111111111111', '5555-5555-5555-4444'),
  fc.constantFrom('078-05-1120', '+1 415 555 0100', '(555) 123-4567'),
  fc.constantFrom('postgres://app:s3cret@db:5432/x', 'redis://:pw@cache:6379'),
);
const noise = fc.oneof(
  word,
  fc.constantFrom('at', 'db', 'for', 'user', 'Basic', 'token', 'password', ''),
  fc.string({ unit: fc.constantFrom(...'ab1 =:[]"\'.@-_/,;&\t'.split('')), maxLength: 6 }),
);
const value = fc.oneof(word, secret, fc.constantFrom(...MASK_TOKENS), noise);
const assignment = fc
  .tuple(
    fc.constantFrom('password', 'token', 'api_key', 'secret', 'client-secret', 'PWD', 'Bearer'),
    fc.constantFrom('=', ': ', ' = ', '="', ":'", ' '),
    value,
  )
  .map(([key, sep, v]) => `${key}${sep}${v}`);
const piece = fc.oneof(secret, assignment, fc.constantFrom(...MASK_TOKENS), noise);
const separator = fc.constantFrom('', ' ', ' ', ', ', '\n', '=', ':', '"', '.', '/', '&', ']', '[');
const text = fc
  .array(fc.tuple(piece, separator), { maxLength: 8 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));

describe('redaction is idempotent', () => {
  it('leaves the concrete regression strings of issue #13 alone on a second pass', () => {
    const redactor = getDefaultRedactor();
    const once = redactor.string('db password=hunter2 at 10.1.2.3');
    expect(once).toBe('db password=[REDACTED] at [IP]');
    expect(redactor.string(once)).toBe(once);
    expect(createRedactor().string(once)).toBe(once);
    // `remove` takes the label with the value, so the next word is never read as the password.
    const removed = createRedactor({ action: 'remove' }).string('db password=hunter2 at 10.1.2.3');
    expect(removed).toBe('db  at ');
    expect(createRedactor({ action: 'remove' }).string(removed)).toBe(removed);
    for (const token of ['[REDACTED]', '[EMAIL]', '[IP]', '[JWT]', '[HMAC:0123456789abcdef]']) {
      for (const input of [
        `password=${token}`,
        `token: ${token} next`,
        `api_key="${token}"`,
        `Authorization: Bearer ${token}`,
      ]) {
        expect(createRedactor().string(input)).toBe(input);
      }
    }
  });

  it.each(POLICIES)('%s: string(string(x)) === string(x)', (_name, policy) => {
    const longLived = createRedactor(policy);
    fc.assert(
      fc.property(text, (input) => {
        const once = longLived.string(input);
        // A fresh redactor has no memory of its outputs: this checks the function itself.
        expect(createRedactor(policy).string(once)).toBe(once);
        expect(longLived.string(once)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it.each(POLICIES)('%s: value(value(x)) equals value(x)', (_name, policy) => {
    fc.assert(
      fc.property(text, text, (message, password) => {
        const input = { message, password, nested: { token: { a: 1 }, note: [message] } };
        const once = createRedactor(policy).value(input);
        expect(createRedactor(policy).value(once)).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });

  it('keyed HMAC keeps digests it produced under sensitive keys, headers and query values', () => {
    const hmac = (): ReturnType<typeof createRedactor> =>
      createRedactor({ action: 'hmac', hmacKey: HMAC_KEY });
    const value = hmac().value({ password: 'hunter2', token: { a: 1 } });
    expect(hmac().value(value)).toEqual(value);
    const headers = hmac().headers({ authorization: 'Bearer abc123', 'x-user': 'a@b.io' });
    expect(hmac().headers(headers)).toEqual(headers);
    const url = hmac().url('https://u:p@api.example.com/cb?code=abc&mail=a%40b.io#token=t');
    expect(hmac().url(url)).toBe(url);
  });

  it('keeps the truncation marker of an already truncated string', () => {
    const redactor = createRedactor({ maxStringLength: 64 });
    const long = `${'x '.repeat(20)}jane@example.com ${'y'.repeat(200)}`;
    const once = redactor.string(long);
    expect(once).toMatch(/…\[TRUNCATED 257 chars\]$/);
    expect(createRedactor({ maxStringLength: 64 }).string(once)).toBe(once);
    // Digests longer than what they replace: the output outgrows the bound and is cut once.
    const hmac = { action: 'hmac', hmacKey: HMAC_KEY, maxStringLength: 64 } as const;
    const grown = createRedactor(hmac).string('a@b.io c@d.io e@f.io g@h.io i@j.io k@l.io');
    expect(grown).toMatch(/^(?:\[HMAC:[0-9a-f]{16}\] ){2}…\[TRUNCATED 41 chars\]$/);
    expect(createRedactor(hmac).string(grown)).toBe(grown);
    const url = `https://api.example.com/${'p'.repeat(100)}?token=abc`;
    const onceUrl = redactor.url(url);
    expect(createRedactor({ maxStringLength: 64 }).url(onceUrl)).toBe(onceUrl);
  });
});

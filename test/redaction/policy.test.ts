import { afterEach, describe, expect, it } from 'vitest';
import {
  createRedactor,
  getDefaultRedactor,
  setDefaultRedactor,
  type RedactionPolicy,
  type Redactor,
} from '../../src/core/redaction/index.js';
import { FAKE } from './helpers.js';

const HMAC_KEY = 'a-32-byte-long-deployment-key-01';

describe('actions', () => {
  it('mask (default) names what was removed', () => {
    const redactor = createRedactor();
    expect(redactor.string(`jane@example.com ${FAKE.jwt} 4111111111111111`)).toBe(
      '[EMAIL] [JWT] [CARD]',
    );
    expect(redactor.value({ password: 'x' })).toEqual({ password: '[REDACTED]' });
  });

  it('remove drops sensitive keys and empties detector matches', () => {
    const redactor = createRedactor({ action: 'remove' });
    expect(redactor.value({ password: 'x', email: 'mail jane@example.com', n: 1 })).toEqual({
      email: 'mail ',
      n: 1,
    });
    expect(redactor.attributes({ 'app.token': 't', 'app.ok': 'y' })).toEqual({ 'app.ok': 'y' });
  });

  it('hmac replaces values by a keyed, stable, key-dependent digest', () => {
    const redactor = createRedactor({ action: 'hmac', hmacKey: HMAC_KEY });
    const other = createRedactor({ action: 'hmac', hmacKey: Buffer.alloc(32, 7) });
    const first = redactor.string('mail jane@example.com');
    expect(first).toMatch(/^mail \[HMAC:[0-9a-f]{16}\]$/);
    expect(redactor.string('mail jane@example.com')).toBe(first);
    expect(redactor.string('mail john@example.com')).not.toBe(first);
    expect(other.string('mail jane@example.com')).not.toBe(first);
    const keyed = redactor.value({ password: 'hunter2', nested: { token: { a: 1 } } });
    expect(keyed).toEqual({
      password: expect.stringMatching(/^\[HMAC:[0-9a-f]{16}\]$/),
      nested: { token: '[REDACTED]' },
    });
    expect(JSON.stringify(keyed)).not.toContain('hunter2');
  });
});

describe('policy validation (TypeError naming the field)', () => {
  it.each<[RedactionPolicy, RegExp]>([
    [{ action: 'hmac' }, /hmacKey/],
    [{ action: 'hmac', hmacKey: 'short' }, /hmacKey/],
    [{ action: 'hmac', hmacKey: new Uint8Array(8) }, /hmacKey/],
    [{ action: 'erase' as never }, /policy\.action/],
    [{ maxDepth: -1 }, /policy\.maxDepth/],
    [{ maxDepth: 1.5 }, /policy\.maxDepth/],
    [{ maxStringLength: 0 }, /policy\.maxStringLength/],
    [{ maxArrayLength: Number.NaN }, /policy\.maxArrayLength/],
    [{ maxObjectKeys: '10' as never }, /policy\.maxObjectKeys/],
    [{ detectors: { creditCard: true } as never }, /policy\.detectors\.creditCard/],
    [{ detectors: { email: 'no' } as never }, /policy\.detectors\.email/],
    [{ attributeDetectors: { nope: false } as never }, /policy\.attributeDetectors\.nope/],
    [{ keys: 'password' as never }, /policy\.keys/],
    [{ ignoredKeys: [1] as never }, /policy\.ignoredKeys/],
    [{ queryParams: [null] as never }, /policy\.queryParams/],
    [{ allowedAttributeKeys: {} as never }, /policy\.allowedAttributeKeys/],
    [{ maxdepth: 3 } as never, /policy\.maxdepth/],
  ])('%j', (policy, message) => {
    expect(() => createRedactor(policy)).toThrow(TypeError);
    expect(() => createRedactor(policy)).toThrow(message);
  });

  it('rejects a non-object policy', () => {
    expect(() => createRedactor(null as never)).toThrow(TypeError);
  });

  it('accepts hmac with a key of 32 bytes or more and ignores hmacKey for mask', () => {
    expect(() => createRedactor({ action: 'hmac', hmacKey: HMAC_KEY })).not.toThrow();
    expect(createRedactor({ hmacKey: HMAC_KEY }).string('jane@example.com')).toBe('[EMAIL]');
  });
});

describe('detector switches', () => {
  it('turns a detector off', () => {
    const redactor = createRedactor({ detectors: { email: false } });
    expect(redactor.string('jane@example.com +1 415 555 0100')).toBe('jane@example.com [PHONE]');
  });

  it('masks IPs in string() and value() by default', () => {
    const redactor = createRedactor();
    expect(redactor.string('from 203.0.113.7')).toBe('from [IP]');
    expect(redactor.value({ ip: '2001:db8::1' })).toEqual({ ip: '[IP]' });
  });

  it('masks overlapping matches once, with the higher-priority detector', () => {
    const redactor = createRedactor();
    // The card detector and the URL-credentials detector both match inside the userinfo.
    expect(redactor.string('https://4111111111111111:pw@host/')).toBe('https://[CREDENTIAL]@host/');
    expect(redactor.string(`Authorization: Bearer ${FAKE.githubPat}`)).toBe(
      'Authorization: Bearer [GITHUB_TOKEN]',
    );
  });
});

describe('string()', () => {
  it('coerces non-strings and never throws', () => {
    const redactor = createRedactor();
    expect(redactor.string(42 as never)).toBe('42');
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
    };
    expect(redactor.string(hostile as never)).toBe('[Unreadable]');
  });

  it('is usable detached (methods are bound)', () => {
    const { string } = createRedactor();
    expect(['jane@example.com'].map(string)).toEqual(['[EMAIL]']);
  });
});

describe('default redactor', () => {
  const original = getDefaultRedactor();
  afterEach(() => setDefaultRedactor(original));

  it('is a lazy singleton with the default policy', () => {
    expect(getDefaultRedactor()).toBe(getDefaultRedactor());
    expect(getDefaultRedactor().value({ password: 'x' })).toEqual({ password: '[REDACTED]' });
  });

  it('can be replaced, and rejects something that is not a Redactor', () => {
    const custom = createRedactor({ keys: ['pin'] });
    setDefaultRedactor(custom);
    expect(getDefaultRedactor()).toBe(custom);
    expect(getDefaultRedactor().isSensitiveKey('pin')).toBe(true);
    expect(() => setDefaultRedactor({ string: () => '' } as unknown as Redactor)).toThrow(
      TypeError,
    );
    expect(() => setDefaultRedactor(null as unknown as Redactor)).toThrow(TypeError);
  });
});

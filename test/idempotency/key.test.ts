import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey, scopeKey } from '../../src/core/idempotency/index.js';

describe('parseIdempotencyKey', () => {
  it('accepts an RFC 8941 sf-string and unescapes it', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toEqual({
      ok: true,
      key: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    });
    expect(parseIdempotencyKey('"a\\"b\\\\c"')).toEqual({ ok: true, key: 'a"b\\c' });
  });

  it('accepts a bare token leniently, including values an sf parser would read as numbers', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toEqual({
      ok: true,
      key: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    });
    expect(parseIdempotencyKey('12345')).toEqual({ ok: true, key: '12345' });
    expect(parseIdempotencyKey('x'.repeat(255))).toEqual({ ok: true, key: 'x'.repeat(255) });
  });

  it.each([
    ['empty', ''],
    ['empty sf-string', '""'],
    ['256 characters', 'x'.repeat(256)],
    ['256 characters quoted', `"${'x'.repeat(256)}"`],
    ['a control character', 'abc\u0001def'],
    ['DEL', 'abc\u007fdef'],
    ['a space inside an sf-string', '"abc def"'],
    ['a tab', 'abc\tdef'],
    ['non-ASCII', 'clé-é'],
    ['non-ASCII in an sf-string', '"clé"'],
    ['an unterminated sf-string', '"abc'],
    ['trailing garbage after an sf-string', '"abc"def'],
    ['parameters on the sf-string', '"abc";v=1'],
    ['folded header lines', 'abc, def'],
    ['a comma', 'abc,def'],
    ['a stray quote', 'ab"c'],
    ['an invalid escape in an sf-string', '"a\\xb"'],
  ])('rejects %s', (_label, value) => {
    const parsed = parseIdempotencyKey(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/\w/);
  });
});

describe('scopeKey', () => {
  it('cannot be forged by moving separators between parts', () => {
    expect(scopeKey({ scope: 'a|b', route: '/x', key: 'k' })).not.toBe(
      scopeKey({ scope: 'a', route: 'b|/x', key: 'k' }),
    );
    expect(scopeKey({ route: '/x', key: 'k' })).not.toBe(
      scopeKey({ scope: '', route: '/x', key: 'k' }),
    );
  });
});

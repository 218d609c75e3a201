import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redaction/index.js';
import { FAKE } from './helpers.js';

const redactor = createRedactor();

/** value() must always produce something JSON.stringify can serialize. */
function roundTrip(input: unknown): unknown {
  const out = redactor.value(input);
  return JSON.parse(JSON.stringify(out) ?? 'null');
}

describe('value(): keys and detectors', () => {
  it('masks sensitive keys at any depth and runs detectors on other strings', () => {
    const input = {
      user: { email: 'jane@example.com', profile: { credentials: { password: 'x' } } },
      headers: { Authorization: `Bearer ${FAKE.jwt}` },
      list: [{ apiKey: 'k' }, 'call +1 415 555 0100'],
      note: `use ${FAKE.githubPat}`,
      count: 3,
    };
    expect(redactor.value(input)).toEqual({
      user: { email: '[EMAIL]', profile: { credentials: '[REDACTED]' } },
      headers: { Authorization: '[REDACTED]' },
      list: [{ apiKey: '[REDACTED]' }, 'call [PHONE]'],
      note: 'use [GITHUB_TOKEN]',
      count: 3,
    });
  });

  it('never mutates its input', () => {
    const input = { password: 'x', nested: { email: 'jane@example.com' } };
    const snapshot = structuredClone(input);
    const out = redactor.value(input);
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
  });

  it('masks card-sized integers that pass Luhn and keeps other numbers', () => {
    expect(redactor.value({ n: 4111111111111111, m: 4111111111111112, ts: 1700000000000 })).toEqual(
      {
        n: '[CARD]',
        m: 4111111111111112,
        ts: 1700000000000,
      },
    );
  });
});

describe('value(): hostile and exotic input', () => {
  it('replaces cycles with [Circular] but keeps shared references', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { x: 1 };
    expect(roundTrip({ a, left: shared, right: shared })).toEqual({
      a: { name: 'a', self: '[Circular]' },
      left: { x: 1 },
      right: { x: 1 },
    });
    const list: unknown[] = [];
    list.push(list);
    expect(roundTrip(list)).toEqual(['[Circular]']);
  });

  it('bounds depth with [MaxDepth] (default 8, configurable)', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    const text = JSON.stringify(redactor.value(deep));
    expect(text.match(/"d"/g)).toHaveLength(8);
    expect(text).toContain('"[MaxDepth]"');
    expect(createRedactor({ maxDepth: 1 }).value({ a: { b: 1 }, c: 2 })).toEqual({
      a: '[MaxDepth]',
      c: 2,
    });
  });

  it('converts Buffers, typed arrays, Maps, Sets, BigInt, Symbols, functions and Dates', () => {
    function namedFn(): void {}
    expect(
      roundTrip({
        buf: Buffer.from('secret'),
        u8: new Uint8Array(4),
        ab: new ArrayBuffer(2),
        map: new Map<unknown, unknown>([
          ['a', 1],
          ['password', 'x'],
          [2, 'two'],
        ]),
        set: new Set(['jane@example.com', 1]),
        big: 12345678901234567890n,
        sym: Symbol('tag'),
        fn: namedFn,
        anon: (() => () => {})(),
        date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
        invalid: new Date(Number.NaN),
        url: new URL('https://u:p@example.com/?token=t&a=1'),
      }),
    ).toEqual({
      buf: '[Buffer 6 bytes]',
      u8: '[Buffer 4 bytes]',
      ab: '[Buffer 2 bytes]',
      map: { a: 1, password: '[REDACTED]', '2': 'two' },
      set: ['[EMAIL]', 1],
      big: '12345678901234567890',
      sym: 'tag',
      fn: '[Function namedFn]',
      anon: '[Function anonymous]',
      date: '2024-01-02T03:04:05.000Z',
      invalid: null,
      url: 'https://REDACTED:REDACTED@example.com/?token=REDACTED&a=1',
    });
  });

  it('turns Errors into { name, message, stack, code, cause } with redacted text', () => {
    const inner = Object.assign(new Error('db at postgres://app:pw@db:5432 refused'), {
      code: 'ECONNREFUSED',
    });
    const outer = new TypeError('lookup failed for jane@example.com', { cause: inner });
    const out = redactor.value(outer) as Record<string, unknown>;
    expect(out.name).toBe('TypeError');
    expect(out.message).toBe('lookup failed for [EMAIL]');
    expect(out.stack).toMatch(/^TypeError: lookup failed for \[EMAIL\]\n/);
    expect(JSON.stringify(out)).not.toContain('jane@example.com');
    const cause = out.cause as Record<string, unknown>;
    expect(cause.message).toBe('db at postgres://[CREDENTIAL]@db:5432 refused');
    expect(cause.code).toBe('ECONNREFUSED');
  });

  it('keeps extra own fields of errors (redacted) and bounds cyclic cause chains', () => {
    const a = new Error('a') as Error & { cause?: unknown; details?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    a.details = { token: 't', field: 'email' };
    const out = roundTrip(a) as Record<string, unknown>;
    expect(out.details).toEqual({ token: '[REDACTED]', field: 'email' });
    expect((out.cause as Record<string, unknown>).cause).toBe('[Circular]');
  });

  it('replaces throwing getters and hostile proxies with [Unreadable]', () => {
    const withGetter = {
      ok: 1,
      get boom(): never {
        throw new Error('nope');
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(roundTrip({ withGetter, proxy, revoked })).toEqual({
      withGetter: { ok: 1, boom: '[Unreadable]' },
      proxy: '[Unreadable]',
      revoked: '[Unreadable]',
    });
  });

  it('does not invoke the getter of a masked key', () => {
    let reads = 0;
    const input = {
      get password(): string {
        reads++;
        return 'x';
      },
    };
    expect(redactor.value(input)).toEqual({ password: '[REDACTED]' });
    expect(reads).toBe(0);
  });

  it('handles null-prototype objects and a __proto__ key without touching prototypes', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.email = 'jane@example.com';
    const tricky = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown;
    expect(roundTrip(bare)).toEqual({ email: '[EMAIL]' });
    const out = redactor.value(tricky) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds arrays and objects with markers', () => {
    const out = redactor.value(Array.from({ length: 150 }, (_, i) => i)) as unknown[];
    expect(out).toHaveLength(101);
    expect(out[100]).toBe('[… 50 more items]');
    const wide = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, i]));
    expect(createRedactor({ maxObjectKeys: 2 }).value(wide)).toEqual({
      k0: 0,
      k1: 1,
      '…': '[3 more keys]',
    });
    expect(createRedactor({ maxArrayLength: 1 }).value(new Set([1, 2, 3]))).toEqual([
      1,
      '[… 2 more items]',
    ]);
  });

  it('truncates huge strings before detectors run', () => {
    const huge = 'a'.repeat(2 ** 20);
    const out = redactor.value({ huge }) as { huge: string };
    expect(out.huge).toBe(`${'a'.repeat(16 * 1024)}…[TRUNCATED ${2 ** 20} chars]`);
  });

  it('masks a secret cut in half by the truncation bound', () => {
    const small = createRedactor({ maxStringLength: 40 });
    const text = `${'x'.repeat(30)} ${FAKE.jwt}`;
    const out = small.string(text);
    expect(out).not.toMatch(/eyJ/);
    expect(out).toContain('[JWT]');
  });

  it('uses toJSON of library objects and survives a throwing one', () => {
    const money = { toJSON: () => ({ amount: 5, owner: 'jane@example.com' }) };
    const bad = {
      toJSON() {
        throw new Error('x');
      },
    };
    expect(roundTrip({ money, bad })).toEqual({
      money: { amount: 5, owner: '[EMAIL]' },
      bad: '[Unreadable]',
    });
  });

  it('passes primitives through and is JSON-safe for anything', () => {
    expect(redactor.value(null)).toBeNull();
    expect(redactor.value(undefined)).toBeUndefined();
    expect(redactor.value(true)).toBe(true);
    expect(redactor.value(1.5)).toBe(1.5);
    expect(redactor.value('plain')).toBe('plain');
    expect(roundTrip([undefined, () => 1, Symbol()])).toEqual([null, '[Function anonymous]', '']);
  });
});

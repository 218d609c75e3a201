// Hostile thrown values shared by the throwables and core properties: builders, so every run
// gets fresh objects (cycles, getters and Proxies cannot be generated as plain values) and
// fast-check prints the builder's source as the counterexample.
import fc from 'fast-check';
import { HTTPException } from 'hono/http-exception';
import { ResourceNotFoundError, ValidationError } from '../../dist/index.js';
import type { Secrets } from './helpers.js';

export const THROWING = (what: string) => () => {
  throw new Error(`trap ${what} exploded`);
};

/** A Proxy whose every trap throws. */
export function hostileProxy<T extends object>(target: T): T {
  const traps = [
    'get',
    'set',
    'has',
    'deleteProperty',
    'ownKeys',
    'getOwnPropertyDescriptor',
    'defineProperty',
    'getPrototypeOf',
    'setPrototypeOf',
    'isExtensible',
    'preventExtensions',
    'apply',
    'construct',
  ] as const;
  const handler: ProxyHandler<T> = {};
  for (const trap of traps) (handler as Record<string, unknown>)[trap] = THROWING(trap);
  return new Proxy(target, handler);
}

export function withThrowingGetter<T extends object>(target: T, keys: readonly PropertyKey[]): T {
  // V8 formats an Error's stack lazily (through vitest's prepareStackTrace, which reads
  // `message`): materialise it before `message` starts throwing.
  void (target as { stack?: unknown }).stack;
  for (const key of keys)
    Object.defineProperty(target, key, {
      get: THROWING(`getter ${String(key)}`),
      configurable: true,
    });
  return target;
}

/** The raw, internal text that a 5xx must never show: a marker plus a secret. */
export function internal(marker: string, s: Secrets): string {
  return `${marker} db password=${s.password} token ${s.github} card ${s.card}`;
}

export type Builder = (marker: string, s: Secrets) => unknown;

const GETTER_KEYS = [
  'message',
  'stack',
  'name',
  'status',
  'statusCode',
  'cause',
  'response',
  'code',
  'constructor',
  'toString',
  'toJSON',
  Symbol.toPrimitive,
];

export const throwableArb: fc.Arbitrary<{ kind: string; build: Builder }> = fc.oneof(
  fc
    .anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withTypedArray: true,
      withSparseArray: true,
      withUnicodeString: true,
      maxDepth: 3,
    })
    // `undefined` has its own test below.
    .filter((value) => value !== undefined)
    .map((value) => ({ kind: 'fc.anything()', build: () => value })),
  fc.constantFrom<{ kind: string; build: Builder }>(
    { kind: 'null', build: () => null },
    { kind: 'NaN', build: () => NaN },
    { kind: 'Symbol', build: (m) => Symbol(m) },
    { kind: 'bigint', build: () => 10n ** 30n },
    { kind: 'string with secrets', build: (m, s) => internal(m, s) },
    { kind: 'huge string', build: (m, s) => `${internal(m, s)} ${'x'.repeat(1 << 20)}` },
    { kind: 'function', build: () => function thrownFunction() {} },
    { kind: 'class', build: () => class Thrown {} },
    {
      kind: 'plain object',
      build: (m, s) => ({ message: internal(m, s), password: s.password, api_key: s.apiKey }),
    },
    {
      kind: 'frozen object',
      build: (m, s) =>
        Object.freeze({ message: internal(m, s), nested: Object.freeze({ token: s.token }) }),
    },
    { kind: 'frozen Error', build: (m, s) => Object.freeze(new Error(internal(m, s))) },
    {
      kind: 'frozen AppError',
      build: (m, s) =>
        Object.freeze(
          new ValidationError(internal(m, s), {
            violations: [{ field: 'email', message: `bad ${s.email}` }],
          }),
        ),
    },
    {
      kind: 'null-prototype object',
      build: (m, s) => Object.assign(Object.create(null) as object, { message: internal(m, s) }),
    },
    { kind: 'Proxy throwing on every trap', build: () => hostileProxy({}) },
    {
      kind: 'Proxy of an Error throwing on every trap',
      build: (m, s) => hostileProxy(new Error(internal(m, s))),
    },
    {
      kind: 'Proxy of a function throwing on every trap',
      build: () => hostileProxy(() => undefined),
    },
    { kind: 'object with throwing getters', build: () => withThrowingGetter({}, GETTER_KEYS) },
    {
      kind: 'Error with throwing getters',
      build: (m, s) => withThrowingGetter(new Error(internal(m, s)), GETTER_KEYS),
    },
    {
      kind: 'Error with a throwing message getter only',
      build: () => withThrowingGetter(new TypeError('shadowed'), ['message']),
    },
    {
      kind: 'cyclic cause chain',
      build: (m, s) => {
        const first = new Error(internal(m, s));
        const second = new Error(`wrapped ${s.jwt}`, { cause: first });
        (first as { cause?: unknown }).cause = second;
        return second;
      },
    },
    {
      kind: 'self-caused error',
      build: (m, s) => {
        const error = new Error(internal(m, s)) as Error & { cause?: unknown };
        error.cause = error;
        return error;
      },
    },
    {
      kind: 'deep cause chain',
      build: (m, s) => {
        let error: Error = new Error(internal(m, s));
        for (let i = 0; i < 2000; i++) error = new Error(`level ${i}`, { cause: error });
        return error;
      },
    },
    {
      kind: 'AggregateError',
      build: (m, s) =>
        new AggregateError([new Error(internal(m, s)), 'x', null], `agg token=${s.token}`),
    },
    {
      kind: 'Error with status 404',
      build: (m, s) => Object.assign(new Error(internal(m, s)), { status: 404 }),
    },
    {
      kind: 'object with statusCode 418',
      build: (m, s) => ({ statusCode: 418, message: internal(m, s) }),
    },
    {
      kind: 'Error with status 999',
      build: (m, s) => Object.assign(new Error(internal(m, s)), { status: 999 }),
    },
    {
      kind: 'Error with status NaN',
      build: (m, s) => Object.assign(new Error(internal(m, s)), { status: NaN }),
    },
    {
      kind: "Error with status '400'",
      build: (m, s) => Object.assign(new Error(internal(m, s)), { status: '400' }),
    },
    {
      kind: 'Error with status 200',
      build: (m, s) => Object.assign(new Error(internal(m, s)), { status: 200 }),
    },
    {
      kind: 'axios-like error (upstream 404)',
      build: (m, s) =>
        Object.assign(new Error(internal(m, s)), {
          response: { status: 404 },
          config: { headers: { Authorization: `Bearer ${s.jwt}` } },
        }),
    },
    { kind: 'thrown Response', build: () => new Response('nope', { status: 401 }) },
    { kind: 'thenable with throwing then', build: () => ({ then: THROWING('then') }) },
    {
      kind: 'AppError with a secret in its message',
      build: (m, s) =>
        new ResourceNotFoundError('user', s.card, { cause: new Error(internal(m, s)) }),
    },
    {
      kind: 'Error with a non-string message',
      build: () => Object.assign(new Error('x'), { message: { nested: 1 } }),
    },
    {
      kind: 'Error whose stack is an object',
      build: () => Object.assign(new Error('x'), { stack: { a: 1 } }),
    },
  ),
  fc.tuple(fc.integer({ min: 400, max: 599 }), fc.boolean()).map(([status, withRes]) => ({
    kind: `HTTPException ${status}${withRes ? ' with res' : ''}`,
    build: (m: string, s: Secrets) =>
      new HTTPException(status as 400, {
        message: status >= 500 ? internal(m, s) : 'client facing message',
        ...(withRes
          ? {
              res: new Response('r', {
                status,
                headers: { 'WWW-Authenticate': 'Bearer', 'Set-Cookie': `sid=${s.token}` },
              }),
            }
          : {}),
      }),
  })),
);

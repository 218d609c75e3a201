import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  AuthorizationError,
  BusinessRuleViolationError,
  ConflictError,
  InternalError,
  RateLimitExceededError,
  ResourceNotFoundError,
  ValidationError,
  getOriginalError,
  normalizeError,
  registerErrorMapper,
} from '../../src/core/errors/index.js';
import type { AppError } from '../../src/core/errors/index.js';

const unregisters: (() => void)[] = [];
afterEach(() => unregisters.splice(0).forEach((unregister) => unregister()));

function expectInternal(error: AppError): void {
  expect(error).toBeInstanceOf(InternalError);
  expect(error.status).toBe(500);
  expect(error.code).toBe('INTERNAL_ERROR');
  expect(error.userMessage).toBe('An unexpected error occurred. Please try again later.');
}

describe('normalizeError', () => {
  it('returns an AppError unchanged', () => {
    const error = new ConflictError('x');
    expect(normalizeError(error)).toBe(error);
  });

  it('wraps an unknown Error in an InternalError that keeps it as cause and its stack', () => {
    const original = new TypeError("Cannot read properties of undefined (reading 'id')");
    const error = normalizeError(original);
    expectInternal(error);
    expect(error.cause).toBe(original);
    expect(error.message).toBe(original.message);
    expect(error.stack).toBe(original.stack);
    expect(getOriginalError(error)).toBe(original);
  });

  it.each([
    ['a string', 'boom', 'boom'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['a number', 42, '42'],
    ['a boolean', false, 'false'],
    ['a bigint', 10n, '10'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
  ])('turns %s into an InternalError that mentions it and keeps it as cause', (_, value, text) => {
    const error = normalizeError(value);
    expectInternal(error);
    expect(error.message).toContain(text);
    expect(error.cause).toBe(value);
  });

  it('keeps only a safe summary of a plain object as cause', () => {
    const thrown = { reason: 'quota', apiKey: 'sk_live_secret' };
    const error = normalizeError(thrown);
    expectInternal(error);
    expect(error.cause).toEqual({ type: 'Object', keys: ['reason', 'apiKey'] });
    expect(JSON.stringify(error)).not.toContain('sk_live_secret');
    expect(normalizeError({ message: 'custom failure' }).message).toBe('custom failure');
  });

  it('handles a non-Error promise rejection', async () => {
    const rejection = await Promise.reject({ code: 'E_TIMEOUT' }).catch((e: unknown) => e);
    const error = normalizeError(rejection);
    expectInternal(error);
    expect(error.message).toContain('code');
  });

  it('survives an Error whose message, name and stack getters throw', () => {
    const hostile = new Error('x');
    for (const key of ['stack', 'message', 'name', 'cause', 'status']) {
      Object.defineProperty(hostile, key, {
        get() {
          throw new Error(`getter ${key}`);
        },
      });
    }
    const error = normalizeError(hostile);
    expectInternal(error);
    expect(error.cause).toBe(hostile);
    expect(() => JSON.stringify(error)).not.toThrow();
  });

  it('survives a proxy that throws on every trap', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, has: trap });
    const error = normalizeError(hostile);
    expectInternal(error);
  });

  it('keeps an error with a cyclic cause chain and serializes it without looping', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const error = normalizeError(a);
    expectInternal(error);
    expect(error.cause).toBe(a);
    const json = JSON.stringify(error);
    expect(json).toContain('CircularCause');
  });

  it.each([
    [400, ValidationError],
    [401, AuthenticationError],
    [403, AuthorizationError],
    [404, ResourceNotFoundError],
    [409, ConflictError],
    [422, BusinessRuleViolationError],
    [429, RateLimitExceededError],
  ])('maps an object with status %i to the matching category', (status, type) => {
    const thrown = Object.assign(new Error('http error'), { status });
    const error = normalizeError(thrown);
    expect(error).toBeInstanceOf(type);
    expect(error.status).toBe(status);
    expect(error.message).toBe('http error');
    expect(error.cause).toBe(thrown);
  });

  it('maps other 4xx (also via statusCode and on plain objects) to an AppError with that status', () => {
    expect(normalizeError({ statusCode: 410, message: 'gone' })).toMatchObject({
      status: 410,
      code: 'GONE',
      message: 'gone',
    });
    expect(normalizeError(Object.assign(new Error('x'), { statusCode: 413 })).status).toBe(413);
  });

  it('does not map 5xx statuses, non-integers or upstream HTTP client errors', () => {
    expectInternal(normalizeError({ status: 503 }));
    expectInternal(normalizeError({ status: 404.5 }));
    expectInternal(normalizeError({ status: '404' }));
    const axiosLike = Object.assign(new Error('Request failed with status code 404'), {
      status: 404,
      response: { status: 404 },
    });
    expectInternal(normalizeError(axiosLike));
  });
});

describe('registerErrorMapper', () => {
  class HttpException extends Error {
    constructor(readonly status: number) {
      super(`http ${status}`);
    }
  }

  it('runs mappers before the built-in rules; first match wins', () => {
    unregisters.push(
      registerErrorMapper((e) =>
        e instanceof HttpException ? new ConflictError('mapped', { cause: e }) : undefined,
      ),
      registerErrorMapper(() => new ValidationError('second')),
    );
    const thrown = new HttpException(404);
    const error = normalizeError(thrown);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.cause).toBe(thrown);
  });

  it('stops applying a mapper once unregistered', () => {
    const unregister = registerErrorMapper(() => new ConflictError('mapped'));
    expect(normalizeError('x')).toBeInstanceOf(ConflictError);
    unregister();
    unregister();
    expect(normalizeError('x')).toBeInstanceOf(InternalError);
  });

  it('skips a mapper that throws or returns something other than an AppError', () => {
    unregisters.push(
      registerErrorMapper(() => {
        throw new Error('mapper bug');
      }),
      registerErrorMapper(() => ({ code: 'FAKE' }) as unknown as AppError),
    );
    expectInternal(normalizeError(new Error('x')));
  });

  it('rejects a non-function mapper', () => {
    expect(() => registerErrorMapper('nope' as never)).toThrow(TypeError);
  });
});

import { describe, expect, it } from 'vitest';
import { AppError, ConflictError, serializeError } from '../../src/core/errors/index.js';

describe('serializeError', () => {
  it('serializes an AppError with code, severity, status, details and cause', () => {
    const cause = Object.assign(new Error('ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const record = serializeError(
      new ConflictError('version mismatch', { details: { version: 3 }, cause }),
    );
    expect(record).toMatchObject({
      name: 'ConflictError',
      message: 'version mismatch',
      code: 'CONFLICT',
      severity: 'medium',
      status: 409,
      details: { version: 3 },
      cause: { name: 'Error', message: 'ECONNREFUSED 10.0.0.1:5432', code: 'ECONNREFUSED' },
    });
    expect(record.stack).toContain('ConflictError: version mismatch');
  });

  it('bounds the cause chain at maxCauseDepth', () => {
    let error: Error = new Error('level 0');
    for (let level = 1; level <= 10; level++) error = new Error(`level ${level}`, { cause: error });
    const record = serializeError(error, { maxCauseDepth: 2 });
    expect(record.message).toBe('level 10');
    expect(record.cause?.message).toBe('level 9');
    expect(record.cause?.cause?.message).toBe('level 8');
    expect(record.cause?.cause?.cause).toMatchObject({ name: 'TruncatedCause' });
    expect(record.cause?.cause?.cause?.cause).toBeUndefined();
    let depth = 0;
    for (let r = serializeError(error).cause; r; r = r.cause) depth++;
    expect(depth).toBe(6); // five causes and the truncation marker
  });

  it('stops at a cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const record = serializeError(a);
    expect(record.cause?.message).toBe('b');
    expect(record.cause?.cause).toMatchObject({ name: 'CircularCause' });
  });

  it.each([
    ['string', 'boom', { name: 'string', message: 'boom' }],
    ['null', null, { name: 'null', message: 'null' }],
    ['undefined', undefined, { name: 'undefined', message: 'undefined' }],
    ['number', 7, { name: 'number', message: '7' }],
    ['object', { a: 1 }, { name: 'Object', message: 'Object {a}' }],
  ])('never returns {} (%s)', (_, value, expected) => {
    expect(serializeError(value)).toEqual(expected);
  });

  it('never throws on hostile errors', () => {
    const hostile = new Error('x');
    for (const key of ['stack', 'message', 'name', 'cause', 'code', 'details']) {
      Object.defineProperty(hostile, key, {
        get() {
          throw new Error('getter');
        },
      });
    }
    const record = serializeError(hostile);
    expect(record.name).toBe('Error');
    expect(typeof record.message).toBe('string');
    const trap = () => {
      throw new Error('trap');
    };
    const proxy = new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap });
    expect(serializeError(proxy).name).toBeTruthy();
  });

  it('omits what the error does not have', () => {
    const record = serializeError(new AppError('boom'));
    expect(Object.keys(record).sort()).toEqual(
      ['code', 'message', 'name', 'severity', 'stack', 'status'].sort(),
    );
  });
});

import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  ConflictError,
  ExternalServiceError,
  InternalError,
  ResourceNotFoundError,
  ValidationError,
  defineError,
} from '../../src/core/errors/index.js';
import { problemForStatus, toJsonPointer, toProblem } from '../../src/core/problem/index.js';
import { createRedactor } from '../../src/core/redaction/index.js';
import { withRequestContext } from '../../src/core/telemetry/index.js';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());

const GENERIC_500 = 'An unexpected error occurred. Please try again later.';

describe('toProblem', () => {
  it('renders a 4xx error with type URI, title, status, user message and extensions', () => {
    const UserNotFoundError = defineError(ResourceNotFoundError, {
      name: 'UserNotFoundError',
      code: 'USER_NOT_FOUND',
      userMessage: 'The user was not found.',
    });
    const problem = toProblem(new UserNotFoundError('User', 'u-42'), {
      instance: '/users/u-42',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      requestId: 'req-1',
    });
    expect(problem).toEqual({
      type: '/problems/user-not-found',
      title: 'User not found',
      status: 404,
      detail: 'The user was not found.',
      instance: '/users/u-42',
      error_code: 'USER_NOT_FOUND',
      severity: 'low',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      request_id: 'req-1',
      details: { resourceType: 'User', resourceId: 'u-42' },
    });
  });

  it('honours a custom typeBaseUri (with or without trailing slash)', () => {
    expect(toProblem(new ConflictError(), { typeBaseUri: 'https://docs.acme.io/e/' }).type).toBe(
      'https://docs.acme.io/e/conflict',
    );
  });

  it('never shows internals for 5xx: generic detail, no details, no message, no stack', () => {
    const error = new InternalError('SELECT * FROM users failed on db-7.internal', {
      details: { host: 'db-7.internal', query: 'SELECT *' },
      userMessage: 'db-7 is down',
    });
    const problem = toProblem(error);
    expect(problem.status).toBe(500);
    expect(problem.detail).toBe(GENERIC_500);
    expect(problem.details).toBeUndefined();
    const text = JSON.stringify(problem);
    expect(text).not.toContain('db-7');
    expect(text).not.toContain('SELECT');
    expect(text).not.toContain('at ');
  });

  it('renders unknown throwables as a generic 500 INTERNAL_ERROR', () => {
    const problem = toProblem(new TypeError('secret internals'));
    expect(problem).toMatchObject({
      type: '/problems/internal-error',
      status: 500,
      detail: GENERIC_500,
      error_code: 'INTERNAL_ERROR',
      severity: 'critical',
    });
    expect(JSON.stringify(problem)).not.toContain('secret internals');
    expect(toProblem('boom').status).toBe(500);
    expect(toProblem(null).status).toBe(500);
  });

  it('uses the generic message of the status for 502/503', () => {
    const error = new ExternalServiceError('stripe 503 at api.stripe.com', { service: 'stripe' });
    const problem = toProblem(error);
    expect(problem.detail).toBe('An upstream service failed to respond. Please try again later.');
    expect(problem.details).toBeUndefined();
  });

  it('exposes 5xx details only when asked, and redacted', () => {
    const error = new ExternalServiceError('x', {
      service: 'stripe',
      details: { apiKey: 'sk_live_abc' },
    });
    const problem = toProblem(error, { exposeDetails: true });
    expect(problem.details).toMatchObject({ service: 'stripe' });
    expect(JSON.stringify(problem)).not.toContain('sk_live_abc');
    expect(
      toProblem(new ConflictError('x', { details: { a: 1 } }), { exposeDetails: false }).details,
    ).toBeUndefined();
  });

  it('redacts details, detail and instance', () => {
    const error = new ConflictError('x', {
      details: { email: 'ann@example.com', password: 'hunter2', nested: { token: 'abc' } },
      userMessage: 'Account ann@example.com already exists.',
    });
    const problem = toProblem(error, { instance: '/reset?token=s3cr3t&page=2' });
    const details = problem.details as Record<string, unknown>;
    expect(details.password).not.toBe('hunter2');
    expect(details.password).toMatch(/REDACTED/);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    expect(JSON.stringify(problem)).not.toContain('ann@example.com');
    expect(JSON.stringify(problem)).not.toContain('s3cr3t');
    expect(problem.instance).toContain('page=2');
  });

  it('uses the redactor it is given', () => {
    const redactor = createRedactor({ keys: ['internalRef'] });
    const problem = toProblem(new ConflictError('x', { details: { internalRef: 'r-9' } }), {
      redactor,
    });
    expect(JSON.stringify(problem)).not.toContain('r-9');
  });

  it('renders validation violations as errors with escaped JSON pointers', () => {
    const error = new ValidationError('invalid signup', {
      violations: [
        { field: 'email', message: 'must be an email address' },
        { field: 'a/b~c', message: 'bad key' },
        { field: 'city', message: 'required', pointer: '#/address/city' },
      ],
    });
    const problem = toProblem(error);
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([
      { detail: 'must be an email address', pointer: '#/email' },
      { detail: 'bad key', pointer: '#/a~1b~0c' },
      { detail: 'required', pointer: '#/address/city' },
    ]);
  });

  it('points at the single invalid field when there are no violations', () => {
    const problem = toProblem(new ValidationError('bad', { field: 'age', value: -1 }));
    expect(problem.errors).toEqual([
      { detail: 'The request contains invalid data.', pointer: '#/age' },
    ]);
    expect(JSON.stringify(problem)).not.toContain('-1');
    expect(toProblem(new ValidationError('bad')).errors).toBeUndefined();
  });

  it('redacts violation messages that echo input', () => {
    const problem = toProblem(
      new ValidationError('bad', {
        violations: [{ field: 'email', message: 'ann@example.com is taken' }],
      }),
    );
    expect(problem.errors?.[0]?.detail).not.toContain('ann@example.com');
  });

  it('uses about:blank and the reason phrase for a status-only error', () => {
    const problem = toProblem(new AppError('no route', { status: 405 }));
    expect(problem).toMatchObject({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      error_code: 'METHOD_NOT_ALLOWED',
    });
  });

  it('takes trace_id and request_id from the active context by default', () => {
    const spanContext = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    };
    const ctx = withRequestContext(trace.setSpanContext(context.active(), spanContext), {
      requestId: 'req-42',
    });
    const problem = context.with(ctx, () => toProblem(new ConflictError()));
    expect(problem.trace_id).toBe(spanContext.traceId);
    expect(problem.request_id).toBe('req-42');
    const outside = toProblem(new ConflictError());
    expect(outside.trace_id).toBeUndefined();
    expect(outside.request_id).toBeUndefined();
  });
});

describe('problemForStatus', () => {
  it.each([
    [404, 'Not Found'],
    [405, 'Method Not Allowed'],
    [500, 'Internal Server Error'],
    [503, 'Service Unavailable'],
  ])('%i → about:blank with title %s', (status, title) => {
    const problem = problemForStatus(status, { instance: '/x', requestId: 'r1' });
    expect(problem).toMatchObject({ type: 'about:blank', title, status, instance: '/x' });
    expect(problem.request_id).toBe('r1');
    expect(typeof problem.detail).toBe('string');
  });

  it.each([200, 302, 99, 600, Number.NaN, 404.5])('turns the non-error status %s into 500', (s) => {
    expect(problemForStatus(s).status).toBe(500);
  });
});

describe('toJsonPointer', () => {
  it('escapes ~ and / per RFC 6901 and percent-encodes for the URI fragment', () => {
    expect(toJsonPointer(['a/b', 'm~n', 0])).toBe('#/a~1b/m~0n/0');
    expect(toJsonPointer(['with space', 'é'])).toBe('#/with%20space/%C3%A9');
    expect(toJsonPointer([])).toBe('#');
  });
});

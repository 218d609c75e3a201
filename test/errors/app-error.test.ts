import { describe, expect, it } from 'vitest';
import {
  AppError,
  AuthenticationError,
  AuthorizationError,
  BusinessRuleViolationError,
  ConflictError,
  DatabaseConnectionError,
  ExternalServiceError,
  InfrastructureError,
  InternalError,
  InvalidTokenError,
  ObjectStorageError,
  RateLimitExceededError,
  ResourceNotFoundError,
  TokenExpiredError,
  ValidationError,
  isAppError,
  isStatusOnlyError,
} from '../../src/core/errors/index.js';
import type { Severity } from '../../src/core/errors/index.js';

interface Case {
  error: AppError;
  type: abstract new (...args: never[]) => AppError;
  parent: abstract new (...args: never[]) => AppError;
  name: string;
  status: number;
  code: string;
  severity: Severity;
  retryable: boolean;
}

const cases: Case[] = [
  {
    error: new ValidationError('bad payload'),
    type: ValidationError,
    parent: AppError,
    name: 'ValidationError',
    status: 400,
    code: 'VALIDATION_ERROR',
    severity: 'low',
    retryable: false,
  },
  {
    error: new BusinessRuleViolationError('too many items', { rule: 'order.max_items' }),
    type: BusinessRuleViolationError,
    parent: AppError,
    name: 'BusinessRuleViolationError',
    status: 422,
    code: 'BUSINESS_RULE_VIOLATION',
    severity: 'medium',
    retryable: false,
  },
  {
    error: new ResourceNotFoundError('User', 42),
    type: ResourceNotFoundError,
    parent: AppError,
    name: 'ResourceNotFoundError',
    status: 404,
    code: 'RESOURCE_NOT_FOUND',
    severity: 'low',
    retryable: false,
  },
  {
    error: new ConflictError('version mismatch'),
    type: ConflictError,
    parent: AppError,
    name: 'ConflictError',
    status: 409,
    code: 'CONFLICT',
    severity: 'medium',
    retryable: false,
  },
  {
    error: new AuthenticationError('no header'),
    type: AuthenticationError,
    parent: AppError,
    name: 'AuthenticationError',
    status: 401,
    code: 'AUTHENTICATION_REQUIRED',
    severity: 'high',
    retryable: false,
  },
  {
    error: new InvalidTokenError('bad signature'),
    type: InvalidTokenError,
    parent: AuthenticationError,
    name: 'InvalidTokenError',
    status: 401,
    code: 'INVALID_TOKEN',
    severity: 'high',
    retryable: false,
  },
  {
    error: new TokenExpiredError('exp 1700000000 is before now'),
    type: TokenExpiredError,
    parent: AuthenticationError,
    name: 'TokenExpiredError',
    status: 401,
    code: 'TOKEN_EXPIRED',
    severity: 'high',
    retryable: false,
  },
  {
    error: new AuthorizationError('no refund', { requiredPermission: 'payments:refund' }),
    type: AuthorizationError,
    parent: AppError,
    name: 'AuthorizationError',
    status: 403,
    code: 'PERMISSION_DENIED',
    severity: 'high',
    retryable: false,
  },
  {
    error: new RateLimitExceededError('login', { limit: 5, window: 60 }),
    type: RateLimitExceededError,
    parent: AppError,
    name: 'RateLimitExceededError',
    status: 429,
    code: 'RATE_LIMIT_EXCEEDED',
    severity: 'medium',
    retryable: true,
  },
  {
    error: new ExternalServiceError('charge failed', { service: 'stripe', upstreamStatus: 503 }),
    type: ExternalServiceError,
    parent: AppError,
    name: 'ExternalServiceError',
    status: 502,
    code: 'EXTERNAL_SERVICE_ERROR',
    severity: 'high',
    retryable: true,
  },
  {
    error: new InfrastructureError('broker down'),
    type: InfrastructureError,
    parent: AppError,
    name: 'InfrastructureError',
    status: 503,
    code: 'INFRASTRUCTURE_ERROR',
    severity: 'critical',
    retryable: true,
  },
  {
    error: new DatabaseConnectionError('pool exhausted'),
    type: DatabaseConnectionError,
    parent: InfrastructureError,
    name: 'DatabaseConnectionError',
    status: 503,
    code: 'DATABASE_CONNECTION_ERROR',
    severity: 'critical',
    retryable: true,
  },
  {
    error: new ObjectStorageError('PutObject failed'),
    type: ObjectStorageError,
    parent: InfrastructureError,
    name: 'ObjectStorageError',
    status: 503,
    code: 'OBJECT_STORAGE_ERROR',
    severity: 'critical',
    retryable: true,
  },
  {
    error: new InternalError('invariant broken'),
    type: InternalError,
    parent: AppError,
    name: 'InternalError',
    status: 500,
    code: 'INTERNAL_ERROR',
    severity: 'critical',
    retryable: false,
  },
];

describe('error categories', () => {
  it.each(cases)('$name: status, code, severity, name, retryable', (c) => {
    expect(c.error.status).toBe(c.status);
    expect(c.error.code).toBe(c.code);
    expect(c.error.severity).toBe(c.severity);
    expect(c.error.name).toBe(c.name);
    expect(c.error.retryable).toBe(c.retryable);
    expect(c.error.stack?.startsWith(`${c.name}: `)).toBe(true);
  });

  it.each(cases)('$name: instanceof its class, its parent, AppError and Error', (c) => {
    expect(c.error).toBeInstanceOf(c.type);
    expect(c.error).toBeInstanceOf(c.parent);
    expect(c.error).toBeInstanceOf(AppError);
    expect(c.error).toBeInstanceOf(Error);
    expect(isAppError(c.error)).toBe(true);
  });

  it.each(cases)('$name: toJSON is a log record with name, code and stack', (c) => {
    const json = JSON.parse(JSON.stringify(c.error));
    expect(json).toMatchObject({
      name: c.name,
      message: c.error.message,
      code: c.code,
      severity: c.severity,
      status: c.status,
    });
    expect(json.stack).toContain(c.name);
  });

  it.each(cases)('$name: getResponse is a problem+json response with its status', async (c) => {
    const response = c.error.getResponse();
    expect(response.status).toBe(c.status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as { status: number; error_code: string };
    expect(body.status).toBe(c.status);
    expect(body.error_code).toBe(c.code);
    expect(JSON.stringify(body)).not.toContain(c.error.message);
  });
});

describe('AppError', () => {
  it('keeps the cause, details, headers and retryAfter it is given', () => {
    const cause = new Error('socket hang up');
    const error = new AppError('ledger write failed', {
      code: 'LEDGER_WRITE_FAILED',
      status: 503,
      severity: 'high',
      userMessage: 'Try again shortly.',
      details: { ledger: 'main' },
      cause,
      retryable: true,
      headers: { 'X-Ledger': 'main' },
      retryAfter: 2.5,
    });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('ledger write failed');
    expect(error.code).toBe('LEDGER_WRITE_FAILED');
    expect(error.userMessage).toBe('Try again shortly.');
    expect(error.details).toEqual({ ledger: 'main' });
    expect(error.headers).toEqual({ 'X-Ledger': 'main' });
    expect(error.retryAfter).toBe(3);
    expect(error.retryable).toBe(true);
    expect(error.toJSON().cause).toMatchObject({ name: 'Error', message: 'socket hang up' });
  });

  it('defaults to a 500 INTERNAL_ERROR with a generic user message', () => {
    const error = new AppError('boom');
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', severity: 'critical' });
    expect(error.userMessage).not.toContain('boom');
    expect(error.name).toBe('AppError');
    expect('cause' in error).toBe(false);
  });

  it('derives code, severity, title and message from a bare status', () => {
    const error = new AppError('no such route', { status: 404 });
    expect(error).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      severity: 'low',
      title: 'Not Found',
      userMessage: 'The requested resource was not found.',
    });
    expect(isStatusOnlyError(error)).toBe(true);
    expect(isStatusOnlyError(new AppError('x', { status: 404, code: 'GONE_FISHING' }))).toBe(false);
    expect(new AppError('x', { status: 418 }).code).toBe('IM_A_TEAPOT');
    expect(new AppError('x', { status: 499 }).code).toBe('HTTP_499');
  });

  it('falls back to safe values for an invalid status, code, severity or retryAfter', () => {
    const error = new AppError('x', {
      status: 200,
      code: 'user-not-found',
      severity: 'urgent' as Severity,
      retryAfter: -1,
    });
    expect(error.status).toBe(500);
    expect(error.code).toBe('USER_NOT_FOUND');
    expect(error.severity).toBe('critical');
    expect(error.retryAfter).toBeUndefined();
    expect(new ConflictError('x', { status: 1000 }).status).toBe(409);
    expect(new AppError('x', { code: '!!!' }).code).toBe('INTERNAL_ERROR');
  });

  it('names user-declared subclasses after their class', () => {
    class PaymentDeclinedError extends BusinessRuleViolationError {}
    const error = new PaymentDeclinedError('card declined');
    expect(error.name).toBe('PaymentDeclinedError');
    expect(error.code).toBe('BUSINESS_RULE_VIOLATION');
    expect(error).toBeInstanceOf(BusinessRuleViolationError);
    expect(String(error)).toBe('PaymentDeclinedError: card declined');
  });

  it('isAppError rejects look-alikes and survives hostile proxies', () => {
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'X', status: 400 })).toBe(false);
    expect(isAppError(null)).toBe(false);
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(isAppError(hostile)).toBe(false);
  });

  it('recognises an AppError from a duplicate copy of the package by its brand', () => {
    const brand = Symbol.for('sightline.AppError');
    const foreign = Object.create({ [brand]: true }) as object;
    expect(isAppError(foreign)).toBe(true);
  });
});

describe('category specifics', () => {
  it('ValidationError keeps field and violations but never exposes the raw value', () => {
    const error = new ValidationError(undefined, {
      field: 'password',
      value: 'hunter2',
      violations: [{ field: 'password', message: 'too short' }],
    });
    expect(error.message).toBe('Validation failed');
    expect(error.field).toBe('password');
    expect(error.value).toBe('hunter2');
    expect(error.violations).toEqual([{ field: 'password', message: 'too short' }]);
    expect(error.details).toEqual({ field: 'password' });
    expect(error.userMessage).not.toContain('hunter2');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(Object.keys(error)).not.toContain('value');
  });

  it('ValidationError drops malformed violations', () => {
    const error = new ValidationError('x', {
      violations: [{ field: 'a', message: 'ok' }, { field: 1 } as never, null as never],
    });
    expect(error.violations).toEqual([{ field: 'a', message: 'ok' }]);
  });

  it('ResourceNotFoundError names type and id internally, not to the client', () => {
    const error = new ResourceNotFoundError('User', 'u-42');
    expect(error.message).toBe('User u-42 not found');
    expect(error.userMessage).not.toContain('u-42');
    expect(error.details).toEqual({ resourceType: 'User', resourceId: 'u-42' });
    expect(new ResourceNotFoundError('Invoice').message).toBe('Invoice not found');
  });

  it('BusinessRuleViolationError and AuthorizationError carry their facts', () => {
    expect(new BusinessRuleViolationError('x', { rule: 'r1' })).toMatchObject({
      rule: 'r1',
      details: { rule: 'r1' },
    });
    expect(new AuthorizationError('x', { requiredPermission: 'a:b' })).toMatchObject({
      requiredPermission: 'a:b',
      details: { requiredPermission: 'a:b' },
    });
    expect(new ConflictError().details).toBeUndefined();
  });

  it('authentication errors announce a Bearer challenge that callers can override', () => {
    expect(new AuthenticationError().headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(new InvalidTokenError().headers?.['WWW-Authenticate']).toContain('invalid_token');
    expect(
      new AuthenticationError('x', { headers: { 'WWW-Authenticate': 'Basic realm="api"' } })
        .headers,
    ).toEqual({ 'WWW-Authenticate': 'Basic realm="api"' });
  });

  it('RateLimitExceededError retries after the window unless told otherwise', () => {
    expect(new RateLimitExceededError('x', { limit: 5, window: 60 }).retryAfter).toBe(60);
    expect(new RateLimitExceededError('x', { window: 60, retryAfter: 7 }).retryAfter).toBe(7);
    expect(new RateLimitExceededError('x', { limit: 5, window: 60 }).details).toEqual({
      limit: 5,
      window: 60,
    });
  });

  it('ExternalServiceError carries service and upstream status', () => {
    const error = new ExternalServiceError('charge failed', {
      service: 'stripe',
      upstreamStatus: 503,
    });
    expect(error).toMatchObject({ service: 'stripe', upstreamStatus: 503 });
    expect(error.details).toEqual({ service: 'stripe', upstreamStatus: 503 });
  });
});

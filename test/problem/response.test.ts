import { describe, expect, it } from 'vitest';
import {
  AppError,
  AuthenticationError,
  ConflictError,
  InfrastructureError,
  RateLimitExceededError,
  TokenExpiredError,
} from '../../src/core/errors/index.js';
import {
  PROBLEM_CONTENT_TYPE,
  problemResponseInit,
  toProblemResponse,
} from '../../src/core/problem/index.js';

describe('problemResponseInit', () => {
  it('sends application/problem+json with the error status and the serialized problem', () => {
    const init = problemResponseInit(new ConflictError('x'));
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
    expect(init.status).toBe(409);
    expect(init.headers['Content-Type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(JSON.parse(init.body)).toEqual(init.problem);
    expect(init.problem.status).toBe(init.status);
    expect(init.headers['Retry-After']).toBeUndefined();
  });

  it('sends Retry-After from the error', () => {
    const init = problemResponseInit(new RateLimitExceededError('x', { retryAfter: 42 }));
    expect(init.status).toBe(429);
    expect(init.headers['Retry-After']).toBe('42');
    expect(
      problemResponseInit(new ConflictError('x', { retryAfter: 5 })).headers['Retry-After'],
    ).toBe('5');
  });

  it('always sends Retry-After for 429 and 503 (default 30 s, configurable)', () => {
    expect(problemResponseInit(new RateLimitExceededError()).headers['Retry-After']).toBe('30');
    expect(problemResponseInit(new InfrastructureError()).headers['Retry-After']).toBe('30');
    expect(
      problemResponseInit(new InfrastructureError(), { defaultRetryAfter: 120 }).headers[
        'Retry-After'
      ],
    ).toBe('120');
  });

  it("keeps the error's WWW-Authenticate challenge", () => {
    expect(problemResponseInit(new AuthenticationError()).headers['WWW-Authenticate']).toBe(
      'Bearer',
    );
    expect(problemResponseInit(new TokenExpiredError()).headers['WWW-Authenticate']).toContain(
      'error="invalid_token"',
    );
  });

  it('never sends Set-Cookie, a foreign Content-Type or malformed headers from an error', () => {
    const error = new AppError('x', {
      status: 400,
      headers: {
        'Set-Cookie': 'session=abc',
        'set-cookie': 'session=def',
        'Content-Type': 'text/html',
        'X-Injected': 'a\r\nSet-Cookie: evil=1',
        'Bad Name': 'x',
        'X-Ok': 'kept',
      },
    });
    const init = problemResponseInit(error);
    const names = Object.keys(init.headers).map((name) => name.toLowerCase());
    expect(names).not.toContain('set-cookie');
    expect(names).not.toContain('x-injected');
    expect(names).not.toContain('bad name');
    expect(init.headers['Content-Type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(init.headers['X-Ok']).toBe('kept');
  });

  it('uses one Retry-After even when the error headers spell it differently', () => {
    const init = problemResponseInit(
      new RateLimitExceededError('x', { retryAfter: 9, headers: { 'retry-after': '1' } }),
    );
    const retryAfter = Object.entries(init.headers).filter(
      ([n]) => n.toLowerCase() === 'retry-after',
    );
    expect(retryAfter).toEqual([['Retry-After', '9']]);
  });

  it('renders anything thrown', () => {
    expect(problemResponseInit(undefined).status).toBe(500);
    expect(problemResponseInit({ status: 404 }).status).toBe(404);
  });
});

describe('toProblemResponse', () => {
  it('builds a web Response with status, headers and body', async () => {
    const response = toProblemResponse(new AuthenticationError('no header'), { instance: '/me' });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('set-cookie')).toBeNull();
    const body = await response.json();
    expect(body).toMatchObject({
      type: '/problems/authentication-required',
      status: 401,
      instance: '/me',
      error_code: 'AUTHENTICATION_REQUIRED',
    });
  });

  it('is what AppError#getResponse returns (Hono default error handler path)', async () => {
    const error = new RateLimitExceededError('x', { retryAfter: 3 });
    const viaError = error.getResponse();
    expect(viaError.status).toBe(429);
    expect(viaError.headers.get('retry-after')).toBe('3');
    expect(await viaError.json()).toEqual(await toProblemResponse(error).json());
  });
});

describe("Hono's default error handler (no Sightline handler installed)", () => {
  it('renders a thrown AppError as its problem response', async () => {
    const { Hono } = await import('hono');
    const app = new Hono().get('/login', () => {
      throw new TokenExpiredError('exp 1700000000 is before now');
    });
    const response = await app.request('/login');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, error_code: 'TOKEN_EXPIRED' });
    expect(JSON.stringify(body)).not.toContain('1700000000');
  });
});

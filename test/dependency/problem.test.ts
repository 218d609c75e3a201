import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  UpstreamTimeoutError,
  dependency,
} from '../../src/core/dependency/index.js';
import type { Dependency } from '../../src/core/dependency/index.js';
import { ExternalServiceError, serializeError } from '../../src/core/errors/index.js';
import { toProblem, toProblemResponse } from '../../src/core/problem/index.js';
import { startUpstream } from './helpers.js';
import type { Upstream } from './helpers.js';

const CANARY = 'CANARY-7f3a-upstream-internal-stack';
const upstreamBody = `Traceback: db.internal:5432 ${CANARY} contact ops@example.com`;

let upstream: Upstream;
const disposables: Dependency<unknown>[] = [];
const make = (name: string, threshold = 5) => {
  const dep = dependency(name, {
    registerHealthCheck: false,
    timeoutMs: 150,
    retry: { maxAttempts: 1 },
    breaker: { kind: 'consecutive', threshold, halfOpenAfterMs: 60_000 },
  });
  disposables.push(dep);
  return dep;
};

beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  for (const dep of disposables.splice(0)) dep.dispose();
  await upstream.close();
});

describe('error mapping to problem bodies', () => {
  it('upstream 5xx → 502 EXTERNAL_SERVICE_ERROR; the upstream body never reaches the problem', async () => {
    const dep = make('billing');
    upstream.set({ status: 503, body: upstreamBody });
    const error = await dep.fetch(upstream.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    const external = error as ExternalServiceError;
    expect(external).toMatchObject({ service: 'billing', upstreamStatus: 503, retryable: true });

    const problem = toProblem(external);
    expect(problem).toMatchObject({ status: 502, error_code: 'EXTERNAL_SERVICE_ERROR' });
    expect(JSON.stringify(problem)).not.toContain(CANARY);
    expect(JSON.stringify(problem)).not.toContain('Traceback');
    expect(external.userMessage).not.toContain(CANARY);
    expect(JSON.stringify(external.details ?? {})).not.toContain(CANARY);
    expect(external.message).not.toContain(CANARY);
    const response = toProblemResponse(external);
    expect(await response.text()).not.toContain(CANARY);

    // Operators get a bounded, redacted snippet in the cause (logs), nothing more.
    const cause = String((external.cause as Error).message);
    expect(cause).toContain('Traceback');
    expect(cause).not.toContain('ops@example.com');
    expect(cause.length).toBeLessThan(300);
    expect(JSON.stringify(serializeError(external))).not.toContain('ops@example.com');
  });

  it('a very large upstream error body is cut to a short snippet', async () => {
    const dep = make('bulky');
    upstream.set({ status: 500, body: `${'x'.repeat(1_000_000)}${CANARY}` });
    const error = (await dep.fetch(upstream.url).catch((e: unknown) => e)) as ExternalServiceError;
    const cause = String((error.cause as Error).message);
    expect(cause.length).toBeLessThan(300);
    expect(cause).not.toContain(CANARY);
  });

  it('timeout → 504 UPSTREAM_TIMEOUT with a generic detail', async () => {
    const dep = make('slowpoke');
    upstream.set('hang');
    const error = await dep.fetch(upstream.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    const problem = toProblem(error);
    expect(problem).toMatchObject({ status: 504, error_code: 'UPSTREAM_TIMEOUT' });
    expect(problem.detail).not.toContain('slowpoke');
    expect(problem.type).toMatch(/upstream-timeout$/);
  });

  it('open circuit → 503 DEPENDENCY_UNAVAILABLE with Retry-After', async () => {
    const dep = make('tax', 1);
    upstream.set({ status: 500, body: upstreamBody });
    await dep.fetch(upstream.url).catch(() => undefined);
    const error = await dep.fetch(upstream.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    const response = toProblemResponse(error);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, error_code: 'DEPENDENCY_UNAVAILABLE' });
    expect(JSON.stringify(body)).not.toContain(CANARY);
  });

  it('connection refused → 502 with the network cause kept for logs', async () => {
    const dep = make('offline');
    const url = upstream.url;
    await upstream.close();
    const error = (await dep.fetch(url).catch((e: unknown) => e)) as ExternalServiceError;
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error.upstreamStatus).toBeUndefined();
    expect(error.message).toContain('offline call failed');
    expect(toProblem(error)).toMatchObject({ status: 502 });
    upstream = await startUpstream();
  });
});

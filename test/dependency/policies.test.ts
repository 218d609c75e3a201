import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamTimeoutError, dependency } from '../../src/core/dependency/index.js';
import type { Dependency } from '../../src/core/dependency/index.js';
import { ConflictError, ExternalServiceError } from '../../src/core/errors/index.js';
import {
  countsByOutcome,
  eventsNamed,
  inSpan,
  setupMetrics,
  setupTracing,
  startUpstream,
} from './helpers.js';
import type { Upstream } from './helpers.js';

const { exporter } = setupTracing();
let meter: ReturnType<typeof setupMetrics>;
beforeAll(() => {
  meter = setupMetrics();
});

let upstream: Upstream;
const disposables: Dependency<unknown>[] = [];
/** No readiness registration (the default registry is process-wide); fast retries. */
const make = (name: string, options: Parameters<typeof dependency>[1] = {}) => {
  const dep = dependency(name, {
    registerHealthCheck: false,
    retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  disposables.push(dep);
  return dep;
};

beforeEach(async () => {
  upstream = await startUpstream();
  exporter.reset();
});
afterEach(async () => {
  for (const dep of disposables.splice(0)) dep.dispose();
  await upstream.close();
});

describe('timeouts', () => {
  it('fire on a hanging upstream and map to UpstreamTimeoutError (504)', async () => {
    const dep = make('slow-api', { timeoutMs: 150, retry: { maxAttempts: 1 } });
    upstream.set('hang');
    const error = await dep.fetch(`${upstream.url}/slow`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
      service: 'slow-api',
      retryable: true,
    });
    expect(upstream.requests).toHaveLength(1);
    expect(countsByOutcome(await meter.collect('app.dependency.duration'), 'slow-api')).toEqual({
      timeout: 1,
    });
  });

  it('bound a callee that ignores its abort signal', async () => {
    const dep = make('stubborn', { timeoutMs: 100, retry: { maxAttempts: 1 } });
    let sawAbort = false;
    const error = await dep
      .call(
        (signal) =>
          new Promise<string>(() => {
            signal.addEventListener('abort', () => (sawAbort = true));
          }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(sawAbort).toBe(true);
  });

  it('abort the per-attempt signal, which fetch honours (the upstream sees the client give up)', async () => {
    const dep = make('abortable', { timeoutMs: 100, retry: { maxAttempts: 1 } });
    upstream.set('hang');
    await expect(dep.fetch(upstream.url)).rejects.toBeInstanceOf(UpstreamTimeoutError);
    await expect.poll(() => upstream.abandoned).toBe(1);
  });
});

describe('retries', () => {
  it('retry idempotent methods (GET) up to maxAttempts, with a span event per retry', async () => {
    const dep = make('flaky-get');
    upstream.set({ status: 503 });
    const error = await inSpan(() => dep.fetch(`${upstream.url}/r`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect(error).toMatchObject({
      upstreamStatus: 503,
      code: 'EXTERNAL_SERVICE_ERROR',
      status: 502,
    });
    expect(upstream.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    const retries = eventsNamed(exporter.getFinishedSpans(), 'app.dependency.retry');
    expect(retries.map((e) => e.attributes?.['app.dependency.attempt'])).toEqual([2, 3]);
    for (const event of retries) {
      expect(event.attributes?.['app.dependency.name']).toBe('flaky-get');
      expect(event.attributes?.['app.dependency.retry.delay_ms']).toBeGreaterThanOrEqual(0);
      expect(event.attributes?.['error.type']).toBe('EXTERNAL_SERVICE_ERROR');
    }
  });

  it('never retry a POST unless the caller says it is idempotent', async () => {
    const dep = make('flaky-post');
    upstream.set({ status: 500 });
    await expect(dep.fetch(upstream.url, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(
      ExternalServiceError,
    );
    expect(upstream.requests).toHaveLength(1);

    await expect(
      dep.fetch(upstream.url, { method: 'POST', body: '{}', idempotent: true }),
    ).rejects.toBeInstanceOf(ExternalServiceError);
    expect(upstream.requests).toHaveLength(4);
  });

  it('resend the Request body on every attempt', async () => {
    const dep = make('replay');
    upstream.set({ status: 503 }, 'ok');
    const request = new Request(`${upstream.url}/put`, { method: 'PUT', body: 'payload' });
    const response = (await dep.fetch(request)) as Response;
    expect(response.status).toBe(200);
    expect(upstream.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('recover: a GET that fails once then succeeds resolves with the second answer', async () => {
    const dep = make('recovering');
    upstream.set({ status: 500 }, 'ok');
    const response = (await dep.fetch(upstream.url)) as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, n: 2 });
    expect(upstream.requests).toHaveLength(2);
  });

  it('retry timeouts of idempotent calls', async () => {
    // The bound must fire on the hang yet never on the healthy second attempt: keep it generous.
    const dep = make('hang-then-ok', { timeoutMs: 1_000 });
    upstream.set('hang', 'ok');
    const response = (await dep.fetch(upstream.url)) as Response;
    expect(response.status).toBe(200);
    expect(upstream.requests).toHaveLength(2);
  });

  it('skip statuses that will not change (501) and 4xx answers', async () => {
    const dep = make('static');
    upstream.set({ status: 501 });
    await expect(dep.fetch(upstream.url)).rejects.toMatchObject({
      upstreamStatus: 501,
      retryable: false,
    });
    expect(upstream.requests).toHaveLength(1);
    upstream.set({ status: 409 });
    expect(((await dep.fetch(upstream.url)) as Response).status).toBe(409);
    expect(upstream.requests).toHaveLength(2);
  });

  it('generic call(): retried only with idempotent: true; 4xx AppErrors pass through untouched', async () => {
    const dep = make('generic');
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('connection reset');
    };
    const error = await dep.call(failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as Error).message).toContain('connection reset');
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(calls).toBe(1);
    await dep.call(failing, { idempotent: true }).catch(() => undefined);
    expect(calls).toBe(4);

    const conflict = new ConflictError('version mismatch');
    await expect(
      dep.call(
        async () => {
          calls++;
          throw conflict;
        },
        { idempotent: true },
      ),
    ).rejects.toBe(conflict);
    expect(calls).toBe(5);
  });

  it('do not retry once the caller has cancelled', async () => {
    const dep = make('cancelled');
    upstream.set('hang');
    const controller = new AbortController();
    const pending = dep.fetch(upstream.url, { signal: controller.signal });
    await expect.poll(() => upstream.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('success path', () => {
  it('returns a fully read, reusable Response and records a success', async () => {
    const dep = make('happy');
    const response = (await dep.fetch(`${upstream.url}/ok`)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.url).toBe(`${upstream.url}/ok`);
    expect(await response.json()).toEqual({ ok: true, n: 1 });
    const value = await dep.call(async (signal) => (signal.aborted ? 'aborted' : 'value'));
    expect(value).toBe('value');
    expect(countsByOutcome(await meter.collect('app.dependency.duration'), 'happy')).toEqual({
      success: 2,
    });
  });
});

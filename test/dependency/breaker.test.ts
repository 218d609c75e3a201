import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHealthRegistry } from '../../src/core/health/index.js';
import { DependencyUnavailableError, dependency } from '../../src/core/dependency/index.js';
import { ExternalServiceError } from '../../src/core/errors/index.js';
import {
  countsByOutcome,
  eventsNamed,
  inSpan,
  fakeLogger,
  gaugeValue,
  setupMetrics,
  setupTracing,
  startUpstream,
  dependencyTracker,
} from './helpers.js';
import type { Upstream } from './helpers.js';

// Providers are registered after the module under test was imported: its instruments must
// still reach them (the metrics API has no proxy provider).
const { exporter } = setupTracing();
// Created before any MeterProvider exists, like a module-level dependency in an app whose SDK
// starts later.
const early = dependency('early-bird', { registerHealthCheck: false });
let meter: ReturnType<typeof setupMetrics>;
beforeAll(() => {
  meter = setupMetrics();
});

let upstream: Upstream;
const { track, disposeAll } = dependencyTracker();

beforeEach(async () => {
  upstream = await startUpstream();
  exporter.reset();
});
afterEach(async () => {
  vi.useRealTimers();
  disposeAll();
  await upstream.close();
});

// Only `Date` is faked: the breaker measures its open period with `Date.now()`, so jumping the
// clock half-opens it deterministically, however slow the machine (sockets and timers stay real).
const fakeClock = () => vi.useFakeTimers({ toFake: ['Date'] });
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('consecutive breaker', () => {
  it('opens after the threshold, fails fast without hitting the upstream, half-opens, closes on success', async () => {
    fakeClock();
    const logger = fakeLogger();
    const registry = createHealthRegistry();
    const dep = track(
      dependency('inventory', {
        timeoutMs: 5_000,
        retry: { maxAttempts: 1 },
        breaker: { kind: 'consecutive', threshold: 3, halfOpenAfterMs: 10_000 },
        logger,
        healthRegistry: registry,
      }),
    );
    upstream.set({ status: 500 });

    for (let i = 0; i < 3; i++) {
      await expect(inSpan(() => dep.fetch(`${upstream.url}/items`))).rejects.toBeInstanceOf(
        ExternalServiceError,
      );
    }
    expect(upstream.requests).toHaveLength(3);
    expect(dep.state).toBe('open');
    expect(dep.healthCheck()).toBe('degraded');
    expect((await registry.run()).checks.inventory?.status).toBe('degraded');
    expect(gaugeValue(await meter.collect('app.breaker.state'), 'inventory')).toBe(2);

    // Open: fails fast with a 503 carrying Retry-After; the upstream is not contacted.
    const rejected = await inSpan(() => dep.fetch(`${upstream.url}/items`)).catch(
      (e: unknown) => e,
    );
    expect(rejected).toBeInstanceOf(DependencyUnavailableError);
    expect(rejected).toMatchObject({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      service: 'inventory',
    });
    expect((rejected as DependencyUnavailableError).retryAfter).toBe(10);
    advance(5_500);
    const later = await dep.fetch(upstream.url).catch((e: unknown) => e);
    expect((later as DependencyUnavailableError).retryAfter).toBe(5);
    advance(4_000);
    await expect(dep.fetch(upstream.url)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(upstream.requests).toHaveLength(3);

    // Half-open: after the delay, one probe goes through. Hold it to observe the state.
    advance(600);
    upstream.set('hang');
    const probe = inSpan(() => dep.fetch(`${upstream.url}/items`));
    await expect.poll(() => upstream.requests.length).toBe(4);
    expect(dep.state).toBe('half-open');
    expect(gaugeValue(await meter.collect('app.breaker.state'), 'inventory')).toBe(1);
    expect((await registry.run()).checks.inventory?.status).toBe('degraded');
    upstream.releaseHanging();
    const response = (await probe) as Response;
    expect(response.status).toBe(200);
    expect(dep.state).toBe('closed');
    expect(dep.healthCheck()).toBe('ok');
    expect((await registry.run()).checks.inventory?.status).toBe('ok');
    expect(gaugeValue(await meter.collect('app.breaker.state'), 'inventory')).toBe(0);

    // Every transition: a span event on the caller's span …
    const changes = eventsNamed(exporter.getFinishedSpans(), 'app.dependency.breaker_state_change');
    expect(changes.map((e) => e.attributes?.['app.breaker.state'])).toEqual([
      'open',
      'half-open',
      'closed',
    ]);
    expect(changes.every((e) => e.attributes?.['app.dependency.name'] === 'inventory')).toBe(true);
    // … and a log line: warn when opening, info otherwise.
    expect(
      logger.lines.map((l) => [l.level, (l.meta as Record<string, unknown>)['app.breaker.state']]),
    ).toEqual([
      ['warn', 'open'],
      ['info', 'half-open'],
      ['info', 'closed'],
    ]);
    // Duration histogram by outcome.
    expect(countsByOutcome(await meter.collect('app.dependency.duration'), 'inventory')).toEqual({
      failure: 3,
      rejected: 3,
      success: 1,
    });
  });

  it('re-opens when the half-open probe fails', async () => {
    fakeClock();
    const logger = fakeLogger();
    const dep = track(
      dependency('ledger', {
        retry: { maxAttempts: 1 },
        breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 10_000 },
        logger,
        registerHealthCheck: false,
      }),
    );
    upstream.set({ status: 503 });
    for (let i = 0; i < 2; i++) await dep.fetch(upstream.url).catch(() => undefined);
    expect(dep.state).toBe('open');
    advance(10_001);
    await expect(dep.fetch(upstream.url)).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(upstream.requests).toHaveLength(3);
    expect(dep.state).toBe('open');
    await expect(dep.fetch(upstream.url)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(upstream.requests).toHaveLength(3);
    expect(logger.lines.map((l) => l.level)).toEqual(['warn', 'info', 'warn']);
  });

  it('does not count 4xx answers or caller cancellations as failures', async () => {
    const dep = track(
      dependency('catalog', {
        retry: { maxAttempts: 1 },
        breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 10_000 },
        registerHealthCheck: false,
      }),
    );
    upstream.set({ status: 404, body: 'no such item' });
    for (let i = 0; i < 4; i++) {
      const response = (await dep.fetch(`${upstream.url}/missing`)) as Response;
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('no such item');
    }
    upstream.set('hang');
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const pending = dep.fetch(upstream.url, { signal: controller.signal });
      await expect.poll(() => upstream.requests.length).toBe(5 + i);
      controller.abort(new Error('client went away'));
      await expect(pending).rejects.toThrow('client went away');
    }
    expect(dep.state).toBe('closed');
    expect(upstream.requests).toHaveLength(7);
  });

  it('opens on a counted 429 and on network errors', async () => {
    const dep = track(
      dependency('quota', {
        retry: { maxAttempts: 1 },
        breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 10_000 },
        registerHealthCheck: false,
      }),
    );
    upstream.set({ status: 429 });
    await expect(dep.fetch(upstream.url)).rejects.toMatchObject({
      upstreamStatus: 429,
      retryable: true,
    });
    const closedPort = upstream.url;
    await upstream.close();
    const refused = await dep.fetch(closedPort).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ExternalServiceError);
    expect((refused as ExternalServiceError).upstreamStatus).toBeUndefined();
    expect(dep.state).toBe('open');
    upstream = await startUpstream(); // afterEach closes it
  });
});

describe('sampling breaker', () => {
  it('opens when the failure ratio crosses the threshold', async () => {
    const dep = track(
      dependency('search', {
        retry: { maxAttempts: 1 },
        breaker: {
          kind: 'sampling',
          threshold: 0.5,
          durationMs: 10_000,
          minimumRps: 0.1,
          halfOpenAfterMs: 10_000,
        },
        registerHealthCheck: false,
      }),
    );
    upstream.set('ok', { status: 500 });
    await dep.fetch(upstream.url); // 1 success
    await dep.fetch(upstream.url).catch(() => undefined); // 1/2 failed: not above 0.5
    expect(dep.state).toBe('closed');
    await dep.fetch(upstream.url).catch(() => undefined); // 2/3 failed
    expect(dep.state).toBe('open');
    await expect(dep.fetch(upstream.url)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(upstream.requests).toHaveLength(3);
  });
});

describe('late MeterProvider', () => {
  it('reaches a MeterProvider registered after the dependency was created', async () => {
    await early.call(async () => 'ok');
    expect(gaugeValue(await meter.collect('app.breaker.state'), 'early-bird')).toBe(0);
    expect(countsByOutcome(await meter.collect('app.dependency.duration'), 'early-bird')).toEqual({
      success: 1,
    });
  });
});

describe('readiness registration', () => {
  it('registers in the given registry and unregisters on dispose', async () => {
    const registry = createHealthRegistry();
    const dep = dependency('geo', { healthRegistry: registry });
    expect((await registry.run()).checks.geo?.status).toBe('ok');
    dep.dispose();
    expect((await registry.run()).checks.geo).toBeUndefined();
    expect(gaugeValue(await meter.collect('app.breaker.state'), 'geo')).toBeUndefined();
  });

  it('keeps the service ready (degraded, not fail) while the breaker is open', async () => {
    const registry = createHealthRegistry();
    const dep = track(
      dependency('mailer', {
        healthRegistry: registry,
        retry: { maxAttempts: 1 },
        breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 10_000 },
      }),
    );
    upstream.set({ status: 502 });
    await dep.fetch(upstream.url).catch(() => undefined);
    const report = await registry.run();
    expect(report.status).toBe('degraded');
    expect(report.checks.mailer?.status).toBe('degraded');
  });
});

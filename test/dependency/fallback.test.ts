import { SpanStatusCode } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dependency } from '../../src/core/dependency/index.js';
import { ConflictError } from '../../src/core/errors/index.js';
import {
  countsByOutcome,
  eventsNamed,
  inSpan,
  setupMetrics,
  setupTracing,
  startUpstream,
  dependencyTracker,
} from './helpers.js';
import type { Upstream } from './helpers.js';

const { exporter } = setupTracing();
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
  disposeAll();
  await upstream.close();
});

describe('fallback', () => {
  it('serves the fallback value and records a handled low-severity error event', async () => {
    const dep = track(
      dependency('recommendations', {
        registerHealthCheck: false,
        retry: { maxAttempts: 1 },
        fallback: () => ['bestsellers'],
      }),
    );
    upstream.set({ status: 503 });
    const value = await inSpan(() => dep.fetch(upstream.url));
    expect(value).toEqual(['bestsellers']);

    const span = exporter.getFinishedSpans().find((s) => s.name === 'request');
    const exceptions = eventsNamed(exporter.getFinishedSpans(), 'exception');
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]?.attributes).toMatchObject({
      'app.error.severity': 'low',
      'app.error.handled': true,
      'app.error.code': 'DEPENDENCY_FALLBACK',
      'app.dependency.name': 'recommendations',
      'app.dependency.failure': 'EXTERNAL_SERVICE_ERROR',
    });
    // Degraded is not failed: the caller's span is not marked ERROR (the attempt's span is).
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    const attempt = exporter.getFinishedSpans().find((s) => s.name === 'recommendations');
    expect(attempt?.status.code).toBe(SpanStatusCode.ERROR);

    expect(
      countsByOutcome(await meter.collect('app.dependency.duration'), 'recommendations'),
    ).toEqual({
      fallback: 1,
    });
    const errors = await meter.collect('app.errors');
    expect(errors?.dataPointType).toBe(DataPointType.SUM);
    const lowFallbacks = errors?.dataPoints.find(
      (p) => p.attributes['error.type'] === 'DEPENDENCY_FALLBACK',
    );
    expect(lowFallbacks?.attributes['app.error.severity']).toBe('low');
    expect(lowFallbacks?.value).toBe(1);
  });

  it('serves the fallback while the circuit is open, without calling the upstream', async () => {
    const dep = track(
      dependency('prices', {
        registerHealthCheck: false,
        retry: { maxAttempts: 1 },
        breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 60_000 },
      }),
    );
    upstream.set({ status: 500 });
    const cached = () => Response.json({ price: 10, stale: true });
    const first = (await inSpan(() => dep.fetch(upstream.url, { fallback: cached }))) as Response;
    const second = (await inSpan(() => dep.fetch(upstream.url, { fallback: cached }))) as Response;
    expect(await first.json()).toEqual({ price: 10, stale: true });
    expect(await second.json()).toEqual({ price: 10, stale: true });
    expect(upstream.requests).toHaveLength(1);
    const failures = eventsNamed(exporter.getFinishedSpans(), 'exception').map(
      (e) => e.attributes?.['app.dependency.failure'],
    );
    expect(failures).toEqual(['EXTERNAL_SERVICE_ERROR', 'DEPENDENCY_UNAVAILABLE']);
    expect(countsByOutcome(await meter.collect('app.dependency.duration'), 'prices')).toEqual({
      fallback: 2,
    });
  });

  it('per call: `fallback: false` rethrows; a throwing fallback propagates its own error', async () => {
    const dep = track(
      dependency('profiles', {
        registerHealthCheck: false,
        retry: { maxAttempts: 1 },
        fallback: () => 'default',
      }),
    );
    upstream.set({ status: 502 });
    await expect(dep.fetch(upstream.url, { fallback: false })).rejects.toMatchObject({
      upstreamStatus: 502,
    });
    const own = new Error('no cache either');
    await expect(
      dep.fetch(upstream.url, {
        fallback: () => {
          throw own;
        },
      }),
    ).rejects.toBe(own);
    expect(countsByOutcome(await meter.collect('app.dependency.duration'), 'profiles')).toEqual({
      failure: 2,
    });
  });

  it('is not used for the caller’s own 4xx errors or cancellations', async () => {
    const dep = track(
      dependency('orders', { registerHealthCheck: false, fallback: () => 'fallback' }),
    );
    const conflict = new ConflictError('stale version');
    await expect(
      dep.call(async () => {
        throw conflict;
      }),
    ).rejects.toBe(conflict);
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(dep.call(async () => 'value', { signal: controller.signal })).rejects.toThrow(
      'gone',
    );
    expect(eventsNamed(exporter.getFinishedSpans(), 'exception')).toHaveLength(0);
  });
});

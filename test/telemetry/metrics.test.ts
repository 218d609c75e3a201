// The counter module is imported (and its instruments declared) before any MeterProvider
// exists: these tests prove the instruments are resolved lazily.
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { DataPoint } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, InternalError } from '../../src/core/errors/index.js';
import {
  lazyCounter,
  lazyHistogram,
  lazyUpDownCounter,
  recordError,
} from '../../src/core/telemetry/index.js';

const earlyCounter = lazyCounter('test', 'test.early', { unit: '{thing}' });
const earlyHistogram = lazyHistogram('test', 'test.duration', { unit: 's' });
const earlyUpDown = lazyUpDownCounter('test', 'test.in_flight');

interface Installed {
  provider: MeterProvider;
  collect(name: string): Promise<DataPoint<unknown>[]>;
}

function installMeterProvider(): Installed {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    provider,
    async collect(name) {
      exporter.reset();
      await reader.forceFlush();
      return exporter
        .getMetrics()
        .flatMap((resourceMetrics) => resourceMetrics.scopeMetrics)
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints as DataPoint<unknown>[]);
    },
  };
}

const installed: Installed[] = [];
afterEach(async () => {
  metrics.disable();
  await Promise.all(installed.splice(0).map(({ provider }) => provider.shutdown()));
});

describe('app.errors', () => {
  it('counts errors recorded after the SDK registers its MeterProvider', async () => {
    recordError(new ConflictError('before the SDK: lost, but harmless'));
    const sdk = installMeterProvider();
    installed.push(sdk);
    recordError(new ConflictError('a'), { route: '/users/:id' });
    recordError(new ConflictError('b'), { route: '/users/:id' });
    recordError(new InternalError('c'));
    const points = await sdk.collect('app.errors');
    expect(points).toHaveLength(2);
    const conflict = points.find((p) => p.attributes['error.type'] === 'CONFLICT');
    expect(conflict?.value).toBe(2);
    expect(conflict?.attributes).toEqual({
      'error.type': 'CONFLICT',
      'app.error.severity': 'medium',
      'http.route': '/users/:id',
    });
    const internal = points.find((p) => p.attributes['error.type'] === 'INTERNAL_ERROR');
    expect(internal?.attributes).toEqual({
      'error.type': 'INTERNAL_ERROR',
      'app.error.severity': 'critical',
    });
    expect(internal?.value).toBe(1);
  });

  it('counts one error object once', async () => {
    const sdk = installMeterProvider();
    installed.push(sdk);
    const error = new ConflictError('same');
    recordError(error);
    recordError(error);
    const [point] = await sdk.collect('app.errors');
    expect(point?.value).toBe(1);
  });

  it('follows a replaced global MeterProvider', async () => {
    const first = installMeterProvider();
    installed.push(first);
    recordError(new ConflictError('first'));
    metrics.disable();
    const second = installMeterProvider();
    installed.push(second);
    recordError(new ConflictError('second'));
    expect((await second.collect('app.errors'))[0]?.value).toBe(1);
  });
});

describe('lazy instruments', () => {
  it('counters, histograms and up-down counters declared early record once a provider exists', async () => {
    earlyCounter.add(5); // no provider yet: dropped without error
    const sdk = installMeterProvider();
    installed.push(sdk);
    earlyCounter.add(2, { kind: 'a' });
    earlyHistogram.record(0.25);
    earlyUpDown.add(3);
    earlyUpDown.add(-1);
    expect((await sdk.collect('test.early'))[0]?.value).toBe(2);
    expect((await sdk.collect('test.duration'))[0]?.value).toMatchObject({ count: 1, sum: 0.25 });
    expect((await sdk.collect('test.in_flight'))[0]?.value).toBe(2);
  });

  it('never throws on bad input', () => {
    const sdk = installMeterProvider();
    installed.push(sdk);
    expect(() => earlyCounter.add(Number.NaN)).not.toThrow();
    expect(() => earlyHistogram.record(-1, { nested: {} as never })).not.toThrow();
  });
});

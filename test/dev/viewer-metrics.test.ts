// The Metrics page's numbers: percentiles from histogram buckets, rates from successive
// exports (cumulative or delta), error shares, and app.errors by code.
import { describe, expect, it } from 'vitest';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeMetrics } from '../../src/dev/decode.js';
import type { ReceivedDataPoint, ReceivedMetric } from '../../src/dev/model.js';
import { histogramQuantile, mergeBuckets } from '../../src/dev/web/histogram.js';
import { MetricsView } from '../../src/dev/web/metrics-view.js';
import { makeMetrics } from './fixtures.js';

const S = 1_700_000_000_000_000_000n;
const sec = (n: number): bigint => S + BigInt(n) * 1_000_000_000n;

function duration(
  points: Partial<ReceivedDataPoint>[],
  temporality: 'CUMULATIVE' | 'DELTA' = 'CUMULATIVE',
): ReceivedMetric {
  return {
    name: 'http.server.request.duration',
    unit: 's',
    description: '',
    type: 'histogram',
    temporality,
    dataPoints: points.map((p) => ({
      attributes: { 'http.route': '/items', 'http.response.status_code': 200 },
      timeUnixNano: sec(60),
      startTimeUnixNano: S,
      explicitBounds: [0.1, 1],
      bucketCounts: [0, 0, 0],
      ...p,
    })),
    resource: { 'service.name': 'shop' },
    scope: { name: 'http' },
  };
}

describe('histogramQuantile', () => {
  it('interpolates inside the bucket that holds the rank', () => {
    expect(histogramQuantile(0.5, { bounds: [1, 2], counts: [0, 10, 0] })).toBe(1.5);
    expect(histogramQuantile(0.9, { bounds: [1, 2], counts: [0, 10, 0] })).toBeCloseTo(1.9);
  });

  it('bounds the first and the overflow bucket by the observed min and max', () => {
    const h = { bounds: [0.1, 0.5, 1], counts: [1, 2, 0, 1], min: 0.05, max: 2 };
    expect(histogramQuantile(0.1, h)).toBeCloseTo(0.05 + 0.05 * 0.4);
    expect(histogramQuantile(0.99, h)).toBeCloseTo(1.96);
    expect(histogramQuantile(1, h)).toBe(2);
  });

  it('has no value for an empty histogram', () => {
    expect(histogramQuantile(0.5, { bounds: [1], counts: [0, 0] })).toBeUndefined();
  });

  it('merges histograms with the same bounds and leaves out the others', () => {
    const a = { bounds: [1], counts: [1, 2], min: 0.5, max: 3 };
    const merged = mergeBuckets(mergeBuckets(undefined, a), {
      bounds: [1],
      counts: [3, 0],
      min: 0.1,
      max: 0.9,
    });
    expect(merged).toEqual({ bounds: [1], counts: [4, 2], min: 0.1, max: 3 });
    expect(mergeBuckets(merged, { bounds: [2], counts: [9, 9] })).toBe(merged);
  });
});

describe('MetricsView', () => {
  it('reads real SDK metrics: percentiles in ms per route, app.errors by code', async () => {
    const metrics = decodeMetrics(
      ProtobufMetricsSerializer.serializeRequest(await makeMetrics())!,
      'application/x-protobuf',
    );
    const view = new MetricsView();
    expect(view.add(metrics)).toBe(true);
    const { routes, errors, names } = view.snapshot();
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ service: 'dev-test', route: '/users/:id', count: 4 });
    // values 0.05, 0.2, 0.3, 2 s in buckets ≤0.1, ≤0.5, ≤1, >1
    expect(routes[0]?.p50Ms).toBeCloseTo(300);
    expect(routes[0]?.p99Ms).toBeCloseTo(1960);
    expect(errors).toEqual([{ service: 'dev-test', code: 'USER_NOT_FOUND', count: 3 }]);
    expect(names.map((n) => n.name)).toContain('app.temperature');
  });

  it('measures the rate over the exports of the last minute, and restarts with the app', () => {
    const view = new MetricsView();
    view.add([duration([{ count: 60, timeUnixNano: sec(60) }])]);
    expect(view.snapshot().routes[0]?.rate).toBeCloseTo(1); // 60 since the series started
    view.add([duration([{ count: 180, timeUnixNano: sec(120) }])]);
    expect(view.snapshot().routes[0]?.rate).toBeCloseTo(2);
    view.add([duration([{ count: 180, timeUnixNano: sec(180) }])]);
    expect(view.snapshot().routes[0]?.rate).toBe(0); // quiet minute
    // A new start time: the app restarted, its counter began again.
    view.add([duration([{ count: 30, startTimeUnixNano: sec(200), timeUnixNano: sec(230) }])]);
    expect(view.snapshot().routes[0]).toMatchObject({ count: 30 });
    expect(view.snapshot().routes[0]?.rate).toBeCloseTo(1);
  });

  it('adds up delta points, and splits 5xx and 4xx shares', () => {
    const view = new MetricsView();
    const point = (status: number, count: number, at: number): Partial<ReceivedDataPoint> => ({
      attributes: { 'http.route': '/items', 'http.response.status_code': status },
      count,
      bucketCounts: [count, 0, 0],
      startTimeUnixNano: sec(at - 60),
      timeUnixNano: sec(at),
    });
    view.add([duration([point(200, 30, 60), point(500, 6, 60), point(404, 4, 60)], 'DELTA')]);
    view.add([duration([point(200, 30, 120)], 'DELTA')]);
    const [row] = view.snapshot().routes;
    expect(row).toMatchObject({ count: 70, errorRate: 6 / 70, clientErrorRate: 4 / 70 });
    expect(row?.rate).toBeGreaterThan(0);
  });

  it('stops tracking new series past its cap and says how many it dropped', () => {
    const view = new MetricsView(1);
    view.add([duration([{ count: 1 }, { count: 1, attributes: { 'http.route': '/other' } }])]);
    expect(view.snapshot()).toMatchObject({ droppedSeries: 1 });
    expect(view.snapshot().routes).toHaveLength(1);
  });
});

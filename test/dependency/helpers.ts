import type { Dependency } from '../../src/core/dependency/index.js';
import { trace } from '@opentelemetry/api';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** What the upstream does with the next request. */
export type Mode =
  'ok' | 'hang' | { status: number; body?: string; headers?: Record<string, string> };

/** One request as the upstream saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
}

/** A real loopback HTTP server whose behaviour the test switches between requests. */
export interface Upstream {
  url: string;
  requests: SeenRequest[];
  /** Mode for every following request (or a queue: one mode per request, then the last). */
  set(...modes: Mode[]): void;
  /** Hanging requests the client gave up on (socket closed before an answer). */
  readonly abandoned: number;
  /** Answers every hanging request with 200 (lets a held probe finish). */
  releaseHanging(): void;
  close(): Promise<void>;
}

/** Starts an upstream on 127.0.0.1, port 0. */
export async function startUpstream(): Promise<Upstream> {
  let queue: Mode[] = ['ok'];
  const requests: SeenRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let abandoned = 0;
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
    });
    req.resume();
    const mode = queue.length > 1 ? queue.shift()! : queue[0]!;
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => {
        if (!res.writableFinished) abandoned++;
        hanging.delete(res);
      });
      return;
    }
    if (mode === 'ok') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, n: requests.length }));
      return;
    }
    res.writeHead(mode.status, { 'content-type': 'text/plain', ...mode.headers });
    res.end(mode.body ?? `status ${mode.status}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get abandoned() {
      return abandoned;
    },
    set(...modes) {
      queue = modes;
    },
    releaseHanging() {
      for (const res of hanging) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"released":true}');
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Tracing to memory with the AsyncLocalStorage context manager and W3C propagation. */
export function setupTracing(): { exporter: InMemorySpanExporter; provider: NodeTracerProvider } {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  return { exporter, provider };
}

class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** An in-memory metric pipeline, registered globally (call it after importing the module). */
export function setupMetrics(): {
  provider: MeterProvider;
  collect(name: string): Promise<MetricData | undefined>;
} {
  const reader = new TestMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    provider,
    async collect(name) {
      const { resourceMetrics } = await reader.collect();
      for (const scope of resourceMetrics.scopeMetrics) {
        const found = scope.metrics.find((metric) => metric.descriptor.name === name);
        if (found) return found;
      }
      return undefined;
    },
  };
}

/** The gauge value for one dependency, or undefined. */
export function gaugeValue(metric: MetricData | undefined, dependencyName: string): unknown {
  if (!metric || metric.dataPointType !== DataPointType.GAUGE) return undefined;
  return metric.dataPoints.find((p) => p.attributes['app.dependency.name'] === dependencyName)
    ?.value;
}

/** Histogram counts by outcome for one dependency. */
export function countsByOutcome(
  metric: MetricData | undefined,
  dependencyName: string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!metric || metric.dataPointType !== DataPointType.HISTOGRAM) return counts;
  for (const point of metric.dataPoints as DataPoint<Histogram>[]) {
    if (point.attributes['app.dependency.name'] !== dependencyName) continue;
    counts[String(point.attributes['app.dependency.outcome'])] = point.value.count;
  }
  return counts;
}

/** A logger that remembers every call. */
export function fakeLogger() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string; meta?: object }[] = [];
  return {
    lines,
    info: (message: string, meta?: object) => void lines.push({ level: 'info', message, meta }),
    warn: (message: string, meta?: object) => void lines.push({ level: 'warn', message, meta }),
    error: (message: string, meta?: object) => void lines.push({ level: 'error', message, meta }),
  };
}

/** Events with `name` across finished spans. */
export function eventsNamed(spans: readonly ReadableSpan[], name: string) {
  return spans.flatMap((span) => span.events.filter((event) => event.name === name));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` inside an active span named `request` (the caller's server span stand-in). */
export function inSpan<T>(fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('test').startActiveSpan('request', async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

/** Keeps dependencies created by a test so `afterEach` can dispose them (timers, health checks). */
export function dependencyTracker(): {
  track<T extends Dependency<unknown>>(dep: T): T;
  disposeAll(): void;
} {
  const created: Dependency<unknown>[] = [];
  return {
    track(dep) {
      created.push(dep);
      return dep;
    },
    disposeAll() {
      for (const dep of created.splice(0)) dep.dispose();
    },
  };
}

// Real SDK providers with in-memory exporters, used to produce genuine telemetry for the decoder
// and receiver tests.
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

export const resource = resourceFromAttributes({
  'service.name': 'dev-test',
  'service.version': '1.2.3',
  'deployment.environment.name': 'test',
});

export interface TraceFixture {
  spans: ReadableSpan[];
  traceId: string;
  serverSpanId: string;
  childSpanId: string;
}

/** A SERVER span with a CLIENT child that fails, with every attribute type and an event. */
export async function makeSpans(): Promise<TraceFixture> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('dev-test-scope', '0.0.1');
  const server = tracer.startSpan('GET /users/:id', {
    kind: SpanKind.SERVER,
    attributes: {
      'http.route': '/users/:id',
      'http.response.status_code': 404,
      'app.ratio': 0.25,
      'app.flag': true,
      'app.tags': ['a', 'b'],
      'app.big': 2 ** 40,
    },
  });
  const ctx: Context = trace.setSpan(context.active(), server);
  const child = tracer.startSpan('SELECT users', { kind: SpanKind.CLIENT }, ctx);
  child.addEvent('exception', {
    'exception.type': 'UserNotFoundError',
    'exception.message': 'User not found',
    'error.type': 'USER_NOT_FOUND',
    'app.error.severity': 'low',
  });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end();
  server.setStatus({ code: SpanStatusCode.OK });
  server.end();
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return {
    spans,
    traceId: server.spanContext().traceId,
    serverSpanId: server.spanContext().spanId,
    childSpanId: child.spanContext().spanId,
  };
}

/** A counter, an up-down counter, a gauge, a histogram and an exponential one, collected once. */
export async function makeMetrics(): Promise<ResourceMetrics> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({
    resource,
    readers: [reader],
    views: [
      {
        instrumentName: 'app.payload.size',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  const meter = provider.getMeter('dev-test-meter', '0.0.2');
  const sizes = meter.createHistogram('app.payload.size', { unit: 'By' });
  for (const v of [1, 2, 4, 1024, 0]) sizes.record(v);
  meter.createCounter('app.errors', { unit: '{error}', description: 'errors' }).add(3, {
    'error.type': 'USER_NOT_FOUND',
  });
  meter.createUpDownCounter('app.inflight').add(-2);
  meter.createGauge('app.temperature', { unit: 'Cel' }).record(21.5);
  const histogram = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 0.5, 1] },
  });
  for (const v of [0.05, 0.2, 0.3, 2]) histogram.record(v, { 'http.route': '/users/:id' });
  await reader.forceFlush();
  const collected = exporter.getMetrics();
  await provider.shutdown();
  const last = collected[collected.length - 1];
  if (!last) throw new Error('no metrics collected');
  return last;
}

/** Two log records, one correlated with a span. */
export async function makeLogs(): Promise<{
  logs: ReadableLogRecord[];
  traceId: string;
  spanId: string;
}> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('dev-test-logger');
  const tracer = new BasicTracerProvider().getTracer('t');
  const span = tracer.startSpan('op');
  const ctx = trace.setSpan(context.active(), span);
  logger.emit({
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'User not found',
    attributes: { request_id: 'req-1', 'app.count': 2 },
    context: ctx,
  });
  logger.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { message: 'structured', nested: { ok: true } },
  });
  span.end();
  await provider.forceFlush();
  const logs = exporter.getFinishedLogRecords();
  await provider.shutdown();
  return { logs, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}

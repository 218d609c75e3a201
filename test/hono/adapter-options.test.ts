// Options and typing of the adapters: malformed options fail at construction, providers can be
// passed like @hono/otel's, Hono's HTTPException goes through the one status map, and context
// variables are typed the Hono way.
import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Logger } from 'winston';
import { withObservability } from '../../src/adapters/fetch/index.js';
import { observability, problemHandler } from '../../src/adapters/hono/index.js';
import { createLogger } from '../../src/core/logging/index.js';
import { JsonLines } from '../helpers/otel.js';

const quiet = () => createLogger({ stream: new JsonLines() });

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

describe('malformed options are programming errors, reported at construction', () => {
  it.each([
    [{ serverSpan: 'bogus' }, /options\.serverSpan must be 'own' or 'augment', got "bogus"/],
    [{ requestLog: 'yes' }, /options\.requestLog must be a boolean/],
    [{ skipLogPaths: '/healthz' }, /options\.skipLogPaths must be an array of paths/],
    [{ generateRequestId: 'uuid' }, /options\.generateRequestId must be a function/],
    [{ logger: console.log }, /options\.logger must be a winston logger/],
    [{ tracerProvider: {} }, /options\.tracerProvider must be an OpenTelemetry TracerProvider/],
  ])('observability(%o) throws a TypeError naming the option', (options, message) => {
    expect(() => observability(options as never)).toThrow(TypeError);
    expect(() => observability(options as never)).toThrow(message);
    expect(() => withObservability(() => new Response(), options as never)).toThrow(message);
  });

  it('withObservability rejects a handler that is not a function', () => {
    expect(() => withObservability('nope' as never)).toThrow(
      /handler must be a function, got string/,
    );
  });
});

describe('providers passed as options', () => {
  it('records the server spans on the given tracerProvider', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const app = new Hono();
    app.use(observability({ tracerProvider, logger: quiet() }));
    app.get('/ping', (c) => c.text('pong'));
    const response = await app.request('/ping');
    expect(response.status).toBe(200);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: 'GET /ping', kind: SpanKind.SERVER });
    expect(spans[0]?.instrumentationScope.name).toBe('sightline/hono');
    await tracerProvider.shutdown();
  });
});

describe('meterProvider option', () => {
  it('records http.server.request.duration on the given meterProvider', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const handler = withObservability(() => new Response('ok'), {
      meterProvider,
      logger: quiet(),
      route: () => '/ok',
    });
    await handler(new Request('http://localhost/ok'));
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((m) => m.descriptor.name === 'http.server.request.duration');
    expect(metric?.dataPoints[0]?.attributes).toMatchObject({ 'http.route': '/ok' });
    await meterProvider.shutdown();
  });
});

describe("Hono's HTTPException", () => {
  it('maps through the same status → category map as any error with that status', async () => {
    const app = new Hono();
    app.use(observability({ logger: quiet() }));
    app.onError(problemHandler());
    app.get('/rule', () => {
      throw new HTTPException(422, { message: 'Order already shipped' });
    });
    app.get('/status', () => {
      throw Object.assign(new Error('Order already shipped'), { status: 422 });
    });
    const fromException = (await (await app.request('/rule')).json()) as Record<string, unknown>;
    const fromStatus = (await (await app.request('/status')).json()) as Record<string, unknown>;
    expect(fromException['error_code']).toBe('BUSINESS_RULE_VIOLATION');
    expect(fromStatus['error_code']).toBe('BUSINESS_RULE_VIOLATION');
    expect(fromException['detail']).toBe('Order already shipped');
  });
});

describe('context variables are typed the Hono way', () => {
  it('types requestId, traceId and logger on any Hono app, with no casts', async () => {
    const app = new Hono();
    app.use(observability({ logger: quiet() }));
    app.get('/ids', (c) => {
      expectTypeOf(c.get('requestId')).toEqualTypeOf<string>();
      expectTypeOf(c.var.traceId).toEqualTypeOf<string>();
      expectTypeOf(c.var.logger).toEqualTypeOf<Logger>();
      return c.json({ requestId: c.get('requestId'), traceId: c.var.traceId });
    });
    const response = await app.request('/ids', { headers: { 'x-request-id': 'typed-1' } });
    expect(await response.json()).toMatchObject({ requestId: 'typed-1' });
  });
});

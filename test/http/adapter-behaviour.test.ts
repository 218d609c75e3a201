// One behaviour suite, run against both adapters: what a request's telemetry looks like must not
// depend on the framework (issue #14).
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitExceededError, registerErrorMapper } from '../../src/core/errors/index.js';
import { dataPoints, installTestOtel } from '../helpers/otel.js';
import { fetchDriver, honoDriver, LegacyQuotaError, type Driver } from './drivers.js';

const otel = installTestOtel();
let mapperCalls = 0;
const unregister = registerErrorMapper((error) => {
  if (!(error instanceof LegacyQuotaError)) return undefined;
  mapperCalls++;
  return new RateLimitExceededError(error.message, { cause: error, retryAfter: 5 });
});
afterAll(async () => {
  unregister();
  await otel.shutdown();
});
beforeEach(() => {
  otel.reset();
  mapperCalls = 0;
});

const serverSpans = () => otel.spans().filter((span) => span.kind === SpanKind.SERVER);
const parentId = '00f067aa0ba902b7';
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe.each([honoDriver, fetchDriver])('adapter behaviour: %o', (makeDriver) => {
  let driver: Driver;
  beforeEach(() => {
    driver = makeDriver();
  });

  it('makes one SERVER span with the semconv attributes and the correlation headers', async () => {
    const response = await driver.request('/users/1?page=2&token=abc', {
      headers: { 'user-agent': 'vitest', 'x-request-id': 'req-1' },
    });
    expect(response.status).toBe(200);
    const spans = serverSpans();
    expect(spans).toHaveLength(1);
    const span = spans[0]!;
    expect(span.name).toBe('GET /users/:id');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
      'url.path': '/users/1',
      'url.scheme': 'http',
      'user_agent.original': 'vitest',
      'app.request_id': 'req-1',
    });
    expect(String(span.attributes['url.query'])).not.toContain('abc');
    const { traceId: spanTrace, spanId } = span.spanContext();
    expect(response.headers.get('traceparent')).toBe(`00-${spanTrace}-${spanId}-01`);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('server-timing')).toBe(
      `traceparent;desc="00-${spanTrace}-${spanId}-01"`,
    );
    const handlerLine = driver.lines.lines.length; // the handler's own logger writes to stdout
    expect(handlerLine).toBe(1);
    expect(driver.lines.find('Request completed')).toMatchObject({
      level: 'info',
      status: 200,
      route: '/users/:id',
      request_id: 'req-1',
      trace_id: spanTrace,
      span_id: spanId,
    });
    const points = dataPoints(await otel.metric('http.server.request.duration'));
    expect(points.some((p) => p.attributes['http.route'] === '/users/:id')).toBe(true);
  });

  it('parents the span to an incoming W3C traceparent', async () => {
    await driver.request('/users/1', {
      headers: { traceparent: `00-${traceId}-${parentId}-01` },
    });
    const span = serverSpans()[0]!;
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe(parentId);
  });

  it('answers a domain error as problem+json and records it once as a handled event', async () => {
    const response = await driver.request('/users/7', { headers: { 'x-request-id': 'r-7' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const span = serverSpans()[0]!;
    expect(await response.json()).toMatchObject({
      type: '/problems/user-not-found',
      status: 404,
      error_code: 'USER_NOT_FOUND',
      request_id: 'r-7',
      trace_id: span.spanContext().traceId,
      instance: '/users/7',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBe('USER_NOT_FOUND');
    const events = span.events.filter((event) => event.name === 'exception');
    expect(events).toHaveLength(1);
    expect(events[0]?.attributes).toMatchObject({
      'exception.type': 'UserNotFoundError',
      'app.error.handled': true,
      'app.error.severity': 'low',
    });
    expect(driver.lines.find('Request completed')).toMatchObject({
      level: 'warn',
      status: 404,
      error_code: 'USER_NOT_FOUND',
      'error.type': 'USER_NOT_FOUND',
    });
  });

  it('answers an unhandled error with a generic 500 and logs what a developer needs', async () => {
    const response = await driver.request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/hunter2|pool exhausted|10\.1\.2\.3/);
    expect(JSON.parse(text)).toMatchObject({ status: 500, error_code: 'INTERNAL_ERROR' });
    const span = serverSpans()[0]!;
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.filter((e) => e.name === 'exception')).toHaveLength(1);
    expect(span.events[0]?.attributes?.['app.error.handled']).toBe(false);
    // The request line of a 500 carries the redacted message, the stack and the cause chain.
    const line = driver.lines.find('Request failed')!;
    expect(line).toMatchObject({ level: 'error', status: 500, 'error.type': 'INTERNAL_ERROR' });
    const error = line['error'] as Record<string, unknown>;
    expect(error['message']).toBe('db password=[REDACTED] at [IP]');
    expect(String(error['stack'])).toContain('drivers.ts');
    expect(JSON.stringify(error)).toContain('pool exhausted');
    expect(JSON.stringify(driver.lines.lines)).not.toContain('hunter2');
  });

  it('converts each thrown value once: the mapper runs once, body and span agree', async () => {
    const response = await driver.request('/legacy');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(mapperCalls).toBe(1);
    const body = (await response.json()) as Record<string, unknown>;
    const span = serverSpans()[0]!;
    expect(body['error_code']).toBe('RATE_LIMIT_EXCEEDED');
    expect(span.attributes['error.type']).toBe(body['error_code']);
    expect(span.events[0]?.attributes?.['exception.type']).toBe('RateLimitExceededError');
  });

  it('answers a malformed JSON body with a 400 problem', async () => {
    const response = await driver.request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_ERROR' });
    expect(serverSpans()).toHaveLength(1);
  });
});

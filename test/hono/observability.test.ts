import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { defineError, ResourceNotFoundError } from '../../src/core/errors/index.js';
import { createLogger } from '../../src/core/logging/index.js';
import { UnsampledPathsSampler } from '../../src/sdk/sampler.js';
import {
  health,
  notFoundHandler,
  observability,
  problemHandler,
  traced,
  traceMiddleware,
  type ObservabilityEnv,
} from '../../src/adapters/hono/index.js';
import { dataPoints, installTestOtel, JsonLines } from '../helpers/otel.js';

const otel = installTestOtel({
  sampler: new UnsampledPathsSampler(new AlwaysOnSampler(), ['/healthz', '/readyz']),
});
afterAll(() => otel.shutdown());

const UserNotFoundError = defineError(ResourceNotFoundError, {
  name: 'UserNotFoundError',
  code: 'USER_NOT_FOUND',
});

let lines: JsonLines;

function buildApp({
  identify,
}: {
  identify?: (c: { req: { header(name: string): string | undefined } }) => string | undefined;
} = {}) {
  lines = new JsonLines();
  const logger = createLogger({ stream: lines });
  const app = new Hono<ObservabilityEnv>();
  app.use(observability({ logger, ...(identify ? { identify } : {}) }));
  app.onError(problemHandler());
  app.notFound(notFoundHandler());
  app.route(
    '/',
    health({
      checks: { flaky: () => Promise.reject(new Error('down: password=hunter2')) },
      registry: {
        register: () => () => {},
        run: async () => ({ status: 'ok', checks: {} }),
        entries: () => [],
      },
    }),
  );
  app.get('/users/:id', (c) => {
    if (c.req.param('id') !== '1') throw new UserNotFoundError('user', c.req.param('id'));
    c.var.logger.info('user loaded');
    return c.json({ id: '1' });
  });
  app.post('/users', async (c) => c.json(await c.req.json(), 201));
  app.get('/boom', () => {
    throw new Error('db password=hunter2 at postgres://app:hunter2@db/app');
  });
  app.get('/throw-string', () => {
    throw 'a string';
  });
  app.get('/secure', () => {
    throw new HTTPException(401, {
      message: 'Token required',
      res: new Response('Unauthorized', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="api"' },
      }),
    });
  });
  app.get(
    '/traced/:id',
    traced(async function loadThing(c) {
      if (c.req.param('id') === 'bad') throw new Error('inner failure');
      return c.json({ id: c.req.param('id') });
    }),
  );
  return app;
}

beforeEach(() => otel.reset());

function serverSpans() {
  return otel.spans().filter((span) => span.kind === SpanKind.SERVER);
}

describe('observability middleware: one server span per request', () => {
  it('names the span after the route and sets the HTTP attributes', async () => {
    const app = buildApp();
    const response = await app.request('/users/1?token=abc&page=2', {
      headers: { 'user-agent': 'vitest' },
    });
    expect(response.status).toBe(200);
    const spans = serverSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('GET /users/:id');
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
      'url.path': '/users/1',
      'url.scheme': 'http',
      'user_agent.original': 'vitest',
    });
    expect(String(span?.attributes['url.query'])).not.toContain('abc');
    expect(String(span?.attributes['url.query'])).toContain('page=2');
    expect(span?.attributes['app.request_id']).toBe(response.headers.get('x-request-id'));
  });

  it('sets traceparent, X-Trace-Id, X-Request-Id and Server-Timing from the server span', async () => {
    const response = await buildApp().request('/users/1');
    const span = serverSpans()[0]!;
    const { traceId, spanId } = span.spanContext();
    expect(response.headers.get('traceparent')).toBe(`00-${traceId}-${spanId}-01`);
    expect(response.headers.get('x-trace-id')).toBe(traceId);
    expect(response.headers.get('server-timing')).toBe(
      `traceparent;desc="00-${traceId}-${spanId}-01"`,
    );
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('omits http.route when no route matched and answers a 404 problem', async () => {
    const response = await buildApp().request('/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    const span = serverSpans()[0]!;
    expect(span.name).toBe('GET');
    expect(span.attributes['http.route']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('reports a method outside the semconv set as _OTHER, keeping the original', async () => {
    const app = buildApp();
    app.on('PURGE', '/cache', (c) => c.body(null, 204));
    expect((await app.request('/cache', { method: 'PURGE' })).status).toBe(204);
    const span = serverSpans()[0]!;
    expect(span.name).toBe('_OTHER /cache');
    expect(span.attributes).toMatchObject({
      'http.request.method': '_OTHER',
      'http.request.method_original': 'PURGE',
    });
    const points = dataPoints(await otel.metric('http.server.request.duration'));
    expect(points.find((p) => p.attributes['http.route'] === '/cache')?.attributes).toMatchObject({
      'http.request.method': '_OTHER',
    });
  });

  it('records the request duration histogram with http.route (own-span mode only)', async () => {
    await buildApp().request('/users/1');
    const points = dataPoints(await otel.metric('http.server.request.duration'));
    const point = points.find((p) => p.attributes['http.route'] === '/users/:id');
    expect(point?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'url.scheme': 'http',
    });
  });
});

describe('observability middleware: W3C trace context', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';

  it('parents the server span to a valid incoming traceparent and keeps tracestate', async () => {
    await buildApp().request('/users/1', {
      headers: { TraceParent: `00-${traceId}-${parentId}-01`, tracestate: 'vendor=value' },
    });
    const span = serverSpans()[0]!;
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe(parentId);
    expect(span.parentSpanContext?.isRemote).toBe(true);
    expect(span.spanContext().traceState?.serialize()).toBe('vendor=value');
  });

  it.each([
    ['malformed', 'not-a-traceparent'],
    ['all-zero trace id', `00-00000000000000000000000000000000-${parentId}-01`],
    ['uppercase hex', `00-${traceId.toUpperCase()}-${parentId}-01`],
    ['version ff', `ff-${traceId}-${parentId}-01`],
    ['duplicated header', `00-${traceId}-${parentId}-01, 00-${traceId}-${parentId}-01`],
    ['oversized', `00-${traceId}-${parentId}-01-${'a'.repeat(10_000)}`],
  ])('starts a new trace for an invalid traceparent (%s)', async (_name, traceparent) => {
    const response = await buildApp().request('/users/1', { headers: { traceparent } });
    expect(response.status).toBe(200);
    const span = serverSpans()[0]!;
    expect(span.spanContext().traceId).not.toBe(traceId);
    expect(span.parentSpanContext).toBeUndefined();
  });
});

describe('observability middleware: request id and user', () => {
  it('echoes a valid X-Request-Id and puts it on logs', async () => {
    const response = await buildApp().request('/users/1', {
      headers: { 'x-request-id': 'req-123.abc:9' },
    });
    expect(response.headers.get('x-request-id')).toBe('req-123.abc:9');
    expect(lines.find('user loaded')?.['request_id']).toBe('req-123.abc:9');
    expect(lines.find('Request completed')?.['request_id']).toBe('req-123.abc:9');
  });

  it.each([['a'.repeat(129)], ['has space'], ['<script>'], ['line\nbreak']])(
    'replaces an invalid X-Request-Id %#',
    async (requestId) => {
      const response = await buildApp().request('/users/1', {
        headers: { 'x-request-id': requestId.replace('\n', '') === requestId ? requestId : 'x y' },
      });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('puts the identified user on the span and every log line of the request', async () => {
    await buildApp({ identify: (c) => c.req.header('x-user') }).request('/users/1', {
      headers: { 'x-user': 'u-42' },
    });
    expect(serverSpans()[0]?.attributes['user.id']).toBe('u-42');
    expect(lines.find('user loaded')?.['user_id']).toBe('u-42');
    expect(lines.find('Request completed')?.['user_id']).toBe('u-42');
  });

  it('survives a throwing identify hook', async () => {
    const response = await buildApp({
      identify: () => {
        throw new Error('hook bug');
      },
    }).request('/users/1');
    expect(response.status).toBe(200);
    expect(serverSpans()[0]?.attributes['user.id']).toBeUndefined();
  });
});

describe('observability middleware: errors', () => {
  it('records a domain 404 as a handled, low-severity event and leaves the span UNSET', async () => {
    const response = await buildApp().request('/users/7', { headers: { 'x-request-id': 'r-7' } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    const span = serverSpans()[0]!;
    expect(body).toMatchObject({
      status: 404,
      error_code: 'USER_NOT_FOUND',
      severity: 'low',
      request_id: 'r-7',
      trace_id: span.spanContext().traceId,
      instance: '/users/7',
    });
    expect(String(body['type'])).toMatch(/\/user-not-found$/);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBe('USER_NOT_FOUND');
    const events = span.events.filter((event) => event.name === 'exception');
    expect(events).toHaveLength(1);
    expect(events[0]?.attributes).toMatchObject({
      'exception.type': 'UserNotFoundError',
      'app.error.code': 'USER_NOT_FOUND',
      'app.error.severity': 'low',
      'app.error.handled': true,
    });
    const log = lines.find('Request completed');
    expect(log).toMatchObject({
      level: 'warn',
      status: 404,
      route: '/users/:id',
      error_code: 'USER_NOT_FOUND',
    });
  });

  it('turns an unhandled error into a generic 500 problem and an ERROR span, leaking nothing', async () => {
    const response = await buildApp().request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('postgres');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 500, error_code: 'INTERNAL_ERROR' });
    const span = serverSpans()[0]!;
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    const event = span.events.find((e) => e.name === 'exception');
    expect(event?.attributes?.['app.error.handled']).toBe(false);
    expect(String(event?.attributes?.['exception.message'])).not.toContain('hunter2');
    expect(lines.find('Request failed')).toMatchObject({ level: 'error', status: 500 });
    expect(JSON.stringify(lines.lines)).not.toContain('hunter2');
  });

  it('handles non-Error throwables that escape Hono', async () => {
    const response = await buildApp().request('/throw-string');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(serverSpans()[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('handles an onError handler that throws', async () => {
    const app = buildApp();
    app.onError(() => {
      throw new Error('handler bug');
    });
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    expect(serverSpans()).toHaveLength(1);
    expect(serverSpans()[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("maps Hono's HTTPException keeping its status and WWW-Authenticate; 4xx stays UNSET", async () => {
    const response = await buildApp().request('/secure');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, detail: 'Token required' });
    expect(serverSpans()[0]?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('answers malformed JSON request bodies with a 400 problem', async () => {
    const response = await buildApp().request('/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 400, error_code: 'VALIDATION_ERROR' });
  });
});

describe('traced()', () => {
  it('wraps a handler in an INTERNAL child span of the server span', async () => {
    const response = await buildApp().request('/traced/5');
    expect(response.status).toBe(200);
    const server = serverSpans()[0]!;
    const child = otel.spans().find((span) => span.name === 'loadThing');
    expect(child?.kind).toBe(SpanKind.INTERNAL);
    expect(child?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(server.name).toBe('GET /traced/:id');
  });

  it('records what the wrapped handler throws on its own span', async () => {
    const response = await buildApp().request('/traced/bad');
    expect(response.status).toBe(500);
    const child = otel.spans().find((span) => span.name === 'loadThing');
    expect(child?.events.some((event) => event.name === 'exception')).toBe(true);
    expect(child?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('health routes', () => {
  it('answers /healthz cheaply, unsampled and without a request log line', async () => {
    const response = await buildApp().request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(serverSpans()).toHaveLength(0);
    expect(lines.find('Request completed')).toBeUndefined();
  });

  it('reports a failing critical check on /readyz as 503 with a redacted report', async () => {
    const response = await buildApp().request('/readyz');
    expect(response.status).toBe(503);
    const report = (await response.json()) as {
      status: string;
      checks: Record<string, { status: string; error?: string }>;
    };
    expect(report.status).toBe('fail');
    expect(report.checks['flaky']?.status).toBe('fail');
    expect(report.checks['flaky']?.error).not.toContain('hunter2');
  });
});

describe('traceMiddleware()', () => {
  it('gives every middleware registered afterwards its own INTERNAL span, nested in order', async () => {
    const app = traceMiddleware(new Hono<ObservabilityEnv>());
    app.use(observability({ logger: createLogger({ stream: new JsonLines() }) }));
    app.use(async function authenticate(_c, next) {
      await next();
    });
    app.get(
      '/items/:id',
      async function loadItem(_c, next) {
        await next();
      },
      (c) => c.json({ id: c.req.param('id') }),
    );
    const response = await app.request('/items/3');
    expect(response.status).toBe(200);
    const server = serverSpans()[0]!;
    const authenticate = otel.spans().find((span) => span.name === 'authenticate');
    const loadItem = otel.spans().find((span) => span.name === 'loadItem');
    expect(authenticate?.kind).toBe(SpanKind.INTERNAL);
    expect(authenticate?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(loadItem?.parentSpanContext?.spanId).toBe(authenticate?.spanContext().spanId);
    // The route handler and the observability middleware itself get no span of their own.
    expect(otel.spans()).toHaveLength(3);
    expect(server.name).toBe('GET /items/:id');
  });
});

describe('telemetry never breaks the request', () => {
  it('serves the request when starting its telemetry fails', async () => {
    const app = new Hono<ObservabilityEnv>();
    app.use(
      observability({
        logger: createLogger({ stream: new JsonLines() }),
        generateRequestId: () => {
          throw new Error('id generator bug');
        },
      }),
    );
    app.get('/ok', (c) => c.text('fine'));
    const response = await app.request('/ok');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('fine');
  });

  it('keeps the response when a user hook of the finishing phase throws', async () => {
    const app = new Hono<ObservabilityEnv>();
    app.use(
      observability({
        logger: createLogger({ stream: new JsonLines() }),
        route: () => {
          throw new Error('route hook bug');
        },
        attributes: () => {
          throw new Error('attributes hook bug');
        },
      }),
    );
    app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
    const response = await app.request('/users/1');
    expect(response.status).toBe(200);
    // The throwing route hook falls back to the matched route.
    expect(serverSpans()[0]?.name).toBe('GET /users/:id');
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnNode } from '../helpers/child.js';
import { useReceiverAndChild } from '../helpers/receiver-child.js';

const harness = useReceiverAndChild();
let upstream: Server;
let upstreamHeaders: IncomingHttpHeaders[];

beforeEach(async () => {
  upstreamHeaders = [];
  upstream = createServer((request, response) => {
    upstreamHeaders.push(request.headers);
    response.end('ok');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';

describe.each(['own', 'augment'])('preloaded Hono on @hono/node-server, serverSpan=%s', (mode) => {
  it('makes exactly one SERVER span parented to the incoming traceparent, with a routed duration metric', async () => {
    const child = spawnNode('test/fixtures/hono-server.mjs', ['--import', 'sightline/register'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
      SERVER_SPAN: mode,
    });
    harness.child = child;
    const port = await child.listening();
    const { port: upstreamPort } = upstream.address() as { port: number };
    const response = await fetch(
      `http://127.0.0.1:${port}/users/7?call=http://127.0.0.1:${upstreamPort}/stock`,
      {
        headers: { traceparent: `00-${traceId}-${parentId}-01` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('traceparent')).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );
    child.kill('SIGTERM');
    expect(await child.exited()).toBe(143);

    const spans = harness.receiver.spans.filter((span) => span.traceId === traceId);
    const servers = spans.filter((span) => span.kind === 'SERVER');
    expect(servers).toHaveLength(1);
    const [server] = servers;
    expect(server?.name).toBe('GET /users/:id');
    expect(server?.parentSpanId).toBe(parentId);
    expect(server?.attributes['http.route']).toBe('/users/:id');
    expect(server?.attributes['http.response.status_code']).toBe(200);
    expect(server?.attributes['app.request_id']).toBe(response.headers.get('x-request-id'));
    expect(server?.scope.name).toBe(
      mode === 'own' ? 'sightline/hono' : '@opentelemetry/instrumentation-http',
    );

    // The outbound fetch is a CLIENT child of the server span and propagates the trace.
    const client = spans.find((span) => span.kind === 'CLIENT');
    expect(client?.parentSpanId).toBe(server?.spanId);
    expect(upstreamHeaders[0]?.traceparent).toMatch(
      new RegExp(`^00-${traceId}-${client?.spanId}-01$`),
    );

    const durations = harness.receiver.metrics.filter(
      (metric) => metric.name === 'http.server.request.duration',
    );
    const points = durations.flatMap((metric) => metric.dataPoints);
    const routed = points.filter((point) => point.attributes['http.route'] === '/users/:id');
    expect(routed).toHaveLength(1);
    expect(routed[0]?.count).toBe(1);
    expect(points.reduce((sum, point) => sum + Number(point.count ?? 0), 0)).toBe(1);

    const logs = await harness.receiver.waitForLogs((log) => log.body === 'user loaded');
    expect(logs[0]?.traceId).toBe(traceId);
    expect(logs[0]?.spanId).toBe(server?.spanId);
  });
});

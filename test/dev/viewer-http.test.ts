// The viewer over a real socket: pages and their security headers, the JSON API fed by real
// OTLP exports, the live event stream, and what it refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startReceiver } from '../../src/dev/index.js';
import type { Receiver } from '../../src/dev/index.js';
import { isLoopback } from '../../src/dev/web/viewer.js';
import { makeLogs, makeSpans } from './fixtures.js';

let receiver: Receiver;
let fx: Awaited<ReturnType<typeof makeSpans>>;
let runbooksDir: string;

beforeAll(async () => {
  runbooksDir = await mkdtemp(join(tmpdir(), 'sightline-runbooks-'));
  await writeFile(
    join(runbooksDir, 'user-not-found.md'),
    '# USER_NOT_FOUND\n\n<b>Check the id.</b>\n',
  );
  receiver = await startReceiver({ port: 0, viewer: { maxTraces: 50, runbooksDir } });
  fx = await makeSpans();
  await post('/v1/traces', ProtobufTraceSerializer.serializeRequest(fx.spans)!);
  await post('/v1/logs', ProtobufLogsSerializer.serializeRequest((await makeLogs()).logs)!);
});
afterAll(async () => {
  await receiver.close();
  await rm(runbooksDir, { recursive: true, force: true });
});

async function post(path: string, body: Uint8Array): Promise<void> {
  const res = await fetch(`${receiver.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf' },
    body,
  });
  expect(res.status).toBe(200);
}

const get = (path: string, init?: RequestInit) => fetch(`${receiver.url}${path}`, init);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the API
const json = async (path: string): Promise<any> => (await get(path)).json();

describe('viewer pages', () => {
  it.each(['/', '/logs', '/errors', '/metrics', '/traces/0af7651916cd43dd8448eb211c80319c'])(
    '%s serves the page with a strict CSP and no inline script',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/assets/main.js"></script>');
      expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\sstyle=|\son[a-z]+=/);
    },
  );

  it('serves its scripts and stylesheet from the package, with their types', async () => {
    const js = await get('/assets/main.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain("from './traces.js'");
    const css = await get('/assets/viewer.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for unknown paths (and never reads files by path) and 405 for writes', async () => {
    for (const path of [
      '/assets/../receiver.js',
      '/assets/%2e%2e/receiver.ts',
      '/nope',
      '/v1/nope',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    const res = await get('/api/traces', { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a request addressed to another host name (DNS rebinding) while bound to loopback', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${receiver.url}/api/traces`, { headers: { Host: 'attacker.example' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('127.1.2.3')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('localhost.attacker.example')).toBe(false);
  });

  it('is off unless asked for: a plain receiver still answers 404 at /', async () => {
    const plain = await startReceiver({ port: 0 });
    try {
      expect((await fetch(`${plain.url}/`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('viewer API', () => {
  it('lists the trace with its summary, and the values the filters can take', async () => {
    const body = await json('/api/traces');
    expect(body.total).toBe(1);
    expect(body.traces[0]).toMatchObject({
      traceId: fx.traceId,
      service: 'dev-test',
      name: 'GET /users/:id',
      route: '/users/:id',
      statusCode: 404,
      spanCount: 2,
      error: { code: 'USER_NOT_FOUND', severity: 'low', type: 'UserNotFoundError' },
      codes: ['USER_NOT_FOUND'],
    });
    expect(body.traces[0].errors).toBeUndefined(); // stacks are for the trace page
    expect(body.facets).toMatchObject({ services: ['dev-test'], codes: ['USER_NOT_FOUND'] });
    expect(body.limits.maxTraces).toBe(50);
    expect((await json('/api/traces?status=5xx')).traces).toEqual([]);
    expect((await json(`/api/traces?q=${fx.traceId.slice(0, 6)}`)).matched).toBe(1);
  });

  it('returns a whole trace with spans, events and offsets, and 404 for one not in memory', async () => {
    const body = await json(`/api/traces/${fx.traceId}`);
    const child = body.spans.find((s: { name: string }) => s.name === 'SELECT users');
    expect(child).toMatchObject({
      spanId: fx.childSpanId,
      parentSpanId: fx.serverSpanId,
      missingParent: false,
      kind: 'CLIENT',
      status: { code: 'ERROR', message: 'boom' },
    });
    expect(child.events[0].attributes['error.type']).toBe('USER_NOT_FOUND');
    expect(body.summary.errors[0]).toMatchObject({
      code: 'USER_NOT_FOUND',
      spanId: fx.childSpanId,
    });
    const missing = await get(`/api/traces/${'0'.repeat(31)}1`);
    expect(missing.status).toBe(404);
  });

  it('lists log records newest first, filtered by severity and text', async () => {
    const all = await json('/api/logs');
    expect(all.logs.map((l: { message: string }) => l.message)).toEqual([
      'structured',
      'User not found',
    ]);
    const warn = await json('/api/logs?severity=warn');
    expect(warn.logs).toHaveLength(1);
    expect(warn.logs[0]).toMatchObject({ level: 'WARN', attributes: { request_id: 'req-1' } });
    expect((await json('/api/logs?q=NESTED')).logs).toHaveLength(1);
  });

  it("groups errors by code and route, linking the project's runbook of the code", async () => {
    const { groups } = await json('/api/errors');
    expect(groups[0].runbook).toEqual({
      path: `${runbooksDir}/user-not-found.md`,
      url: '/runbooks/user-not-found',
    });
    const runbook = await get('/runbooks/user-not-found');
    expect(runbook.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await runbook.text()).toContain('<b>Check the id.</b>');
    for (const path of [
      '/runbooks/missing',
      '/runbooks/..%2Fuser-not-found',
      '/runbooks/User-Not-Found',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect(groups).toEqual([
      expect.objectContaining({
        code: 'USER_NOT_FOUND',
        route: '/users/:id',
        count: 1,
        examples: [fx.traceId],
      }),
    ]);
  });
});

describe('live updates', () => {
  it('sends an update event naming the trace when its spans arrive', async () => {
    const controller = new AbortController();
    const res = await get('/api/events', { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const next = await makeSpans();
    let text = '';
    const sent = post('/v1/traces', ProtobufTraceSerializer.serializeRequest(next.spans)!);
    while (!text.includes('event: update')) text += (await reader.read()).value ?? '';
    await sent;
    const data = JSON.parse(/data: (.*)\n/.exec(text.slice(text.indexOf('event: update')))![1]!);
    expect(data).toMatchObject({ traces: [next.traceId], logs: false, metrics: false });
    controller.abort();
  });
});

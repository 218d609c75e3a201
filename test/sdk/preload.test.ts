import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnNode } from '../helpers/child.js';
import { useReceiverAndChild } from '../helpers/receiver-child.js';

const ESM_APP = 'test/fixtures/esm-app/server.mjs';
const CJS_APP = 'test/fixtures/cjs-app/server.cjs';
const PLAIN_APP = 'test/fixtures/plain-app.mjs';

const harness = useReceiverAndChild();

function exportEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
    ...extra,
  };
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function get(port: number, path = '/hello'): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${path}`);
}

describe.each([
  {
    name: 'ESM app with --import',
    script: ESM_APP,
    args: ['--import', 'sightline/register'],
    service: 'fixture-esm-app',
    protocol: 'http/protobuf',
  },
  {
    name: 'CJS app with --require',
    script: CJS_APP,
    args: ['--require', 'sightline/register'],
    service: 'fixture-cjs-app',
    protocol: 'http/json',
  },
  {
    name: 'CJS app with --import',
    script: CJS_APP,
    args: ['--import', 'sightline/register'],
    service: 'fixture-cjs-app',
    protocol: 'http/protobuf',
  },
])('preload: $name', ({ script, args, service, protocol }) => {
  it('exports the server span, a metric and a correlated log record, then exits 143 on SIGTERM', async () => {
    harness.child = spawnNode(script, args, exportEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: protocol }));
    const port = await harness.child.listening();
    const response = await get(port);
    expect(response.status).toBe(200);
    harness.child.kill('SIGTERM');
    expect(await harness.child.exited()).toBe(143);

    const [server] = await harness.receiver.waitForSpans((span) => span.kind === 'SERVER');
    expect(server?.attributes['http.request.method']).toBe('GET');
    expect(server?.attributes['url.path']).toBe('/hello');
    expect(server?.attributes['http.response.status_code']).toBe(200);
    expect(server?.resource['service.name']).toBe(service);
    expect(server?.resource['service.version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(server?.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);

    const duration = await harness.receiver.waitForMetric('http.server.request.duration');
    expect(duration.dataPoints.length).toBeGreaterThan(0);
    await harness.receiver.waitForMetric('process.memory.usage');

    const logs = await harness.receiver.waitForLogs((log) => log.body === 'handled request');
    expect(logs).toHaveLength(1);
    expect(logs[0]?.traceId).toBe(server?.traceId);
    expect(logs[0]?.spanId).toBe(server?.spanId);
    expect(harness.child.stderr()).toMatch(/sightline \S+ started: service=fixture-/);
  });
});

describe('preload: ESM apps and the loader hook', () => {
  it.each([
    ['off', {}],
    ['include-list', { SIGHTLINE_ESM_HOOK: 'always' }],
  ])(
    'makes server and client spans for node:http named imports (esm_hook=%s)',
    async (mode, env) => {
      const upstream = await receiverLikeUpstream();
      harness.child = spawnNode(ESM_APP, ['--import', 'sightline/register'], exportEnv(env));
      const port = await harness.child.listening();
      expect((await get(port, `/hello?call=${encodeURIComponent(upstream.url)}`)).status).toBe(200);
      harness.child.kill('SIGTERM');
      expect(await harness.child.exited()).toBe(143);
      upstream.close();
      expect(harness.child.stderr()).toContain(`esm_hook=${mode}`);
      const [server] = await harness.receiver.waitForSpans((span) => span.kind === 'SERVER');
      const [client] = await harness.receiver.waitForSpans((span) => span.kind === 'CLIENT');
      expect(client?.parentSpanId).toBe(server?.spanId);
      expect(upstream.traceparents[0]).toContain(server?.traceId);
    },
  );

  it('registers the hook when a contrib instrumentation is enabled', async () => {
    harness.child = spawnNode(
      ESM_APP,
      ['--import', 'sightline/register'],
      exportEnv({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,pg' }),
    );
    const port = await harness.child.listening();
    expect((await get(port)).status).toBe(200);
    harness.child.kill('SIGTERM');
    await harness.child.exited();
    expect(harness.child.stderr()).toContain('instrumentations=http,pg esm_hook=include-list');
    await harness.receiver.waitForSpans((span) => span.kind === 'SERVER');
  });
});

/** A loopback HTTP server recording the traceparent headers it receives. */
async function receiverLikeUpstream(): Promise<{
  url: string;
  traceparents: string[];
  close(): void;
}> {
  const { createServer: createHttpServer } = await import('node:http');
  const traceparents: string[] = [];
  const server = createHttpServer((request, response) => {
    traceparents.push(String(request.headers.traceparent));
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/stock`, traceparents, close: () => server.close() };
}

describe('preload: failure modes', () => {
  it('keeps serving and exits within the shutdown bound when nothing listens on the OTLP port', async () => {
    const port = await closedPort();
    harness.child = spawnNode(ESM_APP, ['--import', 'sightline/register'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '500',
    });
    const appPort = await harness.child.listening();
    for (let i = 0; i < 5; i++) expect((await get(appPort)).status).toBe(200);
    harness.child.kill('SIGTERM');
    expect(await harness.child.exited(5_000)).toBe(143);
  });

  it('does not wait out the bound at exit when the collector address refuses connections', async () => {
    const port = await closedPort();
    // A 30 s bound: without the refusal check the exporters would retry for ~8 s before giving up.
    harness.child = spawnNode(
      'test/fixtures/short-script.mjs',
      ['--import', 'sightline/register'],
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '30000',
      },
    );
    expect(await harness.child.exited(6_000)).toBe(0);
    expect(harness.child.stdout()).toContain('done');
    expect(harness.child.stderr()).toContain(
      `no collector reachable at http://127.0.0.1:${port}/v1/`,
    );
    expect(harness.child.stderr()).not.toContain('shutdown took longer');
  });

  it('bounds shutdown when the collector accepts connections but never answers', async () => {
    harness.receiver.setMode('hang');
    harness.child = spawnNode(
      ESM_APP,
      ['--import', 'sightline/register'],
      exportEnv({ SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '500' }),
    );
    const appPort = await harness.child.listening();
    expect((await get(appPort)).status).toBe(200);
    harness.child.kill('SIGINT');
    expect(await harness.child.exited(5_000)).toBe(130);
    expect(harness.receiver.requests.traces).toBeGreaterThan(0);
  });

  it('lets a short-lived script exit promptly on beforeExit with a hanging collector', async () => {
    harness.receiver.setMode('hang');
    harness.child = spawnNode(
      'test/fixtures/short-script.mjs',
      ['--import', 'sightline/register'],
      exportEnv({ SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '300' }),
    );
    expect(await harness.child.exited(5_000)).toBe(0);
    expect(harness.child.stdout()).toContain('done');
  });

  it('leaves exiting to the app when it has its own SIGTERM handler', async () => {
    harness.child = spawnNode(
      ESM_APP,
      ['--import', 'sightline/register'],
      exportEnv({ FIXTURE_OWN_SIGTERM: '1' }),
    );
    const appPort = await harness.child.listening();
    expect((await get(appPort)).status).toBe(200);
    harness.child.kill('SIGTERM');
    // The app's handler closes the server, awaits shutdown() and exits 0: the SDK did not exit 143.
    expect(await harness.child.exited()).toBe(0);
    await harness.receiver.waitForSpans((span) => span.kind === 'SERVER');
  });

  it('starts nothing with OTEL_SDK_DISABLED=true', async () => {
    harness.child = spawnNode(
      ESM_APP,
      ['--import', 'sightline/register'],
      exportEnv({ OTEL_SDK_DISABLED: 'true' }),
    );
    const appPort = await harness.child.listening();
    expect((await get(appPort)).status).toBe(200);
    harness.child.kill('SIGTERM');
    await harness.child.exited();
    expect(
      harness.receiver.requests.traces +
        harness.receiver.requests.metrics +
        harness.receiver.requests.logs,
    ).toBe(0);
    expect(harness.child.stderr()).not.toContain('started');
  });

  it('warns once about an invalid value, names the fallback, and still exports', async () => {
    harness.child = spawnNode(
      ESM_APP,
      ['--import', 'sightline/register'],
      exportEnv({ OTEL_TRACES_SAMPLER: 'sometimes', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' }),
    );
    const appPort = await harness.child.listening();
    expect((await get(appPort)).status).toBe(200);
    harness.child.kill('SIGTERM');
    await harness.child.exited();
    const stderr = harness.child.stderr();
    expect(stderr).toMatch(/OTEL_TRACES_SAMPLER="sometimes".*using parentbased_always_on/);
    expect(stderr.match(/OTEL_TRACES_SAMPLER=/g)).toHaveLength(1);
    expect(stderr).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL="http\/xml".*using http\/protobuf/);
    await harness.receiver.waitForSpans((span) => span.kind === 'SERVER');
  });
});

// An app that never imports Sightline: HTTP is instrumented before its first line (the preload
// loads instrumentation packages before enabling any), and spans, OTLP log records and the app's
// winston stdout all arrive redacted.
describe('an app that never imports Sightline, under the preload', () => {
  it('instruments HTTP before the app loads and exports spans and logs redacted', async () => {
    const secrets = ['hunter2', 'abc123', 'jane@example.com'];
    harness.child = spawnNode(PLAIN_APP, ['--import', './dist/register.js'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
      OTEL_METRICS_EXPORTER: 'none',
    });
    expect(await harness.child.exited(), harness.child.stderr()).toBe(0);
    expect(harness.child.stderr()).toContain('PATCHED true');

    const [job] = await harness.receiver.waitForSpans((span) => span.name === 'job');
    const [server] = await harness.receiver.waitForSpans((span) => span.kind === 'SERVER');
    expect(server?.attributes['url.query']).toBeDefined();
    expect(job?.attributes['app.password']).toBeDefined();
    const [log] = await harness.receiver.waitForLogs(
      (record) => typeof record.body === 'string' && record.body.startsWith('plain login'),
    );
    expect(log?.traceId).toBe(job?.traceId);

    const exported = JSON.stringify(
      { spans: harness.receiver.spans, logs: harness.receiver.logs },
      (_key, value) => (typeof value === 'bigint' ? String(value) : (value as unknown)),
    );
    const stdout = harness.child.stdout();
    expect(stdout).toContain('plain login');
    for (const secret of secrets) {
      expect(exported).not.toContain(secret);
      expect(stdout).not.toContain(secret);
    }
  });
});

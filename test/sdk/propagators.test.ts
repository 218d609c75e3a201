// OTEL_PROPAGATORS in a real preloaded app: the headers its outgoing calls (node:http and fetch)
// carry, as a loopback server sees them.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { diag } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePropagatorNames } from '../../src/sdk/propagators.js';
import { propagationHeaders } from '../helpers/propagation.js';
import { spawnNode, type Child } from '../helpers/child.js';
import { captureDiagWarnings } from '../helpers/diag.js';

const APP = 'test/fixtures/propagation-client.mjs';

let server: Server;
let url: string;
let received: IncomingHttpHeaders[];
let child: Child | undefined;

beforeEach(async () => {
  received = [];
  server = createServer((request, response) => {
    received.push(request.headers);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/echo`;
});

afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await new Promise((resolve) => server.close(resolve));
});

/** Runs the client app with `propagators` (unset when undefined); returns what each call sent. */
async function run(propagators: string | undefined): Promise<{
  http: IncomingHttpHeaders;
  fetch: IncomingHttpHeaders;
  stderr: string;
}> {
  child = spawnNode(APP, ['--import', 'sightline/register'], {
    FIXTURE_TARGET_URL: url,
    // Propagation needs no backend.
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    ...(propagators === undefined ? {} : { OTEL_PROPAGATORS: propagators }),
  });
  expect(await child.exited()).toBe(0);
  expect(child.stdout()).toContain('done');
  const byClient = (name: string) => {
    const headers = received.find((h) => h['x-client'] === name);
    if (!headers) throw new Error(`no ${name} call received (stderr: ${child?.stderr()})`);
    return headers;
  };
  return { http: byClient('http'), fetch: byClient('fetch'), stderr: child.stderr() };
}

describe('OTEL_PROPAGATORS', () => {
  it('defaults to tracecontext,baggage', async () => {
    const { http, fetch } = await run(undefined);
    for (const headers of [http, fetch]) {
      expect(propagationHeaders(headers)).toEqual(['baggage', 'traceparent']);
      expect(headers['baggage']).toBe('tenant=acme');
    }
  });

  it('tracecontext alone sends traceparent but no baggage header', async () => {
    const { http, fetch } = await run('tracecontext');
    for (const headers of [http, fetch])
      expect(propagationHeaders(headers)).toEqual(['traceparent']);
  });

  it('b3 sends the single b3 header, and no traceparent', async () => {
    const { http, fetch, stderr } = await run('b3');
    for (const headers of [http, fetch]) {
      expect(propagationHeaders(headers)).toEqual(['b3']);
      expect(headers['b3']).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
    }
    expect(stderr).not.toMatch(/warn/);
  });

  it('b3multi sends the x-b3-* headers', async () => {
    const { http, fetch } = await run('b3multi');
    for (const headers of [http, fetch]) {
      expect(propagationHeaders(headers)).toEqual(['x-b3-sampled', 'x-b3-spanid', 'x-b3-traceid']);
      expect(headers['x-b3-traceid']).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('jaeger sends uber-trace-id (and baggage as uberctx-*)', async () => {
    const { http, fetch } = await run('jaeger');
    for (const headers of [http, fetch]) {
      expect(propagationHeaders(headers)).toEqual(['uber-trace-id', 'uberctx-tenant']);
      expect(headers['uber-trace-id']).toMatch(/^[0-9a-f]{32}:[0-9a-f]{16}:0:01$/);
    }
  });

  it('none sends no propagation header at all', async () => {
    const { http, fetch } = await run('none');
    for (const headers of [http, fetch]) expect(propagationHeaders(headers)).toEqual([]);
  });

  it('combines a list, skipping an unknown entry with one warning that names it', async () => {
    const { http, fetch, stderr } = await run('tracecontext, telepathy ,b3multi');
    for (const headers of [http, fetch]) {
      expect(propagationHeaders(headers)).toEqual([
        'traceparent',
        'x-b3-sampled',
        'x-b3-spanid',
        'x-b3-traceid',
      ]);
      // One trace, one span: every propagator describes the same client span.
      expect(headers['traceparent']).toContain(String(headers['x-b3-traceid']));
    }
    const warnings = stderr.split('\n').filter((line) => line.includes('telepathy'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/OTEL_PROPAGATORS="telepathy".*using tracecontext,b3multi/);
  });
});

describe('resolvePropagatorNames', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = captureDiagWarnings();
  });
  afterEach(() => diag.disable());

  it('reads a list case-insensitively, without duplicates; empty means the default', () => {
    expect(resolvePropagatorNames(undefined, { OTEL_PROPAGATORS: 'B3, b3 ,Jaeger' })).toEqual([
      'b3',
      'jaeger',
    ]);
    expect(resolvePropagatorNames(undefined, { OTEL_PROPAGATORS: ' ' })).toEqual([
      'tracecontext',
      'baggage',
    ]);
    expect(warnings).toEqual([]);
  });

  it('names the package to install when a propagator is not installed', () => {
    const names = resolvePropagatorNames(
      undefined,
      { OTEL_PROPAGATORS: 'ottrace,tracecontext' },
      (packageName) => packageName !== '@opentelemetry/propagator-ot-trace',
    );
    expect(names).toEqual(['tracecontext']);
    expect(warnings).toEqual([
      'sightline: ignoring OTEL_PROPAGATORS="ottrace" (install @opentelemetry/propagator-ot-trace); using tracecontext',
    ]);
  });

  it('falls back to the default when nothing usable is left', () => {
    expect(resolvePropagatorNames(undefined, { OTEL_PROPAGATORS: 'carrier-pigeon' })).toEqual([
      'tracecontext',
      'baggage',
    ]);
    expect(warnings).toEqual([
      'sightline: ignoring OTEL_PROPAGATORS="carrier-pigeon" (unknown propagator); using tracecontext,baggage',
    ]);
  });

  it('none wins over the names listed with it, which are warned about', () => {
    expect(resolvePropagatorNames(undefined, { OTEL_PROPAGATORS: 'none,b3' })).toEqual(['none']);
    expect(warnings).toEqual([
      'sightline: ignoring OTEL_PROPAGATORS="b3" (listed with none); using none',
    ]);
  });

  it('blames the propagators option, not the variable, for a bad option', () => {
    expect(
      resolvePropagatorNames(['tracecontext', 'smoke-signals'], { OTEL_PROPAGATORS: 'b3' }),
    ).toEqual(['tracecontext']);
    expect(warnings).toEqual([
      'sightline: ignoring start() option propagators="smoke-signals" (unknown propagator); using tracecontext',
    ]);
  });
});

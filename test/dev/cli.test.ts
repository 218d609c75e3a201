// Runs the built `sightline-dev` bin as a user would. `npm test` builds dist first (pretest).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { run, until, withTimeout } from './cli-helpers.js';
import { resource } from './fixtures.js';

describe('sightline-dev CLI', () => {
  it('prints the endpoint, a waterfall per trace with its logs, and exits cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--no-file']);
    const url = await until('the startup line', () => {
      return /receiver on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.out())?.[1];
    });
    expect(cli.out()).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${url}`);

    const tracerProvider = new BasicTracerProvider({
      resource,
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
    });
    const loggerProvider = new LoggerProvider({
      resource,
      processors: [
        new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }) }),
      ],
    });
    const tracer = tracerProvider.getTracer('cli-test');
    const root = tracer.startSpan('GET /users/:id', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/users/:id', 'http.response.status_code': 404 },
    });
    const ctx = trace.setSpan(context.active(), root);
    const child = tracer.startSpan('load user', {}, ctx);
    child.addEvent('exception', {
      'error.type': 'USER_NOT_FOUND',
      'app.error.severity': 'low',
      'exception.message': 'User not found',
    });
    child.end();
    loggerProvider.getLogger('cli-test').emit({
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'Request completed',
      context: ctx,
    });
    await loggerProvider.forceFlush();
    root.end();
    await tracerProvider.forceFlush();
    await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);

    const traceId = root.spanContext().traceId;
    const waterfall = await until('the waterfall', () => {
      const out = cli.out();
      const at = out.indexOf(`trace ${traceId}`);
      return at >= 0 && out.includes('Request completed', at) ? out.slice(at) : undefined;
    });
    const lines = waterfall.split('\n');
    expect(lines[0]).toContain('GET /users/:id');
    expect(lines[1]).toMatch(
      /^GET \/users\/:id\s+SERVER\s+█+\s+[\d.]+ ms\s+http\.route=\/users\/:id/,
    );
    expect(lines[2]).toMatch(/^└─ load user\s+INTERNAL/);
    expect(lines[3]).toBe('     ⚡ exception USER_NOT_FOUND (low) "User not found"');
    expect(lines[4]).toBe('logs');
    expect(lines[5]).toMatch(/WARN\s+Request completed\s+\(GET \/users\/:id\)$/);
    // The trace's page in the viewer, on the receiver's own port.
    const link = await until('the trace link', () =>
      cli
        .out()
        .split('\n')
        .find((line) => line.startsWith(`open ${url}/traces/${traceId}`)),
    );
    expect(link).toBe(`open ${url}/traces/${traceId}`);
    const page = await fetch(`${url}/traces/${traceId}`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const api = (await (await fetch(`${url}/api/traces/${traceId}`)).json()) as {
      spans: unknown[];
    };
    expect(api.spans).toHaveLength(2);
    expect(waterfall).not.toContain('\u001b[');

    cli.child.kill('SIGTERM');
    const exit = await withTimeout(cli.exited, 5000, 'exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(cli.out()).toContain('stopped (SIGTERM)');
    expect(cli.err()).toBe('');
  });

  it('rejects a bad --port with exit code 2 and a message naming the option', async () => {
    const cli = run(['--port', 'http']);
    const exit = await withTimeout(cli.exited, 5000, 'exit on bad --port');
    expect(exit.code).toBe(2);
    expect(cli.err()).toContain('--port must be an integer');
  });

  it('says where the viewer is and what it keeps; --no-viewer turns it off', async () => {
    const cli = run(['--port', '0', '--no-file', '--max-traces', '300', '--max-logs', '4000']);
    const url = await until('the startup line', () => /receiver on (\S+) /.exec(cli.out())?.[1]);
    expect(cli.out()).toContain(
      `viewer on ${url}/ (keeps the newest 300 traces and 4000 log records)`,
    );
    const off = run(['--port', '0', '--no-file', '--no-viewer']);
    const offUrl = await until('the startup line', () => /receiver on (\S+) /.exec(off.out())?.[1]);
    expect(off.out()).toContain('no viewer (--no-viewer)');
    expect((await fetch(`${offUrl}/`)).status).toBe(404);
  });

  it('warns when bound beyond loopback', async () => {
    const cli = run(['--port', '0', '--no-file', '--host', '0.0.0.0']);
    const warning = await until('the warning', () =>
      cli.err().includes('warning') ? cli.err() : undefined,
    );
    expect(warning).toMatch(
      /listening on 0\.0\.0\.0, not loopback: anyone who can reach port \d+ can send telemetry and read it in the viewer/,
    );
    await until('the viewer line', () =>
      cli.out().includes('viewer on http://127.0.0.1:') ? true : undefined,
    );
  });

  it.each([
    ['--max-traces', '0'],
    ['--max-logs', '1.5'],
  ])('rejects %s %s with exit code 2', async (flag, value) => {
    const cli = run(['--port', '0', '--no-file', flag, value]);
    const exit = await withTimeout(cli.exited, 5000, `exit on ${flag}`);
    expect(exit.code).toBe(2);
    expect(cli.err()).toContain(`${flag} must be a positive integer, got "${value}"`);
  });

  it('rejects unknown options with the usage text', async () => {
    const cli = run(['--bogus']);
    const exit = await withTimeout(cli.exited, 5000, 'exit on unknown option');
    expect(exit.code).toBe(2);
    expect(cli.err()).toContain('Usage: sightline-dev');
  });
});

describe('sightline-dev telemetry file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sightline-dev-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says where the file is and its rotation cap (default 50 MiB)', async () => {
    const file = join(dir, 'telemetry.jsonl');
    const cli = run(['--port', '0', '--file', file]);
    await until('the startup lines', () =>
      cli.out().includes('OTEL_EXPORTER') ? true : undefined,
    );
    expect(cli.out()).toContain(
      `writing ${file} (rotated at 50 MiB; the previous file is kept as telemetry.1.jsonl)`,
    );
  });

  it('takes the cap from --max-file-mb, else SIGHTLINE_DEV_MAX_FILE_MB', async () => {
    const file = join(dir, 'spans.jsonl');
    const flag = run(['--port', '0', '--file', file, '--max-file-mb', '0.5'], {
      SIGHTLINE_DEV_MAX_FILE_MB: '7',
    });
    const env = run(['--port', '0', '--file', file], { SIGHTLINE_DEV_MAX_FILE_MB: '7' });
    await until('the startup lines', () =>
      flag.out().includes('OTEL_EXPORTER') && env.out().includes('OTEL_EXPORTER')
        ? true
        : undefined,
    );
    expect(flag.out()).toContain(
      '(rotated at 512 KiB; the previous file is kept as spans.1.jsonl)',
    );
    expect(env.out()).toContain('(rotated at 7 MiB;');
  });

  it.each([
    [['--max-file-mb', '0'], {}, '--max-file-mb must be a positive number of MiB, got "0"'],
    [['--max-file-mb', '50MB'], {}, '--max-file-mb must be a positive number of MiB, got "50MB"'],
    [
      [],
      { SIGHTLINE_DEV_MAX_FILE_MB: '-1' },
      'SIGHTLINE_DEV_MAX_FILE_MB must be a positive number of MiB, got "-1"',
    ],
  ])('rejects a bad cap %j %j with exit code 2', async (args, env, message) => {
    const cli = run(['--port', '0', '--no-file', ...args], env);
    const exit = await withTimeout(cli.exited, 5000, 'exit on a bad cap');
    expect(exit.code).toBe(2);
    expect(cli.err()).toContain(message);
  });
});

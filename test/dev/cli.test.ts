// Runs the built `sightline-dev` bin as a user would. `npm test` builds dist first (pretest).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resource } from './fixtures.js';

const CLI = fileURLToPath(new URL('../../dist/dev/cli.js', import.meta.url));

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, err: () => err, exited };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) {
    throw new Error(
      `${CLI} is missing: run \`npm run build\` first (\`npm test\` does it via pretest)`,
    );
  }
});

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

  it('rejects unknown options with the usage text', async () => {
    const cli = run(['--bogus']);
    const exit = await withTimeout(cli.exited, 5000, 'exit on unknown option');
    expect(exit.code).toBe(2);
    expect(cli.err()).toContain('Usage: sightline-dev');
  });
});

/**
 * Exactly-once export in real Node processes: instrumentation-winston patches winston through
 * require hooks, which cannot be observed reliably inside vitest's already-loaded module graph.
 * Each child sets up the SDK (OTLP/HTTP exporter → a receiver on 127.0.0.1 started here) and
 * optionally the winston instrumentation, or is started with the Sightline preload, then logs
 * three records with Sightline's logger. Sources are transpiled (no type check) next to the
 * test so the children resolve packages from the repository's node_modules.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = join(here, '../../src');
// Inside the repository so the children resolve packages from its node_modules.
const work = join(here, `.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);

interface OtlpRecord {
  traceId?: string;
  spanId?: string;
  severityNumber?: number;
  severityText?: string;
  body?: { stringValue?: string };
  attributes?: { key: string; value: Record<string, unknown> }[];
}

let server: Server;
let endpoint: string;
const received: OtlpRecord[] = [];

const CHILD = `
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { isWrapped, registerInstrumentations } from '@opentelemetry/instrumentation';
import { WinstonInstrumentation } from '@opentelemetry/instrumentation-winston';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createRequire } from 'node:module';

const [mode, url] = process.argv.slice(2);
// 'preload': the SDK was started by \`--import ./register.js\` from the environment.
const loggerProvider =
  mode === 'preload'
    ? undefined
    : new LoggerProvider({
        processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url }) })],
      });
if (loggerProvider) {
  logs.setGlobalLoggerProvider(loggerProvider);
  new NodeTracerProvider().register();
}
if (mode === 'disabled' || mode === 'sending') {
  registerInstrumentations({
    instrumentations: [new WinstonInstrumentation({ disableLogSending: mode === 'disabled' })],
  });
}
const { createLogger } = await import('./core/logging/index.js');
const logger = createLogger({ serviceName: 'child-' + mode, pretty: false });
const ids = trace.getTracer('child').startActiveSpan('op', (span) => {
  logger.info('in span', { mode });
  logger.child({ bound: 1 }).warn('from child');
  span.end();
  return span.spanContext();
});
logger.error('outside', { error: new Error('bad') });
const require = createRequire(import.meta.url);
const winstonLogger = require('winston/lib/winston/logger.js');
const result = {
  traceId: ids.traceId,
  spanId: ids.spanId,
  patched: isWrapped(winstonLogger.prototype.configure) && isWrapped(winstonLogger.prototype.write),
  otelTransports: logger.transports.filter((t) => t.constructor.name === 'OpenTelemetryTransportV3').length,
};
if (loggerProvider) await loggerProvider.shutdown();
else await logs.getLoggerProvider().forceFlush();
process.stderr.write('RESULT ' + JSON.stringify(result) + '\\n');
`;

function transpileTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) {
      transpileTree(source, join(to, name));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
      const output = ts.transpileModule(readFileSync(source, 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
        fileName: source,
      }).outputText;
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, name.replace(/\.ts$/, '.js')), output);
    }
  }
}

function runChild(mode: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const preload = mode === 'preload';
  const args = [...(preload ? ['--import', './register.js'] : []), './child.mjs', mode, endpoint];
  const sdkEnv = preload
    ? {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: endpoint,
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
      }
    : {};
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: work,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        NODE_ENV: 'production',
        OTEL_SERVICE_NAME: '',
        ...sdkEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

beforeAll(async () => {
  transpileTree(srcRoot, work);
  writeFileSync(join(work, 'child.mjs'), CHILD);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      try {
        const payload = JSON.parse(body) as {
          resourceLogs?: { scopeLogs?: { logRecords?: OtlpRecord[] }[] }[];
        };
        for (const resource of payload.resourceLogs ?? []) {
          for (const scope of resource.scopeLogs ?? []) received.push(...(scope.logRecords ?? []));
        }
      } catch {
        // A non-JSON payload fails the count assertions below.
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const attribute = (record: OtlpRecord, key: string) =>
  record.attributes?.find((a) => a.key === key)?.value;

describe.each([
  ['none', 'without instrumentation-winston'],
  ['disabled', 'with instrumentation-winston (disableLogSending: true)'],
  ['sending', 'with instrumentation-winston sending logs itself (guard: no second transport)'],
  ['preload', 'under the Sightline preload (node --import register.js, OTLP/HTTP JSON)'],
])('child process, %s: %s', (mode) => {
  it('each call is exported exactly once over OTLP with the right trace context', async () => {
    received.length = 0;
    const { stdout, stderr, code } = await runChild(mode);
    expect(code, stderr).toBe(0);
    const resultLine = stderr.split('\n').find((line) => line.startsWith('RESULT '));
    expect(resultLine, stderr).toBeDefined();
    const result = JSON.parse(resultLine!.slice('RESULT '.length)) as {
      traceId: string;
      spanId: string;
      patched: boolean;
      otelTransports: number;
    };
    // The instrumentation really patched winston in the instrumented modes.
    expect(result.patched).toBe(mode !== 'none');
    expect(result.otelTransports).toBe(1);

    expect(received.map((r) => r.body?.stringValue)).toEqual(['in span', 'from child', 'outside']);
    const [inSpan, fromChild, outside] = received;
    expect(inSpan!.traceId).toBe(result.traceId);
    expect(inSpan!.spanId).toBe(result.spanId);
    expect(fromChild!.traceId).toBe(result.traceId);
    expect(outside!.traceId ?? '').toBe('');
    expect(inSpan!.severityNumber).toBe(9);
    expect(fromChild!.severityNumber).toBe(13);
    expect(outside!.severityNumber).toBe(17);
    expect(attribute(inSpan!, 'mode')).toEqual({ stringValue: mode });
    expect(attribute(fromChild!, 'bound')).toBeDefined();
    expect(attribute(outside!, 'exception.message')).toEqual({ stringValue: 'bad' });

    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line['message'])).toEqual(['in span', 'from child', 'outside']);
    expect(lines[0]).toMatchObject({
      'service.name': `child-${mode}`,
      trace_id: result.traceId,
      span_id: result.spanId,
      trace_flags: '01',
    });
    expect(lines[2]).not.toHaveProperty('trace_id');
  });
});

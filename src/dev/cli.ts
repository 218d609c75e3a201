#!/usr/bin/env node
/**
 * `sightline-dev`: a local OTLP/HTTP receiver that serves a web viewer (traces, logs, errors,
 * metrics) on its own port and prints a terminal waterfall for every trace it receives, with the
 * trace's log lines underneath and its viewer link. The no-Docker way to see an app's telemetry.
 *
 * Usage: sightline-dev [--port 4318] [--host 127.0.0.1] [--file .sightline/telemetry.jsonl | --no-file]
 *                      [--max-file-mb 50] [--max-traces 2000] [--max-logs 20000] [--no-viewer]
 */
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startReceiver } from './receiver.js';
import type { Receiver } from './receiver-types.js';
import { DEFAULT_MAX_FILE_BYTES, formatBytes, rotatedPath } from './telemetry-file.js';
import { TracePrinter } from './trace-printer.js';
import { DEFAULT_STORE_LIMITS } from './web/store.js';
import { isLoopback } from './web/viewer.js';

const USAGE = `Usage: sightline-dev [options]

Local OTLP/HTTP receiver (http/protobuf and http/json) with a web viewer on the same port
(traces, logs, errors, metrics; live) that also prints a waterfall per trace.

Options:
  --port <n>      port to listen on (default 4318; 0 picks a free one)
  --host <addr>   interface to bind (default 127.0.0.1; anything else exposes your telemetry)
  --file <path>   append received records as JSON lines (default .sightline/telemetry.jsonl)
  --max-file-mb <n>
                  rotate the file at n MiB, keeping one previous file as <name>.1.jsonl
                  (default 50; env SIGHTLINE_DEV_MAX_FILE_MB)
  --no-file       keep records in memory only
  --max-traces <n>
                  traces the viewer keeps in memory, newest first (default 2000)
  --max-logs <n>  log records the viewer keeps in memory (default 20000)
  --no-viewer     receive and print only; no web viewer
  -h, --help      show this help

Each trace is printed once, about a second after its root span arrives; spans or logs that
arrive later are printed on their own, under a "(continued)" header.
`;

const MIB = 1024 * 1024;
// What the terminal printer keeps per signal to draw its waterfalls; the viewer has its own caps.
const PRINTER_RECORDS = 20_000;

const write = (text: string): void => {
  process.stdout.write(text);
};

function fail(message: string, code: number): never {
  process.stderr.write(`sightline-dev: ${message}\n`);
  process.exit(code);
}

interface CliOptions {
  port: number;
  host: string;
  file: string | undefined;
  maxFileBytes: number;
  viewer: { maxTraces: number; maxLogs: number } | undefined;
}

/** `--max-file-mb`, else `SIGHTLINE_DEV_MAX_FILE_MB` (empty = unset), else 50 MiB. */
function parseMaxFileBytes(flag: string | undefined): number {
  const env = process.env.SIGHTLINE_DEV_MAX_FILE_MB?.trim() || undefined;
  const [source, raw] =
    flag !== undefined ? ['--max-file-mb', flag] : ['SIGHTLINE_DEV_MAX_FILE_MB', env];
  if (raw === undefined) return DEFAULT_MAX_FILE_BYTES;
  const mib = Number(raw);
  if (!Number.isFinite(mib) || mib <= 0) {
    fail(`${source} must be a positive number of MiB, got ${JSON.stringify(raw)}`, 2);
  }
  return Math.max(1, Math.round(mib * MIB));
}

function positiveInt(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    fail(`${flag} must be a positive integer, got ${JSON.stringify(raw)}`, 2);
  return n;
}

function parse(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        file: { type: 'string' },
        'no-file': { type: 'boolean' },
        'max-file-mb': { type: 'string' },
        'max-traces': { type: 'string' },
        'max-logs': { type: 'string' },
        'no-viewer': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    write(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? 4318 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`, 2);
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    file: values['no-file'] ? undefined : (values.file ?? '.sightline/telemetry.jsonl'),
    maxFileBytes: parseMaxFileBytes(values['max-file-mb']),
    viewer: values['no-viewer']
      ? undefined
      : {
          maxTraces: positiveInt(
            '--max-traces',
            values['max-traces'],
            DEFAULT_STORE_LIMITS.maxTraces,
          ),
          maxLogs: positiveInt('--max-logs', values['max-logs'], DEFAULT_STORE_LIMITS.maxLogs),
        },
  };
}

/** The URL a browser on this machine opens: a wildcard bind is reached through loopback. */
function browserUrl(receiver: Receiver): string {
  if (receiver.host === '0.0.0.0') return `http://127.0.0.1:${receiver.port}`;
  if (receiver.host === '::') return `http://[::1]:${receiver.port}`;
  return receiver.url;
}

/** Prints traces as they settle (with their viewer link), and a line per metrics batch. */
function watch(receiver: Receiver, color: boolean, viewer: boolean): TracePrinter {
  const base = browserUrl(receiver);
  const printer = new TracePrinter(receiver, {
    write,
    color,
    width: process.stdout.columns ?? 100,
    ...(viewer ? { traceUrl: (id: string) => `${base}/traces/${id}` } : {}),
  });
  receiver.onData((batch) => {
    if (batch.signal !== 'metrics') printer.onBatch(batch);
    else if (batch.records.length > 0) {
      const names = [...new Set(batch.records.map((m) => m.name))];
      const shown =
        names.slice(0, 6).join(', ') + (names.length > 6 ? `, … (+${names.length - 6})` : '');
      write(`metrics  ${batch.records.length} received: ${shown}\n`);
    }
  });
  return printer;
}

/** Where the records go, and the cap: the start-up line tells the user both. */
function fileLine({ file, maxFileBytes }: CliOptions): string {
  if (!file) return 'keeping records in memory only (--no-file)';
  return (
    `writing ${resolve(file)} (rotated at ${formatBytes(maxFileBytes)}; ` +
    `the previous file is kept as ${basename(rotatedPath(file))})`
  );
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  let receiver: Receiver;
  try {
    receiver = await startReceiver({
      port: options.port,
      host: options.host,
      file: options.file,
      maxFileBytes: options.maxFileBytes,
      maxRecords: PRINTER_RECORDS,
      ...(options.viewer ? { viewer: options.viewer } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      fail(
        `port ${options.port} on ${options.host} is in use; try --port 0 or stop the other process`,
        1,
      );
    }
    fail(`cannot start: ${(error as Error).message}`, 1);
  }
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const printer = watch(receiver, color, options.viewer !== undefined);
  if (!isLoopback(options.host)) {
    process.stderr.write(
      `sightline-dev: warning: listening on ${options.host}, not loopback: anyone who can reach ` +
        `port ${receiver.port} can send telemetry${options.viewer ? ' and read it in the viewer' : ''}\n`,
    );
  }
  const viewerLine = options.viewer
    ? `viewer on ${browserUrl(receiver)}/ (keeps the newest ${options.viewer.maxTraces} traces ` +
      `and ${options.viewer.maxLogs} log records)`
    : 'no viewer (--no-viewer)';
  write(
    `sightline-dev: OTLP/HTTP receiver on ${receiver.url} (http/protobuf, http/json)\n` +
      `sightline-dev: ${viewerLine}\n` +
      `sightline-dev: ${fileLine(options)}\n` +
      `sightline-dev: run your app with OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    printer.flush();
    // Bounded: a stuck close must not keep the terminal hostage.
    setTimeout(() => process.exit(1), 2000).unref();
    receiver.close().then(
      () => {
        write(`sightline-dev: stopped (${signal})\n`);
        process.exitCode = 0;
      },
      (error: unknown) => fail(`error while closing: ${(error as Error).message}`, 1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();

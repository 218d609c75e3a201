#!/usr/bin/env node
/**
 * `sightline-dev`: a local OTLP/HTTP receiver that prints a terminal waterfall for every trace it
 * receives, with the trace's log lines underneath. The no-Docker way to see an app's telemetry.
 *
 * Usage: sightline-dev [--port 4318] [--host 127.0.0.1] [--file .sightline/telemetry.jsonl | --no-file]
 */
import { parseArgs } from 'node:util';
import { startReceiver } from './receiver.js';
import type { Receiver, ReceivedBatch } from './receiver.js';
import type { ReceivedLog, ReceivedSpan } from './model.js';
import { renderTrace } from './waterfall.js';

const USAGE = `Usage: sightline-dev [options]

Local OTLP/HTTP receiver (http/protobuf and http/json) that prints a waterfall per trace.

Options:
  --port <n>      port to listen on (default 4318; 0 picks a free one)
  --host <addr>   interface to bind (default 127.0.0.1)
  --file <path>   append received records as JSON lines (default .sightline/telemetry.jsonl)
  --no-file       keep records in memory only
  -h, --help      show this help
`;

// Quiet period after a trace's entry span arrives before printing, so late children make it in.
const DEBOUNCE_MS = 500;
const MAX_REMEMBERED = 10_000;

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
  };
}

/** A trace's entry point: no parent at all, or a server/consumer span (parent is remote). */
const isEntry = (s: ReceivedSpan): boolean =>
  !s.parentSpanId || s.kind === 'SERVER' || s.kind === 'CONSUMER';

function logLine(log: ReceivedLog): string {
  const level = (log.severityText || `SEV${log.severityNumber}`).toUpperCase().padEnd(5);
  const body =
    typeof log.body === 'string'
      ? log.body
      : JSON.stringify(log.body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return `log  ${level}  ${body ?? ''}\n`;
}

/** Watches the receiver and prints each trace once it has settled. */
function printTraces(receiver: Receiver, color: boolean): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const printed = new Set<string>();

  const print = (traceId: string): void => {
    timers.delete(traceId);
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    if (spans.length === 0) return;
    const again = printed.has(traceId);
    printed.add(traceId);
    // Bounded memory for long sessions: forget the oldest printed trace ids (Sets keep order).
    if (printed.size > MAX_REMEMBERED) printed.delete(printed.values().next().value as string);
    const out = renderTrace(spans, {
      logs: receiver.logs,
      color,
      width: process.stdout.columns ?? 100,
    });
    write(`${again ? '(updated) ' : ''}${out}\n\n`);
  };

  const schedule = (traceId: string): void => {
    clearTimeout(timers.get(traceId));
    timers.set(traceId, setTimeout(print, DEBOUNCE_MS, traceId));
  };

  receiver.onData((batch: ReceivedBatch) => {
    if (batch.signal === 'traces') {
      const traceIds = new Set(batch.records.map((s) => s.traceId));
      for (const traceId of traceIds) {
        const settledOrStarted =
          printed.has(traceId) ||
          timers.has(traceId) ||
          batch.records.some((s) => s.traceId === traceId && isEntry(s));
        if (settledOrStarted) schedule(traceId);
      }
    } else if (batch.signal === 'logs') {
      for (const log of batch.records) {
        if (log.traceId && (timers.has(log.traceId) || printed.has(log.traceId)))
          schedule(log.traceId);
        else if (!log.traceId) write(logLine(log));
        // Logs of a trace whose entry span has not arrived yet are shown with that trace.
      }
    } else if (batch.records.length > 0) {
      const names = [...new Set(batch.records.map((m) => m.name))];
      const shown =
        names.slice(0, 6).join(', ') + (names.length > 6 ? `, … (+${names.length - 6})` : '');
      write(`metrics  ${batch.records.length} received: ${shown}\n`);
    }
  });

  // On shutdown: print what is pending instead of dropping it.
  return () => {
    for (const [traceId, timer] of timers) {
      clearTimeout(timer);
      print(traceId);
    }
  };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  let receiver: Receiver;
  try {
    receiver = await startReceiver({ port: options.port, host: options.host, file: options.file });
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
  const flushPending = printTraces(receiver, color);
  write(
    `sightline-dev: OTLP/HTTP receiver on ${receiver.url} (http/protobuf, http/json)` +
      `${options.file ? `, writing ${options.file}` : ''}; ` +
      `run your app with OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    flushPending();
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

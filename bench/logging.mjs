#!/usr/bin/env node
// Lines/s of plain winston (json() format, Stream transport to a null Writable) vs Sightline's
// logger (correlation from the active span + redaction + JSON line + OTel transport into a
// global LoggerProvider with a BatchLogRecordProcessor and a no-op exporter), same process,
// variants interleaved per round, medians. Work is done in chunks with a macrotask between
// them so the batch processor exports as it would in a server (and never drops on a full queue).
// Needs `npm run build` (imports dist/).
import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import winston from 'winston';
import { createLogger } from '../dist/index.js';
import { emitResult, machine, median, printTable, round } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_LOGGING_ROUNDS ?? 7);
const LINES = Number(process.env.BENCH_LOGGING_LINES ?? 20_000);
const CHUNK = 500;
const META = {
  orderId: 'ord_8f2a91',
  amount: 1250,
  currency: 'EUR',
  customer: { id: 'cus_42', plan: 'pro' },
  items: [1, 2, 3],
};

const devNull = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

let exported = 0;
const noopExporter = {
  export(records, done) {
    exported += records.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};
const loggerProvider = new LoggerProvider({
  processors: [new BatchLogRecordProcessor({ exporter: noopExporter, maxExportBatchSize: 512 })],
});
logs.setGlobalLoggerProvider(loggerProvider);
const tracerProvider = new NodeTracerProvider();
tracerProvider.register();
const span = trace.getTracer('bench').startSpan('request');
const inSpan = trace.setSpan(context.active(), span);

const variants = {
  'plain winston': {
    logger: winston.createLogger({
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: devNull() })],
    }),
    ctx: context.active(),
  },
  // What a typical setup pays for OTel export alone: the same plain logger plus the OTel transport.
  'plain winston + OTel transport': {
    logger: winston.createLogger({
      format: winston.format.json(),
      transports: [
        new winston.transports.Stream({ stream: devNull() }),
        new OpenTelemetryTransportV3(),
      ],
    }),
    ctx: inSpan,
  },
  'sightline (span)': {
    logger: createLogger({ stream: devNull(), serviceName: 'bench', pretty: false, level: 'info' }),
    ctx: inSpan,
  },
  'sightline (no span)': {
    logger: createLogger({ stream: devNull(), serviceName: 'bench', pretty: false, level: 'info' }),
    ctx: context.active(),
  },
  'sightline (span, otel:false)': {
    logger: createLogger({
      stream: devNull(),
      serviceName: 'bench',
      pretty: false,
      level: 'info',
      otel: false,
    }),
    ctx: inSpan,
  },
};

/** Lines per second of wall time, and per second of the process's CPU time (all threads). */
async function run({ logger, ctx }, lines) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let done = 0; done < lines; done += CHUNK) {
    context.with(ctx, () => {
      for (let i = 0; i < CHUNK; i++) logger.info('order placed', META);
    });
    await tick();
  }
  const cpu = process.cpuUsage(cpuStarted);
  return {
    wall: lines / ((performance.now() - started) / 1000),
    cpu: lines / ((cpu.user + cpu.system) / 1e6),
  };
}

const names = Object.keys(variants);
for (const name of names) await run(variants[name], LINES / 4); // warm-up
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no variant always runs first (GC, JIT state).
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) samples[name].push(await run(variants[name], LINES));
}
span.end();
await loggerProvider.forceFlush();

const medianOf = (name, measure) => median(samples[name].map((sample) => sample[measure]));
const medians = Object.fromEntries(names.map((name) => [name, medianOf(name, 'wall')]));
const plain = medians['plain winston'];
const SIGHTLINE = 'sightline (span)';
const PEER = 'plain winston + OTel transport';
// Goal 3's figure: per round, the ratio of CPU time per line, then the median over rounds. The two
// variants ran seconds apart in the same round, and CPU time (unlike wall time) does not count
// what other processes on a shared host took from this one.
const pairedCpuRatio = median(
  samples[SIGHTLINE].map((sample, round) => sample.cpu / samples[PEER][round].cpu),
);
process.stdout.write(
  `logging: ${ROUNDS} rounds × ${LINES} lines, chunks of ${CHUNK}; ${machine()}\n`,
);
printTable([
  ['variant', 'lines/s (median)', 'vs plain winston', 'lines per CPU-second'],
  ...names.map((name) => [
    name,
    Math.round(medians[name]),
    `${round(medians[name] / plain)}×`,
    Math.round(medianOf(name, 'cpu')),
  ]),
]);
const ratio = round(medians[SIGHTLINE] / plain);
process.stdout.write(
  `sightline/plain winston = ${ratio}× (goal ≥ 0.7×); OTel records exported: ${exported}\n` +
    `sightline vs winston + OTel transport: ${round(medians[SIGHTLINE] / medians[PEER])}× in ` +
    `lines/s, ${round(pairedCpuRatio)}× in CPU time per line (median of per-round ratios; goal ≥ 1.2×)\n`,
);
await loggerProvider.shutdown();
await tracerProvider.shutdown();
emitResult('logging', {
  rounds: ROUNDS,
  lines: LINES,
  plainWinstonLinesPerSec: Math.round(plain),
  sightlineLinesPerSec: Math.round(medians[SIGHTLINE]),
  sightlineNoSpanLinesPerSec: Math.round(medians['sightline (no span)']),
  sightlineNoOtelLinesPerSec: Math.round(medians['sightline (span, otel:false)']),
  plainWinstonWithOtelTransportLinesPerSec: Math.round(medians[PEER]),
  ratioVsPlainWithOtelTransport: round(medians[SIGHTLINE] / medians[PEER]),
  cpuRatioVsPlainWithOtelTransport: round(pairedCpuRatio),
  ratio,
  goal: 0.7,
  exportedRecords: exported,
});

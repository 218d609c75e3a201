#!/usr/bin/env node
// Start-up cost: a small Hono app alone, with `--import sightline/register`, and with the stock
// `--import @opentelemetry/auto-instrumentations-node/register`, interleaved in one run;
// medians of several runs each. Prints both overheads and their ratio (goal: ≤ 1/3).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emitResult, machine, median, printTable, round } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const app = 'bench/fixtures/startup-app.mjs';
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 9);
const env = {
  ...process.env,
  // Nothing listens here: start-up must not wait for a collector.
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
  OTEL_LOG_LEVEL: 'none',
  OTEL_SERVICE_NAME: 'startup-bench',
};
const variants = {
  'hono alone': [],
  'sightline/register': ['--import', 'sightline/register'],
  'auto-instrumentations-node/register': [
    '--import',
    '@opentelemetry/auto-instrumentations-node/register',
  ],
};

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...args, app], { cwd: root, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const args of Object.values(variants)) timeOnce(args); // warm the file cache
for (let run = 0; run < runs; run++) {
  for (const [name, args] of Object.entries(variants)) samples[name].push(timeOnce(args));
}
const medians = Object.fromEntries(
  Object.entries(samples).map(([name, values]) => [name, median(values)]),
);
const base = medians['hono alone'];
const sightline = medians['sightline/register'] - base;
const stock = medians['auto-instrumentations-node/register'] - base;

process.stdout.write(`start-up (spawn → listening → exit), median of ${runs} runs; ${machine()}\n`);
printTable([
  ['variant', 'median ms', 'overhead ms'],
  ...Object.entries(medians).map(([name, ms]) => [name, round(ms, 1), round(ms - base, 1)]),
]);
const ratio = sightline / stock;
process.stdout.write(`sightline overhead / stock overhead = ${round(ratio, 3)} (goal ≤ 0.333)\n`);
emitResult('startup', {
  runs,
  baseMs: round(base, 1),
  sightlineOverheadMs: round(sightline, 1),
  stockOverheadMs: round(stock, 1),
  ratio: round(ratio, 3),
  goal: 'ratio <= 0.333',
  met: ratio <= 1 / 3,
});

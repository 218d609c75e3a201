#!/usr/bin/env node
// Start-up cost: a small Hono app alone, with `--import sightline/register`, and with the stock
// `--import @opentelemetry/auto-instrumentations-node/register`, interleaved in one run;
// medians of several runs each. Prints both overheads and their ratio (goal: ≤ 1/3).
//
// The app runs from a folder of its own, as a user's would: its node_modules holds hono,
// @hono/node-server, sightline and auto-instrumentations-node (links into this repository's
// install), nothing else. Run from this repository instead, the preload would also find the
// libraries our devDependencies install (ioredis, @grpc/grpc-js) and load their contrib
// instrumentations, which a Hono app without those libraries never pays for; the
// `sightline/register, repo folder` row shows that figure. The `app using sightline/hono` row is
// the same app importing Sightline's logger and middleware, as a user's would (reference only:
// the stock variant's app imports no middleware).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitResult, machine, median, printTable, round } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 9);
const env = {
  ...process.env,
  // Nothing listens here: start-up must not wait for a collector.
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
  OTEL_LOG_LEVEL: 'none',
  OTEL_SERVICE_NAME: 'startup-bench',
};

/** A Hono app's folder: package.json, server.mjs and node_modules links to our install. */
function makeAppFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-startup-'));
  const links = {
    hono: join(root, 'node_modules/hono'),
    '@hono/node-server': join(root, 'node_modules/@hono/node-server'),
    '@opentelemetry/auto-instrumentations-node': join(
      root,
      'node_modules/@opentelemetry/auto-instrumentations-node',
    ),
    sightline: root,
  };
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(dir, 'node_modules', name), 'dir');
  }
  const dependencies = Object.fromEntries(Object.keys(links).map((name) => [name, '*']));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'startup-app', type: 'module', dependencies }),
  );
  copyFileSync(join(root, 'bench/fixtures/startup-app.mjs'), join(dir, 'server.mjs'));
  copyFileSync(
    join(root, 'bench/fixtures/startup-app-sightline.mjs'),
    join(dir, 'server-with-sightline.mjs'),
  );
  return dir;
}

/**
 * The floor under any OTel preload that keeps this contract: a preload that only `require`s the
 * same CommonJS files, in the same order, as sightline/register loads (the OTel packages and
 * their dependencies), with none of our code and nothing started.
 */
function writeFloorPreload(dir) {
  const list = join(dir, 'loaded.json');
  const recorder = join(dir, 'record-loaded.cjs');
  writeFileSync(
    recorder,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, ` +
      `JSON.stringify(Object.keys(require.cache).filter((f) => f !== __filename))));`,
  );
  timeOnce({ ...inApp, args: ['--require', recorder, '--import', 'sightline/register'] });
  const files = JSON.parse(readFileSync(list, 'utf8'));
  const floor = join(dir, 'floor.cjs');
  writeFileSync(floor, files.map((file) => `require(${JSON.stringify(file)});`).join('\n'));
  return floor;
}

const appDir = makeAppFolder();
process.on('exit', () => rmSync(appDir, { recursive: true, force: true }));
const inApp = { cwd: appDir, app: 'server.mjs' };
const floorPreload = writeFloorPreload(appDir);
const variants = {
  'hono alone': { ...inApp, args: [] },
  'sightline/register': { ...inApp, args: ['--import', 'sightline/register'] },
  'auto-instrumentations-node/register': {
    ...inApp,
    args: ['--import', '@opentelemetry/auto-instrumentations-node/register'],
  },
  'sightline/register, repo folder': {
    cwd: root,
    app: 'bench/fixtures/startup-app.mjs',
    args: ['--import', 'sightline/register'],
  },
  'sightline/register, app using sightline/hono': {
    ...inApp,
    app: 'server-with-sightline.mjs',
    args: ['--import', 'sightline/register'],
  },
  'its CommonJS dependencies alone': { ...inApp, args: ['--require', floorPreload] },
};

function timeOnce({ cwd, app, args }) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...args, app], { cwd, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} ${app} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (const variant of Object.values(variants)) timeOnce(variant); // warm the file cache
for (let run = 0; run < runs; run++) {
  for (const [name, variant] of Object.entries(variants)) samples[name].push(timeOnce(variant));
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
const floor = medians['its CommonJS dependencies alone'] - base;
process.stdout.write(
  `sightline overhead / stock overhead = ${round(ratio, 3)} (goal ≤ 0.333: ≤ ${round(stock / 3, 1)} ms); ` +
    `its CommonJS dependencies alone: ${round(floor / stock, 3)} of the stock overhead\n`,
);
emitResult('startup', {
  runs,
  baseMs: round(base, 1),
  sightlineOverheadMs: round(sightline, 1),
  stockOverheadMs: round(stock, 1),
  dependenciesAloneOverheadMs: round(floor, 1),
  sightlineRepoFolderOverheadMs: round(medians['sightline/register, repo folder'] - base, 1),
  sightlineWithMiddlewareOverheadMs: round(
    medians['sightline/register, app using sightline/hono'] - base,
    1,
  ),
  ratio: round(ratio, 3),
  goal: 'ratio <= 0.333',
  met: ratio <= 1 / 3,
});

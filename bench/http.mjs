#!/usr/bin/env node
// Throughput, tail latency and server CPU per request of one Hono route (GET /users/:id) for:
// bare Hono; the hand-assembled alternative (instrumentation-http + @hono/otel + winston with
// the OTel transport, OTLP to a local sink); Sightline (preload + middleware + one log line per
// request, OTLP to the same sink); and a calibration: bare Hono whose handler spins 50 µs of CPU
// (what any 50 µs of per-request work costs here). One run, interleaved rounds, medians; ratios.
// CPU per request (the server's user+system time over the measured window / requests served) is
// the steadier figure on a shared machine; req/s is what the goals are written in. The main event
// loop's utilisation is printed beside it: off-thread work costs CPU but frees the loop.
import { fork, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { emitResult, machine, median, printTable, round } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10);
const busyMicros = Number(process.env.BENCH_HTTP_BUSY_MICROS ?? 50);
// The equal-load phase: every variant serves the same offered rate, below each one's capacity, so
// CPU per request is compared at the same load (at full speed a slower server also pays more
// per request for waking up and for smaller batches; the calibration row shows how much).
const rate = Number(process.env.BENCH_HTTP_RATE ?? 2000);

// On a machine with two or more CPUs and `taskset`, the load generator and the sink run on CPU 0
// and each server on CPU 1: otherwise the scheduler sometimes puts autocannon on the server's CPU
// and a variant's figures swing by half between runs. BENCH_HTTP_PIN=0 turns it off.
const pin =
  process.env.BENCH_HTTP_PIN !== '0' &&
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status ===
    0;
const pinServer = (pid) =>
  pin && spawnSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });

// The OTLP sink: accepts and discards, so exporting costs the service what it would in production.
const received = {};
let receivedBytes = 0;
const sink = createServer((request, response) => {
  request.on('data', (chunk) => {
    received[request.url] = (received[request.url] ?? 0) + chunk.length;
    receivedBytes += chunk.length;
  });
  request.on('end', () =>
    response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(),
  );
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${sink.address().port}`;

const variants = {
  'bare hono': { script: 'bench/fixtures/http-bare.mjs', execArgv: [] },
  'hand-assembled (instr-http + @hono/otel + winston/OTel transport)': {
    script: 'bench/fixtures/http-alternative.mjs',
    execArgv: ['--import', './bench/fixtures/http-alternative-telemetry.mjs'],
  },
  sightline: {
    script: 'bench/fixtures/http-sightline.mjs',
    execArgv: ['--import', 'sightline/register'],
  },
  [`calibration: bare hono + ${busyMicros} µs busy handler`]: {
    script: 'bench/fixtures/http-busy.mjs',
    execArgv: [],
  },
};
const BUSY = `calibration: bare hono + ${busyMicros} µs busy handler`;
// BENCH_HTTP_BASELINE=<dir>: also run Sightline as built in another checkout (e.g. a worktree of
// an earlier commit, with node_modules linked and dist/ built), interleaved with this one.
const baselineDir = process.env.BENCH_HTTP_BASELINE;
const BASELINE = `sightline at ${baselineDir}`;
if (baselineDir)
  variants[BASELINE] = {
    script: 'bench/fixtures/http-sightline.mjs',
    execArgv: ['--import', 'sightline/register'],
    cwd: baselineDir,
  };

async function measure({ script, execArgv, cwd = root }) {
  const bytesBefore = receivedBytes;
  const child = fork(script, [], {
    cwd,
    execArgv,
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_LOG_LEVEL: 'error',
      OTEL_SERVICE_NAME: 'bench-http',
      BENCH_HTTP_BUSY_MICROS: String(busyMicros),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [{ port }] = await once(child, 'message');
  pinServer(child.pid);
  const url = `http://127.0.0.1:${port}/users/42`;
  const usage = async () => {
    child.send('cpu');
    const [reply] = await once(child, 'message');
    return reply;
  };
  const warmUp = await autocannon({ url, connections, duration: 2 }); // JIT, connection pools
  const before = await usage();
  const result = await autocannon({ url, connections, duration: seconds });
  const after = await usage();
  const paced = await autocannon({ url, connections, duration: seconds, overallRate: rate });
  const afterPaced = await usage();
  // What the variant exported per request served: a variant that sheds telemetry under load
  // (a full batch queue drops records) shows it here.
  child.send('flush');
  const [flushed] = await once(child, 'message');
  if (!flushed.flushed) throw new Error(`${script}: flush failed (${flushed.error})`);
  const served = warmUp.requests.total + result.requests.total + paced.requests.total;
  child.kill('SIGTERM');
  await once(child, 'exit');
  for (const run of [result, paced]) {
    if (run.non2xx > 0 || run.errors > 0)
      throw new Error(`${script}: ${run.non2xx} non-2xx, ${run.errors} errors`);
  }
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    cpuPerRequest: (after.cpuMicros - before.cpuMicros) / result.requests.total,
    // The main thread's busy share over the window (work moved to other threads leaves it).
    loopBusy: performance.eventLoopUtilization(after.loop, before.loop).utilization,
    pacedP99: paced.latency.p99,
    pacedCpuPerRequest: (afterPaced.cpuMicros - after.cpuMicros) / paced.requests.total,
    otlpBytesPerRequest: (receivedBytes - bytesBefore) / served,
  };
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round_ = 0; round_ < rounds; round_++) {
  for (const [name, variant] of Object.entries(variants))
    samples[name].push(await measure(variant));
}
sink.close();

const summary = Object.fromEntries(
  Object.entries(samples).map(([name, runs]) => [
    name,
    {
      rps: median(runs.map((r) => r.rps)),
      p99: median(runs.map((r) => r.p99)),
      p50: median(runs.map((r) => r.p50)),
      cpuPerRequest: median(runs.map((r) => r.cpuPerRequest)),
      loopBusy: median(runs.map((r) => r.loopBusy)),
      pacedP99: median(runs.map((r) => r.pacedP99)),
      pacedCpuPerRequest: median(runs.map((r) => r.pacedCpuPerRequest)),
      otlpBytesPerRequest: median(runs.map((r) => r.otlpBytesPerRequest)),
    },
  ]),
);
const bare = summary['bare hono'];
// Main-thread time per request: the loop's busy share of each second over the requests served.
const loopMicrosPerRequest = (s) => (s.loopBusy * 1e6) / s.rps;
const alternative = summary['hand-assembled (instr-http + @hono/otel + winston/OTel transport)'];
const sightline = summary.sightline;
const busy = summary[BUSY];

process.stdout.write(
  `GET /users/:id, ${connections} connections, ${seconds} s × ${rounds} rounds (medians); ${machine()}; ${pin ? 'server on CPU 1, load generator and sink on CPU 0' : 'no CPU pinning'}\n`,
);
printTable([
  [
    'variant',
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU µs/req',
    'loop busy',
    'loop µs/req',
    'OTLP B/req',
    '× bare',
  ],
  ...Object.entries(summary).map(([name, s]) => [
    name,
    round(s.rps, 0),
    s.p50,
    s.p99,
    round(s.cpuPerRequest, 1),
    `${round(s.loopBusy * 100, 0)} %`,
    round(loopMicrosPerRequest(s), 1),
    round(s.otlpBytesPerRequest, 0),
    round(s.rps / bare.rps, 3),
  ]),
]);
process.stdout.write(`\nat an equal offered load of ${rate} req/s (same ${seconds} s windows):\n`);
printTable([
  ['variant', 'p99 ms', 'CPU µs/req'],
  ...Object.entries(summary).map(([name, s]) => [name, s.pacedP99, round(s.pacedCpuPerRequest, 1)]),
]);
const pacedCost = (s) => s.pacedCpuPerRequest - bare.pacedCpuPerRequest;
const pacedRatio = pacedCost(sightline) / pacedCost(alternative);
const vsAlternative = sightline.rps / alternative.rps;
const vsBare = sightline.rps / bare.rps;
// Telemetry's own cost: CPU per request above bare Hono's.
const sightlineCost = sightline.cpuPerRequest - bare.cpuPerRequest;
const alternativeCost = alternative.cpuPerRequest - bare.cpuPerRequest;
const costRatio = sightlineCost / alternativeCost;
const p99Met = sightline.p99 <= alternative.p99;
const costMet = costRatio <= 0.5;
const baseline = baselineDir ? summary[BASELINE] : undefined;
process.stdout.write(
  `goal 1, p99 ≤ the alternative's: sightline ${sightline.p99} ms, hand-assembled ${alternative.p99} ms → ${p99Met ? 'met' : 'not met'}\n` +
    `goal 2, telemetry CPU above bare ≤ 0.5× the alternative's: sightline ${round(sightlineCost, 1)} µs, hand-assembled ${round(alternativeCost, 1)} µs → ${round(costRatio, 2)}× (${costMet ? 'met' : 'not met'})\n` +
    `  at ${rate} req/s: sightline ${round(pacedCost(sightline), 1)} µs, hand-assembled ${round(pacedCost(alternative), 1)} µs → ${round(pacedRatio, 2)}×; p99 ${sightline.pacedP99} vs ${alternative.pacedP99} ms\n` +
    `req/s: sightline / hand-assembled = ${round(vsAlternative, 2)}×; sightline / bare = ${round(vsBare, 3)}×\n` +
    `calibration: ${busyMicros} µs of busy work per request alone gives ${round(busy.rps / bare.rps, 3)}× bare (${round(busy.cpuPerRequest, 1)} µs CPU/req)\n` +
    (baseline
      ? `baseline: this checkout costs ${round(sightlineCost, 1)} µs above bare, ${baselineDir} ${round(baseline.cpuPerRequest - bare.cpuPerRequest, 1)} µs (${round(sightlineCost / (baseline.cpuPerRequest - bare.cpuPerRequest), 2)}×)\n`
      : '') +
    `OTLP bytes received by the sink: ${JSON.stringify(received)}\n`,
);
emitResult('http', {
  seconds,
  rounds,
  connections,
  bareRps: round(bare.rps, 0),
  alternativeRps: round(alternative.rps, 0),
  sightlineRps: round(sightline.rps, 0),
  bareP99: bare.p99,
  alternativeP99: alternative.p99,
  sightlineP99: sightline.p99,
  bareCpuMicrosPerRequest: round(bare.cpuPerRequest, 1),
  alternativeCpuMicrosPerRequest: round(alternative.cpuPerRequest, 1),
  sightlineCpuMicrosPerRequest: round(sightline.cpuPerRequest, 1),
  bareLoopMicrosPerRequest: round(loopMicrosPerRequest(bare), 1),
  alternativeLoopMicrosPerRequest: round(loopMicrosPerRequest(alternative), 1),
  sightlineLoopMicrosPerRequest: round(loopMicrosPerRequest(sightline), 1),
  alternativeOtlpBytesPerRequest: round(alternative.otlpBytesPerRequest, 0),
  sightlineOtlpBytesPerRequest: round(sightline.otlpBytesPerRequest, 0),
  pacedRate: rate,
  barePacedCpuMicrosPerRequest: round(bare.pacedCpuPerRequest, 1),
  alternativePacedCpuMicrosPerRequest: round(alternative.pacedCpuPerRequest, 1),
  sightlinePacedCpuMicrosPerRequest: round(sightline.pacedCpuPerRequest, 1),
  alternativePacedP99: alternative.pacedP99,
  sightlinePacedP99: sightline.pacedP99,
  sightlinePacedCostVsAlternative: round(pacedRatio, 2),
  busyMicros,
  busyRps: round(busy.rps, 0),
  busyVsBare: round(busy.rps / bare.rps, 3),
  sightlineVsAlternative: round(vsAlternative, 2),
  sightlineVsBare: round(vsBare, 3),
  sightlineCostVsAlternative: round(costRatio, 2),
  ...(baseline ? { baselineCpuMicrosPerRequest: round(baseline.cpuPerRequest, 1) } : {}),
  goal: "sightline p99 <= alternative's; sightline CPU above bare <= 0.5x alternative's",
  met: p99Met && costMet,
});

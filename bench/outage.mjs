#!/usr/bin/env node
// Collector outages: three instances of the demo service (preloaded with
// `--import sightline/register`) run side by side, each with its OTLP collector
//   1. up          (local receiver answering 200),
//   2. port closed (nothing listening on the OTLP port),
//   3. hanging     (receiver accepts connections and never answers),
// and closed-loop load from autocannon on loopback alternates between them in short segments
// (order rotated each segment), so a noisy neighbour hits all three alike. Then two "collector comes back" runs (receiver answering 503 → 200, and port closed → a
// receiver starts on it) checking that spans arrive again without restarting the app.
// Per service: p50/p99 latency (every response timed, not autocannon's 1 ms histogram), req/s,
// the service's RSS after warm-up and at the end (/proc/<pid>/status VmRSS), the
// `telemetry export failing` warnings on its stderr and the drops they report, then SIGTERM:
// time to exit and exit code. Ratios are against the collector-up phase of the same session.
// The receiver runs in its own process (this script re-executed with `--receiver`), so decoding
// OTLP payloads never blocks the event loop that times the responses.
// Env: BENCH_OUTAGE_SECONDS (load per phase, default 20; the issue suggests 60),
// BENCH_OUTAGE_SEGMENT_SECONDS (default 2), BENCH_OUTAGE_CONNECTIONS (default 10),
// SIGHTLINE_SHUTDOWN_TIMEOUT_MS (the bound, default 2000).
// Needs `npm run build` (the preload and the receiver come from dist/).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { emitResult, machine, percentile, printTable, round } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Receiver process: a `sightline/dev` receiver driven by JSON lines on stdin.

async function runReceiverProcess() {
  const { startReceiver } = await import('../dist/dev/index.js');
  const receiver = await startReceiver({
    port: Number(process.argv[3] ?? 0),
    mode: process.argv[4] ?? 'ok',
    maxRecords: 20_000,
  });
  let serverSpans = [];
  receiver.onData((batch) => {
    if (batch.signal !== 'traces') return;
    for (const span of batch.records) {
      if (span.kind === 'SERVER') serverSpans.push(Number(span.startTimeUnixNano / 1_000_000n));
    }
    if (serverSpans.length > 200_000) serverSpans = serverSpans.slice(-100_000);
  });
  const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
  reply({ port: receiver.port, url: receiver.url });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    if (command.mode) receiver.setMode(command.mode);
    if (command.close) {
      await receiver.close();
      reply({ closed: true });
      process.exit(0);
    }
    reply({
      mode: receiver.mode,
      requests: { ...receiver.requests },
      serverSpans: serverSpans.length,
      serverSpansSince: command.since ? serverSpans.filter((ms) => ms >= command.since).length : 0,
    });
  }
}

/** Starts the receiver process; `call(command)` sends one JSON command and awaits the reply. */
async function startReceiverProcess(port = 0, mode = 'ok') {
  const child = spawn(process.execPath, [self, '--receiver', String(port), mode], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('receiver process ended');
    return JSON.parse(value);
  };
  const { url } = await next();
  let queue = Promise.resolve();
  const call = (command) => {
    const result = queue.then(() => {
      child.stdin.write(`${JSON.stringify(command)}\n`);
      return next();
    });
    queue = result.catch(() => {});
    return result;
  };
  return {
    url,
    call,
    close: async () => {
      await call({ close: true }).catch(() => {});
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The service under test.

/** A loopback port with nothing listening on it. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const SHUTDOWN_BOUND_MS = Number(process.env.SIGHTLINE_SHUTDOWN_TIMEOUT_MS || 2000);
// The bound covers the SDK's flush + shutdown; this much more is allowed for the demo's
// server.close(), process teardown and the signal round trip.
const EXIT_ALLOWANCE_MS = 500;

function serviceEnv(endpoint, extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OTEL_|SIGHTLINE_)/.test(key) && key !== 'NODE_OPTIONS' && key !== 'REDIS_URL') {
      env[key] = value;
    }
  }
  return {
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    OTEL_SERVICE_NAME: 'sightline-outage-bench',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    SIGHTLINE_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
    ...extra,
  };
}

/** Spawns the preloaded demo service; resolves once it printed its listening log line. */
async function startService(endpoint, extra = {}) {
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'sightline/register', 'examples/hono-app/server.mjs'],
    { cwd: root, env: serviceEnv(endpoint, extra), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code,
    signal,
    at: performance.now(),
  }));
  const port = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`service did not listen: ${stderr}`)), 30_000);
    lines.on('line', (line) => {
      if (!line.includes('demo service listening')) return;
      try {
        const parsed = JSON.parse(line);
        clearTimeout(timer);
        resolve(parsed.port);
      } catch {
        // not the JSON line
      }
    });
    exited.then(({ code }) => reject(new Error(`service exited ${code}: ${stderr}`)));
  });
  return { child, port, startedAt, exited, stderr: () => stderr };
}

/** VmRSS of a process in MiB (Linux). */
function rssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Closed-loop load on `GET path`; every 2xx response's latency is kept (ms, sub-ms precision). */
async function load(port, seconds, connections, path = '/users/1') {
  const latencies = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    duration: seconds,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  return {
    latencies,
    requests: result.requests.total,
    seconds: result.duration || seconds,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const WARNING = /telemetry export failing \((\d+) failed exports, (\d+) items dropped/g;

/** Stops the service with SIGTERM; the warnings are read from its whole stderr. */
async function stopService(service) {
  const signalledAt = performance.now();
  service.child.kill('SIGTERM');
  const deadline = sleep(30_000).then(() => null);
  const exit = await Promise.race([service.exited, deadline]);
  if (!exit) service.child.kill('SIGKILL');
  const stderr = service.stderr();
  const warnings = [...stderr.matchAll(WARNING)];
  return {
    exitMs: exit ? exit.at - signalledAt : Infinity,
    exitCode: exit ? (exit.code ?? `signal ${exit.signal}`) : 'killed after 30 s',
    lifetimeSeconds: ((exit?.at ?? performance.now()) - service.startedAt) / 1000,
    warnings: warnings.length,
    failedExportsReported: warnings.reduce((sum, match) => sum + Number(match[1]), 0),
    dropsReported: warnings.reduce((sum, match) => sum + Number(match[2]), 0),
    unhandled: (stderr.match(/unhandled/gi) ?? []).length,
    shutdownTimedOut: /shutdown took longer than/.test(stderr),
  };
}

// ---------------------------------------------------------------------------------------------
// Phases.

const SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS || 20);
const SEGMENT_SECONDS = Number(process.env.BENCH_OUTAGE_SEGMENT_SECONDS || 2);
const CONNECTIONS = Number(process.env.BENCH_OUTAGE_CONNECTIONS || 10);
const WARMUP_SECONDS = 2;
const PHASES = { up: 'collector up', closed: 'OTLP port closed', hang: 'collector hanging' };

/**
 * The three services run side by side, each against its own collector condition, and the load
 * alternates between them in short segments (order rotated every segment), so the noise of a
 * shared machine falls on all three alike instead of on whichever phase ran during a spike.
 */
async function runPhases() {
  const receivers = [];
  const services = {};
  try {
    for (const kind of Object.keys(PHASES)) {
      let endpoint;
      if (kind === 'closed') {
        endpoint = `http://127.0.0.1:${await closedPort()}`;
      } else {
        const receiver = await startReceiverProcess(0, kind === 'hang' ? 'hang' : 'ok');
        receivers.push(receiver);
        endpoint = receiver.url;
        if (kind === 'up') services.upReceiver = receiver;
      }
      services[kind] = await startService(endpoint);
    }
    const state = {};
    for (const kind of Object.keys(PHASES)) {
      await load(services[kind].port, WARMUP_SECONDS, CONNECTIONS);
    }
    for (const kind of Object.keys(PHASES)) {
      const rss = rssMiB(services[kind].child.pid);
      state[kind] = {
        latencies: [],
        requests: 0,
        seconds: 0,
        failed: 0,
        rssStart: rss,
        rssMax: rss,
      };
    }
    const segments = Math.max(1, Math.round(SECONDS / SEGMENT_SECONDS));
    const order = Object.keys(PHASES);
    for (let segment = 0; segment < segments; segment++) {
      for (let i = 0; i < order.length; i++) {
        const kind = order[(i + segment) % order.length];
        const figures = await load(services[kind].port, SEGMENT_SECONDS, CONNECTIONS);
        const phase = state[kind];
        for (const value of figures.latencies) phase.latencies.push(value);
        phase.requests += figures.requests;
        phase.seconds += figures.seconds;
        phase.failed += figures.failed;
        phase.rssMax = Math.max(phase.rssMax, rssMiB(services[kind].child.pid));
      }
      process.stderr.write(`  segment ${segment + 1}/${segments} done\n`);
    }
    const received = await services.upReceiver.call({});
    const results = {};
    for (const kind of Object.keys(PHASES)) {
      const phase = state[kind];
      const rssEnd = rssMiB(services[kind].child.pid);
      results[kind] = {
        p50: percentile(phase.latencies, 50),
        p99: percentile(phase.latencies, 99),
        rps: phase.requests / phase.seconds,
        requests: phase.requests,
        failedRequests: phase.failed,
        rssStart: phase.rssStart,
        rssEnd,
        rssMax: Math.max(phase.rssMax, rssEnd),
        rssGrowth: rssEnd - phase.rssStart,
      };
    }
    results.up.serverSpansReceived = received.serverSpans;
    // SIGTERM one at a time, so each exit is timed on an otherwise quiet machine.
    for (const kind of Object.keys(PHASES)) {
      const stop = await stopService(services[kind]);
      Object.assign(results[kind], stop, {
        warningsAllowed: Math.ceil(stop.lifetimeSeconds / 30) + 1,
      });
    }
    return results;
  } finally {
    for (const kind of Object.keys(PHASES)) {
      if (services[kind] && services[kind].child.exitCode === null)
        services[kind].child.kill('SIGKILL');
    }
    for (const receiver of receivers) await receiver.close();
  }
}

/**
 * Collector comes back: the service starts against a failing collector (`error`: 503 answers, or
 * `closed`: nothing listening), serves load, then the collector recovers (mode → ok, or a
 * receiver starts on the closed port) and we wait for SERVER spans of requests made after it.
 */
async function runComeback(kind) {
  let receiver;
  let port = 0;
  if (kind === 'error') receiver = await startReceiverProcess(0, 'error');
  else port = await closedPort();
  const endpoint = receiver ? receiver.url : `http://127.0.0.1:${port}`;
  // A 1 s batch delay (default 5 s) only to keep this part short; latency is not measured here.
  const service = await startService(endpoint, { OTEL_BSP_SCHEDULE_DELAY: '1000' });
  try {
    await load(service.port, 2, CONNECTIONS);
    // Wait until the failure is visible: the SDK's first (immediate) export-failure warning.
    const failing = Date.now() + 20_000;
    while (!service.stderr().includes('telemetry export failing') && Date.now() < failing) {
      await sleep(200);
    }
    const failedBefore = service.stderr().includes('telemetry export failing');
    const before = receiver ? await receiver.call({}) : undefined;
    if (receiver) await receiver.call({ mode: 'ok' });
    else receiver = await startReceiverProcess(port, 'ok');
    const switchedAt = Date.now();
    const deadline = switchedAt + 30_000;
    let arrived = 0;
    while (Date.now() < deadline) {
      await load(service.port, 1, 2);
      arrived = (await receiver.call({ since: switchedAt })).serverSpansSince;
      if (arrived > 0) break;
    }
    const resumedAfterMs = arrived > 0 ? Date.now() - switchedAt : null;
    const stop = await stopService(service);
    return {
      resumed: arrived > 0,
      resumedAfterMs,
      spansAfterRecovery: arrived,
      failedBefore,
      rejectedExportsBefore: before?.requests.traces ?? null,
      ...stop,
    };
  } finally {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await receiver?.close();
  }
}

async function main() {
  const segments = Math.max(1, Math.round(SECONDS / SEGMENT_SECONDS));
  process.stdout.write(
    `outage: ${Object.keys(PHASES).length} services side by side (collector up / port closed / ` +
      `hanging), ${segments * SEGMENT_SECONDS} s of load each in ${SEGMENT_SECONDS} s segments ` +
      `interleaved (+${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} connections, GET /users/1 on ` +
      `the demo service; shutdown bound ${SHUTDOWN_BOUND_MS} ms; ${machine()}\n`,
  );
  const phases = PHASES;
  const summary = await runPhases();
  process.stderr.write('  collector comes back (503 → 200) …\n');
  const comebackError = await runComeback('error');
  process.stderr.write('  collector comes back (port closed → receiver starts) …\n');
  const comebackClosed = await runComeback('closed');

  const up = summary.up;
  for (const s of Object.values(summary)) {
    s.p50Ratio = s.p50 / up.p50;
    s.p99Ratio = s.p99 / up.p99;
    s.rpsRatio = s.rps / up.rps;
    s.met = {
      p99: s.p99Ratio <= 1.1,
      rss: s.rssGrowth < 50,
      warnings: s.warnings <= s.warningsAllowed,
      exit: s.exitMs <= SHUTDOWN_BOUND_MS + EXIT_ALLOWANCE_MS && s.exitCode === 0,
      served: s.failedRequests === 0,
      noUnhandled: s.unhandled === 0,
    };
  }

  const mark = (ok) => (ok ? 'met' : 'MISSED');
  process.stdout.write('\n');
  printTable([
    [
      'phase',
      'p50 ms',
      'p99 ms',
      'p99 ×up',
      'req/s',
      'req/s ×up',
      'non-2xx+err',
      'RSS start→end (max) MiB',
      'RSS growth',
      'warnings (≤)',
      'failed exports / drops reported',
      'exit ms',
      'exit code',
    ],
    ...Object.entries(summary).map(([kind, s]) => [
      phases[kind],
      round(s.p50, 2),
      round(s.p99, 2),
      `${round(s.p99Ratio, 2)}×`,
      Math.round(s.rps),
      `${round(s.rpsRatio, 2)}×`,
      s.failedRequests,
      `${round(s.rssStart, 1)} → ${round(s.rssEnd, 1)} (${round(s.rssMax, 1)})`,
      `${round(s.rssGrowth, 1)}`,
      `${s.warnings} (${s.warningsAllowed})`,
      `${s.failedExportsReported} / ${s.dropsReported}`,
      Math.round(s.exitMs),
      s.exitCode,
    ]),
  ]);
  process.stdout.write('\n');
  printTable([
    [
      'goal',
      ...Object.keys(phases)
        .slice(1)
        .map((kind) => phases[kind]),
    ],
    [
      'p99 ≤ 1.1× collector up',
      ...['closed', 'hang'].map(
        (k) => `${mark(summary[k].met.p99)} (${round(summary[k].p99Ratio, 2)}×)`,
      ),
    ],
    [
      'RSS growth < 50 MB',
      ...['closed', 'hang'].map(
        (k) => `${mark(summary[k].met.rss)} (${round(summary[k].rssGrowth, 1)} MiB)`,
      ),
    ],
    [
      'failure warnings ≤ ceil(t/30)+1',
      ...['closed', 'hang'].map((k) => `${mark(summary[k].met.warnings)} (${summary[k].warnings})`),
    ],
    [
      `exit 0 within ${SHUTDOWN_BOUND_MS}+${EXIT_ALLOWANCE_MS} ms`,
      ...['closed', 'hang'].map(
        (k) => `${mark(summary[k].met.exit)} (${Math.round(summary[k].exitMs)} ms)`,
      ),
    ],
    ['every request answered 2xx', ...['closed', 'hang'].map((k) => mark(summary[k].met.served))],
    ['no unhandled rejection', ...['closed', 'hang'].map((k) => mark(summary[k].met.noUnhandled))],
  ]);
  process.stdout.write('\n');
  printTable([
    [
      'collector comes back',
      'failing before (warning seen)',
      'spans arrive again',
      'after ms',
      'OTLP trace POSTs rejected before',
      'exit ms',
      'exit code',
    ],
    [
      '503 → 200',
      comebackError.failedBefore,
      comebackError.resumed,
      comebackError.resumedAfterMs ?? '—',
      comebackError.rejectedExportsBefore,
      Math.round(comebackError.exitMs),
      comebackError.exitCode,
    ],
    [
      'port closed → receiver starts',
      comebackClosed.failedBefore,
      comebackClosed.resumed,
      comebackClosed.resumedAfterMs ?? '—',
      '—',
      Math.round(comebackClosed.exitMs),
      comebackClosed.exitCode,
    ],
  ]);
  process.stdout.write(
    `\ncollector up: ${summary.up.serverSpansReceived} SERVER spans received during the load ` +
      `(exporting works while measured); its receiver decodes them on the same ${cpus().length} ` +
      `cores, so the baseline pays for a working export pipeline and outages can come out faster.\n`,
  );
  process.stdout.write(
    '\np50/p99: every 2xx response timed by autocannon (closed loop), nearest-rank percentiles' +
      "; RSS start is after the warm-up; warnings/drops are the SDK's rate-limited " +
      '"telemetry export failing" lines on the service\'s stderr over its whole life.\n',
  );

  const pick = (s) => ({
    p50Ms: round(s.p50, 3),
    p99Ms: round(s.p99, 3),
    rps: Math.round(s.rps),
    p50Ratio: round(s.p50Ratio, 3),
    p99Ratio: round(s.p99Ratio, 3),
    rpsRatio: round(s.rpsRatio, 3),
    requests: s.requests,
    failedRequests: s.failedRequests,
    rssStartMiB: round(s.rssStart, 1),
    rssEndMiB: round(s.rssEnd, 1),
    rssMaxMiB: round(s.rssMax, 1),
    rssGrowthMiB: round(s.rssGrowth, 1),
    warnings: s.warnings,
    warningsAllowed: s.warningsAllowed,
    failedExportsReported: s.failedExportsReported,
    dropsReported: s.dropsReported,
    unhandled: s.unhandled,
    exitMs: Math.round(s.exitMs),
    exitCode: s.exitCode,
    shutdownTimedOut: s.shutdownTimedOut,
    met: s.met,
  });
  const outages = ['closed', 'hang'];
  const allMet = (key) => outages.every((k) => summary[k].met[key]);
  emitResult('outage', {
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    segmentSeconds: SEGMENT_SECONDS,
    connections: CONNECTIONS,
    shutdownBoundMs: SHUTDOWN_BOUND_MS,
    exitAllowanceMs: EXIT_ALLOWANCE_MS,
    up: pick(summary.up),
    closed: pick(summary.closed),
    hang: pick(summary.hang),
    worstP99Ratio: round(Math.max(...outages.map((k) => summary[k].p99Ratio)), 3),
    worstRssGrowthMiB: round(Math.max(...outages.map((k) => summary[k].rssGrowth)), 1),
    comeback: {
      failedBefore: comebackError.failedBefore && comebackClosed.failedBefore,
      fromError: comebackError.resumed,
      fromError_ms: comebackError.resumedAfterMs,
      fromClosed: comebackClosed.resumed,
      fromClosed_ms: comebackClosed.resumedAfterMs,
    },
    met: {
      p99: allMet('p99'),
      rss: allMet('rss'),
      warnings: allMet('warnings'),
      exit: allMet('exit') && summary.up.met.exit,
      served: allMet('served') && summary.up.met.served,
      noUnhandled: allMet('noUnhandled'),
      comeback: comebackError.resumed && comebackClosed.resumed,
    },
  });
}

if (process.argv[2] === '--receiver') {
  await runReceiverProcess();
} else {
  await main();
}

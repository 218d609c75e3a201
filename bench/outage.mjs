#!/usr/bin/env node
// Collector outages: the demo service (preloaded with `--import sightline/register`) under
// closed-loop load from autocannon on loopback, in one session, with the OTLP collector
//   1. up          (local receiver answering 200),
//   2. port closed (nothing listening on the OTLP port),
//   3. hanging     (receiver accepts connections and never answers),
// then two "collector comes back" runs (receiver answering 503 → 200, and port closed → a
// receiver starts on it) checking that spans arrive again without restarting the app.
// Per phase: p50/p99 latency (every response timed, not autocannon's 1 ms histogram), req/s,
// the service's RSS after warm-up and at the end (/proc/<pid>/status VmRSS), the
// `telemetry export failing` warnings on its stderr and the drops they report, then SIGTERM:
// time to exit and exit code. Ratios are against the collector-up phase of the same session.
// The receiver runs in its own process (this script re-executed with `--receiver`), so decoding
// OTLP payloads never blocks the event loop that times the responses.
// Env: BENCH_OUTAGE_SECONDS (load per phase, default 20; the issue suggests 60),
// BENCH_OUTAGE_CONNECTIONS (default 10), BENCH_OUTAGE_ROUNDS (default 1; >1 repeats the three
// phases interleaved and reports medians), SIGHTLINE_SHUTDOWN_TIMEOUT_MS (the bound, default 2000).
// Needs `npm run build` (the preload and the receiver come from dist/).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { emitResult, machine, median, percentile, printTable, round } from './lib.mjs';

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

function serviceEnv(endpoint) {
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
  };
}

/** Spawns the preloaded demo service; resolves once it printed its listening log line. */
async function startService(endpoint) {
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'sightline/register', 'examples/hono-app/server.mjs'],
    { cwd: root, env: serviceEnv(endpoint), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, at: performance.now() }));
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
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || seconds),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
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
const CONNECTIONS = Number(process.env.BENCH_OUTAGE_CONNECTIONS || 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_OUTAGE_ROUNDS || 1));
const WARMUP_SECONDS = 2;

async function runPhase(kind) {
  let receiver;
  let endpoint;
  if (kind === 'closed') {
    endpoint = `http://127.0.0.1:${await closedPort()}`;
  } else {
    receiver = await startReceiverProcess(0, kind === 'hang' ? 'hang' : 'ok');
    endpoint = receiver.url;
  }
  const service = await startService(endpoint);
  try {
    await load(service.port, WARMUP_SECONDS, CONNECTIONS);
    const rssStart = rssMiB(service.child.pid);
    let rssMax = rssStart;
    const sampler = setInterval(() => {
      try {
        rssMax = Math.max(rssMax, rssMiB(service.child.pid));
      } catch {
        // exited
      }
    }, 500);
    const figures = await load(service.port, SECONDS, CONNECTIONS);
    clearInterval(sampler);
    const rssEnd = rssMiB(service.child.pid);
    const received = receiver ? await receiver.call({}) : undefined;
    const stop = await stopService(service);
    return {
      ...figures,
      rssStart,
      rssEnd,
      rssMax: Math.max(rssMax, rssEnd),
      rssGrowth: rssEnd - rssStart,
      ...stop,
      otlpRequests: received?.requests,
      serverSpansReceived: received?.serverSpans,
    };
  } finally {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await receiver?.close();
  }
}

/**
 * Collector comes back: the service starts against a failing collector (`error`: 503 answers, or
 * `closed`: nothing listening), serves load, then the collector recovers (mode → ok, or a
 * receiver starts on the closed port) and we wait for SERVER spans of requests made after it.
 */
async function runComeback(kind) {
  const LOAD_SECONDS = 3;
  let receiver;
  let port = 0;
  if (kind === 'error') receiver = await startReceiverProcess(0, 'error');
  else port = await closedPort();
  const endpoint = receiver ? receiver.url : `http://127.0.0.1:${port}`;
  const service = await startService(endpoint);
  try {
    await load(service.port, LOAD_SECONDS, CONNECTIONS);
    // Let the first exports fail (batch delay 5 s) before the collector recovers.
    await sleep(6_000);
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
      rejectedExportsBefore: before?.requests.traces ?? null,
      ...stop,
    };
  } finally {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await receiver?.close();
  }
}

async function main() {
  const phases = { up: 'collector up', closed: 'OTLP port closed', hang: 'collector hanging' };
  const runs = Object.fromEntries(Object.keys(phases).map((kind) => [kind, []]));
  const order = Object.keys(phases);
  process.stdout.write(
    `outage: ${ROUNDS} round(s) × ${Object.keys(phases).length} phases × ${SECONDS} s of load ` +
      `(+${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} connections, GET /users/1 on the demo ` +
      `service; shutdown bound ${SHUTDOWN_BOUND_MS} ms; ${machine()}\n`,
  );
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order per round so no phase always runs first (warm file cache, cool CPU).
    for (let i = 0; i < order.length; i++) {
      const kind = order[(i + r) % order.length];
      process.stdout.write(`  round ${r + 1}: ${phases[kind]} …\n`);
      runs[kind].push(await runPhase(kind));
    }
  }
  process.stdout.write('  collector comes back (503 → 200) …\n');
  const comebackError = await runComeback('error');
  process.stdout.write('  collector comes back (port closed → receiver starts) …\n');
  const comebackClosed = await runComeback('closed');

  // Medians over rounds for latency and throughput; worst case for memory, warnings and exit.
  const summary = Object.fromEntries(
    Object.entries(runs).map(([kind, list]) => [
      kind,
      {
        p50: median(list.map((x) => x.p50)),
        p99: median(list.map((x) => x.p99)),
        rps: median(list.map((x) => x.rps)),
        requests: list.reduce((sum, x) => sum + x.requests, 0),
        failedRequests: list.reduce((sum, x) => sum + x.non2xx + x.errors + x.timeouts, 0),
        rssStart: median(list.map((x) => x.rssStart)),
        rssEnd: median(list.map((x) => x.rssEnd)),
        rssMax: Math.max(...list.map((x) => x.rssMax)),
        rssGrowth: Math.max(...list.map((x) => x.rssGrowth)),
        warnings: Math.max(...list.map((x) => x.warnings)),
        warningsAllowed: Math.min(...list.map((x) => Math.ceil(x.lifetimeSeconds / 30) + 1)),
        failedExportsReported: Math.max(...list.map((x) => x.failedExportsReported)),
        dropsReported: Math.max(...list.map((x) => x.dropsReported)),
        unhandled: Math.max(...list.map((x) => x.unhandled)),
        exitMs: Math.max(...list.map((x) => x.exitMs)),
        exitCodes: [...new Set(list.map((x) => x.exitCode))].join(','),
        shutdownTimedOut: list.some((x) => x.shutdownTimedOut),
        serverSpansReceived: list[0].serverSpansReceived,
      },
    ]),
  );
  const up = summary.up;
  for (const s of Object.values(summary)) {
    s.p50Ratio = s.p50 / up.p50;
    s.p99Ratio = s.p99 / up.p99;
    s.rpsRatio = s.rps / up.rps;
    s.met = {
      p99: s.p99Ratio <= 1.1,
      rss: s.rssGrowth < 50,
      warnings: s.warnings <= s.warningsAllowed,
      exit: s.exitMs <= SHUTDOWN_BOUND_MS + EXIT_ALLOWANCE_MS && s.exitCodes === '0',
      served: s.failedRequests === 0,
      noUnhandled: s.unhandled === 0,
    };
  }

  const mark = (ok) => (ok ? 'met' : 'MISSED');
  process.stdout.write('\n');
  printTable([
    ['phase', 'p50 ms', 'p99 ms', 'p99 ×up', 'req/s', 'req/s ×up', 'non-2xx+err', 'RSS start→end MiB', 'RSS growth', 'warnings (≤)', 'drops reported', 'exit ms', 'exit code'],
    ...Object.entries(summary).map(([kind, s]) => [
      phases[kind],
      round(s.p50, 2),
      round(s.p99, 2),
      `${round(s.p99Ratio, 2)}×`,
      Math.round(s.rps),
      `${round(s.rpsRatio, 2)}×`,
      s.failedRequests,
      `${round(s.rssStart, 1)} → ${round(s.rssEnd, 1)}`,
      `${round(s.rssGrowth, 1)}`,
      `${s.warnings} (${s.warningsAllowed})`,
      s.dropsReported,
      Math.round(s.exitMs),
      s.exitCodes,
    ]),
  ]);
  process.stdout.write('\n');
  printTable([
    ['goal', ...Object.keys(phases).slice(1).map((kind) => phases[kind])],
    ['p99 ≤ 1.1× collector up', ...['closed', 'hang'].map((k) => `${mark(summary[k].met.p99)} (${round(summary[k].p99Ratio, 2)}×)`)],
    ['RSS growth < 50 MB', ...['closed', 'hang'].map((k) => `${mark(summary[k].met.rss)} (${round(summary[k].rssGrowth, 1)} MiB)`)],
    ['failure warnings ≤ ceil(t/30)+1', ...['closed', 'hang'].map((k) => `${mark(summary[k].met.warnings)} (${summary[k].warnings})`)],
    [`exit 0 within ${SHUTDOWN_BOUND_MS}+${EXIT_ALLOWANCE_MS} ms`, ...['closed', 'hang'].map((k) => `${mark(summary[k].met.exit)} (${Math.round(summary[k].exitMs)} ms)`)],
    ['every request answered 2xx', ...['closed', 'hang'].map((k) => mark(summary[k].met.served))],
    ['no unhandled rejection', ...['closed', 'hang'].map((k) => mark(summary[k].met.noUnhandled))],
  ]);
  process.stdout.write('\n');
  printTable([
    ['collector comes back', 'spans arrive again', 'after ms', 'exports attempted before', 'exit ms', 'exit code'],
    ['503 → 200', comebackError.resumed, comebackError.resumedAfterMs ?? '—', comebackError.rejectedExportsBefore, Math.round(comebackError.exitMs), comebackError.exitCode],
    ['port closed → receiver starts', comebackClosed.resumed, comebackClosed.resumedAfterMs ?? '—', '—', Math.round(comebackClosed.exitMs), comebackClosed.exitCode],
  ]);
  process.stdout.write(
    '\np50/p99: every 2xx response timed by autocannon (closed loop), nearest-rank percentiles' +
      (ROUNDS > 1 ? `, median of ${ROUNDS} rounds` : '') +
      '; RSS start is after the warm-up; warnings/drops are the SDK\'s rate-limited ' +
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
    exitCode: s.exitCodes,
    shutdownTimedOut: s.shutdownTimedOut,
    met: s.met,
  });
  const outages = ['closed', 'hang'];
  const allMet = (key) => outages.every((k) => summary[k].met[key]);
  emitResult('outage', {
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    shutdownBoundMs: SHUTDOWN_BOUND_MS,
    exitAllowanceMs: EXIT_ALLOWANCE_MS,
    up: pick(summary.up),
    closed: pick(summary.closed),
    hang: pick(summary.hang),
    worstP99Ratio: round(Math.max(...outages.map((k) => summary[k].p99Ratio)), 3),
    worstRssGrowthMiB: round(Math.max(...outages.map((k) => summary[k].rssGrowth)), 1),
    comeback: {
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

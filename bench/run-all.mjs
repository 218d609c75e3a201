#!/usr/bin/env node
// `npm run bench`: runs every benchmark script in sequence as a child process (`node
// bench/<name>.mjs`), streams its output, collects its machine-readable last line
// (`BENCH_RESULT {json}`, or a plain JSON line with a `bench` or `name` field), keeps going when
// one fails or is missing, and writes BENCHMARKS.md: date, machine, command, a summary table
// (figure, peer, ratio, goal, met?) and per-benchmark sections with the full output and method.
//
// `npm run bench -- startup outage` runs only the named benchmarks (the report then lists only
// those). Durations are bounded so the whole run stays under 10 minutes on the 2-core CI box;
// the knobs below are passed to the children (an explicitly set variable wins):
//   BENCH_OUTAGE_SECONDS   load per outage phase, default 20 (the issue suggests 60)
//   BENCH_STARTUP_RUNS     start-up runs per variant, default 9
//   BENCH_HTTP_SECONDS / BENCH_HTTP_ROUNDS / BENCH_HTTP_CONNECTIONS / BENCH_HTTP_RATE: bench/http.mjs
//   (8 s × 3, at full speed and at 2000 req/s)
//   BENCH_LOGGING_ROUNDS / BENCH_LOGGING_LINES, BENCH_IDEMPOTENCY_ROUNDS /
//   BENCH_IDEMPOTENCY_REQUESTS, BENCH_OUTAGE_SEGMENT_SECONDS, BENCH_OUTAGE_CONNECTIONS: the
//   scripts' own defaults unless set
//   BENCH_TIMEOUT_SECONDS  per-benchmark wall-clock limit, default 240, raised automatically for
//   outage/http when their durations are raised (then it is killed and recorded as failed)
// Exit code 1 when a benchmark failed (the report is written anyway); missing scripts are listed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine, round } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPORT = 'BENCHMARKS.md';

/** The benchmarks in the order they run; any other `bench/*.mjs` script runs after them. */
const KNOWN = ['startup', 'http', 'logging', 'redaction', 'idempotency', 'dependency', 'outage'];
const NOT_BENCHES = new Set(['lib', 'run-all']);

const DEFAULT_ENV = { BENCH_OUTAGE_SECONDS: '20', BENCH_STARTUP_RUNS: '9' };
const KNOBS = [
  'BENCH_STARTUP_RUNS',
  'BENCH_HTTP_SECONDS',
  'BENCH_HTTP_ROUNDS',
  'BENCH_HTTP_CONNECTIONS',
  'BENCH_HTTP_RATE',
  'BENCH_HTTP_PIN',
  'BENCH_LOGGING_ROUNDS',
  'BENCH_LOGGING_LINES',
  'BENCH_IDEMPOTENCY_ROUNDS',
  'BENCH_IDEMPOTENCY_REQUESTS',
  'BENCH_OUTAGE_SECONDS',
  'BENCH_OUTAGE_SEGMENT_SECONDS',
  'BENCH_OUTAGE_CONNECTIONS',
  'SIGHTLINE_BENCH_REDIS_URL',
];
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_SECONDS || 240) * 1000;

/** The wall-clock limit of one benchmark: the default, or more when its durations were raised. */
function timeoutFor(name, env) {
  let expectedSeconds = 0;
  if (name === 'outage') expectedSeconds = 3 * Number(env.BENCH_OUTAGE_SECONDS || 20) + 80;
  if (name === 'http') {
    expectedSeconds =
      4 * Number(env.BENCH_HTTP_ROUNDS || 3) * (2 * Number(env.BENCH_HTTP_SECONDS || 8) + 3) + 30;
  }
  return Math.max(TIMEOUT_MS, expectedSeconds * 1.5 * 1000);
}

/** What each benchmark compares and how; the script's own header comment is quoted below it. */
const METHOD = {
  startup:
    'Spawn → listening → exit of a small Hono app: alone, with `--import sightline/register`, and with ' +
    '`--import @opentelemetry/auto-instrumentations-node/register`; variants interleaved, median of ' +
    '`BENCH_STARTUP_RUNS` runs each. The app runs from a folder of its own whose node_modules holds only ' +
    'hono, @hono/node-server, sightline and auto-instrumentations-node. Overhead = variant − app alone; ' +
    'ratio = Sightline overhead / stock overhead. Two reference rows: the same preload run from this ' +
    "repository (where our devDependencies' ioredis and @grpc/grpc-js make it load their contrib " +
    "instrumentations), and the preload's CommonJS dependencies alone (the same files required in the " +
    'same order, none of our code): the floor under any preload with this contract.',
  http:
    'Requests/s and p50/p99 with autocannon on loopback (`BENCH_HTTP_CONNECTIONS` connections, ' +
    '`BENCH_HTTP_SECONDS` s per variant after a warm-up) against the same route: bare Hono, the ' +
    'hand-assembled OTel alternative, and Sightline, both exporting OTLP to the same local sink, plus a ' +
    'calibration (bare Hono whose handler spins `BENCH_HTTP_BUSY_MICROS` µs); variants interleaved, ' +
    "median of `BENCH_HTTP_ROUNDS` rounds, printed as ratios. CPU µs/req is the server process's " +
    'user+system time (all threads) over the measured window divided by the requests served; loop busy is ' +
    "the main thread's event-loop utilisation (`performance.eventLoopUtilization()`) over the same window, " +
    'and loop µs/req its busy time per request (work moved off the main thread leaves it). A second ' +
    'window per variant offers the same `BENCH_HTTP_RATE` req/s (default 2000) to every variant: CPU ' +
    'per request and p99 at equal load, steadier than at full speed. Where `taskset` and two CPUs exist, ' +
    'each server runs on CPU 1 and autocannon with the sink on CPU 0 (`BENCH_HTTP_PIN=0` turns that off).',
  logging:
    'Lines/s of plain winston (JSON to a null stream) vs the Sightline logger (correlation + redaction + ' +
    'OTel transport into a batch processor with a no-op exporter), same process, variants interleaved per ' +
    "round, median of the rounds. The CPU-time row divides, round by round, the two variants' CPU time " +
    '(process user + system) per line and takes the median of those ratios: on a shared host it does ' +
    'not count time other processes took.',
  redaction:
    'Time per typical log record (10 fields, 2 secrets) vs a JSON round-trip of the same record, and ' +
    'ms per adversarial MiB, 64 KiB → 1 MiB growth; medians of repeated runs inside one process.',
  idempotency:
    'Per-request overhead of the idempotency middleware (claim+complete with a new key, replay of the ' +
    'same key), memory store vs Redis, against the same Hono handler without it via `app.request()`; ' +
    'variants interleaved per round, medians.',
  dependency:
    'Overhead of a dependency’s policies (timeout + breaker, + retry for idempotent calls, duration ' +
    'histogram) around a successful in-process async call vs the bare call; median of rounds.',
  outage:
    'Three copies of the preloaded demo service side by side — collector up, OTLP port closed, collector ' +
    'hanging — with autocannon load (10 connections, `GET /users/1`) alternating between them in 2 s ' +
    'segments, `BENCH_OUTAGE_SECONDS` of load each; p50/p99 of every response, RSS after warm-up and at ' +
    'the end, the SDK’s rate-limited export-failure warnings, then SIGTERM: time to exit and exit code. ' +
    'Plus two "collector comes back" runs (503 → 200, closed port → receiver starts). The local ' +
    'receiver of the collector-up run decodes every export on the same two cores, so the baseline pays ' +
    'for a working export pipeline; that is why the outage runs can come out faster than it.',
};

// ---------------------------------------------------------------------------------------------

function benchList() {
  const found = readdirSync(new URL('.', import.meta.url))
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => file.slice(0, -'.mjs'.length))
    .filter((name) => !NOT_BENCHES.has(name));
  const all = [...KNOWN, ...found.filter((name) => !KNOWN.includes(name)).sort()];
  const wanted = process.argv.slice(2);
  return wanted.length > 0 ? all.filter((name) => wanted.includes(name)) : all;
}

/** The script's leading `//` comment block (after the shebang), as the method in its own words. */
function headerComment(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const comment = [];
  for (const line of lines) {
    if (line.startsWith('#!')) continue;
    if (!line.startsWith('//')) break;
    comment.push(line.replace(/^\/\/ ?/, ''));
  }
  return comment.join(' ').replace(/\s+/g, ' ').trim();
}

/** Finds the result: the last `BENCH_RESULT {json}` line, else the last JSON line naming a bench. */
function parseResult(stdout) {
  const lines = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    const json = line.startsWith('BENCH_RESULT ') ? line.slice('BENCH_RESULT '.length) : line;
    if (!json.startsWith('{')) continue;
    try {
      const value = JSON.parse(json);
      if (value && typeof value === 'object' && (value.bench || value.name)) {
        return { value, line: lines[i] };
      }
    } catch {
      // not JSON
    }
  }
  return undefined;
}

/** Runs one script, streaming its output; resolves with what it printed and how it ended. */
function runBench(name, env) {
  const timeoutMs = timeoutFor(name, env);
  return new Promise((resolve) => {
    const started = performance.now();
    // Its own process group, so a timeout also ends the services a benchmark started.
    const child = spawn(process.execPath, [`bench/${name}.mjs`], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        timedOut,
        seconds: (performance.now() - started) / 1000,
        stdout,
        stderr,
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Summary rows: { figure, peer, ratio, goal, met } per headline number of each benchmark.

const num = (value, digits = 2) => (typeof value === 'number' ? round(value, digits) : '—');
const times = (value, digits = 2) => (typeof value === 'number' ? `${round(value, digits)}×` : '—');

const SUMMARIES = {
  startup: (r) => [
    {
      figure: `Sightline start-up overhead ${num(r.sightlineOverheadMs, 1)} ms`,
      peer: `auto-instrumentations-node ${num(r.stockOverheadMs, 1)} ms (app alone ${num(r.baseMs, 1)} ms)`,
      ratio: times(r.ratio, 3),
      goal: '≤ 0.333×',
      met: r.met,
    },
  ],
  http: (r) => [
    {
      figure: `Sightline p99 ${r.sightlineP99} ms (${r.sightlineRps} req/s)`,
      peer: `hand-assembled OTel p99 ${r.alternativeP99} ms (${r.alternativeRps} req/s)`,
      ratio: times(r.alternativeP99 > 0 ? r.sightlineP99 / r.alternativeP99 : undefined),
      goal: '≤ 1× (p99)',
      met: typeof r.sightlineP99 === 'number' ? r.sightlineP99 <= r.alternativeP99 : undefined,
    },
    {
      figure: `Sightline telemetry CPU ${num(r.sightlineCpuMicrosPerRequest - r.bareCpuMicrosPerRequest, 1)} µs/req above bare`,
      peer: `hand-assembled ${num(r.alternativeCpuMicrosPerRequest - r.bareCpuMicrosPerRequest, 1)} µs/req above bare (bare ${r.bareCpuMicrosPerRequest} µs)`,
      ratio: times(r.sightlineCostVsAlternative),
      goal: '≤ 0.5×',
      met:
        typeof r.sightlineCostVsAlternative === 'number'
          ? r.sightlineCostVsAlternative <= 0.5
          : undefined,
    },
    {
      figure: `at ${r.pacedRate} req/s each: Sightline telemetry CPU ${num(r.sightlinePacedCpuMicrosPerRequest - r.barePacedCpuMicrosPerRequest, 1)} µs/req above bare, p99 ${r.sightlinePacedP99} ms`,
      peer: `hand-assembled ${num(r.alternativePacedCpuMicrosPerRequest - r.barePacedCpuMicrosPerRequest, 1)} µs/req above bare, p99 ${r.alternativePacedP99} ms`,
      ratio: times(r.sightlinePacedCostVsAlternative),
      goal: '≤ 0.5× (equal load)',
      met:
        typeof r.sightlinePacedCostVsAlternative === 'number'
          ? r.sightlinePacedCostVsAlternative <= 0.5
          : undefined,
    },
  ],
  logging: (r) => [
    {
      figure: `Sightline logger ${r.sightlineLinesPerSec} lines/s`,
      peer: `plain winston ${r.plainWinstonLinesPerSec} lines/s`,
      ratio: times(r.ratio),
      goal: `≥ ${r.goal ?? 0.7}×`,
      met: typeof r.ratio === 'number' ? r.ratio >= (r.goal ?? 0.7) : undefined,
    },
    {
      figure: `Sightline logger ${r.sightlineLinesPerSec} lines/s`,
      peer: `plain winston + OTel transport ${r.plainWinstonWithOtelTransportLinesPerSec} lines/s`,
      ratio: times(r.ratioVsPlainWithOtelTransport),
      goal: '≥ 1.2×',
      met:
        typeof r.ratioVsPlainWithOtelTransport === 'number'
          ? r.ratioVsPlainWithOtelTransport >= 1.2
          : undefined,
    },
    {
      figure: 'Sightline logger, CPU time per line',
      peer: 'plain winston + OTel transport, same round',
      ratio: times(r.cpuRatioVsPlainWithOtelTransport),
      goal: '≥ 1.2×',
      met:
        typeof r.cpuRatioVsPlainWithOtelTransport === 'number'
          ? r.cpuRatioVsPlainWithOtelTransport >= 1.2
          : undefined,
    },
  ],
  redaction: (r) => [
    {
      figure: `${num(r.usPerRecord, 3)} µs per typical record`,
      peer: `JSON round-trip ${num(r.baselineUsPerRecord, 3)} µs`,
      ratio: times(r.ratioToBaseline),
      goal: '< 5 µs/record',
      met: r.usPerRecord < 5,
    },
    {
      figure: `${num(r.adversarialMsPerMiB)} ms per adversarial MiB (worst: ${r.adversarialWorstInput})`,
      peer: '—',
      ratio: '—',
      goal: '< 50 ms/MiB',
      met: r.adversarialMsPerMiB < 50,
    },
    {
      figure: `time per byte, 1 MiB vs 64 KiB`,
      peer: '64 KiB input',
      ratio: times(r.growthRatio64KiBTo1MiB),
      goal: 'linear (< 2×)',
      met: r.growthRatio64KiBTo1MiB < 2,
    },
  ],
  idempotency: (r) => {
    const base = r.baselineMedian;
    const row = (label, overhead) => ({
      figure:
        overhead === null || overhead === undefined
          ? `${label}: not run (no Redis)`
          : `${label} +${overhead} µs/request`,
      peer: `handler alone ${base} µs/request`,
      ratio: typeof overhead === 'number' ? times((base + overhead) / base) : '—',
      goal: '— (figure only)',
      met: undefined,
    });
    return [
      row('memory claim+complete', r.memory?.claimCompleteOverhead),
      row('memory replay', r.memory?.replayOverhead),
      row('Redis claim+complete', r.redis?.claimCompleteOverhead),
      row('Redis replay', r.redis?.replayOverhead),
    ];
  },
  dependency: (r) => [
    {
      figure: `call() policies +${num(r.policy_overhead_us, 3)} µs/call`,
      peer: `bare call ${num(r.bare_us, 3)} µs`,
      // A ratio against a ~40 ns no-op call says nothing: absolute µs only.
      ratio: '—',
      goal: '— (figure only)',
      met: undefined,
    },
    {
      figure: `call({ idempotent: true }) +${num(r.policy_with_retry_overhead_us, 3)} µs/call`,
      peer: `bare call ${num(r.bare_us, 3)} µs`,
      // A ratio against a ~40 ns no-op call says nothing: absolute µs only.
      ratio: '—',
      goal: '— (figure only)',
      met: undefined,
    },
  ],
  outage: (r) => [
    ...['closed', 'hang'].map((kind) => ({
      figure: `p99 ${num(r[kind]?.p99Ms)} ms, ${kind === 'closed' ? 'OTLP port closed' : 'collector hanging'}`,
      peer: `collector up ${num(r.up?.p99Ms)} ms`,
      ratio: times(r[kind]?.p99Ratio),
      goal: '≤ 1.1×',
      met: r[kind]?.met?.p99,
    })),
    {
      figure: `RSS growth ${num(r.closed?.rssGrowthMiB, 1)} / ${num(r.hang?.rssGrowthMiB, 1)} MiB (closed / hanging) over ${r.seconds} s`,
      peer: `collector up ${num(r.up?.rssGrowthMiB, 1)} MiB`,
      ratio: '—',
      goal: '< 50 MB',
      met: r.met?.rss,
    },
    {
      figure: `export-failure warnings ${r.closed?.warnings} / ${r.hang?.warnings} (closed / hanging)`,
      peer: `allowed ${r.closed?.warningsAllowed} / ${r.hang?.warningsAllowed}`,
      ratio: '—',
      goal: '≤ 1 per 30 s',
      met: r.met?.warnings,
    },
    {
      figure: `exit after SIGTERM ${r.closed?.exitMs} / ${r.hang?.exitMs} ms (closed / hanging), code ${r.hang?.exitCode}`,
      peer: `collector up ${r.up?.exitMs} ms`,
      ratio: '—',
      goal: `≤ ${r.shutdownBoundMs} ms bound + ${r.exitAllowanceMs} ms`,
      met: r.met?.exit,
    },
    {
      figure: `export resumes when the collector comes back (503→200, closed→up): ${r.comeback?.fromError} / ${r.comeback?.fromClosed}`,
      peer: '—',
      ratio: '—',
      goal: 'without restart',
      met: r.met?.comeback,
    },
  ],
};

/** Rows for a benchmark this script does not know: its `ratio`, `goal` and `met`, if any. */
function genericSummary(r) {
  const ratios = Object.entries(r).filter(
    ([key, value]) => /ratio/i.test(key) && typeof value === 'number',
  );
  const met =
    typeof r.met === 'object' && r.met !== null ? Object.values(r.met).every(Boolean) : r.met;
  if (ratios.length === 0) {
    return [{ figure: 'see section', peer: '—', ratio: '—', goal: String(r.goal ?? '—'), met }];
  }
  return ratios.map(([key, value], index) => ({
    figure: key,
    peer: '—',
    ratio: times(value, 3),
    goal: index === 0 ? String(r.goal ?? '—') : '—',
    met: index === 0 ? met : undefined,
  }));
}

function summarize(name, result) {
  try {
    return (SUMMARIES[name] ?? genericSummary)(result);
  } catch (error) {
    return [
      {
        figure: `unreadable result (${error.message})`,
        peer: '—',
        ratio: '—',
        goal: '—',
        met: undefined,
      },
    ];
  }
}

const metCell = (met) => (met === true ? 'yes' : met === false ? '**no**' : '—');
const cell = (value) => String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');

// ---------------------------------------------------------------------------------------------

function gitRevision() {
  try {
    const revision = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return `${revision}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

function report({ startedAt, totalSeconds, runs, env }) {
  const out = [];
  out.push('# Benchmarks', '');
  out.push('Generated by `npm run bench` (`node bench/run-all.mjs`); do not edit by hand.', '');
  out.push(`- **Date:** ${startedAt.toISOString()}`);
  out.push(`- **Machine:** ${machine()}`);
  out.push(
    `- **Command:** \`npm run bench\`${process.argv.length > 2 ? ` (subset: \`${process.argv.slice(2).join(' ')}\`)` : ''}`,
  );
  out.push(`- **Revision:** ${gitRevision()}`);
  out.push(
    `- **Total run time:** ${round(totalSeconds / 60, 1)} min (${Math.round(totalSeconds)} s)`,
  );
  const knobs = KNOBS.filter((key) => env[key] !== undefined).map(
    (key) => `\`${key}=${env[key]}\``,
  );
  out.push(
    `- **Settings passed to the scripts:** ${knobs.length ? knobs.join(', ') : 'the scripts’ defaults'}`,
  );
  out.push(
    '- **Knobs:** `BENCH_OUTAGE_SECONDS` (default 20; the issue suggests 60), `BENCH_STARTUP_RUNS`, ' +
      '`BENCH_HTTP_SECONDS`/`_ROUNDS`/`_CONNECTIONS`/`_RATE`, `BENCH_LOGGING_ROUNDS`/`_LINES`, ' +
      '`BENCH_IDEMPOTENCY_ROUNDS`/`_REQUESTS`, `BENCH_TIMEOUT_SECONDS` (see `bench/run-all.mjs`); ' +
      '`npm run bench -- outage` runs one benchmark.',
  );
  out.push('');
  out.push(
    '> **Noise.** These figures come from a shared 2-core machine on which other work (tests, builds) ' +
      'may run at the same time. Each benchmark compares its variants side by side in the same run ' +
      '(interleaved where the script allows), so the ratios are more trustworthy than the absolute ' +
      'numbers; expect run-to-run swings of 10–30 % in absolute figures and in tail latency.',
  );
  out.push('');
  out.push('## Summary', '');
  out.push('| benchmark | figure | peer | ratio | goal | met? |');
  out.push('| --- | --- | --- | --- | --- | --- |');
  for (const run of runs) {
    if (run.status !== 'ok') {
      out.push(
        `| ${run.name} | ${cell(run.status === 'missing' ? 'missing (no script)' : `failed: ${run.reason}`)} | — | — | — | — |`,
      );
      continue;
    }
    for (const row of summarize(run.name, run.result)) {
      out.push(
        `| ${run.name} | ${cell(row.figure)} | ${cell(row.peer)} | ${cell(row.ratio)} | ${cell(row.goal)} | ${metCell(row.met)} |`,
      );
    }
  }
  out.push('');
  for (const run of runs) {
    out.push(`## ${run.name}`, '');
    if (run.status === 'missing') {
      out.push(`Missing: \`bench/${run.name}.mjs\` does not exist yet.`, '');
      continue;
    }
    out.push(
      `\`npm run bench:${run.name}\` — ${run.status === 'ok' ? 'completed' : `**failed** (${run.reason})`} in ${Math.round(run.seconds)} s.`,
      '',
    );
    if (METHOD[run.name]) out.push(`**Method.** ${METHOD[run.name]}`, '');
    else if (run.header) out.push(`**Method (from the script).** ${run.header}`, '');
    const shown = run.stdout
      .split('\n')
      .filter((line) => line.trim() !== (run.resultLine ?? '\u0000'))
      .join('\n')
      .trimEnd();
    out.push('```text', shown || '(no output)', '```', '');
    if (run.status !== 'ok' && run.stderr.trim()) {
      out.push(
        'stderr (last 40 lines):',
        '',
        '```text',
        run.stderr.trimEnd().split('\n').slice(-40).join('\n'),
        '```',
        '',
      );
    }
    if (run.result) {
      out.push(
        '<details><summary>machine-readable result</summary>',
        '',
        '```json',
        JSON.stringify(run.result, null, 2),
        '```',
        '',
        '</details>',
        '',
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

async function main() {
  const startedAt = new Date();
  const started = performance.now();
  const env = { ...DEFAULT_ENV, ...process.env };
  const runs = [];
  for (const name of benchList()) {
    const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
    if (!existsSync(file)) {
      process.stdout.write(`\n=== ${name}: missing (bench/${name}.mjs) ===\n`);
      runs.push({ name, status: 'missing' });
      continue;
    }
    process.stdout.write(`\n=== ${name}: node bench/${name}.mjs ===\n`);
    const run = await runBench(name, env);
    const parsed = parseResult(run.stdout);
    let status = 'ok';
    let reason;
    if (run.timedOut)
      [status, reason] = ['failed', `killed after the ${timeoutFor(name, env) / 1000} s limit`];
    else if (run.code !== 0) [status, reason] = ['failed', `exit code ${run.code ?? run.signal}`];
    else if (!parsed)
      [status, reason] = ['failed', 'no result line (BENCH_RESULT or JSON with bench/name)'];
    runs.push({
      name,
      status,
      reason,
      seconds: run.seconds,
      stdout: run.stdout,
      stderr: run.stderr,
      result: parsed?.value,
      resultLine: parsed?.line,
      header: headerComment(file),
    });
    process.stdout.write(
      `=== ${name}: ${status === 'ok' ? 'ok' : `FAILED (${reason})`} in ${Math.round(run.seconds)} s ===\n`,
    );
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const reportUrl = new URL(`../${REPORT}`, import.meta.url);
  writeFileSync(reportUrl, report({ startedAt, totalSeconds, runs, env }));
  const failed = runs.filter((run) => run.status === 'failed').map((run) => run.name);
  const missing = runs.filter((run) => run.status === 'missing').map((run) => run.name);
  process.stdout.write(
    `\nwrote ${REPORT} in ${Math.round(totalSeconds)} s` +
      (failed.length ? `; failed: ${failed.join(', ')}` : '') +
      (missing.length ? `; missing: ${missing.join(', ')}` : '') +
      '\n',
  );
  process.exitCode = failed.length ? 1 : 0;
}

await main();

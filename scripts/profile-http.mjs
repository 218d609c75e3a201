// Where bench:http's CPU goes, per request: profiles bare Hono, the hand-assembled alternative and
// Sightline under the same load (`--cpu-prof`, 10 connections), attributes each sample to the
// nearest JavaScript frame (so a system call counts for the code that made it), groups frames into
// the parts of the telemetry contract, and prints µs per request side by side.
//   node scripts/profile-http.mjs [checkout] [out-dir]
// `checkout` (default: this one) needs node_modules and a built dist/; profiling slows everything
// down ~2×, so compare the columns with each other, not with bench:http's absolute figures.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const dir = resolve(process.argv[2] ?? '.');
const out = resolve(process.argv[3] ?? join(dir, '.profile-http'));
const VARIANTS = {
  bare: { script: 'bench/fixtures/http-bare.mjs', preload: [] },
  alternative: {
    script: 'bench/fixtures/http-alternative.mjs',
    preload: ['--import', './bench/fixtures/http-alternative-telemetry.mjs'],
  },
  sightline: {
    script: 'bench/fixtures/http-sightline.mjs',
    preload: ['--import', 'sightline/register'],
  },
};
// First match wins: the contract's parts, by the file a sample's nearest JS frame is in (for our
// bundled dist/, the source file its source map names).
const PARTS = [
  ['OTLP serialisation', /otlp-transformer/],
  ['export (HTTP client, retries)', /otlp-exporter-base|lazy-exporters|exporter-/],
  [
    'request log line',
    /winston|logform|safe-stable-stringify|sdk-logs|api-logs|core\/logging|readable-stream/,
  ],
  ['redaction', /core\/redaction|redacting-/],
  [
    'span (SDK, context, http instrumentation)',
    /sdk-trace|context-async-hooks|instrumentation|@opentelemetry\/(api|core)\/|hono\/otel|require-in-the-middle/,
  ],
  ['metrics', /sdk-metrics|process-metrics/],
  ['Sightline request lifecycle and adapter', /src\/(core|adapters|sdk)\//],
  ['response write (@hono/node-server)', /@hono\/node-server/],
  ['routing (hono)', /node_modules\/hono\//],
  ['garbage collector', /^\(garbage collector\)$/],
];
const IDLE = new Set(['(idle)', '(program)']);
/** A bundle file's URL → its parsed source map (undefined when it has none). */
const sourceMaps = new Map();

// OTLP bytes received per signal while a variant is measured (what its telemetry amounted to).
let received = {};
let counting = false;
const sink = createServer((request, response) => {
  request.on('data', (chunk) => {
    if (counting) received[request.url] = (received[request.url] ?? 0) + chunk.length;
  });
  request.on('end', () => response.end());
});
await new Promise((done) => sink.listen(0, '127.0.0.1', done));
rmSync(out, { recursive: true, force: true });

const results = {};
for (const [name, variant] of Object.entries(VARIANTS)) {
  const profileDir = join(out, name);
  mkdirSync(profileDir, { recursive: true });
  const window = await profileVariant(variant, profileDir);
  results[name] = attribute(readProfile(profileDir), window);
}
sink.close();
printTable(results);

async function profileVariant({ script, preload }, profileDir) {
  const child = fork(script, [], {
    cwd: dir,
    execArgv: [...preload, '--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.address().port}`,
      OTEL_LOG_LEVEL: 'error',
      OTEL_SERVICE_NAME: 'profile',
      SIGHTLINE_BENCH_EXIT_ON_SIGINT: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [{ port }] = await once(child, 'message');
  const url = `http://127.0.0.1:${port}/users/42`;
  await autocannon({ url, connections: 10, duration: 2 });
  // V8 stamps samples with the monotonic clock in µs, as hrtime reads it: keep only the window
  // of the measured load (not start-up, warm-up or exit).
  const from = Number(process.hrtime.bigint() / 1000n);
  received = {};
  counting = true;
  const measured = await autocannon({ url, connections: 10, duration: 6 });
  counting = false;
  const to = Number(process.hrtime.bigint() / 1000n);
  child.kill('SIGINT');
  await once(child, 'exit');
  const requests = measured.requests.total;
  const perRequest = Object.entries(received).map(
    ([path, bytes]) => `${path} ${Math.round(bytes / requests)} B`,
  );
  console.log(
    `${script}: ${requests} requests; OTLP per request: ${perRequest.join(', ') || 'none'}`,
  );
  return { requests, from, to };
}

function readProfile(profileDir) {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${profileDir}`);
  return JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
}

// µs per request by part; node internals count for the nearest JS frame that called them.
function attribute(profile, { requests, from, to }) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node);
  const parts = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    at += micros;
    if (at < from || at > to) return;
    const leaf = byId.get(id);
    if (IDLE.has(leaf.callFrame.functionName)) return;
    let node = leaf;
    while (node && (!node.callFrame.url || node.callFrame.url.startsWith('node:')))
      node = parent.get(node.id);
    const where = node ? sourceOf(node.callFrame) : leaf.callFrame.functionName;
    const part = PARTS.find(([, pattern]) => pattern.test(where))?.[0] ?? 'other';
    parts.set(part, (parts.get(part) ?? 0) + micros);
  });
  return Object.fromEntries([...parts].map(([part, micros]) => [part, micros / requests]));
}

/** The original file of a frame in our bundle (its chunk's source map), else the frame's URL. */
function sourceOf({ url, lineNumber, columnNumber }) {
  if (!url.includes('/dist/')) return url;
  if (!sourceMaps.has(url)) {
    let map;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    sourceMaps.set(url, map);
  }
  return sourceMaps.get(url)?.findEntry(lineNumber, columnNumber)?.originalSource ?? url;
}

function printTable(byVariant) {
  const names = Object.keys(byVariant);
  const parts = [...PARTS.map(([part]) => part), 'other'];
  const rows = [['µs per request (sampled, profiler on)', ...names]];
  for (const part of parts)
    rows.push([part, ...names.map((n) => (byVariant[n][part] ?? 0).toFixed(1))]);
  const total = (n) => Object.values(byVariant[n]).reduce((sum, value) => sum + value, 0);
  rows.push(['total busy', ...names.map((n) => total(n).toFixed(1))]);
  rows.push(['above bare', ...names.map((n) => (total(n) - total('bare')).toFixed(1))]);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, column) =>
          column ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
        )
        .join('  '),
    );
}

#!/usr/bin/env node
// `npm run demo`: the main job without Docker. Starts the local OTLP receiver, runs the demo
// service preloaded against it, sends one request per scenario and prints each trace as a
// terminal waterfall with its correlated log lines and the problem body underneath.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { renderTrace, startReceiver } from 'sightline/dev';

const root = fileURLToPath(new URL('../..', import.meta.url));
const color = process.stdout.isTTY;
const out = (text = '') => process.stdout.write(`${text}\n`);

const scenarios = [
  { title: 'Found a user', method: 'GET', path: '/users/1' },
  { title: 'Unknown user → 404 UserNotFoundError', method: 'GET', path: '/users/42' },
  {
    title: 'Create a user → 201',
    method: 'POST',
    path: '/users',
    body: { name: 'Grace Hopper', email: 'grace@example.com', password: 'correct horse' },
  },
  {
    title: 'Invalid payload → 400 with per-field errors',
    method: 'POST',
    path: '/users',
    body: { name: '', email: 42 },
  },
  {
    title: 'Bad email format → 400 InvalidEmailFormatError',
    method: 'POST',
    path: '/users',
    body: { name: 'Eve', email: 'eve-at-example' },
  },
  {
    title: 'Duplicate email → 422 DuplicateEmailError',
    method: 'POST',
    path: '/users',
    body: { name: 'Ada', email: 'ada@example.com' },
  },
  { title: 'Malformed JSON → 400', method: 'POST', path: '/users', raw: '{"name": ' },
  { title: 'Unhandled error → 500, internals hidden', method: 'GET', path: '/boom' },
  {
    title: 'Failing upstream → 502 ExternalServiceError (retried)',
    method: 'GET',
    path: '/upstream?mode=fail',
  },
  {
    title: 'Payment with Idempotency-Key → 201',
    method: 'POST',
    path: '/payments',
    body: { amount: 1999 },
    headers: { 'idempotency-key': '"demo-payment-1"' },
  },
  {
    title: 'Same key again → replayed',
    method: 'POST',
    path: '/payments',
    body: { amount: 1999 },
    headers: { 'idempotency-key': '"demo-payment-1"' },
  },
  {
    title: 'Same key, other payload → 422',
    method: 'POST',
    path: '/payments',
    body: { amount: 5 },
    headers: { 'idempotency-key': '"demo-payment-1"' },
  },
  { title: 'No route → 404 about:blank', method: 'GET', path: '/nowhere?token=secret-token' },
  { title: 'Readiness', method: 'GET', path: '/readyz' },
];

const receiver = await startReceiver({ port: 0, file: '.sightline/telemetry.jsonl' });
out(`OTLP receiver on ${receiver.url} (records appended to .sightline/telemetry.jsonl)`);

const service = spawn(
  process.execPath,
  ['--import', 'sightline/register', 'examples/hono-app/server.mjs'],
  {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      OTEL_SERVICE_NAME: 'sightline-demo',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let stdout = '';
service.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));

try {
  const port = await waitForPort();
  out(`demo service on http://127.0.0.1:${port}\n`);
  for (const scenario of scenarios) await run(port, scenario);
  const metric = await receiver.waitForMetric('http.server.request.duration', { timeoutMs: 5_000 });
  const routes = new Set(
    metric.dataPoints.map((point) => point.attributes['http.route']).filter(Boolean),
  );
  out(`metrics: http.server.request.duration by http.route → ${[...routes].sort().join(', ')}`);
  out(
    `received ${receiver.spans.length} spans, ${receiver.logs.length} log records, ${receiver.metrics.length} metric series`,
  );
} finally {
  service.kill('SIGTERM');
  await new Promise((resolve) => service.once('exit', resolve));
  await receiver.close();
}

async function waitForPort() {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const match = /"message":"demo service listening"[^\n]*"port":(\d+)/.exec(stdout);
    if (match) return Number(match[1]);
    if (service.exitCode !== null) throw new Error('the demo service exited during start-up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the demo service did not start within 20 s');
}

async function run(port, { title, method, path, body, raw, headers = {} }) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined || raw !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = raw ?? JSON.stringify(body);
  }
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  const text = await response.text();
  const traceId = response.headers.get('x-trace-id');
  out(
    `${bold(`▶ ${title}`)}\n  ${method} ${path} → ${response.status}${response.headers.get('idempotent-replayed') ? ' (Idempotent-Replayed: true)' : ''}`,
  );
  if (traceId && response.headers.get('traceparent')?.endsWith('-01')) {
    // Complete when the server span and the request's own log line have arrived (the first
    // export of each signal also loads its exporter, so it can lag the span by a while).
    const spans = await receiver
      .waitFor(
        (r) => {
          const trace = r.spans.filter((span) => span.traceId === traceId);
          const logged = r.logs.some((log) => log.traceId === traceId && isRequestLine(log));
          return logged && trace.some((span) => span.kind === 'SERVER') ? trace : undefined;
        },
        { timeoutMs: 5_000 },
      )
      .catch(() => []);
    await new Promise((resolve) => setTimeout(resolve, 250)); // late children
    const trace = receiver.spans.filter((span) => span.traceId === traceId);
    const logs = receiver.logs.filter((log) => log.traceId === traceId);
    if (spans.length > 0) out(indent(renderTrace(trace, { logs, color })));
  } else {
    out('  (health checks are never sampled: no trace)');
  }
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    out(indent(JSON.stringify(JSON.parse(text), null, 2)));
  }
  out();
}

function isRequestLine(log) {
  return log.body === 'Request completed' || log.body === 'Request failed';
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function bold(text) {
  return color ? `\u001b[1m${text}\u001b[22m` : text;
}

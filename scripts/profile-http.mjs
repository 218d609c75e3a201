// Profiles the bench:http Sightline fixture of a checkout under load (`--cpu-prof`) and prints the
// sampled CPU µs per request by package/folder. Usage: node scripts/profile-http.mjs <checkout> <out-dir>
// (the checkout needs node_modules and a built dist/; compare two checkouts side by side).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import autocannon from 'autocannon';
const dir = process.argv[2];
const out = process.argv[3];
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const sink = createServer((q, s) => {
  q.resume();
  q.on('end', () => s.end());
});
await new Promise((r) => sink.listen(0, '127.0.0.1', r));
const child = fork('bench/fixtures/http-sightline.mjs', [], {
  cwd: dir,
  execArgv: ['--import', 'sightline/register', '--cpu-prof', `--cpu-prof-dir=${out}`],
  env: {
    ...process.env,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.address().port}`,
    OTEL_LOG_LEVEL: 'error',
    OTEL_SERVICE_NAME: 'p',
  },
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const [{ port }] = await once(child, 'message');
const url = `http://127.0.0.1:${port}/users/42`;
await autocannon({ url, connections: 10, duration: 2 });
const r = await autocannon({ url, connections: 10, duration: 6 });
child.kill('SIGINT');
await once(child, 'exit');
sink.close();
const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(readFileSync(`${out}/${file}`, 'utf8'));
const self = new Map();
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = prof.timeDeltas;
const counts = new Map();
prof.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
let total = 0;
for (const [id, t] of counts) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/')}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + t);
  total += t;
}
const byFile = new Map();
for (const [k, t] of self) {
  // Functions without a script are V8's own: (idle), (program), (garbage collector), natives.
  const [name, where = ''] = k.split(/ (?=[^ ]*$)/);
  const path = where.split(':')[0];
  const file = path ? path.split('/').slice(0, 3).join('/') : name;
  byFile.set(file, (byFile.get(file) ?? 0) + t);
}
console.log(
  'requests',
  r.requests.total,
  'us/req total sampled',
  (total / r.requests.total).toFixed(1),
);
for (const [f, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log((t / r.requests.total).toFixed(2).padStart(7), f);

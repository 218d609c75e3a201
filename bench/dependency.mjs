#!/usr/bin/env node
// Overhead of a dependency's policies (timeout + circuit breaker, and + retry for idempotent
// calls, plus duration histogram) around a successful in-process async call, side by side
// with the bare call, in one run. No SDK registered: the no-op metrics API, as in an app
// without metrics; the policy work itself is the same either way.
// Needs `npm run build` first (imports dist/). Last line of output: one JSON object.
import { dependency } from '../dist/index.js';

const ROUNDS = 7;
const CALLS = 20_000;

const bare = async () => 42;
const plain = dependency('bench-plain', { registerHealthCheck: false });
const retried = dependency('bench-retry', { registerHealthCheck: false });

/** µs per call over `CALLS` sequential awaited calls. */
async function perCall(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / CALLS;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const cases = {
  bare: () => bare(),
  'call()': () => plain.call(bare),
  'call({ idempotent: true })': () => retried.call(bare, { idempotent: true }),
};

// Warm-up (JIT), then interleaved rounds so drift hits every case alike.
for (const fn of Object.values(cases)) await perCall(fn);
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(cases)) samples[name].push(await perCall(fn));
}

const round3 = (n) => Math.round(n * 1_000) / 1_000;
const bareUs = median(samples.bare);
const results = {};
for (const [name, values] of Object.entries(samples)) {
  const us = median(values);
  results[name] = { us_per_call: round3(us), overhead_us: round3(us - bareUs) };
  console.log(
    `${name.padEnd(28)} ${us.toFixed(3).padStart(8)} µs/call   overhead ${(us - bareUs).toFixed(3).padStart(7)} µs`,
  );
}
plain.dispose();
retried.dispose();

console.log(
  JSON.stringify({
    bench: 'dependency',
    node: process.version,
    rounds: ROUNDS,
    calls_per_round: CALLS,
    statistic: 'median of rounds',
    bare_us: round3(bareUs),
    policy_overhead_us: results['call()'].overhead_us,
    policy_with_retry_overhead_us: results['call({ idempotent: true })'].overhead_us,
    results,
  }),
);

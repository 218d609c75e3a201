// Conformance with the OpenTelemetry "SDK environment variables" and "OTLP exporter" pages,
// judged against stock NodeSDK 0.223: for each setting in settings.ts the probe app runs under
// Sightline (`--import ./dist/register.js`) and under NodeSDK (`--import
// ./test/fixtures/conformance/nodesdk-register.mjs`), both exporting to one loopback receiver;
// what arrived is reduced to facts (harness.ts) that must be the same, or differ exactly as a
// documented deliberate difference (differences.ts) says. Child processes run four at a time.
// Uses dist/: run `npm run build` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFFERENCES, type DifferenceId } from './differences.js';
import { runProbe, type Observation, type Runtime } from './harness.js';
import { startReceiver, type Receiver } from './receiver.js';
import { SETTINGS, type Setting } from './settings.js';

const CONCURRENCY = 4;

/** Runs tasks with at most `limit` in flight, in the order they were queued. */
function pool(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

let receiver: Receiver;
const results = new Map<string, Promise<Record<Runtime, Observation>>>();

beforeAll(async () => {
  receiver = await startReceiver();
  const queue = pool(CONCURRENCY);
  SETTINGS.forEach((setting, index) => {
    const run = (runtime: Runtime) =>
      queue(() => runProbe(receiver, runtime, `${index}-${runtime}`, setting.env, setting.probe));
    const both = Promise.all([run('sightline'), run('nodesdk')]).then(([sightline, nodesdk]) => ({
      sightline,
      nodesdk,
    }));
    both.catch(() => {}); // reported by the setting's test
    results.set(setting.name, both);
  });
});

afterAll(async () => {
  // Every run must be over before the receiver goes (a failed test may not have awaited its own).
  await Promise.allSettled(results.values());
  await receiver?.close();
});

function explain(setting: Setting, { sightline, nodesdk }: Record<Runtime, Observation>): string {
  const show = (o: Observation) =>
    `${o.runtime}: ${JSON.stringify(o.facts, null, 1)}\nstderr: ${o.stderr.slice(0, 2_000)}`;
  return `${setting.name}\n${show(sightline)}\n${show(nodesdk)}`;
}

describe('conformance with NodeSDK 0.223', () => {
  it.each(SETTINGS.map((setting) => [setting.name, setting] as const))(
    '%s',
    async (_name, setting) => {
      const observed = await results.get(setting.name)!;
      const { sightline, nodesdk } = observed;
      const context = explain(setting, observed);
      expect(sightline.facts.exit, context).toBe('0');
      expect(nodesdk.facts.exit, context).toBe('0');
      for (const [fact, value] of Object.entries(setting.expect ?? {})) {
        expect(
          sightline.facts[fact as keyof typeof sightline.facts],
          `${fact}\n${context}`,
        ).toEqual(value);
      }
      for (const fact of setting.same) {
        expect(sightline.facts[fact], `${fact} differs\n${context}`).toEqual(nodesdk.facts[fact]);
      }
      for (const expected of setting.differ ?? []) {
        const label = `${expected.fact} (${expected.id}: ${DIFFERENCES[expected.id].what})`;
        expect(sightline.facts[expected.fact], `Sightline ${label}\n${context}`).toEqual(
          expected.sightline,
        );
        expect(nodesdk.facts[expected.fact], `NodeSDK ${label}\n${context}`).toEqual(
          expected.nodesdk,
        );
      }
    },
    120_000,
  );

  it('asserts every documented difference, and each is a real one', () => {
    const asserted = new Set<DifferenceId>();
    for (const setting of SETTINGS) {
      for (const expected of setting.differ ?? []) {
        asserted.add(expected.id);
        expect(expected.sightline, `${setting.name}: ${expected.id}`).not.toEqual(expected.nodesdk);
      }
    }
    expect([...asserted].sort()).toEqual(Object.keys(DIFFERENCES).sort());
    expect(new Set(SETTINGS.map((s) => s.name)).size).toBe(SETTINGS.length);
  });
});

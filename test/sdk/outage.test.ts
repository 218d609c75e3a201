// Collector outages seen from a real preloaded child process: the app keeps answering, export
// failures are reported once per interval (not per batch), shutdown stays bounded with a
// hanging collector, and export resumes by itself when the collector comes back.
// Bounded waits only; no assertion on how fast anything is.
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/dev/index.js';
import { spawnNode, type Child } from '../helpers/child.js';

const APP = 'test/fixtures/outage-app.mjs';
const WARNING = /telemetry export failing/g;

let receiver: Receiver | undefined;
let child: Child | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await receiver?.close();
  receiver = undefined;
});

function start(env: Record<string, string>): Child {
  return spawnNode(APP, ['--import', 'sightline/register'], {
    OTEL_SERVICE_NAME: 'outage-test-app',
    // Short batch delays so the test waits seconds, not the 5 s default, for exports to happen.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OTEL_BLRP_SCHEDULE_DELAY: '200',
    OTEL_METRIC_EXPORT_INTERVAL: '60000',
    ...env,
  });
}

/** Sends `count` concurrent GETs and returns their status codes. */
async function burst(port: number, count: number, path = '/work'): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}?i=${i}`);
      await response.arrayBuffer();
      return response.status;
    }),
  );
}

/** Polls `check` every 50 ms until it is true; throws `what` after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function warnings(stderr: string): number {
  return stderr.match(WARNING)?.length ?? 0;
}

describe('collector outages', () => {
  it('resumes exporting when the collector comes back, without restarting the app', async () => {
    receiver = await startReceiver({ port: 0, mode: 'error' });
    const collector = receiver;
    child = start({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    const app = child;
    const port = await app.listening();

    expect(await burst(port, 10, '/before')).toEqual(Array(10).fill(200));
    // The collector answered 503 to the trace exports: attempted, nothing accepted.
    await until(() => collector.requests.traces > 0, 'a rejected trace export');
    expect(collector.spans).toHaveLength(0);

    collector.setMode('ok');
    expect(await burst(port, 10, '/after')).toEqual(Array(10).fill(200));
    const after = await collector.waitForSpans(
      (span) => span.kind === 'SERVER' && span.attributes['url.path'] === '/after',
      { timeoutMs: 20_000 },
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]?.resource['service.name']).toBe('outage-test-app');

    app.kill('SIGTERM');
    expect(await app.exited(10_000)).toBe(143);
    expect(app.stderr()).not.toMatch(/unhandled/i);
  });

  it('keeps answering with a hanging collector, warns once per interval and exits within the bound', async () => {
    receiver = await startReceiver({ port: 0, mode: 'hang' });
    const collector = receiver;
    child = start({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Each hung export fails after 300 ms, so several fail within the test — one warning only.
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
      // A small queue so the burst also overflows it and drops are counted, not buffered.
      OTEL_BSP_MAX_QUEUE_SIZE: '32',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '16',
      OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '16',
      SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '500',
    });
    const app = child;
    const port = await app.listening();

    expect(await burst(port, 100)).toEqual(Array(100).fill(200));
    await until(() => warnings(app.stderr()) > 0, 'the first export-failure warning');
    // More traffic, more hung and failed exports: still answered, still one warning.
    for (let round = 0; round < 3; round++) {
      expect(await burst(port, 100)).toEqual(Array(100).fill(200));
    }
    await until(() => collector.requests.traces >= 3, 'several hung trace exports');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(warnings(app.stderr())).toBe(1);
    expect(app.stderr()).toMatch(
      /telemetry export failing: \d+ exports? failed since start \(.+\); (no items|\d+ items?) dropped/,
    );

    app.kill('SIGTERM');
    // Not a speed assertion: a generous deadline that an unbounded flush retrying for ever would miss.
    expect(await app.exited(10_000)).toBe(143);
    expect(app.stderr()).not.toMatch(/unhandled/i);
  });
});

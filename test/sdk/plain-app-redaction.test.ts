/**
 * Under the real preload, with an app that never imports Sightline: HTTP is instrumented before
 * the app's first line (the preload loads instrumentation packages before enabling any), and
 * spans, OTLP log records and the app's winston stdout all arrive redacted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/dev/index.js';
import { spawnNode, type Child } from '../helpers/child.js';

const APP = 'test/fixtures/plain-app.mjs';
const SECRETS = ['hunter2', 'abc123', 'jane@example.com'];

let receiver: Receiver;
let child: Child | undefined;

beforeEach(async () => {
  receiver = await startReceiver({ port: 0 });
});
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await receiver.close();
});

describe('an app that never imports Sightline, under the preload', () => {
  it('instruments HTTP before the app loads and exports spans and logs redacted', async () => {
    child = spawnNode(APP, ['--import', './dist/register.js'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_METRICS_EXPORTER: 'none',
    });
    expect(await child.exited(), child.stderr()).toBe(0);
    expect(child.stderr()).toContain('PATCHED true');

    const [job] = await receiver.waitForSpans((span) => span.name === 'job');
    const [server] = await receiver.waitForSpans((span) => span.kind === 'SERVER');
    expect(server?.attributes['url.query']).toBeDefined();
    expect(job?.attributes['app.password']).toBeDefined();
    const [log] = await receiver.waitForLogs(
      (record) => typeof record.body === 'string' && record.body.startsWith('plain login'),
    );
    expect(log?.traceId).toBe(job?.traceId);

    const exported = JSON.stringify(
      { spans: receiver.spans, logs: receiver.logs },
      (_key, value) => (typeof value === 'bigint' ? String(value) : (value as unknown)),
    );
    const stdout = child.stdout();
    expect(stdout).toContain('plain login');
    for (const secret of SECRETS) {
      expect(exported).not.toContain(secret);
      expect(stdout).not.toContain(secret);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { spawnNode, type Child } from '../helpers/child.js';
import { useReceiverAndChild } from '../helpers/receiver-child.js';

const harness = useReceiverAndChild();

function crash(mode: string, env: Record<string, string> = {}): Child {
  return spawnNode('test/fixtures/crash.mjs', ['--import', 'sightline/register'], {
    OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
    CRASH: mode,
    ...env,
  });
}

describe('process-level errors', () => {
  it('records an uncaught exception as critical and unhandled, flushes, and exits 1 like Node', async () => {
    harness.child = crash('uncaught');
    expect(await harness.child.exited()).toBe(1);
    expect(harness.child.stderr()).toContain('Error: boom');
    const logs = await harness.receiver.waitForLogs(
      (log) => log.attributes['app.error.handled'] === false,
    );
    expect(logs[0]?.attributes).toMatchObject({
      'exception.type': 'Error',
      'app.error.severity': 'critical',
    });
    expect(logs[0]?.severityNumber).toBe(21);
    expect(String(logs[0]?.attributes['exception.message'])).not.toContain('hunter2');
    // The span the throw escaped from never ended, so it cannot be exported (OTel semantics);
    // the exception reaches the backend as a log record instead.
  });

  it("leaves the exit to the app's own uncaughtException handler, still recording", async () => {
    harness.child = crash('handled-uncaught');
    expect(await harness.child.exited()).toBe(42);
    expect(harness.child.stdout()).toContain('app handler saw: boom');
  });

  it('records an unhandled rejection and keeps running in the default warn mode', async () => {
    harness.child = crash('rejection');
    expect(await harness.child.exited()).toBe(0);
    expect(harness.child.stdout()).toContain('still running');
    expect(harness.child.stderr()).toContain('unhandled promise rejection recorded');
  });

  it('exits 1 on an unhandled rejection in strict mode, after recording it', async () => {
    harness.child = crash('rejection', { SIGHTLINE_UNHANDLED_REJECTIONS: 'strict' });
    expect(await harness.child.exited()).toBe(1);
    expect(harness.child.stdout()).not.toContain('still running');
    const logs = await harness.receiver.waitForLogs(
      (log) => log.attributes['app.error.handled'] === false,
    );
    expect(String(logs[0]?.body)).not.toContain('abc123');
  });
});

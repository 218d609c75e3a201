import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/dev/index.js';
import { spawnNode, type Child } from '../helpers/child.js';

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

function crash(mode: string, env: Record<string, string> = {}): Child {
  return spawnNode('test/fixtures/crash.mjs', ['--import', 'sightline/register'], {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    CRASH: mode,
    ...env,
  });
}

describe('process-level errors', () => {
  it('records an uncaught exception as critical and unhandled, flushes, and exits 1 like Node', async () => {
    child = crash('uncaught');
    expect(await child.exited()).toBe(1);
    expect(child.stderr()).toContain('Error: boom');
    const logs = await receiver.waitForLogs((log) => log.attributes['app.error.handled'] === false);
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
    child = crash('handled-uncaught');
    expect(await child.exited()).toBe(42);
    expect(child.stdout()).toContain('app handler saw: boom');
  });

  it('records an unhandled rejection and keeps running in the default warn mode', async () => {
    child = crash('rejection');
    expect(await child.exited()).toBe(0);
    expect(child.stdout()).toContain('still running');
    expect(child.stderr()).toContain('unhandled promise rejection recorded');
  });

  it('exits 1 on an unhandled rejection in strict mode, after recording it', async () => {
    child = crash('rejection', { SIGHTLINE_UNHANDLED_REJECTIONS: 'strict' });
    expect(await child.exited()).toBe(1);
    expect(child.stdout()).not.toContain('still running');
    const logs = await receiver.waitForLogs((log) => log.attributes['app.error.handled'] === false);
    expect(String(logs[0]?.body)).not.toContain('abc123');
  });
});

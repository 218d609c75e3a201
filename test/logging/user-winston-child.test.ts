/**
 * An app's own winston logger under the real preload (`node --import ./dist/register.js`,
 * OTLP/HTTP to a loopback receiver): its records reach OTLP exactly once, correlated with the
 * active span and redacted by the process-wide policy, while Sightline's own logger is still
 * exported exactly once (not twice, not re-redacted).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type ReceivedLog } from '../../src/dev/index.js';
import { spawnNode, type Child } from '../helpers/child.js';

const APP = 'test/fixtures/user-winston-app.mjs';

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

async function runApp(
  env: Record<string, string> = {},
  last = 'user outside a span',
): Promise<{
  ids: { traceId: string; spanId: string };
  logs: ReceivedLog[];
  stdout: string;
}> {
  child = spawnNode(APP, ['--import', './dist/register.js'], {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_METRICS_EXPORTER: 'none',
    NODE_ENV: 'production',
    ...env,
  });
  expect(await child.exited(), child.stderr()).toBe(0);
  const idsLine = child
    .stderr()
    .split('\n')
    .find((line) => line.startsWith('IDS '));
  expect(idsLine, child.stderr()).toBeDefined();
  // The last record exported; the SDK flushed everything before the child exited.
  await receiver.waitForLogs((log) => log.body === last);
  return {
    ids: JSON.parse(idsLine!.slice(4)) as { traceId: string; spanId: string },
    logs: [...receiver.logs],
    stdout: child.stdout(),
  };
}

const withBody = (logs: ReceivedLog[], start: string) =>
  logs.filter((log) => typeof log.body === 'string' && log.body.startsWith(start));

describe('a user winston logger under the preload', () => {
  it('exports each record once, correlated and redacted; Sightline lines once too', async () => {
    const { ids, logs, stdout } = await runApp();

    const login = withBody(logs, 'user login');
    expect(login).toHaveLength(1);
    expect(login[0]?.traceId).toBe(ids.traceId);
    expect(login[0]?.spanId).toBe(ids.spanId);
    expect(login[0]?.severityNumber).toBe(9);
    expect(login[0]?.body).toBe('user login password=[REDACTED]');
    expect(login[0]?.attributes['email']).toBe('[EMAIL]');
    expect(login[0]?.attributes['attempt']).toBe(1);

    const warning = withBody(logs, 'user warning');
    expect(warning).toHaveLength(1);
    expect(warning[0]?.attributes['token']).toBe('[REDACTED]');
    expect(warning[0]?.attributes['nested']).toEqual({ password: '[REDACTED]' });

    const outside = withBody(logs, 'user outside a span');
    expect(outside).toHaveLength(1);
    expect(outside[0]?.traceId ?? '').toBe('');

    // Sightline's logger: one record, redacted once (its own marker, no second pass).
    const own = withBody(logs, 'sightline line');
    expect(own).toHaveLength(1);
    expect(own[0]?.traceId).toBe(ids.traceId);
    expect(own[0]?.attributes).toMatchObject({ orderId: 'o-1', contact: '[EMAIL]' });

    const exported = JSON.stringify(logs, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    expect(exported).not.toContain('hunter2');
    expect(exported).not.toContain('jane@example.com');
    expect(exported).not.toContain('abc123');
    expect(logs).toHaveLength(4);

    // The user's own stdout line keeps its format and gains the trace id.
    const userLine = stdout.split('\n').find((line) => line.includes('user login'));
    expect(JSON.parse(userLine!)).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
  });

  it('leaves Sightline alone in charge when the winston instrumentation is disabled', async () => {
    const { logs } = await runApp(
      { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'winston' },
      'sightline line',
    );
    expect(withBody(logs, 'sightline line')).toHaveLength(1);
    expect(withBody(logs, 'user')).toEqual([]);
  });
});

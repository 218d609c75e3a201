/**
 * An app's own winston loggers under the real preload (`node --import ./dist/register.js`,
 * OTLP/HTTP to a loopback receiver): their records reach OTLP exactly once, correlated with the
 * active span and redacted by the process-wide policy — and so do their own stdout and file
 * lines — while Sightline's own logger is still written and exported exactly once (not twice,
 * not re-redacted).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedLog } from '../../src/dev/index.js';
import { spawnNode } from '../helpers/child.js';
import { useReceiverAndChild } from '../helpers/receiver-child.js';

const APP = 'test/fixtures/user-winston-app.mjs';

const SECRETS = ['hunter2', 'jane@example.com', 'abc123'];

const harness = useReceiverAndChild();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sightline-user-winston-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function runApp(
  env: Record<string, string> = {},
  last = 'user outside a span',
): Promise<{
  ids: { traceId: string; spanId: string };
  logs: ReceivedLog[];
  stdout: string;
}> {
  const child = spawnNode(APP, ['--import', './dist/register.js'], {
    OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
    OTEL_METRICS_EXPORTER: 'none',
    NODE_ENV: 'production',
    ...env,
  });
  harness.child = child;
  expect(await child.exited(), child.stderr()).toBe(0);
  const idsLine = child
    .stderr()
    .split('\n')
    .find((line) => line.startsWith('IDS '));
  expect(idsLine, child.stderr()).toBeDefined();
  // The last record exported; the SDK flushed everything before the child exited.
  await harness.receiver.waitForLogs((log) => log.body === last);
  return {
    ids: JSON.parse(idsLine!.slice(4)) as { traceId: string; spanId: string },
    logs: [...harness.receiver.logs],
    stdout: child.stdout(),
  };
}

const withBody = (logs: ReceivedLog[], start: string) =>
  logs.filter((log) => typeof log.body === 'string' && log.body.startsWith(start));

/** The JSON lines of `text` whose message starts with `start`. */
const linesOf = (text: string, start: string) =>
  text
    .split('\n')
    .filter((line) => line.includes(`"message":"${start}`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

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
    for (const secret of SECRETS) expect(exported).not.toContain(secret);
    expect(logs).toHaveLength(6);

    // The user's own stdout line keeps its format and gains the trace id.
    const userLine = stdout.split('\n').find((line) => line.includes('user login'));
    expect(JSON.parse(userLine!)).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
  });

  it('redacts user loggers on every transport: stdout, file and OTLP, once', async () => {
    const file = join(dir, 'user.log');
    const { ids, logs, stdout } = await runApp({ USER_LOG_FILE: file });
    const written = readFileSync(file, 'utf8');
    for (const secret of SECRETS) {
      expect(stdout).not.toContain(secret);
      expect(written).not.toContain(secret);
    }

    const correlated = { trace_id: ids.traceId, span_id: ids.spanId };
    for (const text of [stdout, written]) {
      const [login] = linesOf(text, 'user login');
      expect(login).toEqual({
        level: 'info',
        message: 'user login password=[REDACTED]',
        email: '[EMAIL]',
        attempt: 1,
        ...correlated,
        trace_flags: '01',
      });
      expect(linesOf(text, 'user warning')[0]).toMatchObject({
        token: '[REDACTED]',
        nested: { password: '[REDACTED]' },
        ...correlated,
      });
      expect(linesOf(text, 'user failed')[0]).toMatchObject({
        message: 'user failed charge for [EMAIL] password=[REDACTED]',
        ...correlated,
      });
    }
    // Interpolated by the user's format.splat(): redacted in context, after interpolation.
    expect(linesOf(stdout, 'user splat')).toEqual([
      {
        level: 'info',
        message: 'user splat password=[REDACTED]',
        ...correlated,
        trace_flags: '01',
      },
    ]);

    // OTLP: each record once, redacted (marked by the format: the log processor skips it).
    const splat = withBody(logs, 'user splat');
    expect(splat).toHaveLength(1);
    expect(splat[0]?.body).toBe('user splat password=[REDACTED]');
    // Not `exception.message: 'hunter2'`: the interpolated argument is not exported alone.
    expect(splat[0]?.attributes).toEqual({});
    const failed = withBody(logs, 'user failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.body).toBe('user failed charge for [EMAIL] password=[REDACTED]');
    expect(failed[0]?.attributes['exception.message']).toBe(
      'charge for [EMAIL] password=[REDACTED]',
    );
    expect(failed[0]?.traceId).toBe(ids.traceId);

    // Sightline's own logger: its line and record unchanged, each exactly once.
    const own = linesOf(stdout, 'sightline line');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ orderId: 'o-1', contact: '[EMAIL]', ...correlated });
    expect(Object.keys(own[0]!).slice(0, 4)).toEqual([
      'timestamp',
      'level',
      'message',
      'service.name',
    ]);
    expect(withBody(logs, 'sightline line')).toHaveLength(1);
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

/**
 * One `service.name` everywhere: without OTEL_SERVICE_NAME, the app's package.json name is on
 * the resource of spans, metrics and OTLP log records, and on every stdout line of
 * `createLogger()` — under the real preload (`node --import ./dist/register.js`) exporting to a
 * loopback receiver, and without any SDK (the logger resolves the name the same way).
 */
import { describe, expect, it } from 'vitest';
import { spawnNode } from '../helpers/child.js';
import { useReceiverAndChild } from '../helpers/receiver-child.js';

const APP = 'test/fixtures/service-name-app/app.js';
const NAME = 'fixture-service-name-app';

const harness = useReceiverAndChild();

function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('service.name without OTEL_SERVICE_NAME', () => {
  it('is the package.json name on log lines, OTLP log records, spans and metrics', async () => {
    harness.child = spawnNode(APP, ['--import', './dist/register.js'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
      NODE_ENV: 'production',
    });
    expect(await harness.child.exited(), harness.child.stderr()).toBe(0);

    const [line, explicit] = lines(harness.child.stdout());
    expect(line).toMatchObject({ message: 'default name', 'service.name': NAME });
    expect(explicit).toMatchObject({ message: 'explicit name', 'service.name': 'explicit-name' });

    const [record] = await harness.receiver.waitForLogs((log) => log.body === 'default name');
    const [span] = await harness.receiver.waitForSpans((s) => s.name === 'job');
    const metric = await harness.receiver.waitForMetric('fixture.runs');
    expect(record?.resource['service.name']).toBe(NAME);
    expect(span?.resource['service.name']).toBe(NAME);
    expect(metric.resource['service.name']).toBe(NAME);
    expect(record?.traceId).toBe(span?.traceId);
    expect(line?.['trace_id']).toBe(span?.traceId);
    expect(harness.child.stderr()).toContain(`started: service=${NAME} `);
    // `otel: false` keeps that logger off OTLP, though instrumentation-winston gave it a transport.
    expect(harness.receiver.logs.filter((log) => log.body === 'explicit name')).toEqual([]);
  });

  it('is the package.json name on log lines when no SDK runs', async () => {
    harness.child = spawnNode(APP, [], { NODE_ENV: 'production' });
    expect(await harness.child.exited(), harness.child.stderr()).toBe(0);
    const [line] = lines(harness.child.stdout());
    expect(line).toMatchObject({ message: 'default name', 'service.name': NAME });
    expect(harness.receiver.requests.logs).toBe(0);
  });

  it('is OTEL_SERVICE_NAME on every signal when set', async () => {
    harness.child = spawnNode(APP, ['--import', './dist/register.js'], {
      OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
      OTEL_SERVICE_NAME: 'from-env',
      NODE_ENV: 'production',
    });
    expect(await harness.child.exited(), harness.child.stderr()).toBe(0);
    expect(lines(harness.child.stdout())[0]?.['service.name']).toBe('from-env');
    const [record] = await harness.receiver.waitForLogs((log) => log.body === 'default name');
    expect(record?.resource['service.name']).toBe('from-env');
  });
});

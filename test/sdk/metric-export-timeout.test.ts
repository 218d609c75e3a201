// OTEL_METRIC_EXPORT_TIMEOUT bounds a metrics export end to end: the periodic reader gives up
// by then, and the OTLP exporter under it answers a little before, whatever its own (longer)
// request timeout.
import { metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/sdk/config.js';
import { startMetrics } from '../../src/sdk/providers.js';

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(() => {
  metrics.disable();
  for (const socket of sockets) socket.destroy();
  server?.close();
});

/** A collector that accepts connections and never answers. */
async function silentCollector(): Promise<string> {
  server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

describe('OTEL_METRIC_EXPORT_TIMEOUT', () => {
  it('ends an export to a collector that never answers at the timeout, not the exporter’s', async () => {
    const endpoint = await silentCollector();
    const config = resolveConfig(
      { serviceName: 'timeout-test' },
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '2000',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
        OTEL_METRIC_EXPORT_TIMEOUT: '400',
      },
    );
    let failedAfter: number | undefined;
    const started = Date.now();
    const observer = {
      failed: () => (failedAfter ??= Date.now() - started),
      delivered: () => {},
    };
    const provider = startMetrics(config, resourceFromAttributes({}), observer);
    provider.getMeter('test').createCounter('test.counter').add(1);
    const flushed = provider.forceFlush().catch(() => {});
    await expect.poll(() => failedAfter, { timeout: 10_000, interval: 50 }).toBeDefined();
    // The exporter's own timeout is 2 s (the reader's bound before OTEL_METRIC_EXPORT_TIMEOUT was
    // read): failing well before it shows the 400 ms bound applied.
    expect(failedAfter).toBeLessThan(1_500);
    expect(sockets.length).toBeGreaterThan(0);
    // The flush still waits for the request in flight, until the exporter's own timeout.
    await flushed;
    await provider.shutdown().catch(() => {});
  });
});

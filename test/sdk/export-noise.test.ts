// What stderr shows while the collector accepts connections and never answers: one summary
// per interval from Sightline (readable, correctly counted), and none of the OTel packages'
// per-export timeout and retry lines.
import { createServer, type Server, type Socket } from 'node:net';
import { diag } from '@opentelemetry/api';
import { globalErrorHandler } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createExportFailureReporter } from '../../src/sdk/export-failures.js';
import { spawnNode, type Child } from '../helpers/child.js';
import { captureDiagWarnings } from '../helpers/diag.js';

const APP = 'test/fixtures/outage-app.mjs';

let blackHole: { server: Server; sockets: Socket[]; requests: string[] } | undefined;
let child: Child | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  if (blackHole) {
    for (const socket of blackHole.sockets) socket.destroy();
    await new Promise((resolve) => blackHole?.server.close(resolve));
    blackHole = undefined;
  }
});

/** A TCP server that accepts, reads and never answers; records each request line. */
async function startBlackHole(): Promise<{ url: string; requests: string[] }> {
  const sockets: Socket[] = [];
  const requests: string[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => {
      const line = /^(POST \S+)/m.exec(chunk.toString('latin1'));
      if (line?.[1]) requests.push(line[1]);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  blackHole = { server, sockets, requests };
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a collector that never answers', () => {
  it('yields one readable summary and none of the per-export OTel lines', async () => {
    const collector = await startBlackHole();
    child = spawnNode(APP, ['--import', 'sightline/register'], {
      OTEL_SERVICE_NAME: 'noise-test-app',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      // Metric exports every 400 ms: each one times out against the silent collector.
      OTEL_METRIC_EXPORT_INTERVAL: '400',
      SIGHTLINE_SHUTDOWN_TIMEOUT_MS: '500',
    });
    const app = child;
    const port = await app.listening();
    for (let round = 0; round < 6; round++) {
      const response = await fetch(`http://127.0.0.1:${port}/work?round=${round}`);
      expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await until(
      () =>
        collector.requests.filter((r) => r.includes('/v1/metrics')).length >= 3 &&
        collector.requests.some((r) => r.includes('/v1/traces')),
      'several hung metric exports and a hung trace export',
    );
    // Let the last of them time out too.
    await new Promise((resolve) => setTimeout(resolve, 700));
    app.kill('SIGTERM');
    expect(await app.exited(10_000)).toBe(143);

    const stderr = app.stderr();
    expect(stderr).not.toMatch(/metrics export timed out/);
    expect(stderr).not.toMatch(/Export retry time/);
    expect(stderr).not.toMatch(/Export failed/);
    expect(stderr).not.toMatch(/^\[sightline\] \w+: sightline: /m);
    const summaries = stderr.split('\n').filter((line) => line.includes('telemetry export'));
    expect(summaries, stderr).toHaveLength(1);
    expect(summaries[0]).toMatch(
      /^\[sightline\] warn: telemetry export failing: 1 export failed since start \((traces|metrics|logs): .+\); no items dropped; nothing delivered; the app is unaffected$/,
    );
  });
});

describe('the export failure summary', () => {
  let warnings: string[];

  function capture(): void {
    warnings = captureDiagWarnings();
  }
  afterEach(() => diag.disable());

  it('reports the first failure at once, then counts until the interval has passed', async () => {
    capture();
    const reporter = createExportFailureReporter(200);
    reporter.failed('traces', new Error('Request timed out'));
    expect(warnings).toEqual([
      'sightline: telemetry export failing: 1 export failed since start (traces: Request timed out); no items dropped; nothing delivered; the app is unaffected',
    ]);
    reporter.delivered('logs');
    reporter.failed('metrics', new Error('connect ECONNREFUSED 127.0.0.1:4318'));
    reporter.failed('traces', new Error('Request timed out'));
    reporter.dropped('traces', 1);
    expect(warnings).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Reported when the interval is over, even without another failure.
    expect(warnings[1]).toBe(
      'sightline: telemetry export failing: 2 exports failed since the last report (traces: Request timed out); 1 item dropped from a full queue; 1 export delivered; the app is unaffected',
    );
    expect(reporter.totals()).toEqual({ failures: 3, dropped: 1, delivered: 1 });
  });

  it('counts an error once, however many OTel components pass it on', () => {
    capture();
    const reporter = createExportFailureReporter(60_000);
    const error = new Error('Request timed out');
    reporter.failed('traces', error);
    // The batch processor hands the exporter's error on to the global error handler.
    globalErrorHandler(error);
    expect(reporter.totals().failures).toBe(1);
    globalErrorHandler(new Error('something else'));
    expect(reporter.totals().failures).toBe(2);
  });
});

// A real process whose Redis store cannot connect: before the fix, ioredis printed
// `[ioredis] Unhandled error event` with a stack on stderr for every reconnect attempt, without
// bound, and readiness stayed 200. Now the store listens to the client's errors and reports
// them through the SDK's diag logger at most once per interval (30 s by default), and readiness
// is 503. Uses dist/ (npm run build).
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnNode, type Child } from '../helpers/child.js';

let child: Child | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('redis store on a Redis that is down, in a preloaded process', () => {
  it('prints no "Unhandled error event", one diag line, and reports 503 readiness', async () => {
    child = spawnNode(
      'test/idempotency/fixtures/redis-down.mjs',
      ['--import', './dist/register.js'],
      {
        REDIS_PORT: String(await closedPort()),
        RUN_MS: '2000',
        // Nothing to export to: only the store's own diagnostics remain on stderr.
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    );
    expect(await child.exited(20_000)).toBe(0);
    const result = JSON.parse(child.stdout().trim().split('\n').at(-1) ?? '{}') as {
      readiness?: number;
      attempts?: number;
    };
    // Many reconnect attempts happened (each one an `error` event)...
    expect(result.attempts).toBeGreaterThanOrEqual(10);
    // ...but none reached stderr as ioredis' unhandled-error dump,
    const stderr = child.stderr();
    expect(stderr).not.toContain('Unhandled error event');
    // one sightline line reported them (the interval is 30 s; the run lasts 2 s),
    const storeLines = stderr.split('\n').filter((line) => /idempotency store/.test(line));
    expect(storeLines, stderr).toHaveLength(1);
    expect(storeLines[0]).toMatch(
      /^\[sightline\] warn: .*redis client error: connect ECONNREFUSED/,
    );
    // and readiness says the store cannot serve.
    expect(result.readiness).toBe(503);
  });
});

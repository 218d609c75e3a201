/**
 * Contrib instrumentations under the real preload, on the real Redis at 127.0.0.1:6379: ioredis
 * and @opentelemetry/instrumentation-ioredis are installed (dev dependencies), so an app using
 * ioredis gets CLIENT spans with no OTEL_NODE_* variable set — ESM (through the include-list
 * loader hook) and CommonJS (require hooks alone) — and none when ioredis is disabled.
 */
import { describe, expect, it } from 'vitest';
import { type ReceivedSpan } from '../../src/dev/index.js';
import { spawnNode } from '../helpers/child.js';
import { useReceiverAndChild } from '../helpers/receiver-child.js';

const harness = useReceiverAndChild();

async function run(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stderr: string; spans: ReceivedSpan[] }> {
  harness.child = spawnNode(script, args, {
    OTEL_EXPORTER_OTLP_ENDPOINT: harness.receiver.url,
    OTEL_METRICS_EXPORTER: 'none',
    ...env,
  });
  expect(await harness.child.exited(), harness.child.stderr()).toBe(0);
  expect(harness.child.stdout()).toContain('got value');
  // The fixture's own span is exported in the same batch as any Redis span.
  await harness.receiver.waitForSpans((span) => span.name === 'job');
  return { stderr: harness.child.stderr(), spans: [...harness.receiver.spans] };
}

function enabledList(stderr: string): string[] {
  return /instrumentations=(\S+)/.exec(stderr)?.[1]?.split(',') ?? [];
}

describe.each([
  {
    name: 'ESM app, --import',
    script: 'test/fixtures/redis-app/app.mjs',
    args: ['--import'],
    hook: 'include-list',
  },
  {
    name: 'CJS app, --import',
    script: 'test/fixtures/redis-app/app.cjs',
    args: ['--import'],
    hook: 'off',
  },
  {
    name: 'CJS app, --require',
    script: 'test/fixtures/redis-app/app.cjs',
    args: ['--require'],
    hook: 'off',
  },
])('ioredis, $name', ({ script, args, hook }) => {
  const preload = [...args, args[0] === '--require' ? './dist/register.cjs' : './dist/register.js'];

  it('makes CLIENT spans for set and get with no variable set, and says so at start-up', async () => {
    const { stderr, spans } = await run(script, preload);
    const job = spans.find((span) => span.name === 'job');
    const set = spans.find((span) => span.name === 'set');
    const get = spans.find((span) => span.name === 'get');
    expect(set, spans.map((span) => span.name).join(',')).toBeDefined();
    expect(get).toBeDefined();
    for (const span of [set!, get!]) {
      expect(span.kind).toBe('CLIENT');
      expect(span.parentSpanId).toBe(job?.spanId);
      expect(span.scope.name).toBe('@opentelemetry/instrumentation-ioredis');
      expect(span.attributes['db.system.name'] ?? span.attributes['db.system']).toBe('redis');
    }
    expect(enabledList(stderr)).toEqual(expect.arrayContaining(['http', 'undici', 'ioredis']));
    expect(stderr).toContain(`esm_hook=${hook}`);
  });

  it('makes none with OTEL_NODE_DISABLED_INSTRUMENTATIONS=ioredis', async () => {
    const { stderr, spans } = await run(script, preload, {
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'ioredis',
    });
    expect(spans.filter((span) => span.scope.name.includes('ioredis'))).toEqual([]);
    expect(enabledList(stderr)).not.toContain('ioredis');
    expect(enabledList(stderr)).toContain('http');
  });
});

describe('ioredis with OTEL_NODE_ENABLED_INSTRUMENTATIONS', () => {
  it('uses only the listed instrumentations', async () => {
    const script = 'test/fixtures/redis-app/app.mjs';
    const only = await run(script, ['--import', './dist/register.js'], {
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http',
    });
    expect(enabledList(only.stderr)).toEqual(['http']);
    expect(only.spans.filter((span) => span.scope.name.includes('ioredis'))).toEqual([]);
  });
});

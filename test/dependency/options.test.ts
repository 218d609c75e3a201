import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependency } from '../../src/core/dependency/index.js';
import type { Dependency } from '../../src/core/dependency/index.js';
import { ExternalServiceError } from '../../src/core/errors/index.js';
import { defaultHealthRegistry } from '../../src/core/health/index.js';
import { startUpstream } from './helpers.js';
import type { Upstream } from './helpers.js';

const warnings: string[] = [];
diag.setLogger(
  {
    error: (m) => void warnings.push(m),
    warn: (m) => void warnings.push(m),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  },
  DiagLogLevel.WARN,
);
afterAll(() => diag.disable());

let upstream: Upstream;
const disposables: Dependency<unknown>[] = [];
const make = (...args: Parameters<typeof dependency>) => {
  const dep = dependency(...args);
  disposables.push(dep);
  return dep;
};
beforeEach(async () => {
  upstream = await startUpstream();
  warnings.length = 0;
});
afterEach(async () => {
  for (const dep of disposables.splice(0)) dep.dispose();
  await upstream.close();
});

describe('malformed input', () => {
  it.each([[''], ['has space'], ['x'.repeat(101)], [42], [undefined]])(
    'rejects the name %j with a TypeError',
    (name) => {
      expect(() => dependency(name as string)).toThrow(TypeError);
    },
  );

  it('warns on invalid numbers, naming the setting and the fallback, and uses the default', async () => {
    const dep = make('lenient', {
      registerHealthCheck: false,
      timeoutMs: -5,
      retry: { maxAttempts: 0, initialDelayMs: Number.NaN },
      breaker: { kind: 'consecutive', threshold: Number.POSITIVE_INFINITY },
    });
    expect(warnings.join('\n')).toContain('timeoutMs=-5');
    expect(warnings.join('\n')).toContain('using 2000');
    expect(warnings.join('\n')).toContain('retry.maxAttempts=0');
    expect(warnings.join('\n')).toContain('retry.initialDelayMs=NaN');
    expect(warnings.join('\n')).toContain('breaker.threshold=Infinity');
    // The defaults are really in force: 2 attempts for a GET.
    upstream.set({ status: 503 });
    await expect(dep.fetch(upstream.url)).rejects.toBeInstanceOf(ExternalServiceError);
    expect(upstream.requests).toHaveLength(2);
    expect(dep.state).toBe('closed');
  });

  it('warns on an unknown breaker kind and an out-of-range sampling threshold', () => {
    make('odd', {
      registerHealthCheck: false,
      breaker: { kind: 'bogus' } as unknown as { kind: 'consecutive' },
    });
    make('ratio', { registerHealthCheck: false, breaker: { kind: 'sampling', threshold: 1.5 } });
    expect(warnings.join('\n')).toContain('breaker.kind=bogus');
    expect(warnings.join('\n')).toContain('breaker.threshold=1.5');
  });

  it('rejects a malformed URL as the caller’s bug, without touching the breaker', async () => {
    const dep = make('strict', {
      registerHealthCheck: false,
      breaker: { kind: 'consecutive', threshold: 1 },
    });
    await expect(dep.fetch('not a url')).rejects.toBeInstanceOf(TypeError);
    await expect(dep.fetch('/relative/path')).rejects.toBeInstanceOf(TypeError);
    expect(dep.state).toBe('closed');
  });

  it('rejects a call() without a function, without touching the breaker', async () => {
    const dep = make('no-fn', {
      registerHealthCheck: false,
      breaker: { kind: 'consecutive', threshold: 1 },
    });
    await expect(dep.call(null as unknown as () => Promise<void>)).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(dep.state).toBe('closed');
  });

  it('maps non-Error throwables to ExternalServiceError', async () => {
    const dep = make('weird', { registerHealthCheck: false });
    for (const thrown of ['a string', null, 42, { plain: 'object' }]) {
      const error = await dep.call(() => Promise.reject(thrown)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExternalServiceError);
      expect((error as Error).cause).toBe(thrown);
    }
  });

  it('does not let a throwing logger break the call', async () => {
    const dep = make('noisy-logger', {
      registerHealthCheck: false,
      retry: { maxAttempts: 1 },
      breaker: { kind: 'consecutive', threshold: 1 },
      logger: {
        info: () => {
          throw new Error('logger down');
        },
        warn: () => {
          throw new Error('logger down');
        },
        error: () => undefined,
      },
    });
    upstream.set({ status: 500 });
    await expect(dep.fetch(upstream.url)).rejects.toMatchObject({ upstreamStatus: 500 });
    expect(dep.state).toBe('open');
    expect(warnings.join('\n')).toContain('logging a breaker state change failed');
  });
});

describe('default readiness registration', () => {
  it('registers in defaultHealthRegistry unless disabled, and dispose removes it', async () => {
    const dep = dependency('registered-by-default');
    dependency('not-registered', { registerHealthCheck: false }).dispose();
    let report = await defaultHealthRegistry.run();
    expect(report.checks['registered-by-default']?.status).toBe('ok');
    expect(report.checks['not-registered']).toBeUndefined();
    dep.dispose();
    report = await defaultHealthRegistry.run();
    expect(report.checks['registered-by-default']).toBeUndefined();
  });
});

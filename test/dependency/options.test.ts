import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dependency } from '../../src/core/dependency/index.js';
import type { Dependency, DependencyOptions } from '../../src/core/dependency/index.js';
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

  // Options are written in code: a bad one is a programming error, reported at declaration
  // with the option's name, never later per request.
  it.each<[string, unknown, string]>([
    [
      'timeoutMs',
      { timeoutMs: '5s' },
      'options.timeoutMs must be a positive number of milliseconds, got "5s"',
    ],
    [
      'timeoutMs',
      { timeoutMs: -5 },
      'options.timeoutMs must be a positive number of milliseconds, got -5',
    ],
    [
      'timeoutMs',
      { timeoutMs: 0 },
      'options.timeoutMs must be a positive number of milliseconds, got 0',
    ],
    [
      'timeoutMs',
      { timeoutMs: Number.NaN },
      'options.timeoutMs must be a positive number of milliseconds, got NaN',
    ],
    [
      'timeoutMs',
      { timeoutMs: 2 ** 31 },
      'options.timeoutMs must be at most 2147483647 milliseconds',
    ],
    ['retry', { retry: 3 }, 'options.retry must be an object, got 3'],
    [
      'retry.maxAttempts',
      { retry: { maxAttempts: 0 } },
      'options.retry.maxAttempts must be an integer from 1 to 10, got 0',
    ],
    [
      'retry.maxAttempts',
      { retry: { maxAttempts: 2.5 } },
      'options.retry.maxAttempts must be an integer from 1 to 10, got 2.5',
    ],
    [
      'retry.maxAttempts',
      { retry: { maxAttempts: 11 } },
      'options.retry.maxAttempts must be an integer from 1 to 10, got 11',
    ],
    [
      'retry.initialDelayMs',
      { retry: { initialDelayMs: Number.NaN } },
      'options.retry.initialDelayMs must be a non-negative number of milliseconds, got NaN',
    ],
    [
      'retry.maxDelayMs',
      { retry: { maxDelayMs: -1 } },
      'options.retry.maxDelayMs must be a non-negative number of milliseconds, got -1',
    ],
    ['breaker', { breaker: 'consecutive' }, 'options.breaker must be an object, got "consecutive"'],
    [
      'breaker.kind',
      { breaker: { kind: 'nope' } },
      'options.breaker.kind must be "consecutive" or "sampling", got "nope"',
    ],
    [
      'breaker.kind',
      { breaker: { threshold: 3 } },
      'options.breaker.kind must be "consecutive" or "sampling", got undefined',
    ],
    [
      'breaker.threshold',
      { breaker: { kind: 'consecutive', threshold: Number.POSITIVE_INFINITY } },
      'options.breaker.threshold must be a positive integer (failures in a row), got Infinity',
    ],
    [
      'breaker.threshold',
      { breaker: { kind: 'sampling', threshold: 1.5 } },
      'options.breaker.threshold must be a failure ratio from 0.01 to 0.99, got 1.5',
    ],
    [
      'breaker.durationMs',
      { breaker: { kind: 'sampling', durationMs: 10 } },
      'options.breaker.durationMs must be a number of milliseconds from 100, got 10',
    ],
    [
      'breaker.minimumRps',
      { breaker: { kind: 'sampling', minimumRps: -1 } },
      'options.breaker.minimumRps must be a non-negative number (calls per second), got -1',
    ],
    [
      'breaker.halfOpenAfterMs',
      { breaker: { kind: 'consecutive', halfOpenAfterMs: '10s' } },
      'options.breaker.halfOpenAfterMs must be a positive number of milliseconds, got "10s"',
    ],
    [
      'fallback',
      { fallback: 'cached' },
      'options.fallback must be a function (error) => value, got "cached"',
    ],
    [
      'fallback',
      { fallback: { kind: 'static', value: 1 } },
      'options.fallback must be a function (error) => value, got {"kind":"static","value":1}',
    ],
    [
      'registerHealthCheck',
      { registerHealthCheck: 'no' },
      'options.registerHealthCheck must be a boolean, got "no"',
    ],
    [
      'healthRegistry',
      { healthRegistry: {} },
      'options.healthRegistry must be a HealthRegistry (an object with register()), got {}',
    ],
    [
      'logger',
      { logger: console.log },
      'options.logger must be an object with info(), warn() and error() methods, got a function',
    ],
    ['options', null, 'options must be an object, got null'],
  ])(
    'throws a TypeError naming options.%s at declaration (case %#)',
    (_option, options, message) => {
      let thrown: unknown;
      try {
        make('strict-options', options as DependencyOptions<unknown>);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toContain(`dependency("strict-options"): ${message}`);
      expect(warnings).toEqual([]);
    },
  );

  it('accepts valid options and defaults, and uses the defaults: 2 attempts for a GET', async () => {
    const dep = make('lenient', {
      registerHealthCheck: false,
      retry: {},
      breaker: { kind: 'sampling', threshold: 0.5, durationMs: 1_000, minimumRps: 0 },
      fallback: undefined,
      logger: undefined,
    });
    upstream.set({ status: 503 });
    await expect(dep.fetch(upstream.url)).rejects.toBeInstanceOf(ExternalServiceError);
    expect(upstream.requests).toHaveLength(2);
    expect(dep.state).toBe('closed');
    expect(warnings).toEqual([]);
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

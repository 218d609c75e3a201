import type { DependencyOptions } from './options.js';

/**
 * Options after defaults and validation.
 *
 * @example
 * ```ts
 * const { timeoutMs }: ResolvedOptions = resolveOptions('payments', {});
 * ```
 */
export interface ResolvedOptions {
  timeoutMs: number;
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  breaker:
    | { kind: 'consecutive'; threshold: number; halfOpenAfterMs: number }
    | {
        kind: 'sampling';
        threshold: number;
        durationMs: number;
        minimumRps: number | undefined;
        halfOpenAfterMs: number;
      };
  registerHealthCheck: boolean;
}

const NAME = /^[\w.:/-]{1,100}$/;
// Node's timers overflow above 2^31-1 ms and then fire after 1 ms: a huge timeout would
// silently become an immediate one.
const MAX_TIMER_MS = 2_147_483_647;
const MAX_ATTEMPTS = 10;

/**
 * Validates a dependency name: it becomes a metric attribute and a readiness check name, so it
 * must be short and plain. Throws (a programming error at declaration time).
 *
 * @example
 * ```ts
 * validateName('payments-api'); // 'payments-api'; validateName('') throws
 * ```
 */
export function validateName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `dependency: name must be 1–100 characters of letters, digits, _ . : / -; got ${show(name)}`,
    );
  }
  return name;
}

/**
 * Validates the options and applies defaults. Options are written in code, so an invalid one is
 * a programming error: it throws a `TypeError` naming the option, the expectation and the value,
 * once, when the dependency is declared — never later, per request.
 *
 * @example
 * ```ts
 * resolveOptions('payments', {}).timeoutMs; // 2000
 * resolveOptions('payments', { timeoutMs: '5s' });
 * // TypeError: dependency("payments"): options.timeoutMs must be a positive number of milliseconds, got "5s"
 * ```
 */
export function resolveOptions(name: string, options: DependencyOptions<unknown>): ResolvedOptions {
  const check = new Checker(name);
  const opts = check.object('options', options) ?? {};
  const retry = check.object('options.retry', opts.retry) ?? {};
  const breaker = check.object('options.breaker', opts.breaker) ?? { kind: 'consecutive' };
  check.optional('options.fallback', opts.fallback, 'a function (error) => value', isFunction);
  check.optional('options.registerHealthCheck', opts.registerHealthCheck, 'a boolean', isBoolean);
  check.optional(
    'options.healthRegistry',
    opts.healthRegistry,
    'a HealthRegistry (an object with register())',
    (v) => hasMethods(v, ['register']),
  );
  check.optional(
    'options.logger',
    opts.logger,
    'an object with info(), warn() and error() methods',
    (v) => hasMethods(v, ['info', 'warn', 'error']),
  );
  const kind: unknown = breaker.kind;
  if (kind !== 'consecutive' && kind !== 'sampling') {
    throw check.error('options.breaker.kind', '"consecutive" or "sampling"', kind);
  }
  const halfOpenAfterMs = check.ms('options.breaker.halfOpenAfterMs', breaker.halfOpenAfterMs, {
    fallback: 10_000,
  });
  const initialDelayMs = check.ms('options.retry.initialDelayMs', retry.initialDelayMs, {
    fallback: 100,
    zero: true,
  });
  return {
    timeoutMs: check.ms('options.timeoutMs', opts.timeoutMs, { fallback: 2_000 }),
    maxAttempts: check.number('options.retry.maxAttempts', retry.maxAttempts, {
      fallback: 2,
      ok: (n) => Number.isInteger(n) && n >= 1 && n <= MAX_ATTEMPTS,
      expected: `an integer from 1 to ${MAX_ATTEMPTS}`,
    }),
    initialDelayMs,
    maxDelayMs: check.ms('options.retry.maxDelayMs', retry.maxDelayMs, {
      fallback: 2_000,
      zero: true,
    }),
    breaker:
      breaker.kind === 'sampling'
        ? {
            kind: 'sampling',
            threshold: check.number('options.breaker.threshold', breaker.threshold, {
              fallback: 0.5,
              ok: (n) => n >= 0.01 && n <= 0.99,
              expected: 'a failure ratio from 0.01 to 0.99',
            }),
            durationMs: check.number('options.breaker.durationMs', breaker.durationMs, {
              fallback: 30_000,
              ok: (n) => n >= 100 && n <= MAX_TIMER_MS,
              expected: 'a number of milliseconds from 100',
            }),
            minimumRps:
              breaker.minimumRps === undefined
                ? undefined
                : check.number('options.breaker.minimumRps', breaker.minimumRps, {
                    fallback: 0,
                    ok: (n) => n >= 0,
                    expected: 'a non-negative number (calls per second)',
                  }),
            halfOpenAfterMs,
          }
        : {
            kind: 'consecutive',
            threshold: check.number('options.breaker.threshold', breaker.threshold, {
              fallback: 5,
              ok: (n) => Number.isInteger(n) && n >= 1,
              expected: 'a positive integer (failures in a row)',
            }),
            halfOpenAfterMs,
          },
    registerHealthCheck: opts.registerHealthCheck !== false,
  };
}

interface NumberRule {
  fallback: number;
  ok: (n: number) => boolean;
  expected: string;
}

/** The checks of one `dependency(name, options)` call; every error names the dependency. */
class Checker {
  constructor(private readonly _name: string) {}

  error(path: string, expected: string, value: unknown): TypeError {
    return new TypeError(
      `dependency(${JSON.stringify(this._name)}): ${path} must be ${expected}, got ${show(value)}`,
    );
  }

  /** An optional plain object (undefined → undefined). */
  object<T>(path: string, value: T): NonNullable<T> | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.error(path, 'an object', value);
    }
    return value;
  }

  optional(path: string, value: unknown, expected: string, ok: (v: unknown) => boolean): void {
    if (value !== undefined && !ok(value)) throw this.error(path, expected, value);
  }

  number(path: string, value: unknown, { fallback, ok, expected }: NumberRule): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
      throw this.error(path, expected, value);
    }
    return value;
  }

  /** A delay or duration in milliseconds: finite, positive (or ≥ 0), within Node's timers. */
  ms(
    path: string,
    value: unknown,
    { fallback, zero = false }: { fallback: number; zero?: boolean },
  ): number {
    const expected = zero
      ? 'a non-negative number of milliseconds'
      : 'a positive number of milliseconds';
    const n = this.number(path, value, {
      fallback,
      ok: (v) => (zero ? v >= 0 : v > 0),
      expected,
    });
    if (n > MAX_TIMER_MS) throw this.error(path, `at most ${MAX_TIMER_MS} milliseconds`, n);
    return n;
  }
}

const isFunction = (v: unknown): boolean => typeof v === 'function';
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
}

/** A value as the error message shows it: strings quoted, numbers as written, objects as JSON. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 79)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

import type { TextMapPropagator } from '@opentelemetry/api';
import type * as OtelCoreModule from '@opentelemetry/core';
import { getList, warnInvalid, warnInvalidOption, type Environment } from './env.js';
import { lazyRequire } from './lazy-require.js';

/** The specification's default (`OTEL_PROPAGATORS` unset). */
const DEFAULT_PROPAGATORS = ['tracecontext', 'baggage'];

type Factory = () => TextMapPropagator;

/** A class exported by `packageName`, constructed with `options`. */
function fromPackage(packageName: string, className: string, options?: object): Factory {
  return () => {
    const Class = (lazyRequire(packageName) as Record<string, unknown>)[className] as new (
      options?: object,
    ) => TextMapPropagator;
    return new Class(options);
  };
}

/**
 * Every name `OTEL_PROPAGATORS` may hold, and the package each comes from. Only the named ones
 * are loaded. `xray` and `ottrace` are not dependencies of Sightline: they work when the app
 * installed their package.
 */
const PROPAGATORS: Readonly<Record<string, { packageName: string; create: Factory }>> = {
  tracecontext: {
    packageName: '@opentelemetry/core',
    create: fromPackage('@opentelemetry/core', 'W3CTraceContextPropagator'),
  },
  baggage: {
    packageName: '@opentelemetry/core',
    create: fromPackage('@opentelemetry/core', 'W3CBaggagePropagator'),
  },
  // B3InjectEncoding: 0 = single `b3` header, 1 = `x-b3-*` headers.
  b3: {
    packageName: '@opentelemetry/propagator-b3',
    create: fromPackage('@opentelemetry/propagator-b3', 'B3Propagator', { injectEncoding: 0 }),
  },
  b3multi: {
    packageName: '@opentelemetry/propagator-b3',
    create: fromPackage('@opentelemetry/propagator-b3', 'B3Propagator', { injectEncoding: 1 }),
  },
  jaeger: {
    packageName: '@opentelemetry/propagator-jaeger',
    create: fromPackage('@opentelemetry/propagator-jaeger', 'JaegerPropagator'),
  },
  xray: {
    packageName: '@opentelemetry/propagator-aws-xray',
    create: fromPackage('@opentelemetry/propagator-aws-xray', 'AWSXRayPropagator'),
  },
  ottrace: {
    packageName: '@opentelemetry/propagator-ot-trace',
    create: fromPackage('@opentelemetry/propagator-ot-trace', 'OTTracePropagator'),
  },
};

function isInstalled(packageName: string): boolean {
  try {
    lazyRequire.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

/**
 * The propagators to use: the `propagators` option, else `OTEL_PROPAGATORS`, else
 * `tracecontext,baggage`; duplicates removed. `none` alone means no propagation. An unknown
 * name, or one whose package is not installed, is skipped with one warning naming the setting and
 * what is used instead; when nothing usable is left, the default applies.
 *
 * @example
 * ```ts
 * resolvePropagatorNames(undefined, { OTEL_PROPAGATORS: 'b3, tracecontext' }); // ['b3', 'tracecontext']
 * ```
 */
export function resolvePropagatorNames(
  option: readonly string[] | undefined,
  env: Environment,
  installed: (packageName: string) => boolean = isInstalled,
): string[] {
  const requested = option ?? getList(env, 'OTEL_PROPAGATORS');
  if (requested === undefined || requested.length === 0) return DEFAULT_PROPAGATORS;
  const names = [...new Set(requested.map((name) => name.trim().toLowerCase()))];
  const problems: Array<[name: string, hint: string]> = [];
  if (names.includes('none')) {
    for (const name of names) {
      if (name !== 'none') problems.push([name, ' (listed with none)']);
    }
    report(option, problems, 'none');
    return ['none'];
  }
  const usable = names.filter((name) => {
    const known = PROPAGATORS[name];
    if (!known) problems.push([name, ' (unknown propagator)']);
    else if (installed(known.packageName)) return true;
    else problems.push([name, ` (install ${known.packageName})`]);
    return false;
  });
  const result = usable.length > 0 ? usable : DEFAULT_PROPAGATORS;
  report(option, problems, result.join(','));
  return result;
}

function report(
  option: readonly string[] | undefined,
  problems: Array<[name: string, hint: string]>,
  fallback: string,
): void {
  for (const [name, hint] of problems) {
    if (option === undefined) warnInvalid('OTEL_PROPAGATORS', name, fallback, hint);
    else warnInvalidOption('propagators', name, fallback, hint);
  }
}

/**
 * Builds the global propagator from resolved names: one propagator, a composite of several, or
 * `null` for `none` (nothing is registered, so nothing is injected or extracted).
 *
 * @example
 * ```ts
 * provider.register({ propagator: createPropagator(['tracecontext', 'baggage']) });
 * ```
 */
export function createPropagator(names: readonly string[]): TextMapPropagator | null {
  if (names.includes('none')) return null;
  const propagators = names.flatMap((name) => {
    const entry = PROPAGATORS[name];
    return entry ? [entry.create()] : [];
  });
  if (propagators.length === 1) return propagators[0] ?? null;
  const { CompositePropagator } = lazyRequire('@opentelemetry/core') as typeof OtelCoreModule;
  return new CompositePropagator({ propagators });
}

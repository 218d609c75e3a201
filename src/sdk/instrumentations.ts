import type { Instrumentation } from '@opentelemetry/instrumentation';
import { onServerSpansClaimed, serverSpansClaimedBy } from '../core/telemetry/server-spans.js';
import {
  CONTRIB_INSTRUMENTATIONS,
  installedContribs,
  resolveContrib,
} from './contrib-instrumentations.js';
import { warnInvalid } from './env.js';
import { lazyRequire } from './lazy-require.js';
import { redactingTransform, type WinstonTransform } from './winston-redaction.js';
import { SDK_VERSION } from '../version.js';
import type * as OtelInstrumentationModule from '@opentelemetry/instrumentation';
import type * as OtelInstrumentationHttpModule from '@opentelemetry/instrumentation-http';
import type * as OtelInstrumentationRuntimeNodeModule from '@opentelemetry/instrumentation-runtime-node';
import type * as OtelInstrumentationUndiciModule from '@opentelemetry/instrumentation-undici';
import type * as OtelInstrumentationWinstonModule from '@opentelemetry/instrumentation-winston';
import type * as NodeHttpModule from 'node:http';

/** A built-in instrumentation: its package, and how to make it from the loaded package. */
interface DefaultInstrumentation {
  package: string;
  make(loaded: unknown): Instrumentation | Instrumentation[];
}

/** Built-in instrumentations, on by default. Each package is loaded only when it is wanted. */
const DEFAULTS: Record<string, DefaultInstrumentation> = {
  http: {
    package: '@opentelemetry/instrumentation-http',
    make(loaded) {
      const { HttpInstrumentation } = loaded as typeof OtelInstrumentationHttpModule;
      // A framework adapter that makes the SERVER spans itself (sightline/hono by default)
      // claims them; incoming requests are then left to it: one span per request, made once.
      // The server patch is removed on claim (its per-request context binding is measurable);
      // the ignore hook covers servers patched again later.
      const instrumentation = new HttpInstrumentation({
        ignoreIncomingRequestHook: () => serverSpansClaimedBy() !== undefined,
      });
      onServerSpansClaimed(unpatchIncomingRequests);
      return instrumentation;
    },
  },
  undici: {
    package: '@opentelemetry/instrumentation-undici',
    make: (loaded) =>
      new (loaded as typeof OtelInstrumentationUndiciModule).UndiciInstrumentation(),
  },
  winston: {
    package: '@opentelemetry/instrumentation-winston',
    make(loaded) {
      const { WinstonInstrumentation } = loaded as typeof OtelInstrumentationWinstonModule;
      // Log sending on: every winston logger the app makes gets the OTel transport, so its
      // records reach OTLP. Sightline's own logger sees the transport already there and adds
      // none: each record is exported once. The app's loggers also get the redacting format, so
      // their stdout/file lines are redacted like the OTel record (which the log processor then
      // skips).
      return [new WinstonInstrumentation(), createWinstonRedactionInstrumentation()];
    },
  },
  'runtime-node': {
    package: '@opentelemetry/instrumentation-runtime-node',
    make: (loaded) =>
      new (loaded as typeof OtelInstrumentationRuntimeNodeModule).RuntimeNodeInstrumentation({
        monitoringPrecision: 5_000,
      }),
  },
};

// Re-exported so the SDK wires detection through one import.
export { installedContribs };

/** Names of the instrumentations enabled when nothing is configured. */
export const DEFAULT_INSTRUMENTATIONS: readonly string[] = Object.keys(DEFAULTS);

/**
 * Selects and constructs instrumentations by name, with the OTel meaning of the variables:
 * `enabled` (`OTEL_NODE_ENABLED_INSTRUMENTATIONS`) is the whole set when given; otherwise the
 * defaults plus the contrib instrumentations `detectInstalled` finds (the SDK passes
 * `installedContribs`; called only then), minus `disabled`. Unknown names are warned about; a
 * disabled instrumentation is never imported.
 *
 * @example
 * ```ts
 * const { instrumentations, names } = loadInstrumentations(undefined, ['winston'], () => ['ioredis']);
 * names; // ['http', 'undici', 'runtime-node', 'ioredis']
 * ```
 */
export function loadInstrumentations(
  enabled: readonly string[] | undefined,
  disabled: readonly string[],
  detectInstalled: () => readonly string[] = () => [],
): { instrumentations: Instrumentation[]; names: string[] } {
  for (const name of disabled) {
    if (!(name in DEFAULTS) && !CONTRIB_INSTRUMENTATIONS.includes(name)) {
      warnInvalid(
        'OTEL_NODE_DISABLED_INSTRUMENTATIONS',
        name,
        'nothing disabled for it',
        ' (unknown instrumentation)',
      );
    }
  }
  const wanted = (enabled ?? [...DEFAULT_INSTRUMENTATIONS, ...detectInstalled()]).filter(
    (name) => !disabled.includes(name),
  );
  const instrumentations: Instrumentation[] = [];
  const names: string[] = [];
  // Every package first, then the instances: constructing one enables it, which installs
  // require-in-the-middle's hook, and that hook resolves each later require once more.
  for (const name of new Set(wanted)) preloadPackage(name);
  for (const name of new Set(wanted)) {
    const made = construct(name);
    if (made) {
      instrumentations.push(...(Array.isArray(made) ? made : [made]));
      names.push(name);
    }
  }
  return { instrumentations, names };
}

/**
 * Patches winston 3's `Logger.prototype._transform` (CommonJS, so require hooks see an ESM
 * app's import too) so that an app's own loggers write every record through
 * `redactingFormat`: stdout, file and OTLP carry it redacted by the default policy, once.
 * `_transform`, not `configure`: instrumentation-winston re-wraps `configure` (and `_wrap`
 * unwraps an existing wrapper), so two wrappers there would remove each other; `_transform`
 * also catches a format assigned after `configure`.
 *
 * @example
 * ```ts
 * registerInstrumentations({ instrumentations: [createWinstonRedactionInstrumentation()] });
 * ```
 */
export function createWinstonRedactionInstrumentation(): Instrumentation {
  const {
    InstrumentationBase,
    InstrumentationNodeModuleDefinition,
    InstrumentationNodeModuleFile,
  } = lazyRequire('@opentelemetry/instrumentation') as typeof OtelInstrumentationModule;
  const versions = ['>=3 <4'];
  type LoggerClass = { prototype: { _transform: WinstonTransform } };
  class WinstonRedactionInstrumentation extends InstrumentationBase {
    constructor() {
      super('sightline-winston-redaction', SDK_VERSION, {});
    }

    protected init() {
      const file = new InstrumentationNodeModuleFile(
        'winston/lib/winston/logger.js',
        versions,
        (Logger: LoggerClass) => {
          this._wrap(Logger.prototype, '_transform', (original) => redactingTransform(original));
          return Logger;
        },
        (Logger?: LoggerClass) => {
          if (Logger) this._unwrap(Logger.prototype, '_transform');
        },
      );
      return [
        new InstrumentationNodeModuleDefinition('winston', versions, undefined, undefined, [file]),
      ];
    }
  }
  return new WinstonRedactionInstrumentation();
}

/** Where an instrumentation's package is loaded from; `undefined` for an unknown name. */
function packageOf(name: string): string | undefined {
  if (DEFAULTS[name]) return DEFAULTS[name].package;
  if (!CONTRIB_INSTRUMENTATIONS.includes(name)) return undefined;
  // The app's copy (or auto-instrumentations-node's), else one Sightline itself can see.
  return resolveContrib(name) ?? `@opentelemetry/instrumentation-${name}`;
}

/** Loads an instrumentation's package (nothing when it is unknown or missing: `construct` says so). */
function preloadPackage(name: string): void {
  const packageName = packageOf(name);
  try {
    if (packageName) lazyRequire(packageName);
  } catch {
    // reported by construct()
  }
}

function construct(name: string): Instrumentation | Instrumentation[] | undefined {
  const builtIn = DEFAULTS[name];
  if (builtIn) return builtIn.make(lazyRequire(builtIn.package));
  if (!CONTRIB_INSTRUMENTATIONS.includes(name)) {
    warnInvalid(
      'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
      name,
      'it skipped',
      ' (unknown instrumentation)',
    );
    return undefined;
  }
  try {
    const exports = lazyRequire(packageOf(name) as string) as Record<string, unknown>;
    const Class = Object.entries(exports).find(
      ([key, value]) => key.endsWith('Instrumentation') && typeof value === 'function',
    )?.[1] as (new () => Instrumentation) | undefined;
    if (Class) return new Class();
  } catch {
    // not installed: warned below
  }
  warnInvalid(
    'OTEL_NODE_ENABLED_INSTRUMENTATIONS',
    name,
    'it skipped',
    ` (install @opentelemetry/instrumentation-${name})`,
  );
  return undefined;
}

/** Restores the original `emit` of http(s).Server when the HTTP instrumentation wrapped it. */
function unpatchIncomingRequests(): void {
  const { isWrapped } = lazyRequire(
    '@opentelemetry/instrumentation',
  ) as typeof OtelInstrumentationModule;
  for (const name of ['node:http', 'node:https']) {
    const { Server } = lazyRequire(name) as typeof NodeHttpModule;
    const emit = Server.prototype.emit as typeof Server.prototype.emit & { __unwrap?: () => void };
    if (isWrapped(emit)) emit.__unwrap?.();
  }
}

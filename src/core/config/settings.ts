import { getString, type Environment } from './env.js';

/**
 * The process environment the core reads its settings from. The one place `src/core` touches
 * `process.env`: every setting below goes through it (and the typed getters of `./env.js`,
 * which treat empty values as unset and warn once about invalid ones).
 *
 * @example
 * ```ts
 * const level = coreSetting('LOG_LEVEL');
 * ```
 */
export function coreEnvironment(): Environment {
  return process.env;
}

/**
 * Every environment variable the core reads (the SDK reads the `OTEL_*` exporter, sampler and
 * resource ones in `src/sdk/config.ts`).
 *
 * @example
 * ```ts
 * const names: CoreSettingName = 'LOG_LEVEL';
 * ```
 */
export type CoreSettingName =
  /** `createLogger()` level. */
  | 'LOG_LEVEL'
  /** `development` turns on the pretty log format. */
  | 'NODE_ENV'
  /** Any value turns off colours in the pretty log format. */
  | 'NO_COLOR'
  /** `logs` / `logs/dup`: exceptions as log records (semconv opt-in). */
  | 'OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN'
  /** `service.name` fallback when no SDK resource was published. */
  | 'OTEL_SERVICE_NAME'
  | 'OTEL_RESOURCE_ATTRIBUTES';

/**
 * A core setting's value (trimmed; empty means unset).
 *
 * @example
 * ```ts
 * coreSetting('NODE_ENV') === 'development';
 * ```
 */
export function coreSetting(
  name: CoreSettingName,
  env: Environment = coreEnvironment(),
): string | undefined {
  return getString(env, name);
}

import { SeverityNumber } from '@opentelemetry/api-logs';
import { coreEnvironment, coreSetting, warnInvalid, type Environment } from '../config/index.js';

/**
 * winston's npm levels: lower number = more severe.
 *
 * @example
 * ```ts
 * NPM_LEVELS.debug > NPM_LEVELS.info; // true: debug is more verbose
 * ```
 */
export const NPM_LEVELS: Readonly<Record<string, number>> = Object.freeze({
  error: 0,
  warn: 1,
  info: 2,
  http: 3,
  verbose: 4,
  debug: 5,
  silly: 6,
});

/**
 * A winston npm level name.
 *
 * @example
 * ```ts
 * const level: LogLevel = 'warn';
 * ```
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';

/**
 * How each winston level is exported as an OpenTelemetry `SeverityNumber` (and `severityText`,
 * which is the winston level name). This is the mapping `@opentelemetry/winston-transport`
 * 0.34 applies to npm levels; Sightline does not override it, and this table documents it:
 *
 * | winston   | OTel severityNumber |
 * |-----------|---------------------|
 * | `error`   | ERROR  (17)         |
 * | `warn`    | WARN   (13)         |
 * | `info`    | INFO   (9)          |
 * | `http`    | DEBUG3 (7)          |
 * | `verbose` | DEBUG2 (6)          |
 * | `debug`   | DEBUG  (5)          |
 * | `silly`   | TRACE  (1)          |
 *
 * @example
 * ```ts
 * WINSTON_TO_OTEL_SEVERITY.warn; // 13 (SeverityNumber.WARN)
 * ```
 */
export const WINSTON_TO_OTEL_SEVERITY: Readonly<Record<LogLevel, SeverityNumber>> = Object.freeze({
  error: SeverityNumber.ERROR,
  warn: SeverityNumber.WARN,
  info: SeverityNumber.INFO,
  http: SeverityNumber.DEBUG3,
  verbose: SeverityNumber.DEBUG2,
  debug: SeverityNumber.DEBUG,
  silly: SeverityNumber.TRACE,
});

// Common names from other ecosystems, accepted so `LOG_LEVEL=trace` or `fatal` does not warn.
const ALIASES: Readonly<Record<string, LogLevel>> = {
  trace: 'silly',
  fatal: 'error',
  warning: 'warn',
};

/**
 * Resolves the logger level: the `level` option, else `LOG_LEVEL`, else `info`. Names are
 * case-insensitive; `trace`, `fatal` and `warning` are accepted as aliases. An invalid value
 * degrades to `info` with one `diag.warn` (per distinct value) naming the setting.
 *
 * @example
 * ```ts
 * resolveLevel(undefined, { LOG_LEVEL: 'DEBUG' }); // 'debug'
 * resolveLevel('loud', {}); // 'info', after one diag warning
 * ```
 */
export function resolveLevel(
  option: string | undefined,
  env: Environment = coreEnvironment(),
): LogLevel {
  const fromOption = option !== undefined && option !== '';
  const raw = fromOption ? option : coreSetting('LOG_LEVEL', env);
  if (raw === undefined || raw.trim() === '') return 'info';
  const name = raw.trim().toLowerCase();
  if (Object.hasOwn(NPM_LEVELS, name)) return name as LogLevel;
  const alias = ALIASES[name];
  if (alias) return alias;
  // The configuration-warning form (`sightline: ignoring <setting>=…`, once per value): the
  // SDK's stderr logger keeps these visible at OTEL_LOG_LEVEL=error.
  const setting = fromOption ? 'createLogger() option level' : 'LOG_LEVEL';
  warnInvalid(setting, raw, '"info"', ` (expected one of ${Object.keys(NPM_LEVELS).join(', ')})`);
  return 'info';
}

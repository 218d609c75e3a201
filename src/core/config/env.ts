import { diag } from '@opentelemetry/api';

/**
 * Environment source; `process.env` by default, a plain object in tests.
 *
 * @example
 * ```ts
 * const env: Environment = { OTEL_SERVICE_NAME: 'checkout' };
 * ```
 */
export type Environment = Readonly<Record<string, string | undefined>>;

const warned = new Set<string>();

/**
 * Rejected values, by variable: the raw value and what the OTel packages get instead (`undefined`:
 * unset). They read some variables themselves and would warn a second time (or twice more).
 */
const substitutes = new Map<string, { raw: string; replacement: string | undefined }>();

/**
 * Warns about a rejected variable (see {@link warnInvalid}) and records what the OTel packages
 * get instead (the SDK's `withOtelEnvironment` hands them that).
 *
 * @example
 * ```ts
 * rejectVariable('OTEL_TRACES_SAMPLER_ARG', '2', '1'); // OTel sees OTEL_TRACES_SAMPLER_ARG=1
 * ```
 */
export function rejectVariable(
  name: string,
  value: string,
  replacement: string | undefined,
  hint = '',
  fallback = replacement ?? 'the default',
): void {
  substitutes.set(name, { raw: value, replacement });
  warnInvalid(name, value, fallback, hint);
}

/**
 * The rejected values so far, by variable: the raw value and its replacement (`undefined`:
 * unset).
 *
 * @example
 * ```ts
 * for (const [name, { raw, replacement }] of rejectedVariables()) console.log(name, raw, replacement);
 * ```
 */
export function rejectedVariables(): ReadonlyMap<
  string,
  { raw: string; replacement: string | undefined }
> {
  return substitutes;
}

/**
 * Warns once per variable that its value was rejected and which fallback is used.
 * Bad configuration degrades with a warning; it never throws.
 *
 * @example
 * ```ts
 * warnInvalid('OTEL_TRACES_SAMPLER', 'sometimes', 'parentbased_always_on');
 * ```
 */
export function warnInvalid(name: string, value: string, fallback: string, hint = ''): void {
  const key = `${name}=${value}`;
  if (warned.has(key)) return;
  warned.add(key);
  diag.warn(`sightline: ignoring ${name}=${JSON.stringify(value)}${hint}; using ${fallback}`);
}

/** Empty and whitespace-only values count as unset, as the OTel spec requires. */
function raw(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads a string variable; empty means unset.
 *
 * @example
 * ```ts
 * const name = getString(process.env, 'OTEL_SERVICE_NAME');
 * ```
 */
export function getString(env: Environment, name: string): string | undefined {
  return raw(env, name);
}

/**
 * Reads a boolean variable (`true`/`false`, case-insensitive); anything else warns and falls back.
 *
 * @example
 * ```ts
 * const disabled = getBoolean(process.env, 'OTEL_SDK_DISABLED', false);
 * ```
 */
export function getBoolean(env: Environment, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  rejectVariable(name, value, String(fallback));
  return fallback;
}

/**
 * Reads a number within `[min, max]`; anything else warns and falls back.
 *
 * @example
 * ```ts
 * const timeout = getNumber(process.env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, { min: 1 });
 * ```
 */
export function getNumber(
  env: Environment,
  name: string,
  fallback: number,
  { min = -Infinity, max = Infinity }: { min?: number; max?: number } = {},
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    rejectVariable(name, value, String(fallback));
    return fallback;
  }
  return parsed;
}

/**
 * Reads one of `allowed` (case-insensitive); anything else warns and falls back.
 *
 * @example
 * ```ts
 * const protocol = getEnum(process.env, 'OTEL_EXPORTER_OTLP_PROTOCOL', ['http/protobuf', 'http/json'], 'http/protobuf');
 * ```
 */
export function getEnum<T extends string>(
  env: Environment,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if ((allowed as readonly string[]).includes(lower)) return lower as T;
  rejectVariable(name, value, fallback, ` (expected one of ${allowed.join(', ')})`);
  return fallback;
}

/**
 * Reads a comma-separated list, trimmed, empty items dropped.
 *
 * @example
 * ```ts
 * getList({ X: 'http, undici' }, 'X'); // ['http', 'undici']
 * ```
 */
export function getList(env: Environment, name: string): string[] | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Parses W3C-baggage-style `key=value,key2=value2` lists (OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_EXPORTER_OTLP_HEADERS); malformed entries are warned about and skipped.
 *
 * @example
 * ```ts
 * getKeyValues({ H: 'api-key=abc' }, 'H'); // { 'api-key': 'abc' }
 * ```
 */
export function getKeyValues(env: Environment, name: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of getList(env, name) ?? []) {
    const separator = entry.indexOf('=');
    const key = separator > 0 ? entry.slice(0, separator).trim() : '';
    if (key === '') {
      warnInvalid(name, entry, 'the other entries', ' (expected key=value)');
      continue;
    }
    try {
      result[key] = decodeURIComponent(entry.slice(separator + 1).trim());
    } catch {
      warnInvalid(name, entry, 'the other entries', ' (bad percent-encoding)');
    }
  }
  return result;
}

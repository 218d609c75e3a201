import { rejectedVariables, warnInvalid } from '../core/config/env.js';

// The typed getters live in the core's one configuration module; the SDK re-exports them.
export {
  getBoolean,
  getEnum,
  getKeyValues,
  getList,
  getNumber,
  getString,
  rejectVariable,
  warnInvalid,
  type Environment,
} from '../core/config/env.js';

/**
 * Like {@link warnInvalid}, for a code option (`start({ endpoint })`): the warning names the
 * option, not the environment variable it overrides.
 *
 * @example
 * ```ts
 * warnInvalidOption('endpoint', 'nope', 'http://localhost:4318', ' (expected an http(s) URL)');
 * ```
 */
export function warnInvalidOption(
  option: string,
  value: unknown,
  fallback: string,
  hint = '',
): void {
  warnInvalid(`start() option ${option}`, String(value), fallback, hint);
}

/**
 * Runs `create` (which constructs OTel components) with the rejected `OTEL_*` values of
 * `process.env` replaced by their fallbacks and `resolved` values set, then restores
 * `process.env`. The OTel packages re-read variables Sightline already validated, and warn about
 * bad ones again; handed the resolved values, they have nothing to warn about. Synchronous, so
 * no app code runs while the environment differs.
 *
 * @example
 * ```ts
 * const exporter = withOtelEnvironment(() => new OTLPTraceExporter({ url }));
 * ```
 */
export function withOtelEnvironment<T>(
  create: () => T,
  resolved: Readonly<Record<string, string | undefined>> = {},
): T {
  const changes = new Map<string, string | undefined>();
  for (const [name, { raw: rejected, replacement }] of rejectedVariables()) {
    if (process.env[name]?.trim() === rejected) changes.set(name, replacement);
  }
  for (const [name, value] of Object.entries(resolved)) changes.set(name, value);
  const saved = [...changes.keys()].map((name) => [name, process.env[name]] as const);
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const [name, value] of changes) set(name, value);
  try {
    return create();
  } finally {
    for (const [name, value] of saved) set(name, value);
  }
}

import { diag } from '@opentelemetry/api';
import { createAttributesRedactor } from './attributes.js';
import { KEY_MASK } from './censor.js';
import { createHeadersRedactor } from './headers.js';
import { compilePolicy } from './policy.js';
import { boundedRedact } from './bounded.js';
import type { RedactionPolicy, Redactor } from './types.js';
import { createUrlRedactor } from './url.js';
import { createValueRedactor, UNREADABLE } from './value.js';

/**
 * Compiles a redaction policy once (key set, detector lists, query-parameter set) and returns
 * a `Redactor` whose methods never throw. Invalid settings throw a `TypeError` naming the field
 * here, at construction. The methods are bound: `values.map(redactor.string)` works.
 *
 * Defaults (fail closed): every detector on, except IPv4/IPv6 in `attributes()`; sensitive
 * keys masked as `[REDACTED]`, detector matches as `[EMAIL]`, `[JWT]` …; URL query values and
 * userinfo as `REDACTED`; depth 8, strings 16 KiB, arrays 100 items, objects 1000 keys.
 *
 * @example
 * ```ts
 * const redactor = createRedactor({ keys: ['pin'], detectors: { phone: false } });
 * redactor.value({ user: 'jane@example.com', pin: '1234' });
 * // { user: '[EMAIL]', pin: '[REDACTED]' }
 * redactor.url('https://api.example.com/cb?code=abc&state=xyz');
 * // 'https://api.example.com/cb?code=REDACTED&state=xyz'
 * ```
 */
export function createRedactor(policy?: RedactionPolicy): Redactor {
  const compiled = compilePolicy(policy);
  const url = createUrlRedactor(compiled);
  const value = createValueRedactor(compiled, url);
  const headers = createHeadersRedactor(compiled, url);
  const attributes = createAttributesRedactor(compiled, url);
  const { keys, maxStringLength, text } = compiled;

  return {
    string: (input) =>
      guard('string', KEY_MASK, () => boundedRedact(toText(input), maxStringLength, text)),
    value: (input) => guard('value', UNREADABLE, () => value(input)),
    url: (input) => guard('url', KEY_MASK, () => url(toText(input))),
    headers: (input) => guard('headers', {}, () => headers(input)),
    attributes: (input) => guard('attributes', {}, () => attributes(input)),
    isSensitiveKey: (key) => typeof key === 'string' && keys.isSensitive(key),
  };
}

let defaultRedactor: Redactor | undefined;

/**
 * The process-wide redactor used by logs, problem bodies and spans: created on first use with
 * the default policy unless `setDefaultRedactor` installed another one.
 *
 * @example
 * ```ts
 * getDefaultRedactor().string('mail jane@example.com'); // 'mail [EMAIL]'
 * ```
 */
export function getDefaultRedactor(): Redactor {
  return (defaultRedactor ??= createRedactor());
}

/**
 * Replaces the process-wide redactor (e.g. with the policy from the SDK options). Throws a
 * `TypeError` when `redactor` does not look like a `Redactor`.
 *
 * @example
 * ```ts
 * setDefaultRedactor(createRedactor({ keys: ['pin'] }));
 * ```
 */
export function setDefaultRedactor(redactor: Redactor): void {
  const methods = ['string', 'value', 'url', 'headers', 'attributes', 'isSensitiveKey'] as const;
  if (
    redactor === null ||
    typeof redactor !== 'object' ||
    !methods.every((method) => typeof redactor[method] === 'function')
  ) {
    throw new TypeError('setDefaultRedactor: redactor must be a Redactor (see createRedactor)');
  }
  defaultRedactor = redactor;
}

// Telemetry never breaks the host app: an internal bug yields the fail-closed fallback.
function guard<T>(method: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    diag.warn(`sightline redaction: ${method}() failed, returned a fail-closed placeholder`, error);
    return fallback;
  }
}

function toText(input: unknown): string {
  if (typeof input === 'string') return input;
  try {
    return String(input);
  } catch {
    return UNREADABLE;
  }
}

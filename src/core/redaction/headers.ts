import type { CompiledPolicy } from './policy.js';
import { setOwn } from './own.js';
import { boundedRedact } from './bounded.js';

/** Headers redacted whatever `ignoredKeys` says: they carry credentials by definition. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
]);
/** Headers whose value is a URL: the query and userinfo rules apply. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location']);

type HeaderInput = Iterable<[string, string]> | Record<string, string | string[] | undefined>;

/**
 * Builds `headers()`: names lower-cased, repeated names joined with `, `, credential headers
 * and sensitive names censored, URL-valued headers through `url()`, other values through the
 * detectors. Accepts a `Headers` object, an iterable of pairs or a record (array values
 * joined with `, `). Never throws: on a hostile input it returns what it could read.
 *
 * @example
 * ```ts
 * const redactHeaders = createHeadersRedactor(compilePolicy(), (u) => u);
 * redactHeaders({ Authorization: 'Bearer abc', Accept: 'text/html' });
 * // { authorization: '[REDACTED]', accept: 'text/html' }
 * ```
 */
export function createHeadersRedactor(
  policy: CompiledPolicy,
  redactUrl: (url: string) => string,
): (headers: HeaderInput) => Record<string, string> {
  const { keys, censor, maxStringLength, text } = policy;

  const redactOne = (name: string, value: string): string | undefined => {
    if (CREDENTIAL_HEADERS.has(name) || keys.isSensitive(name)) {
      return censor.forKey(value);
    }
    if (URL_HEADERS.has(name)) return redactUrl(value);
    return boundedRedact(value, maxStringLength, text);
  };

  return (headers) => {
    const merged = new Map<string, string>();
    try {
      collect(headers, merged);
    } catch {
      // Keep what was read before the input threw.
    }
    const out: Record<string, string> = {};
    for (const [name, value] of merged) {
      const redacted = redactOne(name, value);
      if (redacted !== undefined) setOwn(out, name, redacted);
    }
    return out;
  };
}

function collect(headers: unknown, merged: Map<string, string>): void {
  if (headers === null || typeof headers !== 'object') return;
  const add = (rawName: unknown, rawValue: unknown): void => {
    if (rawValue === undefined || rawValue === null) return;
    const name = String(rawName).toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.map(String).join(', ') : String(rawValue);
    const previous = merged.get(name);
    merged.set(name, previous === undefined ? value : `${previous}, ${value}`);
  };
  if (typeof (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    for (const pair of headers as Iterable<unknown>) {
      if (Array.isArray(pair) && pair.length >= 2) add(pair[0], pair[1]);
    }
    return;
  }
  const record = headers as Record<string, unknown>;
  for (const name of Object.keys(record)) add(name, record[name]);
}

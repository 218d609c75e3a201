// Thrown values are hostile input: getters and proxies may throw, so every read is guarded.

const MAX_SUMMARY_LENGTH = 1000;
const MAX_SUMMARY_KEYS = 10;

/**
 * Reads `target[key]`, returning `undefined` instead of throwing (throwing getters, proxies).
 *
 * @example
 * ```ts
 * safeGet(err, 'cause');
 * ```
 */
export function safeGet(target: unknown, key: PropertyKey): unknown {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
    return undefined;
  }
  try {
    return (target as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * Reads a string property, or `undefined` when it is missing, not a string or unreadable.
 *
 * @example
 * ```ts
 * safeString(err, 'message') ?? 'unknown error';
 * ```
 */
export function safeString(target: unknown, key: PropertyKey): string | undefined {
  const value = safeGet(target, key);
  return typeof value === 'string' ? value : undefined;
}

/**
 * `value instanceof Error` that never throws (a proxy's `getPrototypeOf` trap may).
 *
 * @example
 * ```ts
 * if (isError(thrown)) logger.error(thrown.message);
 * ```
 */
export function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/**
 * The constructor name of an object (`Object`, `Response` …), or `undefined` when unreadable.
 *
 * @example
 * ```ts
 * constructorName(new Map()); // 'Map'
 * ```
 */
export function constructorName(value: object): string | undefined {
  try {
    const ctor = Object.getPrototypeOf(value)?.constructor as unknown;
    const name = typeof ctor === 'function' ? ctor.name : undefined;
    return name || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A short, bounded, never-throwing description of any thrown value, for internal messages.
 * Strings are kept as they are (bounded); objects are described by type and key names only.
 *
 * @example
 * ```ts
 * describeValue(null); // 'null'
 * describeValue({ a: 1 }); // 'Object {a}'
 * ```
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return bound(value);
      case 'symbol':
        return value.toString();
      case 'function':
        return `[function ${value.name || 'anonymous'}]`;
      case 'object':
        if (value === null) return 'null';
        return describeObject(value);
      default:
        return String(value);
    }
  } catch {
    return '[unreadable value]';
  }
}

/**
 * A JSON-safe summary of a non-Error object: its type and first key names, never its values
 * (which may be secrets, huge or cyclic).
 *
 * @example
 * ```ts
 * summarizeObject({ code: 'E1', token: 'x' }); // { type: 'Object', keys: ['code', 'token'] }
 * ```
 */
export function summarizeObject(value: object): { type: string; keys: string[] } {
  return { type: constructorName(value) ?? 'Object', keys: ownKeys(value) };
}

function describeObject(value: object): string {
  const { type, keys } = summarizeObject(value);
  return `${type} {${keys.join(', ')}}`;
}

function ownKeys(value: object): string[] {
  try {
    return Object.keys(value)
      .slice(0, MAX_SUMMARY_KEYS)
      .map((key) => bound(key, 64));
  } catch {
    return [];
  }
}

function bound(text: string, max = MAX_SUMMARY_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

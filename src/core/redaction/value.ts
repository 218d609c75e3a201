import type { CompiledPolicy } from './policy.js';
import { setOwn } from './own.js';
import { boundedRedact } from './bounded.js';

/**
 * Replaces a value that could not be read (throwing getter, hostile Proxy).
 *
 * @example
 * ```ts
 * redactor.value({ get x() { throw new Error(); } }); // { x: UNREADABLE }
 * ```
 */
export const UNREADABLE = '[Unreadable]';
/**
 * Replaces a reference to an object that is already being walked.
 *
 * @example
 * ```ts
 * const a: Record<string, unknown> = {}; a.self = a;
 * redactor.value(a); // { self: CIRCULAR }
 * ```
 */
export const CIRCULAR = '[Circular]';
/**
 * Replaces an object nested deeper than `maxDepth`.
 *
 * @example
 * ```ts
 * createRedactor({ maxDepth: 1 }).value({ a: { b: 1 } }); // { a: MAX_DEPTH }
 * ```
 */
export const MAX_DEPTH = '[MaxDepth]';

/** Large integers are checked for card numbers (JSON keeps them exact below 2^53). */
const CARD_SIZED_INTEGER = 1e12;

const NO_SOURCE = Symbol('no source');

type Walk = (value: unknown, depth: number, seen: Set<object>) => unknown;

/**
 * Builds `value()`: a deep, non-mutating, JSON-safe copy with sensitive keys censored and
 * strings bounded and passed through the detectors. Never throws.
 *
 * @example
 * ```ts
 * const redactValue = createValueRedactor(compilePolicy(), (url) => url);
 * redactValue({ password: 'x', n: 1n }); // { password: '[REDACTED]', n: '1' }
 * ```
 */
export function createValueRedactor(
  policy: CompiledPolicy,
  redactUrl: (url: string) => string,
): (value: unknown) => unknown {
  const { keys, censor, maxDepth, maxArrayLength, maxObjectKeys, maxStringLength } = policy;
  const redactText = policy.text;
  const redactNumberText = policy.numberText;
  const redactString = (text: string): string => boundedRedact(text, maxStringLength, redactText);

  const redactNumber = (value: number): unknown => {
    if (redactNumberText === undefined || !Number.isSafeInteger(value)) return value;
    if (Math.abs(value) < CARD_SIZED_INTEGER) return value;
    const text = String(value);
    const redacted = redactNumberText(text);
    return redacted === text ? value : redacted;
  };

  // Writes one entry of a walked object: key rule first (a masked value is never read, so a
  // throwing getter on a password field costs nothing), then the walked value. `source[key]`
  // is read here, guarded; `NO_SOURCE` means `value` was already read (Map entries).
  const writeEntry = (
    out: Record<string, unknown>,
    key: string,
    source: Record<string, unknown> | typeof NO_SOURCE,
    value: unknown,
    depth: number,
    seen: Set<object>,
  ): void => {
    const sensitive = keys.isSensitive(key);
    if (sensitive && censor.action !== 'hmac') {
      if (censor.action === 'mask') setOwn(out, key, censor.forKey(undefined));
      return;
    }
    let raw = value;
    if (source !== NO_SOURCE) {
      try {
        raw = source[key];
      } catch {
        setOwn(out, key, UNREADABLE);
        return;
      }
    }
    if (sensitive) {
      if (raw !== undefined) setOwn(out, key, censor.forKey(raw));
      return;
    }
    const walked = walk(raw, depth + 1, seen);
    if (walked !== undefined) setOwn(out, key, walked);
  };

  const walkArray = (
    items: Iterable<unknown>,
    length: number,
    depth: number,
    seen: Set<object>,
  ): unknown[] => {
    const out: unknown[] = [];
    const limit = Math.min(length, maxArrayLength);
    for (const item of items) {
      if (out.length >= limit) break;
      const walked = walk(item, depth + 1, seen);
      out.push(walked === undefined ? null : walked);
    }
    if (length > limit) out.push(`[… ${length - limit} more items]`);
    return out;
  };

  const walkPlain = (obj: object, depth: number, seen: Set<object>): Record<string, unknown> => {
    const source = obj as Record<string, unknown>;
    const names = Object.keys(source);
    const out: Record<string, unknown> = {};
    const limit = Math.min(names.length, maxObjectKeys);
    for (let i = 0; i < limit; i++) {
      const key = names[i] as string;
      writeEntry(out, key, source, undefined, depth, seen);
    }
    if (names.length > limit) setOwn(out, '…', `[${names.length - limit} more keys]`);
    return out;
  };

  const walkMap = (map: Map<unknown, unknown>, depth: number, seen: Set<object>): object => {
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const [rawKey, entry] of map) {
      if (count++ >= maxObjectKeys) break;
      const key = typeof rawKey === 'string' ? rawKey : mapKeyText(rawKey);
      writeEntry(out, key, NO_SOURCE, entry, depth, seen);
    }
    if (map.size > maxObjectKeys) setOwn(out, '…', `[${map.size - maxObjectKeys} more keys]`);
    return out;
  };

  const walkError = (error: Error, depth: number, seen: Set<object>): object => {
    const source = error as Error & Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const read = (key: string): unknown => {
      try {
        return source[key];
      } catch {
        return UNREADABLE;
      }
    };
    const name = read('name');
    out.name = typeof name === 'string' ? redactString(name) : 'Error';
    const message = read('message');
    out.message = typeof message === 'string' ? redactString(message) : '';
    // The stack starts with the message, so it goes through the same detectors.
    const stack = read('stack');
    if (typeof stack === 'string') out.stack = redactString(stack);
    if ('code' in source) writeEntry(out, 'code', source, undefined, depth, seen);
    if ('cause' in source) writeEntry(out, 'cause', source, undefined, depth, seen);
    const errors = read('errors');
    if (Array.isArray(errors)) out.errors = walkArray(errors, errors.length, depth, seen);
    for (const key of Object.keys(source)) {
      if (!(key in out) && key !== 'errors') writeEntry(out, key, source, undefined, depth, seen);
    }
    return out;
  };

  const walkObject = (obj: object, depth: number, seen: Set<object>): unknown => {
    if (seen.has(obj)) return CIRCULAR;
    if (depth >= maxDepth) return MAX_DEPTH;
    try {
      if (obj instanceof Date) {
        const time = Date.prototype.getTime.call(obj);
        return Number.isNaN(time) ? null : new Date(time).toISOString();
      }
      if (ArrayBuffer.isView(obj)) return `[Buffer ${obj.byteLength} bytes]`;
      if (obj instanceof ArrayBuffer || obj instanceof SharedArrayBuffer) {
        return `[Buffer ${obj.byteLength} bytes]`;
      }
      if (obj instanceof URL) return redactUrl(obj.href);
      if (obj instanceof RegExp) return redactString(String(obj));
      seen.add(obj);
      try {
        if (Array.isArray(obj)) return walkArray(obj, obj.length, depth, seen);
        if (obj instanceof Map) return walkMap(obj, depth, seen);
        if (obj instanceof Set) return walkArray(obj, obj.size, depth, seen);
        if (obj instanceof Error) return walkError(obj, depth, seen);
        const toJSON = (obj as { toJSON?: unknown }).toJSON;
        // Library types (Decimal, DateTime, ORM documents) serialize through toJSON; its
        // result is walked one level deeper, so a toJSON returning fresh objects terminates.
        if (typeof toJSON === 'function') return walk(toJSON.call(obj), depth + 1, seen);
        return walkPlain(obj, depth, seen);
      } finally {
        seen.delete(obj);
      }
    } catch {
      return UNREADABLE;
    }
  };

  const walk: Walk = (value, depth, seen) => {
    switch (typeof value) {
      case 'string':
        return redactString(value);
      case 'number':
        return redactNumber(value);
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return redactString(value.toString());
      case 'symbol':
        return redactString(value.description ?? '');
      case 'function':
        return `[Function ${functionName(value)}]`;
      default:
        return value === null ? null : walkObject(value as object, depth, seen);
    }
  };

  return (value) => {
    try {
      return walk(value, 0, new Set());
    } catch {
      return UNREADABLE;
    }
  };
}

function functionName(fn: unknown): string {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === 'string' && name.length > 0 ? name : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

function mapKeyText(key: unknown): string {
  try {
    return typeof key === 'symbol' ? (key.description ?? '') : String(key);
  } catch {
    return UNREADABLE;
  }
}

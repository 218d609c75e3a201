/**
 * Readers over the loose OTLP/JSON shape (which the protobuf decoder also produces): each
 * accepts anything and returns a well-typed value, so a malformed field never rejects a batch.
 */
import type { ReceivedScope } from './model.js';

/**
 * A JSON object.
 *
 * @example
 * const span: Obj = { name: 'GET /' };
 */
export type Obj = Record<string, unknown>;

/**
 * True for a non-array object.
 *
 * @example
 * isObj({ a: 1 }); // true; isObj([1]) → false
 */
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * The objects of an array (anything else → `[]`).
 *
 * @example
 * list([{ a: 1 }, 2]); // [{ a: 1 }]
 */
export const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
/**
 * A string, or `''`.
 *
 * @example
 * str(42); // ''
 */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A number from a number or a numeric string (the JSON mapping of int64 and NaN/Infinity).
 *
 * @example
 * num('12'); // 12; num('NaN') → NaN; num('x') → undefined
 */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  // The protobuf JSON mapping spells large/special values as strings ("12", "NaN", "Infinity").
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
  }
  return undefined;
}

/**
 * int64 as number or decimal string (JSON), possibly absent → bigint.
 *
 * @example
 * nanos('1700000000000000000'); // 1700000000000000000n
 */
export function nanos(v: unknown): bigint {
  try {
    if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  } catch {
    // fall through: malformed time becomes 0 rather than rejecting the batch
  }
  return 0n;
}

/**
 * Normalises an id to lowercase hex. OTLP/JSON uses hex; some senders use base64 (the generic
 * protobuf JSON mapping), so accept that when it decodes to the right length. All zeros → absent.
 *
 * @example
 * id('S/kvNXezTaajzpKdDg5HNg==', 16); // '4bf92f3577b34da6a3ce929d0e0e4736'
 */
export function id(v: unknown, bytes: number): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (v.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(v)) {
    return /^0+$/.test(v) ? undefined : v.toLowerCase();
  }
  const raw = Buffer.from(v, 'base64');
  if (raw.length === bytes) {
    const hex = raw.toString('hex');
    return /^0+$/.test(hex) ? undefined : hex;
  }
  return v.toLowerCase();
}

/**
 * Converts an OTLP `AnyValue` to a plain JS value (string, number, boolean, bigint for int64
 * beyond 2^53, Buffer for bytes, arrays, objects).
 *
 * @example
 * anyValueToPlain({ kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } }); // { a: 1 }
 */
export function anyValueToPlain(v: unknown): unknown {
  if (!isObj(v)) return undefined;
  if ('stringValue' in v) return str(v.stringValue);
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) {
    const iv = v.intValue;
    if (typeof iv === 'number') return iv;
    if (typeof iv === 'string' && /^-?\d+$/.test(iv)) {
      const b = BigInt(iv);
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(b)
        : b;
    }
    return undefined;
  }
  if ('doubleValue' in v) return num(v.doubleValue);
  if ('arrayValue' in v) {
    return list(isObj(v.arrayValue) ? v.arrayValue.values : undefined).map(anyValueToPlain);
  }
  if ('kvlistValue' in v) return keyValuesToPlain(isObj(v.kvlistValue) ? v.kvlistValue.values : []);
  if ('bytesValue' in v) return Buffer.from(str(v.bytesValue), 'base64');
  return undefined;
}

/**
 * Converts a repeated `KeyValue` to a plain object.
 *
 * @example
 * keyValuesToPlain([{ key: 'http.route', value: { stringValue: '/x' } }]); // { 'http.route': '/x' }
 */
export function keyValuesToPlain(kvs: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list(kvs)) {
    // defineProperty: a `__proto__` key from the wire must stay data, not swap the prototype.
    Object.defineProperty(out, str(kv.key), {
      value: anyValueToPlain(kv.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * An `InstrumentationScope` as `{ name, version? }`.
 *
 * @example
 * scopeOf({ name: 'winston', version: '' }); // { name: 'winston' }
 */
export function scopeOf(v: unknown): ReceivedScope {
  const s = isObj(v) ? v : {};
  const scope: ReceivedScope = { name: str(s.name) };
  if (str(s.version)) scope.version = str(s.version);
  return scope;
}

/**
 * A `Resource`'s attributes as a plain object.
 *
 * @example
 * resourceOf({ attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }); // { 'service.name': 'api' }
 */
export const resourceOf = (v: unknown): Record<string, unknown> =>
  keyValuesToPlain(isObj(v) ? v.attributes : undefined);

/**
 * Enum as int (OTLP/JSON) or, leniently, as its proto name; unknown → 0.
 *
 * @example
 * enumValue('SPAN_KIND_SERVER', ['UNSPECIFIED', 'INTERNAL', 'SERVER'], 'SPAN_KIND_'); // 2
 */
export function enumValue(v: unknown, names: readonly string[], prefix: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const i = names.indexOf(v.startsWith(prefix) ? v.slice(prefix.length) : v);
    if (i >= 0) return i;
  }
  return 0;
}

/**
 * A small, schema-driven protobuf wire-format decoder.
 *
 * Only decoding is needed (the dev receiver reads what exporters send), so this covers the four
 * wire types OTLP uses (varint, 64-bit, length-delimited, 32-bit), packed repeated scalars, and
 * skips unknown fields as the protobuf spec requires. Output mirrors the protobuf JSON mapping:
 * camelCase names, 64-bit integers as numbers when safe (decimal strings otherwise), bytes as
 * base64 (or lowercase hex for ids), enums as numbers.
 */

/** Protobuf wire types. */
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

/** Scalar field types the decoder understands. */
export type ScalarType =
  | 'string'
  | 'bytes'
  | 'hex'
  | 'bool'
  | 'enum'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'int64'
  | 'uint64'
  | 'sint64'
  | 'fixed32'
  | 'sfixed32'
  | 'fixed64'
  | 'sfixed64'
  | 'float'
  | 'double';

/**
 * One field of a message schema. `message` is a thunk so schemas can be recursive
 * (AnyValue → ArrayValue → AnyValue).
 */
export interface FieldSpec {
  /** camelCase JSON name of the field. */
  name: string;
  /** Scalar type, or `'message'` with {@link FieldSpec.message}. */
  type: ScalarType | 'message';
  /** Nested message schema (required when `type` is `'message'`). */
  message?: () => MessageSchema;
  /** Repeated fields decode to arrays (packed or not). */
  repeated?: boolean;
}

/** A message schema: field number → field spec. */
export type MessageSchema = Readonly<Record<number, FieldSpec>>;

/** A decoded message in the protobuf JSON shape. */
export type DecodedMessage = Record<string, unknown>;

/**
 * Error thrown for malformed protobuf input (truncated data, bad wire types, nesting too deep).
 *
 * @example
 * try { decodeMessage(bytes, schema); } catch (e) { if (e instanceof ProtobufDecodeError) { … } }
 */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

// Bounds nesting so a hostile payload cannot blow the stack (AnyValue is recursive).
const MAX_DEPTH = 64;

/** Cursor over a byte buffer. */
class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** Reads a varint as a bigint (exact for all 64-bit values). */
  varintBig(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtobufDecodeError(`varint longer than 10 bytes at offset ${this.pos}`);
  }

  /** Reads a varint that must fit in 32 bits (tags, lengths, enums, bools). */
  varint32(): number {
    // Fast path for the common small values; falls back to the exact bigint path.
    const start = this.pos;
    let result = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return result;
    }
    this.pos = start;
    return Number(BigInt.asUintN(32, this.varintBig()));
  }

  byte(): number {
    if (this.pos >= this.end) throw new ProtobufDecodeError('unexpected end of data');
    return this.buf[this.pos++] as number;
  }

  take(n: number): number {
    if (n < 0 || this.pos + n > this.end) {
      throw new ProtobufDecodeError(`field length ${n} exceeds remaining ${this.end - this.pos}`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  view(n: number): DataView {
    const at = this.take(n);
    return new DataView(this.buf.buffer, this.buf.byteOffset + at, n);
  }
}

/** Number when exactly representable, else a decimal string (protobuf JSON mapping). */
function int64Out(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v.toString();
}

function fromVarint(r: Reader, type: ScalarType): unknown {
  switch (type) {
    case 'bool':
      return r.varintBig() !== 0n;
    case 'enum':
    case 'int32':
      return Number(BigInt.asIntN(32, r.varintBig()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.varintBig()));
    case 'sint32':
    case 'sint64': {
      const v = r.varintBig();
      const decoded = (v >> 1n) ^ -(v & 1n);
      return type === 'sint32' ? Number(BigInt.asIntN(32, decoded)) : int64Out(decoded);
    }
    case 'int64':
      return int64Out(BigInt.asIntN(64, r.varintBig()));
    case 'uint64':
      return int64Out(r.varintBig());
    default:
      throw new ProtobufDecodeError(`wire type varint does not fit field type ${type}`);
  }
}

function fromI64(r: Reader, type: ScalarType): unknown {
  const dv = r.view(8);
  switch (type) {
    case 'double':
      return dv.getFloat64(0, true);
    case 'fixed64':
      return int64Out(dv.getBigUint64(0, true));
    case 'sfixed64':
      return int64Out(dv.getBigInt64(0, true));
    default:
      throw new ProtobufDecodeError(`wire type i64 does not fit field type ${type}`);
  }
}

function fromI32(r: Reader, type: ScalarType): unknown {
  const dv = r.view(4);
  switch (type) {
    case 'float':
      return dv.getFloat32(0, true);
    case 'fixed32':
      return dv.getUint32(0, true);
    case 'sfixed32':
      return dv.getInt32(0, true);
    default:
      throw new ProtobufDecodeError(`wire type i32 does not fit field type ${type}`);
  }
}

const textDecoder = new TextDecoder('utf-8');

function fromBytes(buf: Uint8Array, at: number, n: number, type: ScalarType): unknown {
  const slice = buf.subarray(at, at + n);
  switch (type) {
    case 'string':
      return textDecoder.decode(slice);
    case 'bytes':
      return Buffer.from(slice).toString('base64');
    case 'hex':
      return Buffer.from(slice).toString('hex');
    default:
      throw new ProtobufDecodeError(`wire type len does not fit field type ${type}`);
  }
}

/** The wire type a scalar uses when not packed. */
function wireTypeOf(type: ScalarType): number {
  switch (type) {
    case 'string':
    case 'bytes':
    case 'hex':
      return LEN;
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return I64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return I32;
    default:
      return VARINT;
  }
}

function readScalar(r: Reader, wire: number, type: ScalarType): unknown {
  if (wire === VARINT) return fromVarint(r, type);
  if (wire === I64) return fromI64(r, type);
  if (wire === I32) return fromI32(r, type);
  throw new ProtobufDecodeError(`unexpected wire type ${wire} for ${type}`);
}

function skip(r: Reader, wire: number): void {
  switch (wire) {
    case VARINT:
      r.varintBig();
      return;
    case I64:
      r.take(8);
      return;
    case LEN:
      r.take(r.varint32());
      return;
    case I32:
      r.take(4);
      return;
    default:
      // Groups (3/4) are deprecated and never used by OTLP; treat them as corruption.
      throw new ProtobufDecodeError(`unsupported wire type ${wire}`);
  }
}

function push(out: DecodedMessage, name: string, value: unknown): void {
  const list = out[name];
  if (Array.isArray(list)) list.push(value);
  else out[name] = [value];
}

function decodeRange(r: Reader, schema: MessageSchema, depth: number): DecodedMessage {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError('message nesting too deep');
  const out: DecodedMessage = {};
  while (r.pos < r.end) {
    const tag = r.varint32();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0) throw new ProtobufDecodeError('invalid field number 0');
    const spec = schema[field];
    if (!spec) {
      skip(r, wire);
      continue;
    }
    let value: unknown;
    if (spec.type === 'message') {
      if (wire !== LEN) throw new ProtobufDecodeError(`field ${spec.name}: expected a message`);
      const n = r.varint32();
      const at = r.take(n);
      const nested = spec.message?.();
      if (!nested) throw new ProtobufDecodeError(`field ${spec.name}: schema missing`);
      value = decodeRange(new Reader(r.buf, at, at + n), nested, depth + 1);
    } else if (wire === LEN && wireTypeOf(spec.type) !== LEN) {
      // Packed repeated scalars: a run of values inside one length-delimited field.
      const n = r.varint32();
      const at = r.take(n);
      const inner = new Reader(r.buf, at, at + n);
      const values: unknown[] = [];
      const elementWire = wireTypeOf(spec.type);
      while (inner.pos < inner.end) values.push(readScalar(inner, elementWire, spec.type));
      if (spec.repeated) {
        const existing = out[spec.name];
        out[spec.name] = Array.isArray(existing) ? existing.concat(values) : values;
      } else if (values.length > 0) {
        out[spec.name] = values[values.length - 1];
      }
      continue;
    } else if (wire === LEN) {
      const n = r.varint32();
      value = fromBytes(r.buf, r.take(n), n, spec.type);
    } else {
      value = readScalar(r, wire, spec.type);
    }
    if (spec.repeated) push(out, spec.name, value);
    else out[spec.name] = value; // Last one wins for singular fields, as in protobuf.
  }
  return out;
}

/**
 * Decodes one protobuf message according to `schema`.
 *
 * @param bytes - the encoded message
 * @param schema - field number → field spec
 * @returns the message in the protobuf JSON shape (absent fields are absent)
 * @throws {ProtobufDecodeError} on malformed input
 * @example
 * const schema = { 1: { name: 'name', type: 'string' } } as const;
 * decodeMessage(Uint8Array.of(0x0a, 0x02, 0x68, 0x69), schema); // { name: 'hi' }
 */
export function decodeMessage(bytes: Uint8Array, schema: MessageSchema): DecodedMessage {
  return decodeRange(new Reader(bytes, 0, bytes.length), schema, 0);
}

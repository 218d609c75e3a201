import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError, decodeMessage } from '../../src/dev/protobuf.js';
import type { MessageSchema } from '../../src/dev/protobuf.js';

const inner: MessageSchema = { 1: { name: 'v', type: 'sint32' } };
const schema: MessageSchema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'n', type: 'int64' },
  3: { name: 'd', type: 'double' },
  4: { name: 'f', type: 'fixed32' },
  5: { name: 'packed', type: 'uint64', repeated: true },
  6: { name: 'inner', type: 'message', message: () => inner, repeated: true },
  7: { name: 'id', type: 'hex' },
  8: { name: 'u', type: 'fixed64' },
  9: { name: 'b', type: 'bool' },
};

describe('protobuf wire decoder', () => {
  it('decodes every wire type, packed and unpacked repeated fields, and nested messages', () => {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, 1.5, true);
    const double = new Uint8Array(dv.buffer);
    const bytes = Uint8Array.from([
      0x0a,
      0x02,
      0x68,
      0x69, // 1: "hi"
      0x10,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0x01, // 2: int64 -1
      0x19,
      ...double, // 3: double 1.5
      0x25,
      0x01,
      0x00,
      0x00,
      0x80, // 4: fixed32 0x80000001
      0x2a,
      0x03,
      0x01,
      0x96,
      0x01, // 5: packed [1, 150]
      0x28,
      0x07, // 5: unpacked 7, appended
      0x32,
      0x02,
      0x08,
      0x03, // 6: inner { v: sint32 -2 }
      0x32,
      0x00, // 6: inner {}
      0x3a,
      0x02,
      0xab,
      0xcd, // 7: hex
      0x41,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff, // 8: fixed64 max → string
      0x48,
      0x01, // 9: true
    ]);
    expect(decodeMessage(bytes, schema)).toEqual({
      name: 'hi',
      n: -1,
      d: 1.5,
      f: 0x80000001,
      packed: [1, 150, 7],
      inner: [{ v: -2 }, {}],
      id: 'abcd',
      u: '18446744073709551615',
      b: true,
    });
  });

  it('skips unknown fields of every wire type', () => {
    const bytes = Uint8Array.from([
      0x78,
      0x05, // 15 varint
      0x81,
      0x01,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8, // 16 i64
      0x8a,
      0x01,
      0x01,
      0x00, // 17 len
      0x95,
      0x01,
      1,
      2,
      3,
      4, // 18 i32
      0x0a,
      0x01,
      0x7a, // 1: "z"
    ]);
    expect(decodeMessage(bytes, schema)).toEqual({ name: 'z' });
  });

  it.each([
    ['truncated length-delimited field', [0x0a, 0x05, 0x68]],
    ['truncated varint', [0x10, 0xff]],
    ['field number 0', [0x00, 0x01]],
    ['group wire type', [0x0b]],
    ['wire type mismatch for a message', [0x30, 0x01]],
  ])('throws ProtobufDecodeError on %s', (_name, data) => {
    expect(() => decodeMessage(Uint8Array.from(data), schema)).toThrow(ProtobufDecodeError);
  });

  it('bounds nesting depth', () => {
    const self: MessageSchema = { 1: { name: 'c', type: 'message', message: () => self } };
    let msg = new Uint8Array(0);
    const varint = (n: number): number[] =>
      n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)];
    for (let i = 0; i < 100; i++) msg = Uint8Array.from([0x0a, ...varint(msg.length), ...msg]);
    expect(() => decodeMessage(msg, self)).toThrow(/too deep/);
  });
});

/**
 * The hand-written protobuf wire format: varints (including negative int64 as ten
 * bytes), fixed32/64, length-delimited fields, and repeated scalars both packed and
 * unpacked, checked against bytes worked out by hand from the protobuf encoding rules.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/index.js';
import { ProtoReader, ProtoWriter, Wire } from '../../src/onnx/protobuf.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

describe('ProtoWriter', () => {
  it('writes varints as base-128 groups, least significant first', () => {
    // 150 = 0b1_0010110 → 0x96 0x01 (the example of the protobuf docs); tag (1 << 3 | 0) = 0x08
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('08 96 01');
    expect(hex(new ProtoWriter().int(1, 0).finish())).toBe('08 00');
    // -1 as int64: 64 one-bits → nine 0xff then 0x01
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08 ff ff ff ff ff ff ff ff ff 01');
    // 2^53 − 1: eight groups
    expect(new ProtoWriter().int(1, Number.MAX_SAFE_INTEGER).finish().length).toBe(1 + 8);
    expect(() => new ProtoWriter().int(1, 0.5)).toThrow(RangeError);
  });

  it('writes fixed32 floats, strings and nested messages', () => {
    // field 2, wire 5 → 0x15; 1.0f = 0x3f800000 little-endian
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('15 00 00 80 3f');
    // field 4, wire 2 → 0x22; "Relu" = 52 65 6c 75
    expect(hex(new ProtoWriter().string(4, 'Relu').finish())).toBe('22 04 52 65 6c 75');
    expect(hex(new ProtoWriter().bytes(7, new ProtoWriter().int(1, 3).finish()).finish())).toBe('3a 02 08 03');
  });

  it('writes packed repeated fields as one length-delimited field', () => {
    expect(hex(new ProtoWriter().packedInts(1, [3, 270, -1]).finish())).toBe('0a 0d 03 8e 02 ff ff ff ff ff ff ff ff ff 01');
    expect(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish())).toBe('22 08 00 00 80 3f 00 00 00 c0');
  });

  it('grows its buffer past its first 256 bytes', () => {
    const big = new Uint8Array(10_000).map((_, i) => i & 0xff);
    const bytes = new ProtoWriter().int(1, 1).bytes(2, big).finish();
    const r = new ProtoReader(bytes, 'test');
    r.next();
    expect(r.varint()).toBe(1);
    r.next();
    expect(r.bytesField()).toEqual(big);
  });
});

describe('ProtoReader', () => {
  it('reads back every varint the writer writes', () => {
    const numbers = [0, 1, 127, 128, 300, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 49 - 1, 2 ** 49, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 53 - 1)];
    const w = new ProtoWriter();
    for (const n of numbers) w.int(3, n);
    const r = new ProtoReader(w.finish(), 'test');
    const got: number[] = [];
    while (r.next()) {
      expect([r.field, r.wire]).toEqual([3, Wire.Varint]);
      got.push(r.varint());
    }
    expect(got).toEqual(numbers);
  });

  it('accepts repeated scalars packed, unpacked, and mixed', () => {
    const packed = new ProtoWriter().packedInts(1, [4, -1]).packedFloats(4, [0.5, 2]).finish();
    const unpacked = new ProtoWriter().int(1, 4).int(1, -1).float(4, 0.5).float(4, 2).finish();
    const mixed = new ProtoWriter().int(1, 4).packedInts(1, [-1]).packedFloats(4, [0.5]).float(4, 2).finish();
    for (const bytes of [packed, unpacked, mixed]) {
      const ints: number[] = [], floats: number[] = [];
      const r = new ProtoReader(bytes, 'test');
      while (r.next()) {
        if (r.field === 1) r.repeatedVarint(ints, 'dims');
        else r.repeatedFloat(floats, 'float_data');
      }
      expect({ ints, floats }).toEqual({ ints: [4, -1], floats: [0.5, 2] });
    }
  });

  it('skips unknown fields of every wire type', () => {
    const bytes = new ProtoWriter().int(9, 5).double(10, 1.5).float(11, 2).string(12, 'x').int(1, 42).finish();
    const r = new ProtoReader(bytes, 'test');
    let found: number | undefined;
    while (r.next()) {
      if (r.field === 1) found = r.varint();
      else r.skip();
    }
    expect(found).toBe(42);
  });

  it('fails with the message path and offset on truncation', () => {
    const bytes = new ProtoWriter().string(2, 'hello').finish().subarray(0, 4);
    const r = new ProtoReader(bytes, 'NodeProto');
    r.next();
    expect(() => r.string()).toThrow(new DataError('fromOnnx: malformed protobuf in NodeProto at byte 1: field 2 (length 5) needs 5 bytes, only 2 remain (truncated?)'));
    const r2 = new ProtoReader(Uint8Array.of(0x08, 0x80), 'M');
    r2.next();
    expect(() => r2.varint()).toThrow('fromOnnx: malformed protobuf in M at byte 1: truncated varint');
  });

  it('rejects packed floats whose length is not a multiple of 4, and invalid UTF-8', () => {
    const r = new ProtoReader(new ProtoWriter().bytes(4, new Uint8Array(6)).finish(), 'TensorProto');
    r.next();
    expect(() => r.repeatedFloat([], 'float_data')).toThrow('packed float_data is 6 bytes, not a multiple of 4');
    const s = new ProtoReader(new ProtoWriter().bytes(3, Uint8Array.of(0xc3, 0x28)).finish(), 'NodeProto');
    s.next();
    expect(() => s.string()).toThrow('field 3 is not valid UTF-8');
  });

  it('reads a nested message only within its own bounds', () => {
    const inner = new ProtoWriter().int(1, 7).finish();
    const bytes = new ProtoWriter().bytes(5, inner).int(1, 9).finish();
    const r = new ProtoReader(bytes, 'outer');
    r.next();
    const sub = r.message('outer.inner');
    const seen: number[] = [];
    while (sub.next()) seen.push(sub.varint());
    expect(seen).toEqual([7]);
    r.next();
    expect(r.varint()).toBe(9);
    expect(r.next()).toBe(false);
  });
});

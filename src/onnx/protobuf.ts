/**
 * The protobuf wire format, as much of it as ONNX needs, written by hand so that
 * `neurite/onnx` has no runtime dependency (protobufjs alone is larger than the rest
 * of the library).
 *
 * A message is a sequence of fields; each starts with a tag, the varint
 * `fieldNumber << 3 | wireType`:
 *
 * | wire type | meaning | used for |
 * | --- | --- | --- |
 * | 0 VARINT | base-128 varint, 1–10 bytes, least significant group first | int32, int64, enums (negative numbers take 10 bytes: two's complement over 64 bits) |
 * | 1 I64 | 8 bytes little-endian | double |
 * | 2 LEN | a varint length, then that many bytes | strings, bytes, nested messages, *packed* repeated scalars |
 * | 5 I32 | 4 bytes little-endian | float |
 *
 * A repeated scalar may come packed (one LEN field holding the values back to back)
 * or unpacked (one field per value), or as several of either: a reader must accept
 * all of them. Unknown fields are skipped by their wire type.
 *
 * The reader never trusts a length: every length and count is checked against the
 * bytes that actually remain, so corrupt input is a {@link DataError} naming the
 * field and offset, never an out-of-bounds read, a giant allocation or a loop that
 * does not end.
 */
import { DataError } from '../errors.js';

/** The wire types ONNX uses (3 and 4, the deprecated groups, are rejected). */
export const Wire = { Varint: 0, I64: 1, Len: 2, I32: 5 } as const;
export type Wire = (typeof Wire)[keyof typeof Wire];

const wireNames = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32', '6', '7'];

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Reads the fields of one message from `bytes[start, end)`. */
export class ProtoReader {
  private pos: number;
  /** The wire type of the field whose tag was read last. */
  wire: Wire = Wire.Varint;
  /** The field number of the tag read last. */
  field = 0;

  constructor(
    private readonly bytes: Uint8Array,
    /** The message's name for error messages, e.g. `ModelProto.graph.node[3]`. */
    readonly path: string,
    private readonly start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** The absolute offset of the next byte to read. */
  get offset(): number {
    return this.pos;
  }

  private fail(what: string, at = this.pos): never {
    throw new DataError(`fromOnnx: malformed protobuf in ${this.path} at byte ${at}: ${what}`);
  }

  /** Reads the next tag; false when the message is over. */
  next(): boolean {
    if (this.pos >= this.end) return false;
    const at = this.pos;
    const tag = this.varint();
    const field = Math.floor(tag / 8), wire = tag % 8;
    if (tag < 0 || field < 1 || field > 0x1fffffff) this.fail(`invalid field number ${field}`, at);
    if (wire === 3 || wire === 4 || wire > 5) this.fail(`field ${field} has unsupported wire type ${wireNames[wire] ?? wire}`, at);
    this.field = field;
    this.wire = wire as Wire;
    return true;
  }

  /** A varint as a signed 64-bit integer (int32/int64/enum), which must fit a safe JS integer. */
  varint(): number {
    const bytes = this.bytes, at = this.pos;
    let value = 0, scale = 1;
    // Up to 7 bytes (49 bits) the value is exact in a double; past that, go through BigInt.
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) this.fail('truncated varint', at);
      const b = bytes[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    let big = BigInt(value);
    let shift = 49n;
    for (let i = 7; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint', at);
      const b = bytes[this.pos++];
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        if (i === 9 && b > 1) this.fail('varint overflows 64 bits', at);
        const signed = BigInt.asIntN(64, big);
        if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
          this.fail(`integer ${signed} is beyond what this reader handles (±2^53)`, at);
        }
        return Number(signed);
      }
      shift += 7n;
    }
    return this.fail('varint longer than 10 bytes', at);
  }

  private need(n: number, what: string, at = this.pos): void {
    if (n > this.end - this.pos) this.fail(`${what} needs ${n} bytes, only ${this.end - this.pos} remain (truncated?)`, at);
  }

  /** The payload of a length-delimited field, as a view (no copy). */
  bytesField(): Uint8Array {
    const at = this.pos;
    const length = this.varint();
    if (length < 0) this.fail(`negative length ${length}`, at);
    this.need(length, `field ${this.field} (length ${length})`, at);
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  /** A reader over the nested message of the current length-delimited field. */
  message(path: string): ProtoReader {
    const view = this.bytesField();
    const base = view.byteOffset - this.bytes.byteOffset;
    return new ProtoReader(this.bytes, path, base, base + view.length);
  }

  string(): string {
    const at = this.pos;
    const view = this.bytesField();
    try {
      return utf8Decoder.decode(view);
    } catch {
      return this.fail(`field ${this.field} is not valid UTF-8`, at);
    }
  }

  float32(): number {
    this.need(4, 'fixed32');
    const b = this.bytes, p = this.pos;
    this.pos += 4;
    return new DataView(b.buffer, b.byteOffset + p, 4).getFloat32(0, true);
  }

  float64(): number {
    this.need(8, 'fixed64');
    const b = this.bytes, p = this.pos;
    this.pos += 8;
    return new DataView(b.buffer, b.byteOffset + p, 8).getFloat64(0, true);
  }

  /** Skips the current field's value. */
  skip(): void {
    switch (this.wire) {
      case Wire.Varint:
        this.varintSkip();
        break;
      case Wire.I64:
        this.need(8, 'fixed64');
        this.pos += 8;
        break;
      case Wire.I32:
        this.need(4, 'fixed32');
        this.pos += 4;
        break;
      case Wire.Len:
        this.bytesField();
        break;
    }
  }

  private varintSkip(): void {
    const at = this.pos;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint', at);
      if (this.bytes[this.pos++] < 0x80) return;
    }
    this.fail('varint longer than 10 bytes', at);
  }

  /** Throws unless the current field has wire type `wire` (`name` is the field's name). */
  expect(wire: Wire, name: string): void {
    if (this.wire !== wire) {
      this.fail(`${name} (field ${this.field}) should be ${wireNames[wire]}, got ${wireNames[this.wire]}`);
    }
  }

  // Repeated scalars: packed (one LEN field) or unpacked (one field per value); both append to `out`.

  /** Appends int32/int64 values, packed or not. */
  repeatedVarint(out: number[], name: string): void {
    if (this.wire === Wire.Len) {
      const sub = this.message(`${this.path}.${name}`);
      while (sub.pos < sub.end) out.push(sub.varint());
    } else {
      this.expect(Wire.Varint, name);
      out.push(this.varint());
    }
  }

  /** Appends float values, packed or not. */
  repeatedFloat(out: number[], name: string): void {
    if (this.wire === Wire.Len) {
      const view = this.bytesField();
      if (view.length % 4 !== 0) this.fail(`packed ${name} is ${view.length} bytes, not a multiple of 4`);
      const dv = new DataView(view.buffer, view.byteOffset, view.length);
      for (let o = 0; o < view.length; o += 4) out.push(dv.getFloat32(o, true));
    } else {
      this.expect(Wire.I32, name);
      out.push(this.float32());
    }
  }

  /** Appends double values, packed or not. */
  repeatedDouble(out: number[], name: string): void {
    if (this.wire === Wire.Len) {
      const view = this.bytesField();
      if (view.length % 8 !== 0) this.fail(`packed ${name} is ${view.length} bytes, not a multiple of 8`);
      const dv = new DataView(view.buffer, view.byteOffset, view.length);
      for (let o = 0; o < view.length; o += 8) out.push(dv.getFloat64(o, true));
    } else {
      this.expect(Wire.I64, name);
      out.push(this.float64());
    }
  }
}

/** Builds one message. Nested messages are built first and written as bytes. */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private tag(field: number, wire: Wire): void {
    this.rawVarint(field * 8 + wire);
  }

  /** Writes `value` (an integer) as a varint; negative values take 10 bytes (64-bit two's complement). */
  rawVarint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`ProtoWriter: expected a safe integer, got ${value}`);
    this.reserve(10);
    if (value < 0) {
      let big = BigInt.asUintN(64, BigInt(value));
      while (big >= 0x80n) {
        this.buf[this.len++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      this.buf[this.len++] = Number(big);
      return;
    }
    while (value >= 0x80) {
      this.buf[this.len++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buf[this.len++] = value;
  }

  /** An int32, int64 or enum field. */
  int(field: number, value: number): this {
    this.tag(field, Wire.Varint);
    this.rawVarint(value);
    return this;
  }

  /** A float field (fixed32). */
  float(field: number, value: number): this {
    this.tag(field, Wire.I32);
    this.reserve(4);
    new DataView(this.buf.buffer, this.len, 4).setFloat32(0, value, true);
    this.len += 4;
    return this;
  }

  /** A double field (fixed64). */
  double(field: number, value: number): this {
    this.tag(field, Wire.I64);
    this.reserve(8);
    new DataView(this.buf.buffer, this.len, 8).setFloat64(0, value, true);
    this.len += 8;
    return this;
  }

  /** A bytes field or a nested message (already encoded). */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, Wire.Len);
    this.rawVarint(value.length);
    this.reserve(value.length);
    this.buf.set(value, this.len);
    this.len += value.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8Encoder.encode(value));
  }

  /** Repeated floats, packed into one field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(values.length * 4);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i], true);
    return this.bytes(field, bytes);
  }

  /** Repeated int32/int64 values, packed into one field. */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    return this.bytes(field, inner.finish());
  }

  /** The bytes written so far (a copy sized to fit). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Little-endian float32 bytes of `values` (TensorProto.raw_data), independent of the platform's byte order. */
export function float32ToLittleEndian(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i], true);
  return bytes;
}

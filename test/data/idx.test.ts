import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, NeuriteError, parseIdx, type IdxType } from '../../src/index.js';
import { readIdxFile } from '../../src/node.js';

/** The IDX type codes and element sizes, written out independently of the parser. */
const codes: Record<IdxType, { code: number; size: number; write: (view: DataView, offset: number, value: number) => void }> = {
  uint8: { code: 0x08, size: 1, write: (v, o, x) => v.setUint8(o, x) },
  int8: { code: 0x09, size: 1, write: (v, o, x) => v.setInt8(o, x) },
  int16: { code: 0x0b, size: 2, write: (v, o, x) => v.setInt16(o, x, false) },
  int32: { code: 0x0c, size: 4, write: (v, o, x) => v.setInt32(o, x, false) },
  float32: { code: 0x0d, size: 4, write: (v, o, x) => v.setFloat32(o, x, false) },
  float64: { code: 0x0e, size: 8, write: (v, o, x) => v.setFloat64(o, x, false) },
};

/**
 * IDX bytes: 0x00 0x00, the type code, the number of dimensions, each dimension as a
 * big-endian uint32, then the values big-endian, row-major.
 */
function idx(type: IdxType, shape: readonly number[], values: readonly number[]): Uint8Array {
  const { code, size, write } = codes[type];
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + values.length * size);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  values.forEach((v, i) => write(view, header + i * size, v));
  return bytes;
}

/** A header only: magic, type code, dims; followed by `data` raw bytes. */
function header(code: number, dims: readonly number[], dataBytes: number): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + dataBytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return bytes;
}

describe('parseIdx on well-formed files', () => {
  it('reads the fixture helper’s layout byte for byte (uint8 [2, 3])', () => {
    const bytes = idx('uint8', [2, 3], [0, 1, 2, 253, 254, 255]);
    // 00 00 08 02 | 00 00 00 02 | 00 00 00 03 | 00 01 02 FD FE FF
    expect(Array.from(bytes)).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 253, 254, 255]);
    const parsed = parseIdx(bytes);
    expect(parsed.type).toBe('uint8');
    expect(parsed.shape).toEqual([2, 3]);
    expect(parsed.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(parsed.data)).toEqual([0, 1, 2, 253, 254, 255]);
  });

  const cases: [IdxType, number[], number[], new (n: number) => ArrayLike<number>][] = [
    ['uint8', [5], [0, 7, 128, 200, 255], Uint8Array],
    ['int8', [2, 2], [-128, -1, 0, 127], Int8Array],
    ['int16', [3], [-32768, 258, 32767], Int16Array], // 258 = 0x0102: byte order matters
    ['int32', [2, 1, 2], [-2147483648, 16909060, -1, 2147483647], Int32Array], // 16909060 = 0x01020304
    ['float32', [2, 2], [0.5, -1.25, 3.4028234663852886e38, 1e-3], Float32Array],
    ['float64', [1, 3], [Math.PI, -1e300, 5e-324], Float64Array],
  ];

  it.each(cases)('%s %j', (type, shape, values, Kind) => {
    const parsed = parseIdx(idx(type, shape, values));
    expect(parsed.type).toBe(type);
    expect(parsed.shape).toEqual(shape);
    expect(parsed.data).toBeInstanceOf(Kind);
    const expected = Kind === Float32Array ? values.map(Math.fround) : values;
    expect(Array.from(parsed.data)).toEqual(expected);
  });

  it('reads 1, 2 and 3 dimensions (MNIST-like [2, 2, 3] images and [2] labels)', () => {
    const pixels = Array.from({ length: 12 }, (_, i) => i * 20);
    const images = parseIdx(idx('uint8', [2, 2, 3], pixels));
    expect(images.shape).toEqual([2, 2, 3]);
    expect(Array.from(images.data)).toEqual(pixels);
    const labels = parseIdx(idx('uint8', [2], [7, 3]));
    expect(labels.shape).toEqual([2]);
    expect(Array.from(labels.data)).toEqual([7, 3]);
  });

  it('reads a view that starts inside a larger buffer (byteOffset ≠ 0)', () => {
    const inner = idx('int16', [2], [-2, 513]);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 3);
    const parsed = parseIdx(outer.subarray(3, 3 + inner.length));
    expect(Array.from(parsed.data)).toEqual([-2, 513]);
  });

  it('copies the data: the result does not alias the input bytes', () => {
    const bytes = idx('uint8', [3], [1, 2, 3]);
    const parsed = parseIdx(bytes);
    bytes[bytes.length - 1] = 99;
    expect(Array.from(parsed.data)).toEqual([1, 2, 3]);
  });
});

describe('parseIdx on malformed files', () => {
  it('fewer than 4 bytes', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8]))).toThrow(DataError);
    expect(() => parseIdx(new Uint8Array([0, 0, 8]))).toThrow('parseIdx: expected at least a 4-byte IDX header, got 3 bytes (truncated)');
    expect(() => parseIdx(new Uint8Array(0))).toThrow('parseIdx: expected at least a 4-byte IDX header, got 0 bytes (truncated)');
  });

  it('a bad magic (a gzip header, say)', () => {
    expect(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]))).toThrow(
      'parseIdx: expected the IDX magic (two zero bytes), got 0x1F 0x8B; is the file gzipped or not IDX?',
    );
    expect(() => parseIdx(new Uint8Array([0, 1, 8, 1, 0, 0, 0, 1, 5]))).toThrow('got 0x00 0x01');
  });

  it('an unknown type code', () => {
    expect(() => parseIdx(header(0x0a, [1], 1))).toThrow(
      'parseIdx: unknown IDX type code 0x0A; expected one of 0x08 (uint8), 0x09, 0x0B, 0x0C, 0x0D, 0x0E',
    );
    expect(() => parseIdx(header(0xff, [1], 1))).toThrow('parseIdx: unknown IDX type code 0xFF');
  });

  it('no dimensions', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 0, 1, 2]))).toThrow('parseIdx: expected at least one dimension, got 0');
  });

  it('a truncated header', () => {
    // 3 dimensions need 4 + 3·4 = 16 header bytes; only 4 + 4 + 2 = 10 are there
    const bytes = header(0x08, [2, 3, 4], 0).subarray(0, 10);
    expect(() => parseIdx(bytes)).toThrow('parseIdx: expected a 16-byte header for 3 dimensions, got 10 bytes (truncated)');
  });

  it('a zero dimension', () => {
    expect(() => parseIdx(header(0x08, [0], 0))).toThrow('parseIdx: dimension 0 has size 0');
    expect(() => parseIdx(header(0x08, [2, 0], 2))).toThrow('parseIdx: dimension 1 has size 0');
  });

  it('data shorter than the shape needs', () => {
    // uint8 [2, 3] needs 6 bytes; 5 are there
    expect(() => parseIdx(header(0x08, [2, 3], 5))).toThrow(
      'parseIdx: the header\'s shape [2, 3] needs more than the 5 bytes of data present (truncated?)',
    );
    // float32 [3] needs 12 bytes; 11 are there
    expect(() => parseIdx(header(0x0d, [3], 11))).toThrow("parseIdx: the header's shape [3] needs more than the 11 bytes of data present (truncated?)");
  });

  it('extra bytes after the data', () => {
    expect(() => parseIdx(header(0x08, [2, 3], 7))).toThrow('parseIdx: shape [2, 3] needs 6 bytes of uint8 data, got 7');
    expect(() => parseIdx(header(0x0e, [2], 17))).toThrow('parseIdx: shape [2] needs 16 bytes of float64 data, got 17');
  });

  it('a header claiming huge sizes throws the truncation error without allocating', () => {
    // 0xFFFFFFFF × 0xFFFFFFFF uint8 ≈ 1.8e19 bytes claimed, 20 present: it must stop at the first dimension.
    const bytes = header(0x08, [0xffffffff, 0xffffffff], 20);
    expect(() => parseIdx(bytes)).toThrow(
      "parseIdx: the header's shape [4294967295, …] needs more than the 20 bytes of data present (truncated?)",
    );
    // 255 dimensions of 0xFFFFFFFF (a header of 1024 bytes) and no data at all
    const many = header(0x0e, Array.from({ length: 255 }, () => 0xffffffff), 0);
    expect(() => parseIdx(many)).toThrow("parseIdx: the header's shape [4294967295, …] needs more than the 0 bytes of data present (truncated?)");
  });

  it('input that is not bytes', () => {
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow('parseIdx: expected bytes as a Uint8Array, got an array of length 4');
  });

  it('names the source given', () => {
    expect(() => parseIdx(new Uint8Array(2), 'labels.idx')).toThrow('labels.idx: expected at least a 4-byte IDX header, got 2 bytes');
  });
});

describe('readIdxFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'neurite-idx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a plain file', async () => {
    const path = join(dir, 'plain-idx1-ubyte');
    await writeFile(path, idx('uint8', [4], [9, 8, 7, 6]));
    const parsed = await readIdxFile(path);
    expect(parsed.shape).toEqual([4]);
    expect(Array.from(parsed.data)).toEqual([9, 8, 7, 6]);
  });

  it('gunzips a gzipped file, by its magic bytes (whatever its name)', async () => {
    const values = Array.from({ length: 24 }, (_, i) => i * 0.25 - 3);
    const gz = join(dir, 'floats.gz');
    await writeFile(gz, gzipSync(idx('float32', [2, 3, 4], values)));
    const parsed = await readIdxFile(gz);
    expect(parsed.type).toBe('float32');
    expect(parsed.shape).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(values);
    const noExtension = join(dir, 'gzipped-without-extension');
    await writeFile(noExtension, gzipSync(idx('uint8', [2, 2], [1, 2, 3, 4])));
    expect(Array.from((await readIdxFile(noExtension)).data)).toEqual([1, 2, 3, 4]);
  });

  it('names the file in parse errors', async () => {
    const path = join(dir, 'short.gz');
    await writeFile(path, gzipSync(header(0x08, [2, 3], 5)));
    await expect(readIdxFile(path)).rejects.toThrow(DataError);
    await expect(readIdxFile(path)).rejects.toThrow(`${path}: the header's shape [2, 3] needs more than the 5 bytes of data present (truncated?)`);
  });

  it('a gzip stream that does not decompress', async () => {
    const path = join(dir, 'broken.gz');
    const gz = gzipSync(idx('uint8', [100], Array.from({ length: 100 }, (_, i) => i)));
    await writeFile(path, gz.subarray(0, gz.length - 12));
    await expect(readIdxFile(path)).rejects.toThrow(`readIdxFile: ${path} looks gzipped but does not decompress: `);
  });

  it('a missing file', async () => {
    const path = join(dir, 'missing');
    await expect(readIdxFile(path)).rejects.toThrow(NeuriteError);
    await expect(readIdxFile(path)).rejects.toThrow(`readIdxFile: cannot read ${path}: `);
  });
});

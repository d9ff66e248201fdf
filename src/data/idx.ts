import { DataError, describe } from '../errors.js';

/** The element types of the IDX format, by their type code. */
const types = {
  0x08: { name: 'uint8', size: 1 },
  0x09: { name: 'int8', size: 1 },
  0x0b: { name: 'int16', size: 2 },
  0x0c: { name: 'int32', size: 4 },
  0x0d: { name: 'float32', size: 4 },
  0x0e: { name: 'float64', size: 8 },
} as const;

/** The name of an IDX element type. */
export type IdxType = (typeof types)[keyof typeof types]['name'];

/** A parsed IDX file: typed values (row-major) and their shape. */
export interface IdxData {
  /** The element type named in the header. */
  readonly type: IdxType;
  /** The dimensions from the header, e.g. `[60000, 28, 28]`. */
  readonly shape: number[];
  /** The values, row-major, in the typed array matching `type`. */
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/**
 * Parses the IDX format (the format of MNIST): two zero bytes, a type code, the
 * number of dimensions, each dimension as a big-endian uint32, then the values
 * big-endian and row-major. Every header field is checked against the bytes
 * actually present before anything is allocated.
 *
 * @example
 * const { shape, data } = parseIdx(bytes); // shape [60000, 28, 28], data Uint8Array
 */
export function parseIdx(bytes: Uint8Array, source = 'parseIdx'): IdxData {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${source}: expected bytes as a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length < 4) throw new DataError(`${source}: expected at least a 4-byte IDX header, got ${bytes.length} bytes (truncated)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      `${source}: expected the IDX magic (two zero bytes), got 0x${hex(bytes[0])} 0x${hex(bytes[1])}; is the file gzipped or not IDX?`,
    );
  }
  const code = bytes[2];
  const type = (types as Record<number, { name: IdxType; size: number } | undefined>)[code];
  if (!type) {
    throw new DataError(`${source}: unknown IDX type code 0x${hex(code)}; expected one of 0x08 (uint8), 0x09, 0x0B, 0x0C, 0x0D, 0x0E`);
  }
  const rank = bytes[3];
  if (rank === 0) throw new DataError(`${source}: expected at least one dimension, got 0`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    throw new DataError(`${source}: expected a ${header}-byte header for ${rank} dimensions, got ${bytes.length} bytes (truncated)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  const available = bytes.length - header;
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    if (size === 0) throw new DataError(`${source}: dimension ${d} has size 0`);
    shape.push(size);
    count *= size;
    // Stop as soon as the header claims more than the bytes hold: never allocate from it.
    if (count * type.size > available) {
      throw new DataError(
        `${source}: the header's shape [${shape.join(', ')}${d < rank - 1 ? ', …' : ''}] needs more than the ${available} bytes of data present (truncated?)`,
      );
    }
  }
  if (count * type.size !== available) {
    throw new DataError(`${source}: shape [${shape.join(', ')}] needs ${count * type.size} bytes of ${type.name} data, got ${available}`);
  }
  let data: IdxData['data'];
  switch (type.name) {
    case 'uint8':
      data = bytes.slice(header);
      break;
    case 'int8':
      data = new Int8Array(bytes.slice(header).buffer);
      break;
    case 'int16':
      data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(header + 2 * i, false);
      break;
    case 'int32':
      data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(header + 4 * i, false);
      break;
    case 'float32':
      data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(header + 4 * i, false);
      break;
    case 'float64':
      data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(header + 8 * i, false);
      break;
  }
  return { type: type.name, shape, data };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

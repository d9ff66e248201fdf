/**
 * The weight shards of the TensorFlow.js Layers format: each manifest group's shards, one
 * after the other, hold its weights' values in the manifest's order, little-endian, with
 * no padding. A weight is float32, or quantized by tensorflowjs_converter, as tfjs-core's
 * io_utils decodes it:
 *
 *   uint8, uint16:  value = q · scale + min   (computed in double, stored as float32)
 *   float16:        IEEE 754 half precision
 */
import { DataError, describe } from '../errors.js';
import { asObject, field, type TfjsModelJson, type TfjsWeightSpec } from './format.js';

/** A decoded weight. */
export interface DecodedWeight {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const bytesPerValue: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2, bool: 1 };

/** The bytes of one shard as a Uint8Array over the same memory. */
function bytesOf(value: unknown, owner: string, what: string): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${owner}: expected ${what} as an ArrayBuffer or a Uint8Array (or an array of them, one per shard), got ${describe(value)}`);
}

/** Concatenates byte arrays (only when there is more than one). */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Checks a weight spec and returns its element count and the bytes each value takes. */
function checkSpec(value: unknown, where: string, owner: string): { spec: TfjsWeightSpec; size: number; width: number } {
  const spec = asObject(value);
  const name = spec && field(spec, 'name');
  const shape = spec && field(spec, 'shape');
  const dtype = spec && field(spec, 'dtype');
  if (!spec || typeof name !== 'string' || name === '') throw new DataError(`${owner}: ${where}: expected { name, shape, dtype }, got ${describe(value)}`);
  const label = `${where} "${name}"`;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new DataError(`${owner}: ${label}: expected shape as an array of sizes ≥ 0, got ${Array.isArray(shape) ? JSON.stringify(shape) : describe(shape)}`);
  }
  const optimizer = field(spec, 'group') === 'optimizer';
  if (dtype !== 'float32' && !(optimizer && dtype === 'int32')) {
    throw new DataError(`${owner}: ${label}: expected dtype 'float32', got ${describe(dtype)}`);
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  const q = field(spec, 'quantization');
  if (q === undefined || q === null) return { spec: spec as unknown as TfjsWeightSpec, size, width: bytesPerValue[dtype] };
  const quantization = asObject(q);
  const stored = quantization && field(quantization, 'dtype');
  if (stored !== 'uint8' && stored !== 'uint16' && stored !== 'float16') {
    throw new DataError(`${owner}: ${label}: expected quantization dtype 'uint8', 'uint16' or 'float16', got ${describe(quantization ? stored : q)}`);
  }
  if (stored !== 'float16') {
    for (const key of ['scale', 'min']) {
      const v = field(quantization!, key);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${owner}: ${label}: expected quantization.${key} as a finite number, got ${describe(v)}`);
    }
  }
  return { spec: spec as unknown as TfjsWeightSpec, size, width: bytesPerValue[stored] };
}

/** IEEE 754 half precision → number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, exponent = (h >> 10) & 0x1f, fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Decodes `size` values of `spec` from `bytes` at `offset`. */
function decodeValues(spec: TfjsWeightSpec, bytes: Uint8Array, offset: number, size: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
  const out = new Float32Array(size);
  const q = spec.quantization;
  if (!q) {
    for (let i = 0; i < size; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < size; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  } else {
    const scale = q.scale!, min = q.min!;
    if (q.dtype === 'uint8') for (let i = 0; i < size; i++) out[i] = view.getUint8(i) * scale + min;
    else for (let i = 0; i < size; i++) out[i] = view.getUint16(2 * i, true) * scale + min;
  }
  return out;
}

/**
 * Every weight of the manifest by name, decoded from `weights` (one buffer holding all
 * shards one after the other, or one buffer per shard path). Optimizer state
 * (`group: 'optimizer'`) is skipped. Sizes are checked before anything is allocated,
 * and every value must be finite.
 */
export function decodeWeights(modelJson: TfjsModelJson, weights: unknown, owner: string): Map<string, DecodedWeight> {
  const groups = modelJson.weightsManifest;
  const paths = groups.flatMap((g) => g.paths);
  // The bytes of each group: the concatenation of its shards.
  let groupBytes: (Uint8Array | null)[];
  if (Array.isArray(weights)) {
    if (weights.length !== paths.length) {
      throw new DataError(
        `${owner}: expected ${paths.length} weight shard${paths.length === 1 ? '' : 's'} (the manifest's paths: ${paths.join(', ') || 'none'}), got ${weights.length}`,
      );
    }
    let next = 0;
    groupBytes = groups.map((g) => concat(g.paths.map(() => bytesOf(weights[next], owner, `weights[${next++}]`))));
  } else {
    groupBytes = [bytesOf(weights, owner, 'weights'), ...groups.slice(1).map(() => null)];
  }

  const out = new Map<string, DecodedWeight>();
  let bytes = groupBytes[0] ?? new Uint8Array(0);
  let offset = 0;
  groups.forEach((group, g) => {
    if (groupBytes[g]) {
      bytes = groupBytes[g]!;
      offset = 0;
    }
    group.weights.forEach((value, w) => {
      const where = `weightsManifest[${g}].weights[${w}]`;
      const { spec, size, width } = checkSpec(value, where, owner);
      const length = size * width;
      if (offset + length > bytes.length) {
        const shards = Array.isArray(weights) ? `the shards of group ${g} (${group.paths.join(', ')}) hold` : 'the weight data holds';
        throw new DataError(
          `${owner}: ${where} "${spec.name}" (shape [${spec.shape.join(', ')}]) needs ${length} bytes at byte ${offset}, but ${shards} ${bytes.length} bytes; is a shard missing or truncated?`,
        );
      }
      if (spec.group !== 'optimizer') {
        if (out.has(spec.name)) throw new DataError(`${owner}: ${where}: the weight name "${spec.name}" appears twice in the manifest`);
        const data = decodeValues(spec, bytes, offset, size);
        for (let i = 0; i < size; i++) {
          if (!Number.isFinite(data[i])) throw new DataError(`${owner}: weight "${spec.name}": expected finite values, got ${data[i]} at index ${i}`);
        }
        out.set(spec.name, { shape: [...spec.shape], data });
      }
      offset += length;
    });
    const last = g === groups.length - 1 || groupBytes[g + 1] !== null;
    if (last && offset !== bytes.length) {
      const which = Array.isArray(weights) ? `the shards of group ${g} (${group.paths.join(', ')}) hold` : 'the weight data holds';
      throw new DataError(`${owner}: the manifest's weights take ${offset} bytes, but ${which} ${bytes.length}; are these the model's shards, in the manifest's order?`);
    }
  });
  if (groups.length === 0 && !Array.isArray(weights) && groupBytes[0] && groupBytes[0].length > 0) {
    throw new DataError(`${owner}: the manifest lists no weights, but the weight data holds ${groupBytes[0].length} bytes`);
  }
  return out;
}

/** The little-endian float32 bytes of `arrays`, one after the other. */
export function encodeWeights(arrays: readonly Float32Array[]): ArrayBuffer {
  const buffer = new ArrayBuffer(arrays.reduce((n, a) => n + 4 * a.length, 0));
  const view = new DataView(buffer);
  let offset = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, offset += 4) view.setFloat32(offset, a[i], true);
  }
  return buffer;
}

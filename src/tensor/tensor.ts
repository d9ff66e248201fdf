import { isBranded } from '../brand.js';
import { checkNumber, DataError, ShapeError, describe, formatShape, type Owner } from '../errors.js';
import { checkRandom } from '../check-random.js';
import type { Random } from '../random.js';

/** Nested arrays of numbers, as accepted by {@link Tensor.from}. */
export type NestedArray = number | readonly NestedArray[];

/**
 * The product of the dimensions: the number of elements a shape holds (1 for `[]`).
 *
 * @example
 * shapeSize([32, 28, 28]); // 25088
 */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/**
 * The most elements one tensor may hold: 2²⁸ (1 GiB of float32). A larger shape is
 * almost always a mistake (sizes swapped, a sample count where a feature count
 * belongs), and allocating it would take the whole process down rather than fail.
 */
export const MAX_TENSOR_SIZE = 2 ** 28;

/** The most dimensions a tensor may have; deeper nesting is a mistake, not data. */
export const MAX_RANK = 32;

/** Throws a DataError unless the finite number `v` survives float32 (a finite value beyond ±3.4e38 would become ±Infinity). */
export function checkFloat32(v: number, owner: string, where: () => string): void {
  if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) {
    throw new DataError(`${owner}: expected values that fit in float32 (at most ±3.4028235e38), got ${v} at ${where()}`);
  }
}

function checkShape(shape: unknown, owner: string): readonly number[] {
  if (!Array.isArray(shape)) throw new ShapeError(`${owner}: expected a shape (an array of positive integers), got ${describe(shape)}`);
  if (shape.length > MAX_RANK) throw new ShapeError(`${owner}: expected at most ${MAX_RANK} dimensions, got ${shape.length}`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d <= 0) {
      throw new ShapeError(`${owner}: expected a shape of positive integers, got [${shape.map(describe).join(', ')}]`);
    }
  }
  const size = shapeSize(shape);
  if (size > MAX_TENSOR_SIZE) {
    throw new ShapeError(`${owner}: expected at most ${MAX_TENSOR_SIZE} elements (1 GiB of float32), got shape ${formatShape(shape)} of ${size} elements`);
  }
  return Object.freeze(shape.slice()) as readonly number[];
}

/** Throws a TypeError naming `owner` unless `value` is a Tensor: O(1), for the public entry points. */
export function assertTensor(value: unknown, owner: Owner, what = 'input'): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${owner}: expected ${what} as a Tensor, got ${describe(value)}`);
}

/**
 * An n-dimensional array of float32 values, stored row-major in one Float32Array.
 *
 * A tensor of shape `[2, 3]` keeps element (i, j) at `data[i * 3 + j]`. Tensors are
 * plain data: layers read and write `data` directly and reuse their own output
 * tensors from one call to the next.
 *
 * @example
 * const x = Tensor.from([[1, 2, 3], [4, 5, 6]]);
 * x.shape; // [2, 3]
 * x.data;  // Float32Array [1, 2, 3, 4, 5, 6]
 */
export class Tensor {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Tensor'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Tensor, value, '@@neurite/Tensor');
  }

  /** The values, row-major. */
  readonly data: Float32Array;
  /** The size of each dimension; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** The number of elements, the product of `shape`. */
  readonly size: number;

  /**
   * Wraps `data` (not copied when it is a Float32Array) with `shape`.
   * @throws ShapeError when a dimension is not a positive integer or the length does not match.
   */
  constructor(data: Float32Array | readonly number[], shape: readonly number[]) {
    this.shape = checkShape(shape, 'Tensor');
    this.size = shapeSize(this.shape);
    if (!(data instanceof Float32Array)) {
      if (!Array.isArray(data)) throw new TypeError(`Tensor: expected data as a Float32Array or number[], got ${describe(data)}`);
      const values = data as readonly unknown[];
      for (let i = 0; i < values.length; i++) {
        if (typeof values[i] !== 'number') throw new TypeError(`Tensor: expected data to hold numbers, got ${describe(values[i])} at index ${i}`);
        checkFloat32(values[i] as number, 'Tensor', () => `index ${i}`);
      }
      data = Float32Array.from(values as number[]);
    }
    if (data.length !== this.size) {
      throw new ShapeError(`Tensor: expected ${this.size} values for shape ${formatShape(this.shape)}, got ${data.length}`);
    }
    this.data = data;
  }

  /** A tensor of zeros. */
  static zeros(shape: readonly number[]): Tensor {
    const s = checkShape(shape, 'Tensor.zeros');
    return new Tensor(new Float32Array(shapeSize(s)), s);
  }

  /** A tensor of ones. */
  static ones(shape: readonly number[]): Tensor {
    return Tensor.full(shape, 1);
  }

  /** A tensor with every element equal to `value`. */
  static full(shape: readonly number[], value: number): Tensor {
    const s = checkShape(shape, 'Tensor.full');
    if (typeof value !== 'number') throw new TypeError(`Tensor.full: expected value as a number, got ${describe(value)}`);
    return new Tensor(new Float32Array(shapeSize(s)).fill(value), s);
  }

  /**
   * A tensor from nested arrays: `Tensor.from([[1, 2], [3, 4]])` has shape `[2, 2]`.
   * @throws ShapeError for ragged arrays, naming the row that is off; TypeError for non-numbers.
   */
  static from(values: NestedArray): Tensor {
    const shape: number[] = [];
    let probe: NestedArray = values;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) throw new ShapeError(`Tensor.from: expected non-empty arrays, got an empty array at depth ${shape.length - 1}`);
      if (shape.length > MAX_RANK) throw new ShapeError(`Tensor.from: expected arrays nested at most ${MAX_RANK} deep, got deeper`);
      probe = (probe as readonly NestedArray[])[0];
    }
    // The size is checked before anything is allocated: a row claiming 2³² elements is an error, not 16 GiB.
    const data = new Float32Array(shapeSize(checkShape(shape, 'Tensor.from')));
    let offset = 0;
    const walk = (node: NestedArray, depth: number, path: number[]): void => {
      if (depth === shape.length) {
        if (typeof node !== 'number') {
          throw new TypeError(`Tensor.from: expected a number at [${path.join('][')}], got ${describe(node)}`);
        }
        checkFloat32(node, 'Tensor.from', () => `[${path.join('][')}]`);
        data[offset++] = node;
        return;
      }
      if (!Array.isArray(node) || node.length !== shape[depth]) {
        const got = Array.isArray(node) ? `length ${node.length}` : describe(node);
        throw new ShapeError(
          `Tensor.from: ragged array: expected ${path.length ? `row [${path.join('][')}]` : 'the array'} to have length ${shape[depth]}, got ${got}`,
        );
      }
      for (let i = 0; i < node.length; i++) walk((node as readonly NestedArray[])[i], depth + 1, [...path, i]);
    };
    walk(values, 0, []);
    return new Tensor(data, shape);
  }

  /** Normally distributed values (mean 0 and std 1 unless given), drawn from `random`. */
  static randn(shape: readonly number[], random: Random, mean = 0, std = 1): Tensor {
    checkRandom(random, 'Tensor.randn');
    checkNumber(mean, 'Tensor.randn', 'mean', 'to be finite', () => true);
    checkNumber(std, 'Tensor.randn', 'std', 'to be ≥ 0', (v) => v >= 0);
    const t = Tensor.zeros(shape);
    for (let i = 0; i < t.size; i++) t.data[i] = random.normal(mean, std);
    return t;
  }

  /** Uniformly distributed values in [low, high) (default [0, 1)), drawn from `random`. */
  static uniform(shape: readonly number[], random: Random, low = 0, high = 1): Tensor {
    checkRandom(random, 'Tensor.uniform');
    checkNumber(low, 'Tensor.uniform', 'low', 'to be finite', () => true);
    checkNumber(high, 'Tensor.uniform', 'high', `to be finite and ≥ low (${low})`, (v) => v >= low);
    const t = Tensor.zeros(shape);
    for (let i = 0; i < t.size; i++) t.data[i] = low + (high - low) * random.next();
    return t;
  }

  /** The number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** A copy with its own data. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** The same data seen with another shape of the same size (no copy). */
  reshape(shape: readonly number[]): Tensor {
    const s = checkShape(shape, 'Tensor.reshape');
    if (shapeSize(s) !== this.size) {
      throw new ShapeError(`Tensor.reshape: expected a shape of ${this.size} elements, got ${formatShape(s)}`);
    }
    return new Tensor(this.data, s);
  }

  /** The element at the given indices, e.g. `t.get(1, 2)`. */
  get(...indices: number[]): number {
    if (indices.length !== this.rank) {
      throw new ShapeError(`Tensor.get: expected ${this.rank} indices for shape ${formatShape(this.shape)}, got ${indices.length}`);
    }
    let offset = 0;
    for (let d = 0; d < indices.length; d++) {
      const i = indices[d];
      if (typeof i !== 'number') throw new TypeError(`Tensor.get: expected index ${d} as a number, got ${describe(i)}`);
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[d]) {
        throw new RangeError(`Tensor.get: expected index ${d} in [0, ${this.shape[d] - 1}], got ${i}`);
      }
      offset = offset * this.shape[d] + i;
    }
    return this.data[offset];
  }

  /**
   * Nested arrays of plain numbers (a number for a scalar). Name the depth you expect for
   * a typed result: `model.predict(x).toArray<number[][]>()`.
   */
  toArray<T extends NestedArray = NestedArray>(): T {
    if (this.rank === 0) return this.data[0] as T;
    const build = (depth: number, offset: number): NestedArray => {
      const n = this.shape[depth];
      if (depth === this.rank - 1) return Array.from(this.data.subarray(offset, offset + n));
      const stride = shapeSize(this.shape.slice(depth + 1));
      const rows: NestedArray[] = [];
      for (let i = 0; i < n; i++) rows.push(build(depth + 1, offset + i * stride));
      return rows;
    };
    return build(0, 0) as T;
  }

  /** The shape, for messages: `Tensor[2, 3]`. */
  toString(): string {
    return `Tensor${formatShape(this.shape)}`;
  }
}

/**
 * Returns `buffer` when it already has `shape`, else a new zero tensor of that shape.
 * Layers keep their outputs and gradients in such buffers so that a training step
 * with a steady batch size allocates nothing.
 */
export function reuse(buffer: Tensor | null | undefined, shape: readonly number[]): Tensor {
  if (buffer && buffer.shape.length === shape.length) {
    let same = true;
    for (let i = 0; i < shape.length; i++) if (buffer.shape[i] !== shape[i]) same = false;
    if (same) return buffer;
  }
  return Tensor.zeros(shape);
}

/** {@link reuse} for a matrix, making the shape array only when it allocates: nothing on the hot path. */
export function reuseMatrix(buffer: Tensor | null | undefined, rows: number, cols: number): Tensor {
  if (buffer && buffer.shape.length === 2 && buffer.shape[0] === rows && buffer.shape[1] === cols) return buffer;
  return Tensor.zeros([rows, cols]);
}

/** The index of the first NaN or infinite value, or −1 (one multiply-add per value when all are finite). */
export function firstNonFinite(data: Float32Array): number {
  let check = 0;
  for (let i = 0; i < data.length; i++) check += data[i] * 0;
  if (check === 0) return -1;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

/** Throws a DataError naming `owner` at the first NaN or infinite value in `tensor`. */
export function assertFinite(tensor: Tensor, owner: string, what = 'input'): void {
  const i = firstNonFinite(tensor.data);
  if (i >= 0) throw new DataError(`${owner}: expected finite values in ${what}, got ${tensor.data[i]} at index ${i}`);
}

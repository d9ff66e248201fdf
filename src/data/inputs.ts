/**
 * What `fit`, `evaluate` and `predict` accept, turned into tensors and checked before
 * any step: samples `[samples, ...inputShape]` as a Tensor or nested arrays, targets as
 * a Tensor, rows, or class labels. Every error names the method, the argument and,
 * for bad values, the row.
 */
import { DataError, describe, formatShape, NeuriteError, ShapeError } from '../errors.js';
import { checkFloat32, firstNonFinite, Tensor, type NestedArray } from '../tensor/tensor.js';
import { rowsView } from './batches.js';

/** Samples: a `[samples, ...inputShape]` tensor, or nested arrays of the same depth (rows of features for a Dense model). */
export type Inputs = Tensor | readonly NestedArray[];
/** Targets: a tensor, rows of numbers, or integer class labels (an array or typed array). */
export type Targets = Tensor | readonly NestedArray[] | readonly number[] | ArrayLike<number>;

/** Who asks, for messages: `Sequential.fit` and `x`. */
export interface Asker {
  /** The method, e.g. `Sequential.fit`. */
  readonly owner: string;
  /** The argument, e.g. `x` or `validationData y`. */
  readonly what: string;
}

/**
 * Samples as a tensor `[samples, ...inputShape]`, checked: at least one sample, the
 * per-sample shape the model takes (when it is known), finite values.
 */
export function toInputs(x: Inputs, inputShape: readonly number[] | null, { owner, what }: Asker): Tensor {
  let t: Tensor;
  if (x instanceof Tensor) t = x;
  else if (Array.isArray(x)) {
    if (x.length === 0) throw new ShapeError(`${owner}: expected ${what} to hold at least one sample, got an empty array`);
    t = fromNested(x as NestedArray, owner, what);
  } else throw new TypeError(`${owner}: expected ${what} as a Tensor or an array of rows, got ${describe(x)}`);
  if (inputShape) {
    let same = t.rank === inputShape.length + 1;
    for (let i = 0; same && i < inputShape.length; i++) same = t.shape[i + 1] === inputShape[i];
    if (!same) throw new ShapeError(`${owner}: expected ${what} of shape ${formatShape(['samples', ...inputShape])}, got ${formatShape(t.shape)}`);
  } else if (t.rank < 2) {
    throw new ShapeError(`${owner}: expected ${what} of shape [samples, features], got ${formatShape(t.shape)}`);
  }
  assertFiniteRows(t, owner, what);
  return t;
}

/**
 * Targets as a tensor with one entry per sample: a Tensor as given, rows as a matrix,
 * a flat array of numbers as a vector `[samples]` (class labels, or one value per
 * sample). The loss then checks them against the model's output.
 */
export function toTargets(y: Targets, samples: number, { owner, what }: Asker): Tensor {
  let t: Tensor;
  if (y instanceof Tensor) t = y;
  else if (Array.isArray(y) && y.length > 0 && Array.isArray(y[0])) t = fromNested(y as NestedArray, owner, what);
  else if (Array.isArray(y) || ArrayBuffer.isView(y)) {
    const values = y as ArrayLike<unknown>;
    const data = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number') throw new TypeError(`${owner}: expected ${what} to hold numbers, got ${describe(v)} at index ${i}`);
      checkFloat32(v, owner, () => `index ${i} of ${what}`);
      data[i] = v;
    }
    if (data.length === 0) throw new ShapeError(`${owner}: expected ${what} to hold ${samples} targets, got 0`);
    t = new Tensor(data, [data.length]);
  } else throw new TypeError(`${owner}: expected ${what} as a Tensor, an array of rows or class labels, got ${describe(y)}`);
  if (t.rank === 0 || t.shape[0] !== samples) {
    throw new ShapeError(`${owner}: expected ${what} to hold ${samples} targets (one per sample of x), got ${t.rank === 0 ? 'a scalar' : t.shape[0]}`);
  }
  assertFiniteRows(t, owner, what);
  return t;
}

/** `Tensor.from`, its errors re-owned by the method the user called: `Sequential.fit: in x, …`. */
function fromNested(values: NestedArray, owner: string, what: string): Tensor {
  try {
    return Tensor.from(values);
  } catch (error) {
    if (!(error instanceof NeuriteError || error instanceof TypeError)) throw error;
    const message = `${owner}: in ${what}, ${error.message.replace(/^Tensor\.from: /, '')}`;
    throw error instanceof ShapeError ? new ShapeError(message) : new TypeError(message);
  }
}

/** Throws a DataError naming the row of the first NaN or infinite value. */
function assertFiniteRows(t: Tensor, owner: string, what: string): void {
  const d = t.data, i = firstNonFinite(d);
  if (i >= 0) {
    const row = Math.floor(i / (t.size / t.shape[0]));
    throw new DataError(`${owner}: expected finite values in ${what}, got ${d[i]} in row ${row}`);
  }
}

/** Rows [start, start + count) as a tensor sharing the data. */
export function sliceRows(t: Tensor, start: number, count: number): Tensor {
  return new Tensor(rowsView(t, start, count), [count, ...t.shape.slice(1)]);
}

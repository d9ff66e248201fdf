/** A model's params and buffers as plain arrays: copies out, checked copies in. */
import { DataError, describe, formatShape, ShapeError } from '../errors.js';
import { firstNonFinite, type Tensor } from '../tensor/tensor.js';

/** Copies of the values of `tensors`. */
export function copyWeights(tensors: readonly Tensor[]): Float32Array[] {
  return tensors.map((t) => t.data.slice());
}

/** Puts `weights` into `targets`, all checked before anything is copied: a rejected call changes nothing. */
export function putWeights(targets: readonly Tensor[], weights: readonly Float32Array[], owner: string): void {
  if (!Array.isArray(weights)) throw new TypeError(`${owner}: expected an array of Float32Array (from getWeights()), got ${describe(weights)}`);
  if (weights.length !== targets.length) throw new ShapeError(`${owner}: expected ${targets.length} arrays, got ${weights.length}`);
  targets.forEach((t, i) => {
    const w: unknown = weights[i];
    if (!(w instanceof Float32Array)) throw new TypeError(`${owner}: expected array ${i} as a Float32Array, got ${describe(w)}`);
    if (w.length !== t.size) throw new ShapeError(`${owner}: expected array ${i} to hold ${t.size} values ${formatShape(t.shape)}, got ${w.length}`);
    const k = firstNonFinite(w);
    if (k >= 0) throw new DataError(`${owner}: expected finite values, got ${w[k]} in array ${i} at index ${k}`);
  });
  targets.forEach((t, i) => t.data.set(weights[i]));
}

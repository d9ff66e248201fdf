import type { Tensor } from '../tensor/tensor.js';

/**
 * Copies rows `indices[start … start + count)` of `source` (rows of `rowSize` values)
 * into the first `count` rows of `target`: the gather that builds a shuffled batch.
 *
 * @example
 * const target = new Float32Array(4);
 * gatherRows(new Float32Array([1, 2, 3, 4, 5, 6]), 2, [2, 0], 0, 2, target);
 * target; // [5, 6, 1, 2]: rows 2 and 0
 */
export function gatherRows(
  source: Float32Array,
  rowSize: number,
  indices: ArrayLike<number>,
  start: number,
  count: number,
  target: Float32Array,
): void {
  // A plain loop rather than target.set(source.subarray(…)): a subarray is an object per
  // row, garbage on every step of fit.
  for (let r = 0, to = 0; r < count; r++) {
    const from = indices[start + r] * rowSize;
    for (let j = 0; j < rowSize; j++, to++) target[to] = source[from + j];
  }
}

/** Rows [start, start + count) of a row-major tensor as a view (no copy). */
export function rowsView(source: Tensor, start: number, count: number): Float32Array {
  const rowSize = source.size / source.shape[0];
  return source.data.subarray(start * rowSize, (start + count) * rowSize);
}

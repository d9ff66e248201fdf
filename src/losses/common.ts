import { DataError, formatFloat32, ShapeError, StateError, formatShape, type Owner } from '../errors.js';
import { assertTensor, firstNonFinite, type Tensor } from '../tensor/tensor.js';

/** Throws a TypeError unless prediction and target are both Tensors (O(1), every forward). */
export function assertTensors(owner: Owner, prediction: unknown, target: unknown): void {
  assertTensor(prediction, owner, 'prediction');
  assertTensor(target, owner, 'target');
}

/**
 * Called once a loss has come out non-finite: finds the first NaN or infinite value in
 * the target, then in the prediction, and throws a DataError naming it. A loss only
 * scans when its sum is already non-finite, so the common case costs nothing.
 */
export function nonFiniteInput(owner: string, prediction: Tensor, target: Tensor, value: number): DataError {
  for (const [what, t] of [['target', target], ['prediction', prediction]] as const) {
    const d = t.data, i = firstNonFinite(d);
    if (i >= 0) return new DataError(`${owner}: expected finite values in ${what}, got ${d[i]} at index ${i}`);
  }
  return new DataError(`${owner}: expected a finite loss, got ${value}`);
}

/** Throws unless prediction and target are Tensors of the same shape. */
export function assertSameShape(owner: Owner, prediction: Tensor, target: Tensor): void {
  assertTensors(owner, prediction, target);
  const p = prediction.shape, t = target.shape;
  let same = p.length === t.length;
  for (let i = 0; same && i < p.length; i++) same = p[i] === t[i];
  if (!same) {
    throw new ShapeError(`${owner}: expected target shape ${formatShape(p)} (the prediction's), got ${formatShape(t)}`);
  }
}

/** The cached prediction, or a StateError when backward comes before forward. */
export function cached<T>(owner: Owner, value: T | null): T {
  if (value === null) throw new StateError(`${owner}: backward called before forward`);
  return value;
}

/** Throws a DataError at the first value not in [0, 1] (NaN included): `${owner}: ${expected}, got … at index …`. */
export function checkUnit(values: ArrayLike<number>, owner: Owner, expected: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] >= 0 && values[i] <= 1)) throw new DataError(`${owner}: ${expected}, got ${formatFloat32(values[i])} at index ${i}`);
  }
}

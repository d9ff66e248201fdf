import { ShapeError, StateError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Throws unless prediction and target have the same shape. */
export function assertSameShape(owner: string, prediction: Tensor, target: Tensor): void {
  const p = prediction.shape, t = target.shape;
  if (p.length !== t.length || p.some((d, i) => d !== t[i])) {
    throw new ShapeError(`${owner}: expected target shape ${formatShape(p)} (the prediction's), got ${formatShape(t)}`);
  }
}

/** The cached prediction, or a StateError when backward comes before forward. */
export function cached<T>(owner: string, value: T | null): T {
  if (value === null) throw new StateError(`${owner}: backward called before forward`);
  return value;
}

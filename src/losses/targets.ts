/**
 * The checks losses make on targets before training (see `Loss.prepareTargets`),
 * shared by the built-in losses and the default for losses that declare none.
 */
import { DataError, formatFloat32, formatShape, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TargetContext } from './loss.js';

/**
 * Targets of the prediction's shape `[samples, ...outputShape]`; one number per sample
 * (`[samples]`) is taken as a column when the model has one output.
 */
export function sameShapeTargets(target: Tensor, outputShape: readonly number[] | null, { owner, what }: TargetContext): Tensor {
  let t = target;
  const single = outputShape === null || (outputShape.length === 1 && outputShape[0] === 1);
  if (t.rank === 1 && single) t = t.reshape([t.shape[0], 1]);
  if (outputShape === null) {
    if (t.rank < 2) throw new ShapeError(`${owner}: expected ${what} of shape [samples, outputs], got ${formatShape(t.shape)}`);
    return t;
  }
  let same = t.rank === outputShape.length + 1;
  for (let i = 0; same && i < outputShape.length; i++) same = t.shape[i + 1] === outputShape[i];
  if (!same) {
    throw new ShapeError(`${owner}: expected ${what} of shape ${formatShape(['samples', ...outputShape])} to match the model's output, got ${formatShape(t.shape)}`);
  }
  return t;
}

/** Throws unless every target is a probability in [0, 1] (what cross-entropy compares with). */
export function checkProbabilities(target: Tensor, loss: string, { owner, what }: TargetContext): void {
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < 0 || v > 1) throw new DataError(`${owner}: expected ${what} in [0, 1] for ${loss}, got ${formatFloat32(v)} at index ${i}`);
  }
}

/** Throws unless every label is an integer class index in [0, classes) (classes unknown: ≥ 0). */
export function checkClassLabels(labels: Tensor, classes: number | null, { owner, what }: TargetContext): void {
  const d = labels.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isInteger(v) || v < 0 || (classes !== null && v >= classes)) {
      const range = classes === null ? '≥ 0' : `in [0, ${classes - 1}]`;
      throw new DataError(`${owner}: expected ${what} as integer class labels ${range}, got ${formatFloat32(v)} at index ${i}`);
    }
  }
}

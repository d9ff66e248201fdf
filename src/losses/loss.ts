import type { Tensor } from '../tensor/tensor.js';

/** Who checks targets, for messages: the method (`Sequential.fit`) and the argument (`y`). */
export interface TargetContext {
  /** The method, e.g. `Sequential.fit`. */
  readonly owner: string;
  /** The argument, e.g. `y` or `validationData y`. */
  readonly what: string;
}

/**
 * The contract every loss keeps: `forward` returns the mean loss of a batch and
 * caches what `backward` needs; `backward` returns dLoss/dPrediction.
 */
export interface Loss {
  /** The mean loss over the batch; caches what `backward` needs. Shapes as each loss documents. */
  forward(prediction: Tensor, target: Tensor): number;
  /** dLoss/dPrediction for the last `forward`, in the prediction's shape. */
  backward(): Tensor;
  /**
   * Checks the targets of `fit` and `evaluate` once, before any step, against the
   * model's per-sample output shape (null when the model cannot tell), and returns them
   * as `forward` takes them. Errors name `context.owner` and `context.what`. Absent, the
   * targets must have the prediction's shape (or be one number per sample for one output).
   */
  prepareTargets?(target: Tensor, outputShape: readonly number[] | null, context: TargetContext): Tensor;
  /** The type and options, for saving with the optimizer; losses without it cannot be saved. */
  getConfig?(): { type: string; config: Record<string, unknown> };
  /** A short name used in messages, e.g. `MeanSquaredError`. */
  toString(): string;
}

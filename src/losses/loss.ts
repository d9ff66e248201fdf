import type { Tensor } from '../tensor/tensor.js';

/**
 * The contract every loss keeps: `forward` returns the mean loss of a batch and
 * caches what `backward` needs; `backward` returns dLoss/dPrediction.
 */
export interface Loss {
  /** The mean loss over the batch; caches what `backward` needs. Shapes as each loss documents. */
  forward(prediction: Tensor, target: Tensor): number;
  /** dLoss/dPrediction for the last `forward`, in the prediction's shape. */
  backward(): Tensor;
  /** The type and options, for saving with the optimizer; losses without it cannot be saved. */
  getConfig?(): { type: string; config: Record<string, unknown> };
  /** A short name used in messages, e.g. `MeanSquaredError`. */
  toString(): string;
}

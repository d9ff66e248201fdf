import type { Tensor } from '../tensor/tensor.js';

/**
 * The contract every loss keeps: `forward` returns the mean loss of a batch and
 * caches what `backward` needs; `backward` returns dLoss/dPrediction.
 */
export interface Loss {
  forward(prediction: Tensor, target: Tensor): number;
  backward(): Tensor;
  /** The type and options, for saving with the optimizer; losses without it cannot be saved. */
  getConfig?(): { type: string; config: Record<string, unknown> };
  toString(): string;
}

import { isBranded } from '../brand.js';
import { reuse, type Tensor } from '../tensor/tensor.js';
import { assertSameShape, cached, nonFiniteInput } from './common.js';
import type { Loss, TargetContext } from './loss.js';
import { sameShapeTargets } from './targets.js';

/**
 * Mean squared error over all n elements, for regression:
 *
 *   L = (1/n) Σ (pᵢ − tᵢ)²,   dL/dpᵢ = 2 (pᵢ − tᵢ) / n
 *
 * Shape: prediction and target alike, e.g. `[batch, outputs]`.
 *
 * @example
 * new MeanSquaredError().forward(Tensor.from([[1, 2]]), Tensor.from([[0, 4]])); // (1 + 4) / 2 = 2.5
 */
export class MeanSquaredError implements Loss {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/MeanSquaredError'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, MeanSquaredError, value, '@@neurite/MeanSquaredError');
  }

  private prediction: Tensor | null = null;
  private target: Tensor | null = null;
  private gradient: Tensor | null = null;

  forward(prediction: Tensor, target: Tensor): number {
    assertSameShape(this, prediction, target);
    this.prediction = prediction;
    this.target = target;
    const p = prediction.data, t = target.data;
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const d = p[i] - t[i];
      sum += d * d;
    }
    // Finite float32 values cannot overflow a double sum of squares: a non-finite sum means a non-finite input.
    if (!Number.isFinite(sum)) throw nonFiniteInput(this.toString(), prediction, target, sum);
    return sum / p.length;
  }

  backward(): Tensor {
    const prediction = cached(this, this.prediction);
    const p = prediction.data, t = this.target!.data;
    const grad = (this.gradient = reuse(this.gradient, prediction.shape));
    const g = grad.data, scale = 2 / p.length;
    for (let i = 0; i < p.length; i++) g[i] = scale * (p[i] - t[i]);
    return grad;
  }

  /** Targets of the prediction's shape (one number per sample for one output). */
  prepareTargets(target: Tensor, outputShape: readonly number[] | null, context: TargetContext): Tensor {
    return sameShapeTargets(target, outputShape, context);
  }

  getConfig(): { type: string; config: Record<string, unknown> } {
    return { type: 'MeanSquaredError', config: {} };
  }

  toString(): string {
    return 'MeanSquaredError';
  }
}

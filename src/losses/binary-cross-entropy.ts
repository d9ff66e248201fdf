import { isBranded } from '../brand.js';
import { checkBoolean, checkNumber, checkOptions } from '../errors.js';
import { reuse, type Tensor } from '../tensor/tensor.js';
import { assertSameShape, cached, checkUnit, nonFiniteInput } from './common.js';
import type { Loss, TargetContext } from './loss.js';
import { checkProbabilities, sameShapeTargets } from './targets.js';

/** Options of {@link BinaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions {
  /** Predictions are logits (no sigmoid applied yet); the loss then applies it stably. Default false. */
  fromLogits?: boolean;
  /** Probabilities are clipped to [ε, 1 − ε] before the log. Default 1e-7. */
  epsilon?: number;
}

/**
 * Binary cross-entropy, for yes/no outputs, averaged over all n elements:
 *
 *   L = −(1/n) Σ [t log p + (1 − t) log(1 − p)]
 *
 * On probabilities p (after a sigmoid), clipped to [ε, 1 − ε]: dL/dp = (p − t) / (p (1 − p) n),
 * and 0 where the clip holds p fixed. With `fromLogits`, on z where p = σ(z), computed
 * as max(z, 0) − z t + log(1 + e^(−|z|)) so no exponent overflows: dL/dz = (σ(z) − t) / n.
 *
 * Shape: prediction and target alike; targets in [0, 1].
 *
 * @example
 * const loss = new BinaryCrossEntropy();
 * loss.forward(Tensor.from([[0.9], [0.2]]), Tensor.from([[1], [0]])); // −(log 0.9 + log 0.8) / 2 ≈ 0.1643
 * model.compile({ optimizer: 'adam', loss: new BinaryCrossEntropy({ fromLogits: true }) }); // no Sigmoid at the end
 */
export class BinaryCrossEntropy implements Loss {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/BinaryCrossEntropy'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, BinaryCrossEntropy, value, '@@neurite/BinaryCrossEntropy');
  }

  /** Whether predictions are logits (the sigmoid is applied inside the loss). */
  readonly fromLogits: boolean;
  /** Probabilities are clipped to [ε, 1 − ε] before the log. */
  readonly epsilon: number;
  private prediction: Tensor | null = null;
  private target: Tensor | null = null;
  private gradient: Tensor | null = null;

  constructor(options: BinaryCrossEntropyOptions = {}) {
    options = checkOptions(options, 'BinaryCrossEntropy', ['fromLogits', 'epsilon']);
    this.fromLogits = checkBoolean(options.fromLogits, 'BinaryCrossEntropy', 'fromLogits', false);
    this.epsilon = checkNumber(options.epsilon ?? 1e-7, 'BinaryCrossEntropy', 'epsilon', 'in (0, 0.5)', (e) => e > 0 && e < 0.5);
  }

  forward(prediction: Tensor, target: Tensor): number {
    assertSameShape(this, prediction, target);
    const p = prediction.data, t = target.data;
    checkUnit(t, this, 'expected targets in [0, 1]');
    this.prediction = prediction;
    this.target = target;
    let sum = 0;
    if (this.fromLogits) {
      for (let i = 0; i < p.length; i++) {
        const z = p[i];
        sum += Math.max(z, 0) - z * t[i] + Math.log1p(Math.exp(-Math.abs(z)));
      }
    } else {
      checkUnit(p, this, "expected predictions as probabilities in [0, 1] (a Sigmoid's output; use fromLogits for raw scores)");
      const lo = this.epsilon, hi = 1 - this.epsilon;
      for (let i = 0; i < p.length; i++) {
        const q = Math.min(hi, Math.max(lo, p[i]));
        sum -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
      }
    }
    if (!Number.isFinite(sum)) throw nonFiniteInput(this.toString(), prediction, target, sum);
    return sum / p.length;
  }

  backward(): Tensor {
    const prediction = cached(this, this.prediction);
    const p = prediction.data, t = this.target!.data, n = p.length;
    const grad = (this.gradient = reuse(this.gradient, prediction.shape));
    const g = grad.data;
    if (this.fromLogits) {
      for (let i = 0; i < n; i++) g[i] = (1 / (1 + Math.exp(-p[i])) - t[i]) / n;
    } else {
      const lo = this.epsilon, hi = 1 - this.epsilon;
      for (let i = 0; i < n; i++) {
        const q = p[i];
        g[i] = q < lo || q > hi ? 0 : (q - t[i]) / (q * (1 - q) * n);
      }
    }
    return grad;
  }

  /** Targets of the prediction's shape (one per sample for one output), each in [0, 1]. */
  prepareTargets(target: Tensor, outputShape: readonly number[] | null, context: TargetContext): Tensor {
    const t = sameShapeTargets(target, outputShape, context);
    checkProbabilities(t, this.toString(), context);
    return t;
  }

  getConfig(): { type: string; config: Record<string, unknown> } {
    return { type: 'BinaryCrossEntropy', config: { fromLogits: this.fromLogits, epsilon: this.epsilon } };
  }

  toString(): string {
    return this.fromLogits ? 'BinaryCrossEntropy(fromLogits)' : 'BinaryCrossEntropy';
  }
}

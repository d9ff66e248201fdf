import { isBranded } from '../brand.js';
import { checkBoolean, checkNumber, checkOptions, DataError, formatFloat32, ShapeError, formatShape } from '../errors.js';
import { reuse, type Tensor } from '../tensor/tensor.js';
import { assertTensors, cached, checkUnit, nonFiniteInput } from './common.js';
import type { Loss, TargetContext } from './loss.js';
import { checkClassLabels, checkProbabilities, sameShapeTargets } from './targets.js';

/** Options of {@link CategoricalCrossEntropy}. */
export interface CategoricalCrossEntropyOptions {
  /** Predictions are logits; softmax is fused into the loss (log-sum-exp). Default false. */
  fromLogits?: boolean;
  /** Probabilities are clipped to [ε, 1] before the log. Default 1e-7. */
  epsilon?: number;
}

/**
 * Categorical cross-entropy, for one-of-k classification, averaged over the batch:
 *
 *   L = −(1/batch) Σ_b Σ_c t_bc log p_bc
 *
 * Targets are one-hot (or soft) rows `[batch, classes]`, or integer class indices `[batch]`.
 *
 * On probabilities (after a softmax), clipped below at ε: dL/dp = −t / (p · batch).
 * With `fromLogits`, on logits z: log p = z − logΣexp(z) (max-subtracted), and
 * dL/dz = (softmax(z) · Σ_c t − t) / batch, which is (softmax − t) / batch for one-hot
 * targets. Prefer this form: it is stable and its gradient never vanishes.
 *
 * Shape: prediction `[batch, classes]`; target `[batch, classes]` or `[batch]`.
 *
 * @example
 * const loss = new CategoricalCrossEntropy({ fromLogits: true });
 * loss.forward(Tensor.from([[0, 0]]), Tensor.from([1])); // log 2 ≈ 0.6931
 */
export class CategoricalCrossEntropy implements Loss {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/CategoricalCrossEntropy'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, CategoricalCrossEntropy, value, '@@neurite/CategoricalCrossEntropy');
  }

  /** Whether predictions are logits (the softmax is fused into the loss). */
  readonly fromLogits: boolean;
  /** Probabilities are clipped below at ε before the log. */
  readonly epsilon: number;
  private prediction: Tensor | null = null;
  private target: Tensor | null = null;
  private gradient: Tensor | null = null;

  constructor(options: CategoricalCrossEntropyOptions = {}) {
    options = checkOptions(options, 'CategoricalCrossEntropy', ['fromLogits', 'epsilon']);
    this.fromLogits = checkBoolean(options.fromLogits, 'CategoricalCrossEntropy', 'fromLogits', false);
    this.epsilon = checkNumber(options.epsilon ?? 1e-7, 'CategoricalCrossEntropy', 'epsilon', 'in (0, 0.5)', (e) => e > 0 && e < 0.5);
  }

  private check(prediction: Tensor, target: Tensor): void {
    assertTensors(this, prediction, target);
    if (prediction.rank !== 2) {
      throw new ShapeError(`${this}: expected prediction shape [batch, classes], got ${formatShape(prediction.shape)}`);
    }
    const batch = prediction.shape[0], classes = prediction.shape[1]; // (no destructuring: it allocates an iterator)
    const t = target.data;
    if (target.rank === 1 && target.shape[0] === batch) {
      for (let b = 0; b < batch; b++) {
        if (!Number.isInteger(t[b]) || t[b] < 0 || t[b] >= classes) {
          throw new DataError(`${this}: expected class labels as integers in [0, ${classes - 1}], got ${formatFloat32(t[b])} at index ${b}`);
        }
      }
    } else if (target.rank === 2 && target.shape[0] === batch && target.shape[1] === classes) {
      checkUnit(t, this, 'expected target probabilities in [0, 1]');
    } else {
      throw new ShapeError(
        `${this}: expected target shape [${batch}, ${classes}] (one-hot) or [${batch}] (class labels), got ${formatShape(target.shape)}`,
      );
    }
    if (!this.fromLogits) {
      checkUnit(prediction.data, this, "expected predictions as probabilities in [0, 1] (a Softmax's output; use fromLogits for raw scores)");
    }
  }

  forward(prediction: Tensor, target: Tensor): number {
    this.check(prediction, target);
    this.prediction = prediction;
    this.target = target;
    const batch = prediction.shape[0], classes = prediction.shape[1]; // (no destructuring: it allocates an iterator)
    const p = prediction.data, t = target.data, labels = target.rank === 1;
    let total = 0;
    for (let b = 0, o = 0; b < batch; b++, o += classes) {
      if (this.fromLogits) {
        let max = -Infinity;
        for (let c = 0; c < classes; c++) if (p[o + c] > max) max = p[o + c];
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(p[o + c] - max);
        const lse = max + Math.log(sum);
        if (labels) total += lse - p[o + t[b]];
        else for (let c = 0; c < classes; c++) total -= t[o + c] * (p[o + c] - lse);
      } else if (labels) {
        total -= Math.log(Math.max(this.epsilon, p[o + t[b]]));
      } else {
        for (let c = 0; c < classes; c++) if (t[o + c] !== 0) total -= t[o + c] * Math.log(Math.max(this.epsilon, p[o + c]));
      }
    }
    if (!Number.isFinite(total)) throw nonFiniteInput(this.toString(), prediction, target, total);
    return total / batch;
  }

  backward(): Tensor {
    const prediction = cached(this, this.prediction);
    const target = this.target!;
    const batch = prediction.shape[0], classes = prediction.shape[1]; // (no destructuring: it allocates an iterator)
    const p = prediction.data, t = target.data, labels = target.rank === 1;
    const grad = (this.gradient = reuse(this.gradient, prediction.shape));
    const g = grad.data, inv = 1 / batch;
    for (let b = 0, o = 0; b < batch; b++, o += classes) {
      if (this.fromLogits) {
        let max = -Infinity;
        for (let c = 0; c < classes; c++) if (p[o + c] > max) max = p[o + c];
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += (g[o + c] = Math.exp(p[o + c] - max));
        let mass = 1;
        if (!labels) {
          mass = 0;
          for (let c = 0; c < classes; c++) mass += t[o + c];
        }
        const s = (mass * inv) / sum;
        for (let c = 0; c < classes; c++) g[o + c] *= s;
        if (labels) g[o + t[b]] -= inv;
        else for (let c = 0; c < classes; c++) g[o + c] -= t[o + c] * inv;
      } else {
        for (let c = 0; c < classes; c++) {
          const tc = labels ? (c === t[b] ? 1 : 0) : t[o + c];
          g[o + c] = tc === 0 || p[o + c] < this.epsilon ? 0 : (-tc / p[o + c]) * inv;
        }
      }
    }
    return grad;
  }

  /**
   * Integer class labels `[samples]` in [0, classes), or rows of the prediction's shape
   * (one-hot or soft) with values in [0, 1].
   */
  prepareTargets(target: Tensor, outputShape: readonly number[] | null, context: TargetContext): Tensor {
    if (target.rank === 1) {
      const classes = outputShape !== null && outputShape.length === 1 ? outputShape[0] : null;
      checkClassLabels(target, classes, context);
      return target;
    }
    const t = sameShapeTargets(target, outputShape, context);
    checkProbabilities(t, this.toString(), context);
    return t;
  }

  getConfig(): { type: string; config: Record<string, unknown> } {
    return { type: 'CategoricalCrossEntropy', config: { fromLogits: this.fromLogits, epsilon: this.epsilon } };
  }

  toString(): string {
    return this.fromLogits ? 'CategoricalCrossEntropy(fromLogits)' : 'CategoricalCrossEntropy';
  }
}

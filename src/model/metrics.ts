import { isBranded } from '../brand.js';
import { checkNumber, checkOptions } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** A metric accumulated over batches: `reset`, `update` per batch, `result` at the end. */
export interface Metric {
  /** The key in logs and History, e.g. `accuracy` (and `valAccuracy`). */
  readonly name: string;
  /** Forgets everything seen so far (at the start of each epoch and evaluation). */
  reset(): void;
  /** Takes one batch: the model's output and the targets. */
  update(prediction: Tensor, target: Tensor): void;
  /** The value over everything seen since the last `reset`. */
  result(): number;
  /**
   * A fresh metric of the same kind and options, for an `evaluate` called while `fit`
   * accumulates this one (from a callback). Without it, such a call is refused.
   */
  clone?(): Metric;
}

/** Options of {@link Accuracy}. */
export interface AccuracyOptions {
  /** For a single output column, the prediction counts as class 1 above this. Default 0.5 (0 for logits). */
  threshold?: number;
}

/**
 * The fraction of samples classified right. With one output column (binary), a
 * prediction above `threshold` is class 1; with several, the class is the argmax,
 * compared with an integer label or the argmax of a one-hot target.
 *
 * @example
 * const accuracy = new Accuracy();
 * accuracy.update(Tensor.from([[0.9], [0.2], [0.7]]), Tensor.from([1, 0, 0]));
 * accuracy.result(); // 2/3
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] }); // the usual way
 */
export class Accuracy implements Metric {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Accuracy'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Accuracy, value, '@@neurite/Accuracy');
  }

  readonly name = 'accuracy';
  /** With one output column, the prediction counts as class 1 above this. */
  readonly threshold: number;
  private correct = 0;
  private total = 0;

  constructor(options: AccuracyOptions = {}) {
    options = checkOptions(options, 'Accuracy', ['threshold']);
    this.threshold = checkNumber(options.threshold ?? 0.5, 'Accuracy', 'threshold', 'to be finite', () => true);
  }

  reset(): void {
    this.correct = 0;
    this.total = 0;
  }

  update(prediction: Tensor, target: Tensor): void {
    const rows = prediction.shape[0];
    const cols = prediction.size / rows;
    const p = prediction.data, t = target.data;
    const labels = target.size === rows;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let predicted: number, actual: number;
      if (cols === 1) {
        predicted = p[o] > this.threshold ? 1 : 0;
        actual = t[r] > 0.5 ? 1 : 0;
      } else {
        predicted = argmax(p, o, cols);
        actual = labels ? t[r] : argmax(t, o, cols);
      }
      if (predicted === actual) this.correct++;
    }
    this.total += rows;
  }

  result(): number {
    return this.total === 0 ? NaN : this.correct / this.total;
  }

  clone(): Accuracy {
    return new Accuracy({ threshold: this.threshold });
  }
}

function argmax(values: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

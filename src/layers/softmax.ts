import { isBranded } from '../brand.js';
import { Activation, withoutConfig } from './activation.js';
import { registerLayer } from './registry.js';

/**
 * Softmax over the last axis: yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), with m the row's
 * maximum so that no exponent overflows. Each row becomes probabilities summing to 1.
 *
 * Backward (the Jacobian of a row times gradOutput): dxᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ).
 * For classification, prefer `CategoricalCrossEntropy({ fromLogits: true })` on the
 * logits: it fuses the two and is more stable.
 *
 * Shape: `[..., classes]`; output has the input's shape.
 *
 * @example
 * new Softmax().forward(Tensor.from([[0, 0]]), false).data; // [0.5, 0.5]
 */
export class Softmax extends Activation {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Softmax'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Softmax, value, '@@neurite/Softmax');
  }

  protected apply(x: Float32Array, y: Float32Array, shape: readonly number[]): void {
    const cols = shape[shape.length - 1] ?? 1;
    for (let o = 0; o < x.length; o += cols) {
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (x[o + j] > max) max = x[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += (y[o + j] = Math.exp(x[o + j] - max));
      const inv = 1 / sum;
      for (let j = 0; j < cols; j++) y[o + j] *= inv;
    }
  }

  protected derivative(
    _x: Float32Array,
    y: Float32Array,
    g: Float32Array,
    gradInput: Float32Array,
    shape: readonly number[],
  ): void {
    const cols = shape[shape.length - 1] ?? 1;
    for (let o = 0; o < y.length; o += cols) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += g[o + j] * y[o + j];
      for (let j = 0; j < cols; j++) gradInput[o + j] = y[o + j] * (g[o + j] - dot);
    }
  }

  toString(): string {
    return 'Softmax';
  }
}

registerLayer('Softmax', withoutConfig('Softmax', () => new Softmax()));

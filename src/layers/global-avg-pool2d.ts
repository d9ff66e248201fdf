import { isBranded } from '../brand.js';
import { checkKeys } from '../errors.js';
import { assertTensor, reuseMatrix, type Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig, Param } from './layer.js';
import { registerLayer } from './registry.js';
import { forwardOutput, reuseImages, windowOn } from './spatial.js';

/**
 * Global average pooling: each channel of an image averaged over all its pixels,
 * `[batch, height, width, channels]` → `[batch, channels]`,
 *
 *   y[b, c] = (1 / (h·w)) Σ_{i, j} x[b, i, j, c],   dx[b, i, j, c] = g[b, c] / (h·w)
 *
 * A common last step of a convnet before the classifier: it has no weights and takes
 * images of any size.
 *
 * @example
 * new GlobalAvgPool2D().forward(new Tensor([1, 2, 3, 4], [1, 2, 1, 2]), false).data; // [2, 3]
 */
export class GlobalAvgPool2D implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/GlobalAvgPool2D'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, GlobalAvgPool2D, value, '@@neurite/GlobalAvgPool2D');
  }

  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;

  /** `[h, w, channels]` → `[channels]`. */
  outputShape(inputShape: readonly number[]): number[] {
    return [windowOn(this, null, inputShape, false, null, [1, 1], [1, 1], false).channels];
  }

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    if (input.rank !== 4) windowOn(this, null, input.shape, true, null, [1, 1], [1, 1], false); // throws, naming what it expected
    const batch = input.shape[0], c = input.shape[3], n = input.size / batch / c;
    const out = (this.output = reuseMatrix(this.output, batch, c));
    const x = input.data, y = out.data.fill(0);
    for (let i = 0, s = 0; i < y.length; i += c) {
      for (let p = 0; p < n; p++) for (let k = 0; k < c; k++, s++) y[i + k] += x[s];
      for (let k = 0; k < c; k++) y[i + k] /= n;
    }
    this.input = input;
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    forwardOutput(this, this.output, gradOutput);
    const input = this.input!;
    const s = input.shape, c = s[3], n = s[1] * s[2];
    const gradInput = (this.gradInput = reuseImages(this.gradInput, s[0], s[1], s[2], c));
    const gd = gradOutput.data, dx = gradInput.data;
    for (let i = 0, o = 0; i < gd.length; i += c) for (let p = 0; p < n; p++) for (let k = 0; k < c; k++, o++) dx[o] = gd[i + k] / n;
    return gradInput;
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    return { type: 'GlobalAvgPool2D', config: {} };
  }

  /** Rebuilds a GlobalAvgPool2D (its config is `{}`). */
  static fromConfig(config: Record<string, unknown>): GlobalAvgPool2D {
    checkKeys(config, [], 'GlobalAvgPool2D', 'config field');
    return new GlobalAvgPool2D();
  }

  toString(): string {
    return 'GlobalAvgPool2D';
  }
}

registerLayer('GlobalAvgPool2D', GlobalAvgPool2D.fromConfig);

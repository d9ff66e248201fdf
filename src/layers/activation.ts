import { isBranded } from '../brand.js';
import { StateError, assertShape, checkKeys } from '../errors.js';
import { assertTensor, reuse, Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig, Param } from './layer.js';
import type { LayerFromConfig } from './registry.js';

/**
 * The shared frame of the activation layers: buffers reused across calls, the
 * state check, the shape check. A subclass writes its two loops, the function and
 * its derivative, side by side.
 *
 * @example
 * // The softsign, x / (1 + |x|), with its derivative 1 / (1 + |x|)².
 * class Softsign extends Activation {
 *   protected apply(x: Float32Array, y: Float32Array): void {
 *     for (let k = 0; k < x.length; k++) y[k] = x[k] / (1 + Math.abs(x[k]));
 *   }
 *   protected derivative(x: Float32Array, _y: Float32Array, g: Float32Array, gradInput: Float32Array): void {
 *     for (let k = 0; k < x.length; k++) gradInput[k] = g[k] / (1 + Math.abs(x[k])) ** 2;
 *   }
 *   toString(): string {
 *     return 'Softsign';
 *   }
 * }
 */
export abstract class Activation implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Activation'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Activation, value, '@@neurite/Activation');
  }

  protected input: Tensor | null = null;
  protected output: Tensor | null = null;
  private gradInput: Tensor | null = null;

  /** y = φ(x), elementwise over `x` (or row-wise for softmax). */
  protected abstract apply(x: Float32Array, y: Float32Array, shape: readonly number[]): void;
  /** gradInput = φ'(x) ⊙ gradOutput (or the row-wise Jacobian product for softmax). */
  protected abstract derivative(
    x: Float32Array,
    y: Float32Array,
    gradOutput: Float32Array,
    gradInput: Float32Array,
    shape: readonly number[],
  ): void;

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    this.input = input;
    const out = (this.output = reuse(this.output, input.shape));
    this.apply(input.data, out.data, input.shape);
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const input = this.input;
    if (!input || !this.output) throw new StateError(`${this}: backward called before forward`);
    assertTensor(gradOutput, this, 'gradOutput');
    assertShape(gradOutput.shape, input.shape, this, 'gradOutput shape');
    const gradInput = (this.gradInput = reuse(this.gradInput, input.shape));
    this.derivative(input.data, this.output.data, gradOutput.data, gradInput.data, input.shape);
    return gradInput;
  }

  params(): Param[] {
    return [];
  }

  /** Any shape: the output has the input's shape. */
  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  getConfig(): LayerConfig {
    return { type: this.toString(), config: {} };
  }

  abstract toString(): string;
}

/** The `fromConfig` of a layer saved with an empty config: refuses any config field. */
export function withoutConfig(type: string, make: () => Layer): LayerFromConfig {
  return (config) => {
    checkKeys(config, [], type, 'config field');
    return make();
  };
}

import { isBranded } from '../brand.js';
import { checkKeys, describe, formatShape, own, ShapeError } from '../errors.js';
import { assertTensor, shapeSize, Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig, Param } from './layer.js';
import { registerLayer } from './registry.js';
import { forwardOutput } from './spatial.js';

/**
 * Gives each sample a new shape holding the same values in the same row-major order:
 * `[batch, ...in]` → `[batch, ...shape]`, where one entry of `shape` may be −1, meaning
 * whatever the others leave (as in Keras, NumPy and PyTorch). Nothing is computed: the
 * output is a view of the input's values, and the gradient a view of the output gradient's
 * with the input's shape, both made once while the tensors stay the same.
 *
 * @example
 * new Reshape([7, 7, 64]).outputShape([3136]); // [7, 7, 64]
 * new Reshape([-1, 2]).forward(Tensor.zeros([5, 2, 3]), false).shape; // [5, 3, 2]
 */
export class Reshape implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Reshape'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Reshape, value, '@@neurite/Reshape');
  }

  /** The per-sample shape asked for, −1 at most once. */
  readonly shape: readonly number[];
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradOutput: Tensor | null = null;
  private gradInput: Tensor | null = null;

  constructor(shape: readonly number[]) {
    const ok = Array.isArray(shape) && shape.length > 0 && shape.every((d) => (Number.isInteger(d) && d > 0) || d === -1);
    if (!ok || shape.indexOf(-1) !== shape.lastIndexOf(-1)) {
      const numbers = Array.isArray(shape) && shape.length > 0 && shape.every((d) => typeof d === 'number');
      const got = Array.isArray(shape) ? `[${shape.map(describe).join(', ')}]` : describe(shape);
      throw new (numbers ? RangeError : TypeError)(`Reshape: expected shape as an array of positive integers with at most one -1, got ${got}`);
    }
    this.shape = Object.freeze(shape.slice());
  }

  /** `[...in]` → the shape asked for, its −1 resolved; a ShapeError when the sizes do not fit. */
  outputShape(inputShape: readonly number[]): number[] {
    return this.resolve(inputShape, formatShape([null, ...inputShape]));
  }

  private resolve(inputShape: readonly number[], got: string): number[] {
    const size = shapeSize(inputShape), known = -shapeSize(this.shape); // −1 once: the product is −known
    const free = this.shape.includes(-1);
    if (free ? size % known !== 0 : size !== -known) {
      const expects = free ? `a multiple of ${known} values a sample` : `${-known} values a sample`;
      throw new ShapeError(`${this}: expected ${expects}, got ${got} (${size})`, expects);
    }
    return this.shape.map((d) => (d === -1 ? size / known : d));
  }

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    if (input !== this.input || !this.output) {
      const shape = this.resolve(input.shape.slice(1), formatShape(input.shape));
      this.output = new Tensor(input.data, [input.shape[0], ...shape]);
      this.input = input;
      this.gradOutput = null;
    }
    return this.output;
  }

  backward(gradOutput: Tensor): Tensor {
    forwardOutput(this, this.output, gradOutput);
    if (gradOutput !== this.gradOutput || !this.gradInput) {
      this.gradInput = new Tensor(gradOutput.data, this.input!.shape);
      this.gradOutput = gradOutput;
    }
    return this.gradInput;
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    return { type: 'Reshape', config: { shape: [...this.shape] } };
  }

  /** Rebuilds a Reshape from {@link Reshape.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>): Reshape {
    checkKeys(config, ['shape'], 'Reshape', 'config field');
    return new Reshape(own(config, 'shape') as number[]);
  }

  toString(): string {
    return `Reshape(${formatShape(this.shape)})`;
  }
}

registerLayer('Reshape', Reshape.fromConfig);

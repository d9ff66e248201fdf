import { isBranded } from '../brand.js';
import { checkKeys, checkNumber, checkOptions, own, ShapeError, StateError, formatShape } from '../errors.js';
import { checkRandom } from '../check-random.js';
import { Random } from '../random.js';
import { assertTensor, reuse, Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig, Param } from './layer.js';
import { registerLayer } from './registry.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Where the masks are drawn from. Default: the Random of the model the layer joins (a randomly seeded one until then). */
  random?: Random;
}

/**
 * Inverted dropout (Srivastava et al., 2014). In training, each element is kept with
 * probability 1 − rate and scaled by 1/(1 − rate), or set to 0:
 *
 *   y = x ⊙ m / (1 − rate),   m ~ Bernoulli(1 − rate)
 *
 * so the expected value of every output equals its input, and inference is the
 * identity. This is equivalent to the original form, which keeps activations
 * unscaled while training and multiplies them by 1 − rate at test time. Backward
 * applies the same mask: dx = g ⊙ m / (1 − rate).
 *
 * Shape: any; output has the input's shape.
 *
 * @example
 * new Sequential([new Dense(784, 256), new ReLU(), new Dropout(0.2), new Dense(256, 10)], { seed: 1 });
 */
export class Dropout implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Dropout'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Dropout, value, '@@neurite/Dropout');
  }

  /** The probability of dropping each element in training, in [0, 1). */
  readonly rate: number;
  private random: Random;
  private mask: Float32Array = new Float32Array(0);
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;
  private input: Tensor | null = null;
  private masked = false;
  private ownRandom: boolean;

  constructor(rate: number, options: DropoutOptions = {}) {
    this.rate = checkNumber(rate, 'Dropout', 'rate', 'in [0, 1)', (r) => r >= 0 && r < 1);
    options = checkOptions(options, this.toString(), ['random']);
    this.ownRandom = options.random !== undefined;
    this.random = options.random === undefined ? new Random() : checkRandom(options.random, this.toString());
  }

  /** Takes the model's Random for the masks (Dropout has no params to initialise). */
  initialize(random: Random): void {
    this.random = checkRandom(random, `${this}.initialize`);
    this.ownRandom = true;
  }

  /** True once the layer has a Random of its own: given to it, or its model's. */
  hasOwnWeights(): boolean {
    return this.ownRandom;
  }

  /** Any shape: the output has the input's shape. */
  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  forward(input: Tensor, training = false): Tensor {
    assertTensor(input, this);
    this.input = input;
    this.masked = training && this.rate > 0;
    if (!this.masked) return input;
    const n = input.size;
    if (this.mask.length !== n) this.mask = new Float32Array(n);
    const mask = this.mask, rate = this.rate, keep = 1 / (1 - rate), random = this.random;
    for (let k = 0; k < n; k++) mask[k] = random.next() < rate ? 0 : keep;
    const out = (this.output = reuse(this.output, input.shape));
    const x = input.data, y = out.data;
    for (let k = 0; k < n; k++) y[k] = x[k] * mask[k];
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const input = this.input;
    if (!input) throw new StateError(`${this}: backward called before forward`);
    assertTensor(gradOutput, this, 'gradOutput');
    if (gradOutput.size !== input.size) {
      throw new ShapeError(`${this}: expected gradOutput shape ${formatShape(input.shape)}, got ${formatShape(gradOutput.shape)}`);
    }
    if (!this.masked) return gradOutput;
    const gradInput = (this.gradInput = reuse(this.gradInput, input.shape));
    const g = gradOutput.data, d = gradInput.data, mask = this.mask;
    for (let k = 0; k < g.length; k++) d[k] = g[k] * mask[k];
    return gradInput;
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    return { type: 'Dropout', config: { rate: this.rate } };
  }

  /** Rebuilds a Dropout from {@link Dropout.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>): Dropout {
    checkKeys(config, ['rate'], 'Dropout', 'config field');
    return new Dropout(own(config, 'rate') as number);
  }

  toString(): string {
    return `Dropout(${this.rate})`;
  }
}

registerLayer('Dropout', Dropout.fromConfig);

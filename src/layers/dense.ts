import { isBranded } from '../brand.js';
import { assertShape, checkBoolean, checkInteger, checkKeys, checkOptions, formatShape, own, ShapeError, StateError } from '../errors.js';
import { checkRandom } from '../check-random.js';
import { glorotUniform, initializerFrom, zeros, type Initializer, type InitializerName } from '../init.js';
import { Random } from '../random.js';
import { addRowVector, matmul, matmulTransA, matmulTransB, sumRows } from '../tensor/kernels.js';
import { assertTensor, MAX_TENSOR_SIZE, reuse, reuseMatrix, Tensor } from '../tensor/tensor.js';
import { Param, WeightOrigin, type Layer, type LayerConfig } from './layer.js';
import { checkRegularizer, type Regularizer } from '../regularizers.js';
import { registerLayer, type LayerBuildContext } from './registry.js';

/** Gradients add up (made once: an options literal per call would be garbage per step). */
const ACCUMULATE = { accumulate: true } as const;

/** Options of {@link Dense}. */
export interface DenseOptions {
  /** Where the initial weights are drawn from (a model's seed replaces it). Default: a randomly seeded Random. */
  random?: Random;
  /** How the weight is initialised: a function or a built-in name. Default `glorotUniform`. */
  initializer?: Initializer | InitializerName;
  /** Whether the layer adds a bias. Default true. */
  useBias?: boolean;
  /** A penalty on the weight (not the bias) added to the loss: `l1(…)`, `l2(…)` or `l1l2({ l1, l2 })`. Default none. */
  weightRegularizer?: Regularizer;
}

const optionKeys = ['random', 'initializer', 'useBias', 'weightRegularizer'];

/**
 * A fully connected layer: every output is a weighted sum of every input plus a bias,
 *
 *   y = x·Wᵀ + b,
 *
 * which for each row of the batch is the familiar z = W a + b.
 *
 * - `weight`: `[outFeatures, inFeatures]` (W is 4×3 for 3 inputs and 4 neurons)
 * - `bias`: `[outFeatures]`
 * - input `[batch, inFeatures]`, output `[batch, outFeatures]` (images go through a
 *   Flatten first)
 *
 * Built without a `random`, the weights are provisional: the model the layer joins
 * draws them again from its seed. Given a `random`, they are drawn from it and kept.
 *
 * @example
 * const layer = new Dense(3, 4, { random: new Random(1) });
 * layer.forward(Tensor.from([[1, 2, 3]]), false).shape; // [1, 4]
 */
export class Dense implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Dense'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Dense, value, '@@neurite/Dense');
  }

  /** W, `[outFeatures, inFeatures]`: row i holds the weights into neuron i. */
  readonly weight: Param;
  /** b, `[outFeatures]`; null with `useBias: false`. Starts at zeros. */
  readonly bias: Param | null;
  /** The per-sample input shape, `[inFeatures]`. */
  readonly inputShape: readonly number[];
  /** The penalty on the weight added to the loss, if any. */
  readonly weightRegularizer: Regularizer | null;
  private readonly initializer: Initializer;
  private readonly origin = new WeightOrigin();
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: DenseOptions = {},
  ) {
    checkInteger(inFeatures, 'Dense', 'inFeatures');
    checkInteger(outFeatures, 'Dense', 'outFeatures');
    if (inFeatures * outFeatures > MAX_TENSOR_SIZE) {
      throw new ShapeError(`${this}: expected at most ${MAX_TENSOR_SIZE} weights (1 GiB of float32), got ${inFeatures * outFeatures}`);
    }
    options = checkOptions(options, this.toString(), optionKeys);
    const random = options.random === undefined ? new Random() : checkRandom(options.random, this.toString());
    const useBias = checkBoolean(options.useBias, this.toString(), 'useBias', true);
    this.weightRegularizer = checkRegularizer(options.weightRegularizer, this.toString());
    this.initializer = initializerFrom(options.initializer ?? glorotUniform, this.toString());
    this.weight = new Param('weight', Tensor.zeros([outFeatures, inFeatures]));
    this.bias = useBias ? new Param('bias', Tensor.zeros([outFeatures])) : null;
    this.inputShape = Object.freeze([inFeatures]);
    this.initialize(random);
    if (options.random === undefined) this.origin.markProvisional(this.values());
  }

  /** Draws the weight from `random` with the layer's initializer; the bias starts at zeros. */
  initialize(random: Random): void {
    this.initializer(this.weight.value.data, this.inFeatures, this.outFeatures, random);
    if (this.bias) zeros(this.bias.value.data, this.inFeatures, this.outFeatures, random);
    this.origin.markOwn();
  }

  hasOwnWeights(): boolean {
    return this.origin.isOwn(this.values());
  }

  private values(): Float32Array[] {
    return this.bias ? [this.weight.value.data, this.bias.value.data] : [this.weight.value.data];
  }

  /** The weight regularizer's penalty (0 without one). */
  penalty(): number {
    return this.weightRegularizer ? this.weightRegularizer.penalty(this.weight.value.data) : 0;
  }

  /** Adds the weight regularizer's gradient into `weight.grad`. */
  addPenaltyGradient(): void {
    this.weightRegularizer?.addGradient(this.weight.value.data, this.weight.grad.data);
  }

  /** `[inFeatures]` → `[outFeatures]`. */
  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1 || inputShape[0] !== this.inFeatures) {
      const size = inputShape.reduce((a, b) => a * b, 1);
      const hint = inputShape.length > 1 && size === this.inFeatures ? '; flatten the samples first (a Flatten layer)' : '';
      throw new ShapeError(
        `${this}: expected input shape [batch, ${this.inFeatures}], got ${formatShape([null, ...inputShape])}${hint}`,
        `${this.inFeatures} features`,
      );
    }
    return [this.outFeatures];
  }

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    // The shape arrays of the checks are made only on the error path: a steady step allocates nothing.
    if (input.rank !== 2 || input.shape[1] !== this.inFeatures) assertShape(input.shape, [null, this.inFeatures], this);
    this.input = input;
    const out = (this.output = reuseMatrix(this.output, input.shape[0], this.outFeatures));
    matmulTransB(input, this.weight.value, out);
    if (this.bias) addRowVector(out, this.bias.value);
    return out;
  }

  // dL/dW = gradOutputᵀ · x,  dL/db = Σ_batch gradOutput,  dL/dx = gradOutput · W
  backward(gradOutput: Tensor): Tensor {
    const input = this.backwardParams(gradOutput);
    const gradInput = (this.gradInput = reuse(this.gradInput, input.shape));
    matmul(gradOutput, this.weight.value, gradInput);
    return gradInput;
  }

  /** dL/dW and dL/db only (see {@link Layer.backwardParams}); returns the cached input. */
  backwardParams(gradOutput: Tensor): Tensor {
    const input = this.input;
    if (!input) throw new StateError(`${this}: backward called before forward`);
    assertTensor(gradOutput, this, 'gradOutput');
    const g = gradOutput.shape;
    if (g.length !== 2 || g[0] !== input.shape[0] || g[1] !== this.outFeatures) {
      assertShape(g, [input.shape[0], this.outFeatures], this, 'gradOutput shape');
    }
    matmulTransA(gradOutput, input, this.weight.grad, ACCUMULATE);
    if (this.bias) sumRows(gradOutput, this.bias.grad, ACCUMULATE);
    return input;
  }

  params(): Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  getConfig(): LayerConfig {
    const config: Record<string, unknown> = { inFeatures: this.inFeatures, outFeatures: this.outFeatures, useBias: this.bias !== null };
    if (this.weightRegularizer) config.weightRegularizer = { l1: this.weightRegularizer.l1, l2: this.weightRegularizer.l2 };
    return { type: 'Dense', config };
  }

  /** Rebuilds a Dense layer from {@link Dense.getConfig}'s `config` (weights drawn, to be overwritten by the saved ones). */
  static fromConfig(config: Record<string, unknown>, context?: LayerBuildContext): Dense {
    checkKeys(config, ['inFeatures', 'outFeatures', 'useBias', 'weightRegularizer'], 'Dense', 'config field');
    const inFeatures = checkInteger(own(config, 'inFeatures'), 'Dense', 'inFeatures');
    const outFeatures = checkInteger(own(config, 'outFeatures'), 'Dense', 'outFeatures');
    const useBias = checkBoolean(own(config, 'useBias'), 'Dense', 'useBias', true);
    context?.reserve(inFeatures * outFeatures + (useBias ? outFeatures : 0));
    const weightRegularizer = checkRegularizer(own(config, 'weightRegularizer'), 'Dense') ?? undefined;
    return new Dense(inFeatures, outFeatures, { useBias, initializer: 'zeros', weightRegularizer });
  }

  toString(): string {
    return `Dense(${this.inFeatures} → ${this.outFeatures})`;
  }
}

registerLayer('Dense', Dense.fromConfig);

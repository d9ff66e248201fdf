import { isBranded } from '../brand.js';
import { assertShape, checkInteger, checkKeys, checkNumber, checkOptions, DataError, formatShape, own, ShapeError, StateError } from '../errors.js';
import { assertTensor, reuse, Tensor } from '../tensor/tensor.js';
import { Param, WeightOrigin, type Layer, type LayerBuffer, type LayerConfig } from './layer.js';
import { registerLayer, type LayerBuildContext } from './registry.js';

/** Options of {@link BatchNorm}. */
export interface BatchNormOptions {
  /** Weight of the old value in the running averages, in [0, 1). Default 0.99 (as Keras). */
  momentum?: number;
  /** Added to the variance before the square root, > 0. Default 1e-3 (as Keras). */
  epsilon?: number;
}

/**
 * Batch normalisation (Ioffe & Szegedy, 2015) over the last axis: `[batch, features]`,
 * or `[batch, height, width, channels]` normalised per channel over the batch and every
 * position, as Keras does. Below, i runs over every value of feature j in the batch
 * (B of them: the batch size, times height × width for images).
 *
 * In training, each feature j is normalised with the batch's own mean and biased
 * variance, then scaled and shifted by the learned γ and β:
 *
 *   μⱼ = (1/B) Σᵢ xᵢⱼ,   σ²ⱼ = (1/B) Σᵢ (xᵢⱼ − μⱼ)²,   x̂ᵢⱼ = (xᵢⱼ − μⱼ) / √(σ²ⱼ + ε),   yᵢⱼ = γⱼ x̂ᵢⱼ + βⱼ
 *
 * and the running averages move toward the batch statistics:
 * running = momentum · running + (1 − momentum) · batch. At inference the running
 * mean and variance take the place of μ and σ². (σ is the square root of the mean
 * *squared* deviation; the running averages serve inference only.)
 *
 * Backward in training goes through μ and σ² too (every x̂ depends on the whole batch):
 *
 *   dx̂ = g ⊙ γ,   dxᵢⱼ = (1 / (B √(σ²ⱼ + ε))) · (B dx̂ᵢⱼ − Σₖ dx̂ₖⱼ − x̂ᵢⱼ Σₖ dx̂ₖⱼ x̂ₖⱼ)
 *   dγⱼ = Σᵢ gᵢⱼ x̂ᵢⱼ,   dβⱼ = Σᵢ gᵢⱼ
 *
 * Params: `gamma` (ones) and `beta` (zeros), `[features]`. Buffers (saved, not
 * trained): `runningMean` (zeros) and `runningVariance` (ones), `[features]`.
 * A batch of 1 (one value per feature) is an error in training: its variance is undefined.
 *
 * @example
 * new Sequential([new Dense(784, 256), new BatchNorm(256), new ReLU(), new Dense(256, 10)], { seed: 1 });
 */
export class BatchNorm implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/BatchNorm'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, BatchNorm, value, '@@neurite/BatchNorm');
  }

  /** γ, the learned scale, `[features]`; starts at ones. */
  readonly gamma: Param;
  /** β, the learned shift, `[features]`; starts at zeros. */
  readonly beta: Param;
  /** The running average of the batch means, `[features]`: used at inference, saved, not trained. */
  readonly runningMean: Tensor;
  /** The running average of the batch variances, `[features]`: used at inference, saved, not trained. */
  readonly runningVariance: Tensor;
  /** Weight of the old value in the running averages. */
  readonly momentum: number;
  /** Added to the variance before the square root. */
  readonly epsilon: number;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;
  private normalized: Tensor | null = null;
  private readonly invStd: Float64Array;
  private readonly batchMean: Float64Array;
  private readonly batchVariance: Float64Array;
  /** Scratch, one value per feature: the mean used (the batch's or the running one), and backward's sums. */
  private readonly mean: Float64Array;
  private readonly sumG: Float64Array;
  private readonly sumGH: Float64Array;
  private training = false;
  private readonly origin = new WeightOrigin();

  constructor(
    /** The number of features (columns) normalised. */
    readonly features: number,
    options: BatchNormOptions = {},
  ) {
    checkInteger(features, 'BatchNorm', 'features');
    options = checkOptions(options, this.toString(), ['momentum', 'epsilon']);
    this.momentum = checkNumber(options.momentum ?? 0.99, this.toString(), 'momentum', 'in [0, 1)', (v) => v >= 0 && v < 1);
    this.epsilon = checkNumber(options.epsilon ?? 1e-3, this.toString(), 'epsilon', 'to be > 0', (v) => v > 0);
    this.gamma = new Param('gamma', Tensor.ones([features]));
    this.beta = new Param('beta', Tensor.zeros([features]));
    this.runningMean = Tensor.zeros([features]);
    this.runningVariance = Tensor.ones([features]);
    this.invStd = new Float64Array(features);
    this.batchMean = new Float64Array(features);
    this.batchVariance = new Float64Array(features);
    this.mean = new Float64Array(features);
    this.sumG = new Float64Array(features);
    this.sumGH = new Float64Array(features);
    this.origin.markProvisional(this.values());
  }

  get inFeatures(): number {
    return this.features;
  }

  get outFeatures(): number {
    return this.features;
  }

  /** Resets γ to ones, β to zeros and the running statistics to zeros and ones. */
  initialize(): void {
    this.gamma.value.data.fill(1);
    this.beta.value.data.fill(0);
    this.runningMean.data.fill(0);
    this.runningVariance.data.fill(1);
    this.origin.markProvisional(this.values());
  }

  /** Whether γ, β or the running statistics differ from their initial values (loaded or trained). */
  hasOwnWeights(): boolean {
    return this.origin.isOwn(this.values());
  }

  private values(): Float32Array[] {
    return [this.gamma.value.data, this.beta.value.data, this.runningMean.data, this.runningVariance.data];
  }

  /** 2 when each sample holds one value per feature (`[batch, features]`): the variance of one value is undefined. */
  minBatchSize(inputShape: readonly number[]): number {
    return inputShape.reduce((a, b) => a * b, 1) / this.features >= 2 ? 1 : 2;
  }

  /** Any shape whose last axis holds the `features`; the output has the input's shape. */
  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 1 || inputShape[inputShape.length - 1] !== this.features) {
      throw new ShapeError(
        `${this}: expected input shape [batch, …, ${this.features}], got ${formatShape([null, ...inputShape])}`,
        `${this.features} features on the last axis`,
      );
    }
    return inputShape.slice();
  }

  forward(input: Tensor, training = false): Tensor {
    assertTensor(input, this);
    if (input.rank < 2 || input.shape[input.rank - 1] !== this.features) assertShape(input.shape, [null, this.features], this);
    const f = this.features, batch = input.size / f; // every value of a feature: the batch (× positions)
    if (training && batch < 2) {
      throw new ShapeError(`${this}: expected a batch of at least 2 samples in training (the variance of one sample is undefined), got ${batch}`);
    }
    this.input = input;
    this.training = training;
    const out = (this.output = reuse(this.output, input.shape));
    const xhat = (this.normalized = reuse(this.normalized, input.shape));
    const x = input.data, y = out.data, h = xhat.data;
    const gamma = this.gamma.value.data, beta = this.beta.value.data;
    const rm = this.runningMean.data, rv = this.runningVariance.data, invStd = this.invStd;
    const m = this.momentum, batchMean = this.batchMean, batchVariance = this.batchVariance;
    // Row by row, each feature's sums in its own accumulator: the same sums, in the same
    // order, as a loop per feature, but reading memory in order (on images, a loop per
    // channel strides across the whole batch once per channel).
    const mean = this.mean, n = x.length;
    if (training) {
      batchMean.fill(0);
      batchVariance.fill(0);
      for (let o = 0; o < n; o += f) for (let j = 0; j < f; j++) batchMean[j] += x[o + j];
      for (let j = 0; j < f; j++) mean[j] = batchMean[j] /= batch;
      for (let o = 0; o < n; o += f) for (let j = 0; j < f; j++) batchVariance[j] += (x[o + j] - mean[j]) * (x[o + j] - mean[j]);
      for (let j = 0; j < f; j++) invStd[j] = 1 / Math.sqrt((batchVariance[j] /= batch) + this.epsilon);
    } else {
      for (let j = 0; j < f; j++) {
        mean[j] = rm[j];
        invStd[j] = 1 / Math.sqrt(rv[j] + this.epsilon);
      }
    }
    for (let o = 0; o < n; o += f) {
      for (let j = 0; j < f; j++) {
        const v = (h[o + j] = (x[o + j] - mean[j]) * invStd[j]);
        y[o + j] = gamma[j] * Math.fround(v) + beta[j];
      }
    }
    if (training) {
      // The running averages move only once all of them are known to fit in float32:
      // a batch variance of 1e40 (inputs of 1e20) is an error, not an infinite buffer.
      for (let j = 0; j < f; j++) {
        const v = m * rv[j] + (1 - m) * batchVariance[j];
        if (!Number.isFinite(Math.fround(v)) || !Number.isFinite(Math.fround(m * rm[j] + (1 - m) * batchMean[j]))) {
          throw new DataError(`${this}: expected batch statistics that float32 can hold, got a variance of ${batchVariance[j]} for feature ${j}; normalise the inputs`);
        }
      }
      for (let j = 0; j < f; j++) {
        rm[j] = m * rm[j] + (1 - m) * batchMean[j];
        rv[j] = m * rv[j] + (1 - m) * batchVariance[j];
      }
    }
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const input = this.input, xhat = this.normalized;
    if (!input || !xhat) throw new StateError(`${this}: backward called before forward`);
    assertTensor(gradOutput, this, 'gradOutput');
    assertShape(gradOutput.shape, input.shape, this, 'gradOutput shape');
    const f = this.features, batch = input.size / f;
    const gradInput = (this.gradInput = reuse(this.gradInput, input.shape));
    const g = gradOutput.data, h = xhat.data, dx = gradInput.data;
    const gamma = this.gamma.value.data, dGamma = this.gamma.grad.data, dBeta = this.beta.grad.data;
    const invStd = this.invStd;
    const sumG = this.sumG.fill(0), sumGH = this.sumGH.fill(0), n = g.length;
    for (let o = 0; o < n; o += f) {
      for (let j = 0; j < f; j++) {
        sumG[j] += g[o + j];
        sumGH[j] += g[o + j] * h[o + j];
      }
    }
    const scale = this.mean; // (free in backward)
    for (let j = 0; j < f; j++) {
      dGamma[j] += sumGH[j];
      dBeta[j] += sumG[j];
      scale[j] = gamma[j] * invStd[j];
      sumG[j] /= batch; // now the means
      sumGH[j] /= batch;
    }
    if (this.training) {
      // With dx̂ = γg: Σdx̂ = γ·sumG and Σdx̂·x̂ = γ·sumGH.
      for (let o = 0; o < n; o += f) for (let j = 0; j < f; j++) dx[o + j] = scale[j] * (g[o + j] - sumG[j] - h[o + j] * sumGH[j]);
    } else {
      for (let o = 0; o < n; o += f) for (let j = 0; j < f; j++) dx[o + j] = scale[j] * g[o + j];
    }
    return gradInput;
  }

  params(): Param[] {
    return [this.gamma, this.beta];
  }

  buffers(): LayerBuffer[] {
    return [
      { name: 'runningMean', value: this.runningMean },
      { name: 'runningVariance', value: this.runningVariance, minimum: 0 },
    ];
  }

  getConfig(): LayerConfig {
    return { type: 'BatchNorm', config: { features: this.features, momentum: this.momentum, epsilon: this.epsilon } };
  }

  /** Rebuilds a BatchNorm from {@link BatchNorm.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>, context?: LayerBuildContext): BatchNorm {
    checkKeys(config, ['features', 'momentum', 'epsilon'], 'BatchNorm', 'config field');
    const features = checkInteger(own(config, 'features'), 'BatchNorm', 'features');
    context?.reserve(4 * features);
    return new BatchNorm(features, { momentum: own(config, 'momentum') as number, epsilon: own(config, 'epsilon') as number });
  }

  toString(): string {
    return `BatchNorm(${this.features})`;
  }
}

registerLayer('BatchNorm', BatchNorm.fromConfig);

import { isBranded } from '../brand.js';
import { checkNumber } from '../errors.js';
import type { Param } from '../layers/layer.js';
import { activeWasm, wasmAdam } from '../wasm/backend.js';
import { learningRateConfig, Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adam}. */
export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment (mean) estimate, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment (uncentred variance) estimate, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to √v̂ to avoid dividing by zero, > 0. Default 1e-7 (as Keras and TensorFlow.js). */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba, 2015): per-weight steps from running averages of the gradient
 * and of its square, with bias correction for their zero start:
 *
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²
 *   w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 *
 * The first step moves each weight by about lr · sign(g). Default learning rate 1e-3.
 *
 * @example
 * model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
 */
export class Adam extends Optimizer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Adam'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Adam, value, '@@neurite/Adam');
  }

  /** The options this class takes besides `learningRate` and `clipNorm`. */
  static readonly optionKeys: readonly string[] = ['beta1', 'beta2', 'epsilon'];
  /** Decay of the first-moment (mean) estimate. */
  readonly beta1: number;
  /** Decay of the second-moment (uncentred variance) estimate. */
  readonly beta2: number;
  /** Added to √v̂ to avoid dividing by zero. */
  readonly epsilon: number;

  constructor(options: AdamOptions = {}) {
    super(options, 1e-3, (new.target as typeof Adam).optionKeys);
    const owner = this.toString();
    this.beta1 = checkNumber(options.beta1 ?? 0.9, owner, 'beta1', 'in [0, 1)', (v) => v >= 0 && v < 1);
    this.beta2 = checkNumber(options.beta2 ?? 0.999, owner, 'beta2', 'in [0, 1)', (v) => v >= 0 && v < 1);
    this.epsilon = checkNumber(options.epsilon ?? 1e-7, owner, 'epsilon', 'to be > 0', (v) => v > 0);
  }

  protected slotNames(): string[] {
    return ['m', 'v'];
  }

  // m and v are convex combinations of their past and g (and g²): |m'| ≤ max(|m|, G), v' ≤ max(v, G²);
  // the step is lr · |m̂| / (√v̂ + ε) ≤ lr · |m'| / ((1 − β₁ᵗ) · ε), however small v gets.
  protected override bound(_param: Param, learningRate: number, gradient: number, weight: number, step: number, slots: Float64Array, next: Float64Array): number {
    const m = (next[0] = Math.max(slots[0], gradient));
    const v = (next[1] = Math.max(slots[1], gradient * gradient));
    const c1 = 1 - this.beta1 ** step;
    return Math.max(m, v, weight * Math.abs(this.decayFactor(learningRate)) + (learningRate * m) / c1 / this.epsilon);
  }

  /** The factor the weights are multiplied by before the Adam step: 1 for Adam, 1 − lr·λ for AdamW. */
  protected decayFactor(_learningRate: number): number {
    return 1;
  }

  protected update(param: Param, learningRate: number, slots: Record<string, Float32Array>, step: number): void {
    const { beta1, beta2, epsilon } = this;
    const value = param.value.data, grad = param.grad.data, m = slots.m, v = slots.v;
    this.decay(value, learningRate);
    const c1 = 1 - beta1 ** step, c2 = 1 - beta2 ** step; // bias corrections (this param's own step count)
    // The same arithmetic in WebAssembly SIMD (double-precision lanes), bit-identical, where that backend is in use.
    const wasm = activeWasm();
    if (wasm !== null && wasmAdam(wasm, value, grad, m, v, learningRate, beta1, beta2, c1, c2, epsilon)) return;
    for (let k = 0; k < value.length; k++) {
      m[k] = beta1 * m[k] + (1 - beta1) * grad[k];
      v[k] = beta2 * v[k] + (1 - beta2) * grad[k] * grad[k];
      value[k] -= (learningRate * m[k]) / c1 / (Math.sqrt(v[k] / c2) + epsilon);
    }
  }

  /** Decoupled weight decay, applied before the Adam step (AdamW); nothing for Adam. */
  protected decay(_value: Float32Array, _learningRate: number): void {}

  getConfig(): Record<string, unknown> {
    return {
      learningRate: learningRateConfig(this.learningRate, this.toString()),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      clipNorm: this.clipNorm,
    };
  }

  toString(): string {
    return 'Adam';
  }
}

/** Options of {@link AdamW}. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled decay factor λ, ≥ 0. Default 0.01. */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter, 2019): the weights shrink
 * by lr · λ · w on each step, apart from the adaptive gradient step, instead of an L2
 * term in the gradient that Adam's scaling would distort:
 *
 *   w ← w − lr · λ · w;  then the Adam update.
 *
 * Default learning rate 1e-3, weight decay 0.01.
 *
 * @example
 * model.compile({ optimizer: new AdamW({ learningRate: 1e-3, weightDecay: 0.01 }), loss: 'mse' });
 */
export class AdamW extends Adam {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/AdamW'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, AdamW, value, '@@neurite/AdamW');
  }

  /** The options this class takes besides `learningRate` and `clipNorm`. */
  static override readonly optionKeys: readonly string[] = [...Adam.optionKeys, 'weightDecay'];
  /** Decoupled decay factor λ. */
  readonly weightDecay: number;

  constructor(options: AdamWOptions = {}) {
    super(options);
    this.weightDecay = checkNumber(options.weightDecay ?? 0.01, 'AdamW', 'weightDecay', 'to be ≥ 0', (v) => v >= 0);
  }

  protected override decayFactor(learningRate: number): number {
    return 1 - learningRate * this.weightDecay;
  }

  protected override decay(value: Float32Array, learningRate: number): void {
    const s = 1 - learningRate * this.weightDecay;
    for (let k = 0; k < value.length; k++) value[k] *= s;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }

  override toString(): string {
    return 'AdamW';
  }
}

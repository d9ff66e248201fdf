import { isBranded } from '../brand.js';
import { checkBoolean, checkNumber } from '../errors.js';
import type { Param } from '../layers/layer.js';
import { learningRateConfig, Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum factor μ in [0, 1). Default 0 (plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (needs momentum > 0). Default false. */
  nesterov?: boolean;
  /** L2 penalty λ added to the gradient (g + λw). Default 0. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent, with optional momentum (the PyTorch form):
 *
 *   g ← ∇L + λw;   v ← μv + g;   w ← w − lr · v            (momentum)
 *   w ← w − lr · (g + μv)                                   (Nesterov, with the new v)
 *
 * With μ = 0 this is w ← w − lr · g. Default learning rate 0.01.
 *
 * @example
 * model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }), loss: 'mse' });
 */
export class SGD extends Optimizer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/SGD'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, SGD, value, '@@neurite/SGD');
  }

  /** Momentum factor μ. */
  readonly momentum: number;
  /** Whether the momentum is Nesterov's. */
  readonly nesterov: boolean;
  /** L2 penalty λ added to the gradient. */
  readonly weightDecay: number;

  constructor(options: SGDOptions = {}) {
    super(options, 0.01, ['momentum', 'nesterov', 'weightDecay']);
    this.momentum = checkNumber(options.momentum ?? 0, 'SGD', 'momentum', 'in [0, 1)', (v) => v >= 0 && v < 1);
    this.nesterov = checkBoolean(options.nesterov, 'SGD', 'nesterov', false);
    if (this.nesterov && this.momentum === 0) throw new RangeError('SGD: expected momentum > 0 with nesterov, got 0');
    this.weightDecay = checkNumber(options.weightDecay ?? 0, 'SGD', 'weightDecay', 'to be ≥ 0', (v) => v >= 0);
  }

  protected slotNames(): string[] {
    return this.momentum > 0 ? ['velocity'] : [];
  }

  // |g + λw| ≤ G + λW, |v'| ≤ μ|v| + that, and the weight moves by lr times one of them.
  protected override bound(_param: Param, learningRate: number, gradient: number, weight: number, _step: number, slots: Float64Array, next: Float64Array): number {
    const g = gradient + this.weightDecay * weight;
    if (this.momentum === 0) return weight + learningRate * g;
    const v = (next[0] = this.momentum * slots[0] + g);
    return Math.max(v, weight + learningRate * (this.nesterov ? g + this.momentum * v : v));
  }

  protected update(param: Param, learningRate: number, slots: Record<string, Float32Array>): void {
    const w = param.value.data, grad = param.grad.data;
    const mu = this.momentum, decay = this.weightDecay;
    if (mu === 0) {
      for (let k = 0; k < w.length; k++) w[k] -= learningRate * (grad[k] + decay * w[k]);
      return;
    }
    const v = slots.velocity;
    for (let k = 0; k < w.length; k++) {
      const g = grad[k] + decay * w[k];
      v[k] = mu * v[k] + g;
      w[k] -= learningRate * (this.nesterov ? g + mu * v[k] : v[k]);
    }
  }

  getConfig(): Record<string, unknown> {
    return {
      learningRate: learningRateConfig(this.learningRate, this.toString()),
      momentum: this.momentum,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
      clipNorm: this.clipNorm,
    };
  }

  toString(): string {
    return 'SGD';
  }
}

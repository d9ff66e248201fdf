import { isBranded } from '../brand.js';
import { checkKeys, checkNumber, checkOptions } from '../errors.js';
import { Activation } from './activation.js';
import type { LayerConfig } from './layer.js';
import { registerLayer } from './registry.js';

/** Options of {@link LeakyReLU}. */
export interface LeakyReLUOptions {
  /** The slope for negative inputs, in [0, 1). Default 0.01. */
  alpha?: number;
}

/**
 * The leaky ReLU, f(x) = x for x > 0 and αx otherwise, so negative inputs still
 * pass a small gradient (α) and units cannot "die". Derivative: 1 or α.
 *
 * Shape: any; output has the input's shape.
 *
 * @example
 * new LeakyReLU({ alpha: 0.1 }).forward(Tensor.from([[-2, 3]]), false).data; // [-0.2, 3]
 */
export class LeakyReLU extends Activation {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/LeakyReLU'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, LeakyReLU, value, '@@neurite/LeakyReLU');
  }

  /** The slope for negative inputs. */
  readonly alpha: number;

  constructor(options: LeakyReLUOptions = {}) {
    super();
    options = checkOptions(options, 'LeakyReLU', ['alpha']);
    this.alpha = checkNumber(options.alpha ?? 0.01, 'LeakyReLU', 'alpha', 'in [0, 1)', (a) => a >= 0 && a < 1);
  }

  protected apply(x: Float32Array, y: Float32Array): void {
    const alpha = this.alpha;
    for (let k = 0; k < x.length; k++) y[k] = x[k] > 0 ? x[k] : alpha * x[k];
  }

  protected derivative(x: Float32Array, _y: Float32Array, g: Float32Array, gradInput: Float32Array): void {
    const alpha = this.alpha;
    for (let k = 0; k < x.length; k++) gradInput[k] = x[k] > 0 ? g[k] : alpha * g[k];
  }

  override getConfig(): LayerConfig {
    return { type: 'LeakyReLU', config: { alpha: this.alpha } };
  }

  /** Rebuilds a LeakyReLU from {@link LeakyReLU.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>): LeakyReLU {
    checkKeys(config, ['alpha'], 'LeakyReLU', 'config field');
    return new LeakyReLU({ alpha: config.alpha as number });
  }

  toString(): string {
    return `LeakyReLU(alpha=${this.alpha})`;
  }
}

registerLayer('LeakyReLU', LeakyReLU.fromConfig);

import { isBranded } from '../brand.js';
import { Activation, withoutConfig } from './activation.js';
import { registerLayer } from './registry.js';

/**
 * The logistic sigmoid, σ(x) = 1 / (1 + e^(−x)), squashing any input into (0, 1).
 * Its derivative σ'(x) = σ(x)(1 − σ(x)) is at most 1/4, which is why gradients
 * shrink through deep stacks of sigmoids.
 *
 * Shape: any; output has the input's shape.
 *
 * @example
 * new Sigmoid().forward(Tensor.from([[0]]), false).data; // [0.5]
 */
export class Sigmoid extends Activation {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Sigmoid'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Sigmoid, value, '@@neurite/Sigmoid');
  }

  protected apply(x: Float32Array, y: Float32Array): void {
    for (let k = 0; k < x.length; k++) y[k] = 1 / (1 + Math.exp(-x[k]));
  }

  // σ' = σ(1 − σ), from the cached output.
  protected derivative(_x: Float32Array, y: Float32Array, g: Float32Array, gradInput: Float32Array): void {
    for (let k = 0; k < y.length; k++) gradInput[k] = g[k] * y[k] * (1 - y[k]);
  }

  toString(): string {
    return 'Sigmoid';
  }
}

registerLayer('Sigmoid', withoutConfig('Sigmoid', () => new Sigmoid()));

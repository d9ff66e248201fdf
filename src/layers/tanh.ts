import { isBranded } from '../brand.js';
import { Activation, withoutConfig } from './activation.js';
import { registerLayer } from './registry.js';

/**
 * The hyperbolic tangent, tanh(x) = (eˣ − e^(−x)) / (eˣ + e^(−x)), in (−1, 1) and
 * centred on 0. Derivative: 1 − tanh²(x).
 *
 * Shape: any; output has the input's shape.
 *
 * @example
 * new Tanh().forward(Tensor.from([[0, 1]]), false).data; // [0, 0.7616]
 */
export class Tanh extends Activation {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Tanh'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Tanh, value, '@@neurite/Tanh');
  }

  protected apply(x: Float32Array, y: Float32Array): void {
    for (let k = 0; k < x.length; k++) y[k] = Math.tanh(x[k]);
  }

  // tanh' = 1 − tanh², from the cached output.
  protected derivative(_x: Float32Array, y: Float32Array, g: Float32Array, gradInput: Float32Array): void {
    for (let k = 0; k < y.length; k++) gradInput[k] = g[k] * (1 - y[k] * y[k]);
  }

  toString(): string {
    return 'Tanh';
  }
}

registerLayer('Tanh', withoutConfig('Tanh', () => new Tanh()));

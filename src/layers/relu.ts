import { isBranded } from '../brand.js';
import { Activation, withoutConfig } from './activation.js';
import { registerLayer } from './registry.js';

// Both loops choose between two values by indexing a two-slot array with the comparison
// (0 or 1) rather than branching on it: on real activations the sign is a coin toss, which
// a branch mispredicts half the time (measured 2–3× slower on a conv layer's output).
const slots = new Float32Array(2); // slots[0] stays 0

/**
 * The rectified linear unit, ReLU(x) = max(0, x). Derivative: 1 for x > 0, else 0
 * (at exactly 0 we take 0, as TensorFlow and PyTorch do).
 *
 * Shape: any; output has the input's shape.
 *
 * @example
 * new ReLU().forward(Tensor.from([[-2, 3]]), false).data; // [0, 3]
 */
export class ReLU extends Activation {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/ReLU'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, ReLU, value, '@@neurite/ReLU');
  }

  protected apply(x: Float32Array, y: Float32Array): void {
    const s = slots;
    for (let k = 0; k < x.length; k++) {
      s[1] = x[k];
      y[k] = s[+(x[k] > 0)]; // x > 0 ? x : 0
    }
  }

  protected derivative(x: Float32Array, _y: Float32Array, g: Float32Array, gradInput: Float32Array): void {
    const s = slots;
    for (let k = 0; k < x.length; k++) {
      s[1] = g[k];
      gradInput[k] = s[+(x[k] > 0)]; // x > 0 ? g : 0
    }
  }

  toString(): string {
    return 'ReLU';
  }
}

registerLayer('ReLU', withoutConfig('ReLU', () => new ReLU()));

/**
 * Weight regularization: a norm of a layer's weights added to the loss, so that training
 * prefers small weights (L2, smooth optima) or sparse ones (L1, many weights exactly 0).
 * Keras's definitions: `l2(λ)` adds λ·Σw², `l1(λ)` adds λ·Σ|w|, over the weight only (not
 * the bias).
 */
import { checkNumber, checkOptions } from './errors.js';

/** A penalty on a weight tensor, added to the loss, with its gradient. */
export interface Regularizer {
  /** The L1 factor λ₁ (0 for none). */
  readonly l1: number;
  /** The L2 factor λ₂ (0 for none). */
  readonly l2: number;
  /** The penalty λ₁·Σ|w| + λ₂·Σw², summed in double precision. */
  penalty(weights: Float32Array): number;
  /** Adds its gradient into `grad`: λ₁·sign(w) + 2λ₂·w (the L1 subgradient is 0 at w = 0). */
  addGradient(weights: Float32Array, grad: Float32Array): void;
  /** `l2(0.01)`, `l1l2(0.001, 0.01)`. */
  toString(): string;
}

class L1L2 implements Regularizer {
  constructor(
    readonly l1: number,
    readonly l2: number,
  ) {}

  penalty(w: Float32Array): number {
    let abs = 0, squares = 0;
    for (let i = 0; i < w.length; i++) {
      abs += Math.abs(w[i]);
      squares += w[i] * w[i];
    }
    return this.l1 * abs + this.l2 * squares;
  }

  // d(λ₁|w|)/dw = λ₁·sign(w), taken as 0 at w = 0; d(λ₂w²)/dw = 2λ₂w.
  addGradient(w: Float32Array, grad: Float32Array): void {
    const l1 = this.l1, twoL2 = 2 * this.l2;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      grad[i] += (v > 0 ? l1 : v < 0 ? -l1 : 0) + twoL2 * v;
    }
  }

  toString(): string {
    if (this.l2 === 0) return `l1(${this.l1})`;
    if (this.l1 === 0) return `l2(${this.l2})`;
    return `l1l2(${this.l1}, ${this.l2})`;
  }
}

const rate = (owner: string, name: string, value: unknown) => checkNumber(value, owner, name, 'to be ≥ 0', (v) => v >= 0);

/**
 * L1 regularization: adds `rate · Σ|w|` to the loss. Pushes weights to exactly 0 (sparse
 * weights). Pass it as a layer's `weightRegularizer`.
 *
 * @example
 * new Dense(2, 8, { weightRegularizer: l1(0.001) });
 */
export function l1(factor: number): Regularizer {
  return new L1L2(rate('l1', 'rate', factor), 0);
}

/**
 * L2 regularization: adds `rate · Σw²` to the loss (its gradient, 2·rate·w, pulls every
 * weight toward 0 in proportion to its size). Pass it as a layer's `weightRegularizer`.
 *
 * @example
 * new Dense(784, 128, { weightRegularizer: l2(1e-4) });
 */
export function l2(factor: number): Regularizer {
  return new L1L2(0, rate('l2', 'rate', factor));
}

/** Options of {@link l1l2}. */
export interface L1L2Options {
  /** The L1 factor. Default 0. */
  l1?: number;
  /** The L2 factor. Default 0. */
  l2?: number;
}

/**
 * L1 and L2 together: adds `l1 · Σ|w| + l2 · Σw²` to the loss.
 *
 * @example
 * new Dense(16, 16, { weightRegularizer: l1l2({ l1: 1e-5, l2: 1e-4 }) });
 */
export function l1l2(options: L1L2Options = {}): Regularizer {
  options = checkOptions(options, 'l1l2', ['l1', 'l2']);
  return new L1L2(rate('l1l2', 'l1', options.l1 ?? 0), rate('l1l2', 'l2', options.l2 ?? 0));
}

/** A regularizer given as an option: a Regularizer, or its saved form `{ l1, l2 }`. */
export function checkRegularizer(value: unknown, owner: string): Regularizer | null {
  if (value === undefined || value === null) return null;
  const r = value as Partial<Regularizer>;
  if (typeof value === 'object' && typeof r.penalty === 'function' && typeof r.addGradient === 'function') return value as Regularizer;
  if (typeof value === 'object') {
    const saved = checkOptions(value as L1L2Options, owner, ['l1', 'l2'], 'weightRegularizer');
    return new L1L2(rate(owner, 'weightRegularizer.l1', saved.l1 ?? 0), rate(owner, 'weightRegularizer.l2', saved.l2 ?? 0));
  }
  throw new TypeError(`${owner}: expected weightRegularizer as l1(…), l2(…) or l1l2({ l1, l2 }), got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
}

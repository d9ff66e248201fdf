import { isBranded } from '../brand.js';
import { checkKeys, describe, formatShape, own, ShapeError, StateError } from '../errors.js';
import { assertTensor, reuse, type Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig, Param } from './layer.js';
import { registerLayer } from './registry.js';

/**
 * Reorders the axes of each sample, as Keras's Permute: `dims[i]` (counted from 1, the
 * batch axis left out) is the input axis that becomes output axis i + 1. `Permute([3, 1, 2])`
 * turns images `[batch, height, width, channels]` into `[batch, channels, height, width]`,
 * and `Permute([2, 3, 1])` turns them back:
 *
 *   y[b, i₁, …, iₙ] = x[b, j₁, …, jₙ]  with  j_dims[k] = i_k
 *
 * Backward moves each gradient value back to where its input value came from. (Models
 * imported from ONNX use it to take PyTorch's channels-first images as they are.)
 *
 * @example
 * new Permute([3, 1, 2]).outputShape([28, 28, 1]); // [1, 28, 28]
 * new Permute([2, 1]).forward(Tensor.from([[[1, 2, 3], [4, 5, 6]]]), false).toArray(); // [[[1, 4], [2, 5], [3, 6]]]
 */
export class Permute implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Permute'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Permute, value, '@@neurite/Permute');
  }

  /** The permutation, 1-based over the axes of a sample: output axis i + 1 is input axis `dims[i]`. */
  readonly dims: readonly number[];
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;
  /** For each output axis (batch included), the input stride it walks; and the output's shape. */
  private strides = new Int32Array(0);
  private outShape: number[] = [];
  /** The odometer `move` counts with, made once per input shape. */
  private index = new Int32Array(0);

  constructor(dims: readonly number[]) {
    const n = Array.isArray(dims) ? dims.length : 0;
    const ok = n > 0 && dims.every((d) => Number.isInteger(d) && d >= 1 && d <= n) && new Set(dims).size === n;
    if (!ok) {
      const got = Array.isArray(dims) ? `[${dims.map(describe).join(', ')}]` : describe(dims);
      throw new (Array.isArray(dims) ? RangeError : TypeError)(`Permute: expected dims as a permutation of 1 … n (the axes of a sample, from 1), got ${got}`);
    }
    this.dims = Object.freeze(dims.slice());
  }

  /** The sample's axes reordered. */
  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== this.dims.length) {
      throw new ShapeError(
        `${this}: expected samples of ${this.dims.length} axes, got ${formatShape([null, ...inputShape])}`,
        `samples of ${this.dims.length} axes`,
      );
    }
    return this.dims.map((d) => inputShape[d - 1]);
  }

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    if (input.rank !== this.dims.length + 1) this.outputShape(input.shape.slice(1));
    if (this.input === null || !sameShape(this.input.shape, input.shape)) this.plan(input.shape);
    this.input = input;
    const out = (this.output = reuse(this.output, this.outShape));
    move(input.data, out.data, this.outShape, this.strides, this.index, false);
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const input = this.input;
    if (!input || !this.output) throw new StateError(`${this}: backward called before forward`);
    assertTensor(gradOutput, this, 'gradOutput');
    if (!sameShape(gradOutput.shape, this.outShape)) {
      throw new ShapeError(`${this}: expected gradOutput shape ${formatShape(this.outShape)}, got ${formatShape(gradOutput.shape)}`);
    }
    const gradInput = (this.gradInput = reuse(this.gradInput, input.shape));
    move(gradOutput.data, gradInput.data, this.outShape, this.strides, this.index, true);
    return gradInput;
  }

  /** The output shape and, per output axis, the stride it takes in the input. */
  private plan(shape: readonly number[]): void {
    const inStrides = new Int32Array(shape.length);
    for (let a = shape.length - 1, s = 1; a >= 0; a--) {
      inStrides[a] = s;
      s *= shape[a];
    }
    const axes = [0, ...this.dims];
    this.outShape = axes.map((a) => shape[a]);
    this.strides = Int32Array.from(axes, (a) => inStrides[a]);
    this.index = new Int32Array(shape.length);
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    return { type: 'Permute', config: { dims: [...this.dims] } };
  }

  /** Rebuilds a Permute from {@link Permute.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>): Permute {
    checkKeys(config, ['dims'], 'Permute', 'config field');
    return new Permute(own(config, 'dims') as number[]);
  }

  toString(): string {
    return `Permute(${this.dims.join(', ')})`;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Walks the output in order (the odometer `index` over `shape`), the input offset moving by
 * `strides`: copies x → y, or with `back` y → x (the gradient's way).
 */
function move(from: Float32Array, to: Float32Array, shape: readonly number[], strides: Int32Array, index: Int32Array, back: boolean): void {
  const last = shape.length - 1, inner = shape[last], step = strides[last];
  index.fill(0);
  let offset = 0;
  for (let o = 0; o < to.length; o += inner) {
    if (back) for (let k = 0, i = offset; k < inner; k++, i += step) to[i] = from[o + k];
    else for (let k = 0, i = offset; k < inner; k++, i += step) to[o + k] = from[i];
    // Advance the odometer over the axes before the last.
    for (let a = last - 1; a >= 0; a--) {
      offset += strides[a];
      if (++index[a] < shape[a]) break;
      offset -= strides[a] * shape[a];
      index[a] = 0;
    }
  }
}

registerLayer('Permute', Permute.fromConfig);

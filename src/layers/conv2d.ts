import { isBranded } from '../brand.js';
import { checkBoolean, checkInteger, checkKeys, checkOptions, own, ShapeError } from '../errors.js';
import { checkRandom } from '../check-random.js';
import { glorotUniform, initializerFrom, zeros, type Initializer, type InitializerName } from '../init.js';
import { Random } from '../random.js';
import { checkRegularizer, type Regularizer } from '../regularizers.js';
import { col2im, im2col, type Window2D } from '../tensor/im2col.js';
import { gemm } from '../tensor/kernels.js';
import { assertTensor, MAX_TENSOR_SIZE, Tensor } from '../tensor/tensor.js';
import { Param, WeightOrigin, type Layer, type LayerConfig } from './layer.js';
import { registerLayer, type LayerBuildContext } from './registry.js';
import { checkPadding, checkSize2D, forwardOutput, reuseImages, sizeText, windowOn, windowText, type Padding, type Size2D } from './spatial.js';

/** Options of {@link Conv2D}. */
export interface Conv2DOptions {
  /** How far the kernel moves between outputs: a number, or `[height, width]`. Default 1. */
  stride?: Size2D;
  /** `'valid'` (no padding: the output shrinks by kernel − 1) or `'same'` (see {@link Padding}). Default `'valid'`. */
  padding?: Padding;
  /** Whether the layer adds a bias. Default true. */
  useBias?: boolean;
  /** How the weight is initialised: a function or a built-in name. Default `glorotUniform` (fan-in kh·kw·in, fan-out kh·kw·out). */
  initializer?: Initializer | InitializerName;
  /** Where the initial weights are drawn from (a model's seed replaces it). Default: a randomly seeded Random. */
  random?: Random;
  /** A penalty on the filters (not the bias) added to the loss: `l1(…)`, `l2(…)` or `l1l2({ l1, l2 })`. Default none. */
  weightRegularizer?: Regularizer;
}

const optionKeys = ['stride', 'padding', 'useBias', 'initializer', 'random', 'weightRegularizer'];

/**
 * Rows of the patches matrix go through the products in blocks of about 2¹⁶ values (256 KB)
 * of patches or of output, whichever rows are longer (at least 64 rows), so that a block,
 * the products' copies of it and its output stay in cache. Measured on the MNIST convnet:
 * 2¹⁶ beat 2¹³, 2¹⁵ and 2¹⁸ by 5–15%.
 */
const BLOCK_VALUES = 1 << 16;

/** A typed array cut into consecutive blocks of `size` values, cut once per array and reused. */
class Blocks {
  private data: Float32Array | null = null;
  private size = 0;
  private list: Float32Array[] = [];

  of(data: Float32Array, size: number): Float32Array[] {
    if (data !== this.data || size !== this.size) {
      this.data = data;
      this.size = size;
      this.list = [];
      for (let from = 0; from < data.length; from += size) this.list.push(data.subarray(from, from + size));
    }
    return this.list;
  }
}

/**
 * A 2-D convolution over images `[batch, height, width, inChannels]` (NHWC, as Keras and
 * TensorFlow.js): each output pixel is a weighted sum of a `kernelH × kernelW` patch of the
 * input, with one set of weights (a filter) per output channel, slid over the image:
 *
 *   y[b, i, j, o] = bₒ + Σ_{p, q, c} x[b, i·sh + p − top, j·sw + q − left, c] · W[o, p, q, c]
 *
 * - `weight`: `[outChannels, kernelH, kernelW, inChannels]`: row o is filter o, laid out
 *   like the patch it multiplies
 * - `bias`: `[outChannels]`
 * - input `[batch, h, w, inChannels]`, output `[batch, h′, w′, outChannels]` with
 *   h′ = ⌊(h − kernelH) / sh⌋ + 1 for `'valid'` padding, ⌈h / sh⌉ for `'same'` (likewise w′)
 *
 * So a convolution is a Dense layer applied to every patch. Write the patches of the batch
 * as the rows of a matrix P (`im2col`, one row of kernelH·kernelW·inChannels values per
 * output pixel); then
 *
 *   Y = P · Wᵀ + b,   dW += gᵀ · P,   db += Σ g,   dP = g · W
 *
 * and dx adds each row of dP back onto the pixels of its patch (`col2im`). That is how it
 * runs: the batch's patches go through the matrix kernels a block of rows at a time, in a
 * buffer the layer reuses (backward makes them again rather than keeping them all).
 *
 * @example
 * const conv = new Conv2D(1, 32, 3, { random: new Random(1) }); // 32 filters of 3×3
 * conv.forward(Tensor.zeros([8, 28, 28, 1]), false).shape;      // [8, 26, 26, 32]
 * new Conv2D(32, 64, 3, { stride: 2, padding: 'same' }).toString(); // 'Conv2D(32 → 64, 3×3, stride 2, same)'
 */
export class Conv2D implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Conv2D'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Conv2D, value, '@@neurite/Conv2D');
  }

  /** W, `[outChannels, kernelH, kernelW, inChannels]`. */
  readonly weight: Param;
  /** b, `[outChannels]`; null with `useBias: false`. Starts at zeros. */
  readonly bias: Param | null;
  /** The kernel's `[height, width]`. */
  readonly kernelSize: readonly [number, number];
  /** The stride, `[height, width]`. */
  readonly stride: readonly [number, number];
  /** The padding. */
  readonly padding: Padding;
  /** The penalty on the weight added to the loss, if any. */
  readonly weightRegularizer: Regularizer | null;
  private readonly initializer: Initializer;
  private readonly origin = new WeightOrigin();
  /** Values per patch: kernelH · kernelW · inChannels. */
  private readonly patchSize: number;
  private window: Window2D | null = null;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;
  /** The last input, then room for one block of patches. */
  private data = new Float32Array(0);
  private block = this.data;
  private tail = this.data;
  /** Ones, a block's rows of them and the last block's: db = gᵀ · 1 on the matrix kernels. */
  private ones = this.data;
  private onesTail = this.data;
  private pixels = 0;
  private readonly outputBlocks = new Blocks();
  private readonly gradBlocks = new Blocks();

  constructor(
    /** Channels of the input (1 for grey images, 3 for RGB). */
    readonly inChannels: number,
    /** Channels of the output: the number of filters. */
    readonly outChannels: number,
    kernelSize: Size2D,
    options: Conv2DOptions = {},
  ) {
    checkInteger(inChannels, 'Conv2D', 'inChannels');
    checkInteger(outChannels, 'Conv2D', 'outChannels');
    this.kernelSize = checkSize2D(kernelSize, 'Conv2D', 'kernelSize');
    options = checkOptions(options, 'Conv2D', optionKeys);
    this.stride = checkSize2D(options.stride ?? 1, 'Conv2D', 'stride');
    this.padding = checkPadding(options.padding, 'Conv2D') ? 'same' : 'valid';
    const [kh, kw] = this.kernelSize;
    this.patchSize = kh * kw * inChannels;
    if (this.patchSize * outChannels > MAX_TENSOR_SIZE) {
      throw new ShapeError(`${this}: expected at most ${MAX_TENSOR_SIZE} weights (1 GiB of float32), got ${this.patchSize * outChannels}`);
    }
    const useBias = checkBoolean(options.useBias, this.toString(), 'useBias', true);
    this.weightRegularizer = checkRegularizer(options.weightRegularizer, this.toString());
    this.initializer = initializerFrom(options.initializer ?? glorotUniform, this.toString());
    const random = options.random === undefined ? new Random() : checkRandom(options.random, this.toString());
    this.weight = new Param('weight', Tensor.zeros([outChannels, kh, kw, inChannels]));
    this.bias = useBias ? new Param('bias', Tensor.zeros([outChannels])) : null;
    this.initialize(random);
    if (options.random === undefined) this.origin.markProvisional(this.values());
  }

  /** The weight regularizer's penalty (0 without one). */
  penalty(): number {
    return this.weightRegularizer ? this.weightRegularizer.penalty(this.weight.value.data) : 0;
  }

  /** Adds the weight regularizer's gradient into `weight.grad`. */
  addPenaltyGradient(): void {
    this.weightRegularizer?.addGradient(this.weight.value.data, this.weight.grad.data);
  }

  /** Draws the weight from `random` (fan-in kh·kw·in, fan-out kh·kw·out); the bias starts at zeros. */
  initialize(random: Random): void {
    const area = this.kernelSize[0] * this.kernelSize[1];
    this.initializer(this.weight.value.data, area * this.inChannels, area * this.outChannels, random);
    if (this.bias) zeros(this.bias.value.data, 0, 0, random);
    this.origin.markOwn();
  }

  hasOwnWeights(): boolean {
    return this.origin.isOwn(this.values());
  }

  private values(): Float32Array[] {
    return this.bias ? [this.weight.value.data, this.bias.value.data] : [this.weight.value.data];
  }

  /** `[h, w, inChannels]` → `[h′, w′, outChannels]`. */
  outputShape(inputShape: readonly number[]): number[] {
    const w = windowOn(this, null, inputShape, false, this.inChannels, this.kernelSize, this.stride, this.padding === 'same');
    return [w.outH, w.outW, this.outChannels];
  }

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    const w = (this.window = windowOn(this, this.window, input.shape, true, this.inChannels, this.kernelSize, this.stride, this.padding === 'same'));
    const out = (this.output = reuseImages(this.output, input.shape[0], w.outH, w.outW, this.outChannels));
    this.input = input;
    const o = this.outChannels, k = this.patchSize, rows = this.prepare(input, out), at = input.size;
    const blocks = this.outputBlocks.of(out.data, rows * o);
    const data = this.data, weight = this.weight.value.data, bias = this.bias?.value.data;
    data.set(input.data); // kept for backward, which makes the patches again
    for (let i = 0; i < blocks.length; i++) {
      const y = blocks[i], n = y.length / o;
      im2col(data, w, i * rows, n, at);
      if (bias) {
        // Y starts as b in every row (doubling copies: native speed), then Y += P · Wᵀ.
        y.set(bias);
        for (let len = o; len < y.length; len *= 2) y.copyWithin(len, 0, Math.min(len, y.length - len));
      }
      gemm(n === rows ? this.block : this.tail, weight, y, n, o, k, false, true, bias !== undefined);
    }
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    return this.back(gradOutput, true)!;
  }

  /** dL/dW and dL/db only (see {@link Layer.backwardParams}). */
  backwardParams(gradOutput: Tensor): void {
    this.back(gradOutput, false);
  }

  private back(gradOutput: Tensor, withInput: boolean): Tensor | null {
    const out = forwardOutput(this, this.output, gradOutput), input = this.input!, w = this.window!;
    const dx = withInput ? (this.gradInput = reuseImages(this.gradInput, out.shape[0], w.height, w.width, w.channels)).data.fill(0) : null;
    const o = this.outChannels, k = this.patchSize, rows = this.prepare(input, out), at = input.size;
    const blocks = this.gradBlocks.of(gradOutput.data, rows * o);
    const data = this.data, weight = this.weight.value.data, dW = this.weight.grad.data, db = this.bias?.grad.data;
    for (let i = 0; i < blocks.length; i++) {
      const g = blocks[i], n = g.length / o, p = n === rows ? this.block : this.tail;
      im2col(data, w, i * rows, n, at);
      gemm(g, p, dW, o, k, n, true, false, true); // dW += gᵀ · P
      if (db) gemm(g, n === rows ? this.ones : this.onesTail, db, o, 1, n, true, false, true); // db += gᵀ · 1
      if (dx) {
        gemm(g, weight, p, n, k, o, false, false, false); // dP = g · W, added back onto the pixels of each patch
        col2im(data, w, i * rows, n, at, dx);
      }
    }
    return withInput ? this.gradInput : null;
  }

  /**
   * Output pixels per block of patches, and the buffer [input | one block of patches] with
   * views of a full block and of the last one (and the ones), made when the sizes change.
   */
  private prepare(input: Tensor, out: Tensor): number {
    const pixels = out.size / this.outChannels, k = this.patchSize, at = input.size;
    const rows = Math.min(pixels, Math.max(64, Math.floor(BLOCK_VALUES / Math.max(k, this.outChannels))));
    if (this.data.length !== at + rows * k || this.pixels !== pixels) {
      this.pixels = pixels;
      this.data = new Float32Array(at + rows * k);
      this.block = this.data.subarray(at);
      const last = pixels - (Math.ceil(pixels / rows) - 1) * rows;
      this.tail = this.data.subarray(at, at + last * k);
      this.ones = new Float32Array(rows).fill(1);
      this.onesTail = this.ones.subarray(0, last);
    }
    return rows;
  }

  params(): Param[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  getConfig(): LayerConfig {
    const { inChannels, outChannels, padding } = this;
    const config: Record<string, unknown> = { inChannels, outChannels, kernelSize: [...this.kernelSize], stride: [...this.stride], padding, useBias: this.bias !== null };
    if (this.weightRegularizer) config.weightRegularizer = { l1: this.weightRegularizer.l1, l2: this.weightRegularizer.l2 };
    return { type: 'Conv2D', config };
  }

  /** Rebuilds a Conv2D from {@link Conv2D.getConfig}'s `config` (weights drawn, to be overwritten by the saved ones). */
  static fromConfig(config: Record<string, unknown>, context?: LayerBuildContext): Conv2D {
    checkKeys(config, ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'useBias', 'weightRegularizer'], 'Conv2D', 'config field');
    const inChannels = checkInteger(own(config, 'inChannels'), 'Conv2D', 'inChannels');
    const outChannels = checkInteger(own(config, 'outChannels'), 'Conv2D', 'outChannels');
    const [kh, kw] = checkSize2D(own(config, 'kernelSize'), 'Conv2D', 'kernelSize');
    const useBias = checkBoolean(own(config, 'useBias'), 'Conv2D', 'useBias', true);
    context?.reserve(kh * kw * inChannels * outChannels + (useBias ? outChannels : 0));
    const weightRegularizer = checkRegularizer(own(config, 'weightRegularizer'), 'Conv2D') ?? undefined;
    return new Conv2D(inChannels, outChannels, [kh, kw], { stride: own(config, 'stride') as Size2D, padding: own(config, 'padding') as Padding, useBias, initializer: 'zeros', weightRegularizer });
  }

  toString(): string {
    return `Conv2D(${this.inChannels} → ${this.outChannels}, ${sizeText(this.kernelSize)}${windowText(this.stride, [1, 1], this.padding === 'same')})`;
  }
}

registerLayer('Conv2D', Conv2D.fromConfig);

import { isBranded } from '../brand.js';
import { checkKeys, checkOptions, own } from '../errors.js';
import type { Window2D } from '../tensor/im2col.js';
import { assertTensor, type Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig, Param } from './layer.js';
import { checkPadding, checkSize2D, forwardOutput, reuseImages, sizeText, windowOn, windowText, type Padding, type Size2D } from './spatial.js';

/** Options of {@link MaxPool2D} and {@link AvgPool2D}. */
export interface Pool2DOptions {
  /** How far the window moves between outputs: a number, or `[height, width]`. Default: the pool size (windows side by side). */
  stride?: Size2D;
  /** `'valid'` (only windows that fit) or `'same'` (output ⌈size / stride⌉, see {@link Padding}). Default `'valid'`. */
  padding?: Padding;
}

/**
 * What {@link MaxPool2D} and {@link AvgPool2D} share: a window of `poolSize` slid over
 * images `[batch, height, width, channels]` by `stride`, each channel on its own; output
 * `[batch, h′, w′, channels]`, with h′ = ⌊(h − poolH) / strideH⌋ + 1 for `'valid'` padding
 * and ⌈h / strideH⌉ for `'same'` (likewise w′). A subclass writes the two loops, pooling
 * and its gradient, side by side.
 *
 * @example
 * new MaxPool2D(2).outputShape([26, 26, 32]); // [13, 13, 32]
 */
export abstract class Pool2D implements Layer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Pool2D'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Pool2D, value, '@@neurite/Pool2D');
  }

  /** The window's `[height, width]`. */
  readonly poolSize: readonly [number, number];
  /** The stride, `[height, width]`. */
  readonly stride: readonly [number, number];
  /** The padding. */
  readonly padding: Padding;
  private window: Window2D | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;

  constructor(
    private readonly type: string,
    poolSize: Size2D,
    options: Pool2DOptions = {},
  ) {
    this.poolSize = checkSize2D(poolSize, type, 'poolSize');
    options = checkOptions(options, type, ['stride', 'padding']);
    this.stride = checkSize2D(options.stride ?? this.poolSize, type, 'stride');
    this.padding = checkPadding(options.padding, type) ? 'same' : 'valid';
  }

  /**
   * @internal
   * y = the pooled windows of the images x. Output pixel q (of `channels` values) of image
   * b pools the cells `w.cells[(q mod P)·A … +A]` (A = `w.area` cells a window, P windows
   * an image) of that image, each an offset into it, or −1 on padding.
   */
  protected abstract pool(x: Float32Array, y: Float32Array, w: Window2D): void;
  /** @internal dx += the gradient of the pooling for gradOutput `g`, the same way round (dx starts at zeros). */
  protected abstract unpool(g: Float32Array, dx: Float32Array, w: Window2D): void;

  /** `[h, w, channels]` → `[h′, w′, channels]`. */
  outputShape(inputShape: readonly number[]): number[] {
    const w = windowOn(this, null, inputShape, false, null, this.poolSize, this.stride, this.padding === 'same');
    return [w.outH, w.outW, w.channels];
  }

  forward(input: Tensor, _training = false): Tensor {
    assertTensor(input, this);
    const w = (this.window = windowOn(this, this.window, input.shape, true, null, this.poolSize, this.stride, this.padding === 'same'));
    const out = (this.output = reuseImages(this.output, input.shape[0], w.outH, w.outW, w.channels));
    this.pool(input.data, out.data, w);
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const out = forwardOutput(this, this.output, gradOutput), w = this.window!;
    const gradInput = (this.gradInput = reuseImages(this.gradInput, out.shape[0], w.height, w.width, w.channels));
    this.unpool(gradOutput.data, gradInput.data.fill(0), w);
    return gradInput;
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    return { type: this.type, config: { poolSize: [...this.poolSize], stride: [...this.stride], padding: this.padding } };
  }

  toString(): string {
    return `${this.type}(${sizeText(this.poolSize)}${windowText(this.stride, this.poolSize, this.padding === 'same')})`;
  }
}

/** The arguments of a pooling layer saved by {@link Pool2D.getConfig}, checked. */
export function poolArguments(config: Record<string, unknown>, type: string): [Size2D, Pool2DOptions] {
  checkKeys(config, ['poolSize', 'stride', 'padding'], type, 'config field');
  return [own(config, 'poolSize') as Size2D, { stride: own(config, 'stride') as Size2D, padding: own(config, 'padding') as Padding }];
}


import { isBranded } from '../brand.js';
import type { Window2D } from '../tensor/im2col.js';
import { registerLayer, type LayerBuildContext } from './registry.js';
import { Pool2D, poolArguments, type Pool2DOptions } from './pool2d.js';
import type { Size2D } from './spatial.js';

// Two-slot arrays indexed by a comparison: a choice without a branch (see relu.ts).
const values = new Float32Array(2);
const indices = new Int32Array(2);

/**
 * Max pooling over images `[batch, height, width, channels]`: each output is the largest
 * value of its window, channel by channel,
 *
 *   y[b, i, j, c] = max_{p, q} x[b, i·sh + p − top, j·sw + q − left, c]
 *
 * over the window's cells inside the image (with `'same'` padding, cells on the padding are
 * left out, never taken for zeros). The gradient flows only to the cell that won:
 * dx[that cell] += g. On a tie the first maximum in the window wins, in row-major order
 * (top row first, left to right), so the gradient of a window of equal values goes to its
 * top-left cell. A NaN in a window wins too, so it is never silently dropped.
 *
 * Shapes: see {@link Pool2D}; by default the stride is the pool size, so a 2×2 pool halves
 * the height and width (dropping a last odd row and column with `'valid'` padding).
 *
 * @example
 * const pool = new MaxPool2D(2);
 * pool.forward(new Tensor([1, 2, 3, 4], [1, 2, 2, 1]), false).data; // [4]
 * pool.outputShape([26, 26, 32]);                                   // [13, 13, 32]
 */
export class MaxPool2D extends Pool2D {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/MaxPool2D'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, MaxPool2D, value, '@@neurite/MaxPool2D');
  }

  /** For each output value, the index of the input value that won (for backward). */
  private winners = new Int32Array(0);

  constructor(poolSize: Size2D, options: Pool2DOptions = {}) {
    super('MaxPool2D', poolSize, options);
  }

  protected pool(x: Float32Array, y: Float32Array, w: Window2D): void {
    if (this.winners.length !== y.length) this.winners = new Int32Array(y.length);
    const winners = this.winners, cells = w.cells, area = w.area, windows = cells.length / area, c = w.channels;
    const imageSize = w.height * w.width * c, value = values, index = indices;
    for (let o = 0, q = 0, image = 0; o < y.length; o += c, q++) {
      if (q === windows) {
        q = 0;
        image += imageSize;
      }
      let t = q * area;
      const end = t + area;
      while (cells[t] < 0) t++; // the window's first cell in the image (there is one)
      for (let k = 0, s = image + cells[t]; k < c; k++, s++) {
        y[o + k] = x[s];
        winners[o + k] = s;
      }
      for (t++; t < end; t++) {
        if (cells[t] < 0) continue;
        for (let k = 0, s = image + cells[t]; k < c; k++, s++) {
          // if (x[s] > y or x[s] is NaN) take it, without a branch (see relu.ts)
          const v = x[s], wins = +(v > y[o + k]) | +(v !== v);
          value[0] = y[o + k];
          value[1] = v;
          y[o + k] = value[wins];
          index[0] = winners[o + k];
          index[1] = s;
          winners[o + k] = index[wins];
        }
      }
    }
  }

  protected unpool(g: Float32Array, dx: Float32Array): void {
    const winners = this.winners;
    for (let i = 0; i < g.length; i++) dx[winners[i]] += g[i];
  }

  /** Rebuilds a MaxPool2D from {@link Pool2D.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>, _context?: LayerBuildContext): MaxPool2D {
    return new MaxPool2D(...poolArguments(config, 'MaxPool2D'));
  }
}

registerLayer('MaxPool2D', MaxPool2D.fromConfig);

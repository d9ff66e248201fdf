import { isBranded } from '../brand.js';
import type { Window2D } from '../tensor/im2col.js';
import { registerLayer, type LayerBuildContext } from './registry.js';
import { Pool2D, poolArguments, type Pool2DOptions } from './pool2d.js';
import type { Size2D } from './spatial.js';

/**
 * Average pooling over images `[batch, height, width, channels]`: each output is the mean
 * of its window, channel by channel,
 *
 *   y[b, i, j, c] = (1/n) Σ_{p, q} x[b, i·sh + p − top, j·sw + q − left, c]
 *
 * over the n cells of the window inside the image: with `'same'` padding a window on the
 * border averages its cells in the image only (as Keras does), not the padding as zeros.
 * Backward spreads each gradient evenly: every cell of the window gets g / n (added up
 * where windows overlap).
 *
 * Shapes: see {@link Pool2D}; by default the stride is the pool size.
 *
 * @example
 * new AvgPool2D(2).forward(new Tensor([1, 2, 3, 4], [1, 2, 2, 1]), false).data; // [2.5]
 */
export class AvgPool2D extends Pool2D {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/AvgPool2D'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, AvgPool2D, value, '@@neurite/AvgPool2D');
  }

  constructor(poolSize: Size2D, options: Pool2DOptions = {}) {
    super('AvgPool2D', poolSize, options);
  }

  protected pool(x: Float32Array, y: Float32Array, w: Window2D): void {
    spread(x, y, w, false);
  }

  protected unpool(g: Float32Array, dx: Float32Array, w: Window2D): void {
    spread(dx, g, w, true);
  }

  /** Rebuilds an AvgPool2D from {@link Pool2D.getConfig}'s `config`. */
  static fromConfig(config: Record<string, unknown>, _context?: LayerBuildContext): AvgPool2D {
    return new AvgPool2D(...poolArguments(config, 'AvgPool2D'));
  }
}

// Forward, y = mean of the window's cells of x; back, x[cell] += y / n for every cell.
function spread(x: Float32Array, y: Float32Array, w: Window2D, back: boolean): void {
  const cells = w.cells, area = w.area, windows = cells.length / area, c = w.channels, imageSize = w.height * w.width * c;
  for (let o = 0, q = 0, image = 0; o < y.length; o += c, q++) {
    if (q === windows) {
      q = 0;
      image += imageSize;
    }
    let n = 0;
    for (let t = q * area; t < (q + 1) * area; t++) if (cells[t] >= 0) n++;
    if (!back) for (let k = 0; k < c; k++) y[o + k] = 0;
    for (let t = q * area; t < (q + 1) * area; t++) {
      if (cells[t] < 0) continue;
      for (let k = 0, s = image + cells[t]; k < c; k++, s++) {
        if (back) x[s] += y[o + k] / n;
        else y[o + k] += x[s];
      }
    }
    if (!back) for (let k = 0; k < c; k++) y[o + k] /= n;
  }
}

registerLayer('AvgPool2D', AvgPool2D.fromConfig);

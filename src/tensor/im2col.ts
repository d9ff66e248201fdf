/**
 * Sliding windows over NHWC images, `[batch, height, width, channels]`: the geometry of a
 * window (Conv2D's kernel, a pool) and the two copies that turn a convolution into a
 * matrix product. `im2col` lays each window's values out as one row of a patches matrix,
 * in the order (row, column, channel) of the window, so that a filter stored the same way
 * is a row of a Dense weight; `col2im` adds such rows back onto the image they came from.
 */

/**
 * Where a `kernelH × kernelW` window, moved by `strideH` rows and `strideW` columns, lands on
 * a `height × width` image with `channels` values per pixel: `outH × outW` positions, the
 * first one `padTop` rows above and `padLeft` columns left of the image (cells outside it
 * are padding). With `same` padding the output is ⌈size / stride⌉ along each axis and the
 * total padding max((out − 1)·stride + kernel − size, 0) is split as Keras does: half
 * (rounded down) before, the rest after. With `valid` there is none, and out =
 * ⌊(size − kernel) / stride⌋ + 1, which is < 1 when the kernel is larger than the image.
 */
export class Window2D {
  readonly outH: number;
  readonly outW: number;
  readonly padTop: number;
  readonly padLeft: number;

  constructor(
    readonly height: number,
    readonly width: number,
    readonly channels: number,
    readonly kernelH: number,
    readonly kernelW: number,
    readonly strideH: number,
    readonly strideW: number,
    same: boolean,
  ) {
    this.outH = same ? Math.ceil(height / strideH) : Math.floor((height - kernelH) / strideH) + 1;
    this.outW = same ? Math.ceil(width / strideW) : Math.floor((width - kernelW) / strideW) + 1;
    this.padTop = same ? Math.max((this.outH - 1) * strideH + kernelH - height, 0) >> 1 : 0;
    this.padLeft = same ? Math.max((this.outW - 1) * strideW + kernelW - width, 0) >> 1 : 0;
  }

  private table: Int32Array | null = null;

  /** Cells a window: kernelH · kernelW. */
  get area(): number {
    return this.kernelH * this.kernelW;
  }

  /**
   * For each window on one image (row-major) and each of its cells (row-major), where the
   * cell's pixel starts in the image (`(y · width + x) · channels`), or −1 on padding.
   * Made once per geometry.
   */
  get cells(): Int32Array {
    if (this.table) return this.table;
    const { height, width, channels, kernelH, kernelW } = this;
    const cells = (this.table = new Int32Array(this.outH * this.outW * this.area));
    for (let oy = 0, t = 0; oy < this.outH; oy++) {
      for (let ox = 0; ox < this.outW; ox++) {
        for (let ky = 0; ky < kernelH; ky++) {
          const y = oy * this.strideH - this.padTop + ky;
          for (let kx = 0; kx < kernelW; kx++, t++) {
            const x = ox * this.strideW - this.padLeft + kx;
            cells[t] = y >= 0 && y < height && x >= 0 && x < width ? (y * width + x) * channels : -1;
          }
        }
      }
    }
    return cells;
  }
}

/**
 * Copies windows `first … first + rows − 1` of the images at the start of `data` into rows
 * of a patches matrix in the same array, from index `at` on: `kernelH·kernelW·channels`
 * values a row, zero where a window reaches into the padding. Windows are numbered over the
 * batch: window r of image b is at output row ⌊r / outW⌋, column r mod outW, after the
 * windows of images 0 … b − 1. (One array, so that each window row, contiguous in the
 * image, is one `copyWithin`: native speed, no view to allocate.)
 *
 * @example
 * // A 2×2 window over a 3×3 one-channel image [[1, 2, 3], [4, 5, 6], [7, 8, 9]]: four windows.
 * const w = new Window2D(3, 3, 1, 2, 2, 1, 1, false), data = new Float32Array(9 + 16);
 * data.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
 * im2col(data, w, 0, 4, 9);
 * data.subarray(9); // [1, 2, 4, 5,  2, 3, 5, 6,  4, 5, 7, 8,  5, 6, 8, 9]
 */
export function im2col(data: Float32Array, w: Window2D, first: number, rows: number, at: number): void {
  slide(data, w, first, rows, at, null);
}

/**
 * The reverse of {@link im2col}: adds the patch rows of `data` (from index `at`) onto the
 * pixels of their windows in the images `dx`, dropping what falls on padding. This is how a
 * convolution's input gradient is made from the gradient of its patches: a pixel in
 * several windows gets the sum.
 */
export function col2im(data: Float32Array, w: Window2D, first: number, rows: number, at: number, dx: Float32Array): void {
  slide(data, w, first, rows, at, dx);
}

// Both directions in one walk over the windows: each window row is one run of the image
// (kernelW·channels values at most), copied into the patches between zeros of padding, or
// added back from them.
function slide(data: Float32Array, w: Window2D, first: number, rows: number, at: number, dx: Float32Array | null): void {
  const { height, width, channels, kernelH, kernelW, strideH, strideW, outH, outW } = w;
  const run = kernelW * channels, perImage = outH * outW;
  let b = Math.floor(first / perImage), oy = Math.floor((first % perImage) / outW), ox = first % outW;
  for (let r = 0, o = at; r < rows; r++) {
    const y0 = oy * strideH - w.padTop, x0 = ox * strideW - w.padLeft;
    // The window's columns inside the image, as offsets into a window row.
    const from = Math.max(0, -x0) * channels, to = Math.min(kernelW, width - x0) * channels;
    for (let ky = 0; ky < kernelH; ky++, o += run) {
      const y = y0 + ky;
      let s = ((b * height + y) * width + x0) * channels + from;
      if (y < 0 || y >= height) {
        if (!dx) data.fill(0, o, o + run);
      } else if (dx) {
        for (let j = o + from; j < o + to; j++, s++) dx[s] += data[j];
      } else {
        for (let j = o; j < o + from; j++) data[j] = 0;
        if (to - from >= 16) data.copyWithin(o + from, s, s + to - from);
        else for (let j = o + from; j < o + to; j++, s++) data[j] = data[s];
        for (let j = o + to; j < o + run; j++) data[j] = 0;
      }
    }
    if (++ox === outW) {
      ox = 0;
      if (++oy === outH) {
        oy = 0;
        b++;
      }
    }
  }
}

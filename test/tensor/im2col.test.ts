import { describe, expect, it } from 'vitest';
import { Random, Tensor } from '../../src/index.js';
import { col2im, im2col, Window2D } from '../../src/tensor/im2col.js';

describe('Window2D', () => {
  it("has Keras's output sizes and padding: valid ⌊(n − k)/s⌋ + 1; same ⌈n/s⌉ with the smaller half of the padding first", () => {
    const valid = new Window2D(7, 8, 3, 3, 3, 2, 2, false);
    expect([valid.outH, valid.outW, valid.padTop, valid.padLeft]).toEqual([3, 3, 0, 0]);
    // same: height 7, stride 2 → 4 rows, total (4 − 1)·2 + 3 − 7 = 2 → 1 above; width 8 → 4, total 1 → 0 left, 1 right
    const same = new Window2D(7, 8, 3, 3, 3, 2, 2, true);
    expect([same.outH, same.outW, same.padTop, same.padLeft]).toEqual([4, 4, 1, 0]);
    // A stride larger than the kernel leaves no padding: 5, k 1, s 3 → ⌈5/3⌉ = 2, total max(3 + 1 − 5, 0) = 0
    const sparse = new Window2D(5, 5, 1, 1, 1, 3, 3, true);
    expect([sparse.outH, sparse.padTop]).toEqual([2, 0]);
  });

  it('lists the cells of each window, −1 on the padding', () => {
    // 3×3 image, 2×2 window, stride 2, same: out 2, total (2 − 1)·2 + 2 − 3 = 1 → the padding after
    const w = new Window2D(3, 3, 2, 2, 2, 2, 2, true);
    // window (0, 0): pixels 0, 1, 3, 4; (0, 1): 2, pad, 5, pad; (1, 0): 6, 7, pad, pad; (1, 1): 8 and three pads. Times 2 channels.
    expect(Array.from(w.cells)).toEqual([0, 2, 6, 8, 4, -1, 10, -1, 12, 14, -1, -1, 16, -1, -1, -1]);
    expect(w.area).toBe(4);
  });
});

describe('im2col and col2im', () => {
  it('lay each window out as a row: (row, column, channel) of the window, zeros on the padding', () => {
    // 3×3 image of 1…9, 2×2 windows at stride 1: the example of the doc comment.
    const w = new Window2D(3, 3, 1, 2, 2, 1, 1, false), data = new Float32Array(9 + 16);
    data.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    im2col(data, w, 0, 4, 9);
    expect(Array.from(data.subarray(9))).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    // Windows 1 … 2 only, written from the start of the patches.
    data.fill(-1, 9);
    im2col(data, w, 1, 2, 9);
    expect(Array.from(data.subarray(9, 17))).toEqual([2, 3, 5, 6, 4, 5, 7, 8]);
    // Two channels (a, b) per pixel, 'same' 3×3 windows on a 1×2 image: the window of pixel 0 has the image in its
    // middle row, columns 1–2 (the first column is padding): [0 0 0 0 0 0 | 0 0 a₀ b₀ a₁ b₁ | 0 0 0 0 0 0]
    const pair = new Window2D(1, 2, 2, 3, 3, 1, 1, true), d2 = new Float32Array(4 + 2 * 18).fill(7);
    d2.set([1, 2, 3, 4]);
    im2col(d2, pair, 0, 2, 4);
    expect(Array.from(d2.subarray(4, 22))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(d2.subarray(22))).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('col2im is the adjoint of im2col: ⟨im2col(x), P⟩ = ⟨x, col2im(P)⟩ for any x and P', () => {
    // The identity that makes col2im the gradient of im2col, on long runs (copyWithin) and short ones (a loop).
    const random = new Random(1);
    const windows = [
      new Window2D(6, 7, 3, 3, 2, 2, 1, true),
      new Window2D(5, 5, 8, 3, 3, 1, 1, false),
      new Window2D(4, 9, 1, 4, 3, 1, 3, true),
    ];
    for (const w of windows) {
      const batch = 2, rows = batch * w.outH * w.outW, size = w.area * w.channels;
      const x = Tensor.randn([batch * w.height * w.width * w.channels], random).data;
      const data = new Float32Array(x.length + rows * size);
      data.set(x);
      im2col(data, w, 0, rows, x.length);
      const p = Tensor.randn([rows * size], random).data;
      let left = 0;
      for (let i = 0; i < p.length; i++) left += data[x.length + i] * p[i];
      const dx = new Float32Array(x.length);
      data.set(p, x.length);
      col2im(data, w, 0, rows, x.length, dx);
      let right = 0;
      for (let i = 0; i < x.length; i++) right += x[i] * dx[i];
      expect(Math.abs(left - right), `${w.height}×${w.width}×${w.channels}`).toBeLessThan(1e-4 * (1 + Math.abs(left)));
    }
  });
});

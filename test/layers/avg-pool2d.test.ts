import { afterAll, describe, expect, it } from 'vitest';
import { AvgPool2D, Random, Sequential, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('AvgPool2D', () => {
  it('averages each window, channel by channel (worked by hand)', () => {
    // [[1, 5, 2, 0], [3, 4, 8, 6], [0, 9, 7, 7], [2, 1, 3, 4]], 2×2 windows:
    //   (1 + 5 + 3 + 4)/4 = 3.25, (2 + 0 + 8 + 6)/4 = 4, (0 + 9 + 2 + 1)/4 = 3, (7 + 7 + 3 + 4)/4 = 5.25
    const x = new Tensor([1, 5, 2, 0, 3, 4, 8, 6, 0, 9, 7, 7, 2, 1, 3, 4], [1, 4, 4, 1]);
    expect(Array.from(new AvgPool2D(2).forward(x, false).data)).toEqual([3.25, 4, 3, 5.25]);
    // Two channels: pixels (1, 10), (2, 20), (3, 30), (4, 40) → (2.5, 25)
    expect(Array.from(new AvgPool2D(2).forward(new Tensor([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]), false).data)).toEqual([2.5, 25]);
  });

  it("with 'same' padding averages over the cells inside the image only, as Keras does", () => {
    // 3×3 of 1…9, pool 2, stride 2: windows {1, 2, 4, 5} → 3, {3, 6} → 4.5, {7, 8} → 7.5, {9} → 9
    const x = new Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    expect(Array.from(new AvgPool2D(2, { padding: 'same' }).forward(x, false).data)).toEqual([3, 4.5, 7.5, 9]);
  });

  it('backward spreads g / n over the window, adding where windows overlap (worked by hand)', () => {
    // The 'same' case above with g = [4, 2, 2, 1]: the 2×2 window gives 1 to each of its cells, the two 2-cell
    // windows 1 each, the last 1 to pixel 9.
    const pool = new AvgPool2D(2, { padding: 'same' });
    pool.forward(new Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), true);
    expect(Array.from(pool.backward(new Tensor([4, 2, 2, 1], [1, 2, 2, 1])).data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // 2×2 windows at stride 1 on a 2×3 image: the middle column is in both windows and gets g₀/4 + g₁/4.
    const overlap = new AvgPool2D(2, { stride: 1 });
    overlap.forward(Tensor.zeros([1, 2, 3, 1]), true);
    expect(Array.from(overlap.backward(new Tensor([4, 8], [1, 1, 2, 1])).data)).toEqual([1, 3, 2, 1, 3, 2]);
  });

  it('matches finite differences', () => {
    const random = new Random(3);
    expectGradientsToMatch(new AvgPool2D(2), Tensor.randn([2, 5, 4, 3], random), { label: 'AvgPool2D (2×2)' });
    expectGradientsToMatch(new AvgPool2D(3, { stride: 2, padding: 'same' }), Tensor.randn([2, 5, 6, 2], random), { label: 'AvgPool2D (3×3 stride 2 same)' });
    expectGradientsToMatch(new AvgPool2D([2, 3], { stride: 1 }), Tensor.randn([1, 3, 5, 2], random), { label: 'AvgPool2D (2×3 stride 1)' });
  });

  it('names itself, checks its shapes, and saves and loads', () => {
    expect(String(new AvgPool2D(2, { stride: 1 }))).toBe('AvgPool2D(2×2, stride 1)');
    expect(new AvgPool2D(2).outputShape([7, 7, 4])).toEqual([3, 3, 4]);
    expect(() => new AvgPool2D(2).forward(Tensor.zeros([2, 8]), false)).toThrow(new ShapeError('AvgPool2D(2×2): expected input shape [batch, height, width, channels], got [2, 8]'));
    expect(() => new AvgPool2D(2).backward(Tensor.zeros([1, 1, 1, 1]))).toThrow(new StateError('AvgPool2D(2×2): backward called before forward'));
    const copy = Sequential.fromJSON(JSON.stringify(new Sequential([new AvgPool2D([1, 2], { padding: 'same' })], { inputShape: [3, 3, 1] })));
    expect(copy.layers[0].getConfig!()).toEqual({ type: 'AvgPool2D', config: { poolSize: [1, 2], stride: [1, 2], padding: 'same' } });
  });
});

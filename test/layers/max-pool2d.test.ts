import { afterAll, describe, expect, it } from 'vitest';
import { MaxPool2D, Random, Sequential, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** A 4×4 one-channel image, row by row. */
const image = (values: number[]) => new Tensor(values, [1, 4, 4, 1]);

describe('MaxPool2D forward', () => {
  it('takes the largest value of each window (worked by hand)', () => {
    // [[1, 5, 2, 0],
    //  [3, 4, 8, 6],      2×2 windows side by side: max(1, 5, 3, 4) = 5, max(2, 0, 8, 6) = 8,
    //  [0, 9, 7, 7],                                max(0, 9, 2, 1) = 9, max(7, 7, 3, 4) = 7
    //  [2, 1, 3, 4]]
    const y = new MaxPool2D(2).forward(image([1, 5, 2, 0, 3, 4, 8, 6, 0, 9, 7, 7, 2, 1, 3, 4]), false);
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.data)).toEqual([5, 8, 9, 7]);
  });

  it('pools each channel on its own', () => {
    // One 2×2 image, channels (a, b) per pixel: (1, −1), (4, −4), (2, −2), (3, −3) → max a = 4, max b = −1
    expect(Array.from(new MaxPool2D(2).forward(new Tensor([1, -1, 4, -4, 2, -2, 3, -3], [1, 2, 2, 2]), false).data)).toEqual([4, -1]);
  });

  it("with 'same' padding leaves the padding out rather than taking it for zeros", () => {
    // 3×3 of negative values, pool 2, stride 2: out 2×2, the padding after. The last window holds −9 alone: −9, not 0.
    //   [[−1, −2, −3], [−4, −5, −6], [−7, −8, −9]] → [[−1, −3], [−7, −9]]
    const x = new Tensor([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]);
    expect(Array.from(new MaxPool2D(2, { padding: 'same' }).forward(x, false).data)).toEqual([-1, -3, -7, -9]);
    // valid drops the last row and column instead
    expect(Array.from(new MaxPool2D(2).forward(x, false).data)).toEqual([-1]);
  });

  it('overlapping windows (pool 3, stride 1) and a NaN that wins', () => {
    // 3×4 image; 3×3 windows at columns 0 and 1: max of the first = 9, of the second = 9 as well (both see it)
    const x = new Tensor([1, 2, 3, 4, 5, 9, 6, 0, 7, 8, 1, 2], [1, 3, 4, 1]);
    expect(Array.from(new MaxPool2D(3, { stride: 1 }).forward(x, false).data)).toEqual([9, 9]);
    const withNaN = image([1, 2, 0, 0, 3, NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const y = new MaxPool2D(2).forward(withNaN, false).data;
    expect(Number.isNaN(y[0])).toBe(true);
    expect(Array.from(y.subarray(1))).toEqual([0, 0, 0]);
  });
});

describe('MaxPool2D backward', () => {
  it('sends each gradient to the cell that won, and on a tie to the first in row-major order', () => {
    const pool = new MaxPool2D(2);
    // Window 0: 5 wins at (0, 1). Window 1: 8 at (1, 2). Window 2: 9 at (2, 1). Window 3: 7 and 7 tie at (2, 2) and (2, 3):
    // the first in row-major order, (2, 2), takes it.
    pool.forward(image([1, 5, 2, 0, 3, 4, 8, 6, 0, 9, 7, 7, 2, 1, 3, 4]), true);
    const dx = pool.backward(new Tensor([10, 20, 30, 40], [1, 2, 2, 1]));
    expect(Array.from(dx.data)).toEqual([0, 10, 0, 0, 0, 0, 20, 0, 0, 30, 40, 0, 0, 0, 0, 0]);
    // A window of four equal values: the top-left cell gets it all.
    pool.forward(image(new Array(16).fill(1)), true);
    expect(Array.from(pool.backward(new Tensor([1, 2, 3, 4], [1, 2, 2, 1])).data)).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
  });

  it('adds up the gradients of overlapping windows that share a winner', () => {
    // Both 3×3 windows of the 3×4 image above pick the 9 at (1, 1): it gets 1 + 2.
    const pool = new MaxPool2D(3, { stride: 1 });
    pool.forward(new Tensor([1, 2, 3, 4, 5, 9, 6, 0, 7, 8, 1, 2], [1, 3, 4, 1]), true);
    expect(Array.from(pool.backward(new Tensor([1, 2], [1, 1, 2, 1])).data)).toEqual([0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0]);
  });

  it('matches finite differences (distinct values: no ties within a perturbation)', () => {
    for (const [name, make, shape] of [
      ['2×2', () => new MaxPool2D(2), [2, 5, 4, 3]],
      ['3×3 stride 2 same', () => new MaxPool2D(3, { stride: 2, padding: 'same' }), [2, 5, 6, 2]],
      ['2×3 stride 1×2', () => new MaxPool2D([2, 3], { stride: [1, 2] }), [1, 4, 7, 2]],
    ] as [string, () => MaxPool2D, number[]][]) {
      // Values on a shuffled grid 0.05 apart, so that no two are within the probe's h = 1e-3.
      const random = new Random(name.length);
      const x = Tensor.zeros(shape);
      const order = Int32Array.from({ length: x.size }, (_, i) => i);
      random.shuffle(order);
      for (let i = 0; i < x.size; i++) x.data[order[i]] = 0.05 * i - 1;
      expectGradientsToMatch(make(), x, { label: `MaxPool2D (${name})` });
    }
  });

  it('throws when backward comes before forward, or the gradient has the wrong shape', () => {
    expect(() => new MaxPool2D(2).backward(Tensor.zeros([1, 1, 1, 1]))).toThrow(new StateError('MaxPool2D(2×2): backward called before forward'));
    const pool = new MaxPool2D(2);
    pool.forward(Tensor.zeros([2, 4, 4, 3]), true);
    expect(() => pool.backward(Tensor.zeros([2, 2, 2, 2]))).toThrow(new ShapeError('MaxPool2D(2×2): expected gradOutput shape [2, 2, 2, 3], got [2, 2, 2, 2]'));
  });
});

describe('MaxPool2D shapes and options', () => {
  it('halves the size by default, and follows stride and padding', () => {
    expect(new MaxPool2D(2).outputShape([26, 26, 32])).toEqual([13, 13, 32]);
    expect(new MaxPool2D(2).outputShape([11, 11, 64])).toEqual([5, 5, 64]);
    expect(new MaxPool2D(2, { padding: 'same' }).outputShape([11, 11, 64])).toEqual([6, 6, 64]);
    expect(new MaxPool2D(3, { stride: 2 }).outputShape([7, 9, 1])).toEqual([3, 4, 1]);
    expect(new MaxPool2D([2, 1]).outputShape([6, 5, 2])).toEqual([3, 5, 2]);
  });

  it('names itself, with the stride and padding when they are not the default', () => {
    expect(String(new MaxPool2D(2))).toBe('MaxPool2D(2×2)');
    expect(String(new MaxPool2D(3, { stride: 2, padding: 'same' }))).toBe('MaxPool2D(3×3, stride 2, same)');
    expect(String(new MaxPool2D([2, 3], { stride: [2, 3] }))).toBe('MaxPool2D(2×3)');
    expect(new MaxPool2D(2).params()).toEqual([]);
  });

  it('rejects an input that is not an image, or smaller than the window', () => {
    expect(() => new MaxPool2D(2).forward(Tensor.zeros([4, 10]), false)).toThrow(new ShapeError('MaxPool2D(2×2): expected input shape [batch, height, width, channels], got [4, 10]'));
    expect(() => new MaxPool2D(3).outputShape([2, 8, 1])).toThrow(new ShapeError("MaxPool2D(3×3): expected an input of at least 3×3 pixels (its window, with padding 'valid'), got [batch, 2, 8, 1]"));
    expect(() => new Sequential([new MaxPool2D(2)], { inputShape: [784] })).toThrow(
      new ShapeError('Sequential: layer 0 (MaxPool2D(2×2)) expects input shape [batch, height, width, channels], but the input shape is [batch, 784]'),
    );
  });

  it('validates its arguments', () => {
    expect(() => new MaxPool2D(0)).toThrow(new RangeError('MaxPool2D: expected poolSize as a positive integer or [height, width], got 0'));
    expect(() => new MaxPool2D(2, { stride: [2, 0] })).toThrow(new RangeError('MaxPool2D: expected stride as a positive integer or [height, width], got [2, 0]'));
    expect(() => new MaxPool2D(2, { padding: 'SAME' as never })).toThrow(new RangeError("MaxPool2D: expected padding to be 'valid' or 'same', got \"SAME\""));
    expect(() => new MaxPool2D(2, { size: 2 } as never)).toThrow(new TypeError('MaxPool2D: unknown option "size" (expected stride, padding)'));
  });

  it('saves and loads', () => {
    const pool = new MaxPool2D([3, 2], { stride: 1, padding: 'same' });
    expect(pool.getConfig()).toEqual({ type: 'MaxPool2D', config: { poolSize: [3, 2], stride: [1, 1], padding: 'same' } });
    const copy = Sequential.fromJSON(JSON.stringify(new Sequential([pool], { inputShape: [5, 5, 2] })));
    expect(String(copy.layers[0])).toBe('MaxPool2D(3×2, stride 1, same)');
    expect(() => MaxPool2D.fromConfig({ poolSize: 2, stride: 2, padding: 'valid', extra: 1 })).toThrow(TypeError);
  });
});

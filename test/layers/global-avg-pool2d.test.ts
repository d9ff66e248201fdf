import { afterAll, describe, expect, it } from 'vitest';
import { GlobalAvgPool2D, Random, Sequential, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('GlobalAvgPool2D', () => {
  it('averages each channel over every pixel (worked by hand)', () => {
    // One 2×2 image, channels (a, b): (1, 10), (2, 20), (3, 30), (6, 0) → a: 12/4 = 3, b: 60/4 = 15
    // and a second image of ones → (1, 1)
    const x = new Tensor([1, 10, 2, 20, 3, 30, 6, 0, 1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 2]);
    const y = new GlobalAvgPool2D().forward(x, false);
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([3, 15, 1, 1]);
  });

  it('backward gives every pixel g / (h·w) of its channel', () => {
    const pool = new GlobalAvgPool2D();
    pool.forward(Tensor.zeros([1, 1, 2, 2]), true);
    // g = (4, 8) over 2 pixels: each pixel gets (2, 4)
    expect(Array.from(pool.backward(new Tensor([4, 8], [1, 2])).data)).toEqual([2, 4, 2, 4]);
    expectGradientsToMatch(new GlobalAvgPool2D(), Tensor.randn([3, 4, 5, 2], new Random(1)));
  });

  it('maps [h, w, c] to [c], and rejects anything but images', () => {
    expect(new GlobalAvgPool2D().outputShape([7, 7, 64])).toEqual([64]);
    expect(() => new GlobalAvgPool2D().forward(Tensor.zeros([2, 10]), false)).toThrow(new ShapeError('GlobalAvgPool2D: expected input shape [batch, height, width, channels], got [2, 10]'));
    expect(() => new Sequential([new GlobalAvgPool2D()], { inputShape: [10] })).toThrow(
      'Sequential: layer 0 (GlobalAvgPool2D) expects input shape [batch, height, width, channels], but the input shape is [batch, 10]',
    );
    expect(() => new GlobalAvgPool2D().backward(Tensor.zeros([1, 2]))).toThrow(new StateError('GlobalAvgPool2D: backward called before forward'));
    const pool = new GlobalAvgPool2D();
    pool.forward(Tensor.zeros([2, 3, 3, 4]), true);
    expect(() => pool.backward(Tensor.zeros([2, 3]))).toThrow(new ShapeError('GlobalAvgPool2D: expected gradOutput shape [2, 4], got [2, 3]'));
  });

  it('saves and loads', () => {
    const copy = Sequential.fromJSON(JSON.stringify(new Sequential([new GlobalAvgPool2D()], { inputShape: [3, 3, 2] })));
    expect(String(copy.layers[0])).toBe('GlobalAvgPool2D');
    expect(() => GlobalAvgPool2D.fromConfig({ keepDims: true })).toThrow(TypeError);
  });
});

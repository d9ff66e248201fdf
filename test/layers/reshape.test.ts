import { afterAll, describe, expect, it } from 'vitest';
import { Random, Reshape, Sequential, ShapeError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('Reshape', () => {
  it('gives each sample a new shape, the values in the same order', () => {
    // [2, 6] → [2, 2, 3]: sample 0 [1 … 6] becomes [[1, 2, 3], [4, 5, 6]]
    const y = new Reshape([2, 3]).forward(new Tensor(Array.from({ length: 12 }, (_, i) => i + 1), [2, 6]), false);
    expect(y.toArray()).toEqual([
      [[1, 2, 3], [4, 5, 6]],
      [[7, 8, 9], [10, 11, 12]],
    ]);
  });

  it('resolves one −1 to what the other dimensions leave', () => {
    expect(new Reshape([-1, 7]).outputShape([28, 2])).toEqual([8, 7]);
    expect(new Reshape([28, 28, -1]).outputShape([784])).toEqual([28, 28, 1]);
    expect(new Reshape([-1]).outputShape([3, 4, 5])).toEqual([60]);
  });

  it('names the layer when the sizes do not fit', () => {
    expect(() => new Reshape([7, 7, 64]).outputShape([28, 28, 1])).toThrow(new ShapeError('Reshape([7, 7, 64]): expected 3136 values a sample, got [batch, 28, 28, 1] (784)'));
    expect(() => new Reshape([-1, 7]).forward(Tensor.zeros([2, 30]), false)).toThrow(new ShapeError('Reshape([-1, 7]): expected a multiple of 7 values a sample, got [2, 30] (30)'));
    expect(() => new Sequential([new Reshape([5, 5])], { inputShape: [24] })).toThrow(
      new ShapeError('Sequential: layer 0 (Reshape([5, 5])) expects 25 values a sample, but the input shape is [batch, 24]'),
    );
  });

  it('rejects shapes that are not positive integers with at most one −1', () => {
    expect(() => new Reshape([7, -1, -1])).toThrow(new RangeError('Reshape: expected shape as an array of positive integers with at most one -1, got [7, -1, -1]'));
    expect(() => new Reshape([0, 4])).toThrow(RangeError);
    expect(() => new Reshape([2.5])).toThrow(RangeError);
    expect(() => new Reshape([])).toThrow(new TypeError('Reshape: expected shape as an array of positive integers with at most one -1, got []'));
    expect(() => new Reshape(784 as never)).toThrow(new TypeError('Reshape: expected shape as an array of positive integers with at most one -1, got 784'));
    expect(() => new Reshape(['7'] as never)).toThrow(TypeError);
  });

  it('backward returns the gradient in the input’s shape', () => {
    const layer = new Reshape([4, 3]);
    const x = Tensor.randn([2, 3, 4], new Random(1));
    layer.forward(x, true);
    const dx = layer.backward(Tensor.ones([2, 4, 3]));
    expect(dx.shape).toEqual([2, 3, 4]);
    expect(() => layer.backward(Tensor.ones([2, 12]))).toThrow(new ShapeError('Reshape([4, 3]): expected gradOutput shape [2, 4, 3], got [2, 12]'));
    expectGradientsToMatch(new Reshape([-1, 2]), x);
  });

  it('saves and loads', () => {
    const model = new Sequential([new Reshape([28, 28, 1])], { inputShape: [784] });
    expect(model.layers[0].getConfig!()).toEqual({ type: 'Reshape', config: { shape: [28, 28, 1] } });
    const copy = Sequential.fromJSON(JSON.stringify(model));
    expect(copy.modelOutputShape).toEqual([28, 28, 1]);
    expect(() => Reshape.fromConfig({ shape: [2], extra: 1 })).toThrow(TypeError);
  });
});

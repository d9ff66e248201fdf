import { afterAll, describe, expect, it } from 'vitest';
import { Dense, Flatten, Random, Sequential, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('Flatten', () => {
  it('lays each sample out as one row, row-major: pixel by pixel, each pixel’s channels together', () => {
    // [batch 2, 2×2 pixels, 2 channels]: sample 0 is pixels (1, 2), (3, 4), (5, 6), (7, 8) → [1, 2, 3, 4, 5, 6, 7, 8]
    const x = new Tensor(Array.from({ length: 16 }, (_, i) => i + 1), [2, 2, 2, 2]);
    const y = new Flatten().forward(x, false);
    expect(y.toArray()).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [9, 10, 11, 12, 13, 14, 15, 16],
    ]);
    // A view: nothing is copied.
    expect(y.data).toBe(x.data);
  });

  it('gives the gradient back with the input’s shape, and the same tensors while the inputs are the same', () => {
    const layer = new Flatten();
    const x = Tensor.randn([3, 4, 2, 2], new Random(1));
    const y = layer.forward(x, true);
    const g = Tensor.randn([3, 16], new Random(2));
    const dx = layer.backward(g);
    expect(dx.shape).toEqual([3, 4, 2, 2]);
    expect(dx.data).toBe(g.data);
    expect(layer.forward(x, true)).toBe(y);
    expect(layer.backward(g)).toBe(dx);
    expectGradientsToMatch(new Flatten(), x);
  });

  it('makes the shape a Dense layer reads, and a model names the mismatch', () => {
    expect(new Flatten().outputShape([7, 7, 64])).toEqual([3136]);
    expect(new Flatten().outputShape([10])).toEqual([10]);
    expect(() => new Sequential([new Flatten(), new Dense(1600, 128)], { inputShape: [7, 7, 64] })).toThrow(
      new ShapeError('Sequential: layer 1 (Dense(1600 → 128)) expects 1600 features, but Flatten before it produces 3136 (7 × 7 × 64)'),
    );
    expect(new Sequential([new Flatten(), new Dense(3136, 10)], { inputShape: [7, 7, 64] }).modelOutputShape).toEqual([10]);
  });

  it('checks its gradient, state, and config', () => {
    expect(() => new Flatten().backward(Tensor.zeros([1, 4]))).toThrow(new StateError('Flatten: backward called before forward'));
    const layer = new Flatten();
    layer.forward(Tensor.zeros([2, 2, 2, 1]), true);
    expect(() => layer.backward(Tensor.zeros([2, 3]))).toThrow(new ShapeError('Flatten: expected gradOutput shape [2, 4], got [2, 3]'));
    expect(layer.getConfig()).toEqual({ type: 'Flatten', config: {} });
    const copy = Sequential.fromJSON(JSON.stringify(new Sequential([new Flatten()], { inputShape: [2, 3] })));
    expect(String(copy.layers[0])).toBe('Flatten');
    expect(() => Flatten.fromConfig({ shape: [-1] })).toThrow(TypeError);
  });
});

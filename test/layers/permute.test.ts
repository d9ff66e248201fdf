import { describe, expect, it } from 'vitest';
import { Conv2D, Flatten, Permute, Random, Sequential, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch } from '../helpers.js';

describe('Permute', () => {
  it('reorders each sample’s axes: output axis i + 1 is input axis dims[i]', () => {
    // x[0] is 2×3: [[1, 2, 3], [4, 5, 6]]; Permute([2, 1]) transposes it to 3×2.
    const x = Tensor.from([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]);
    expect(new Permute([2, 1]).forward(x, false).toArray()).toEqual([
      [[1, 4], [2, 5], [3, 6]],
      [[7, 10], [8, 11], [9, 12]],
    ]);
  });

  it('turns NHWC images into NCHW and back', () => {
    // One 2×2 image of 3 channels: pixel (i, j) holds 100·c + 10·i + j in channel c.
    const data: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let c = 0; c < 3; c++) data.push(100 * c + 10 * i + j);
    const nhwc = new Tensor(data, [1, 2, 2, 3]);
    const nchw = new Permute([3, 1, 2]).forward(nhwc, false);
    expect(nchw.shape).toEqual([1, 3, 2, 2]);
    expect(Array.from(nchw.data)).toEqual([0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211]);
    expect(Array.from(new Permute([2, 3, 1]).forward(nchw, false).data)).toEqual(data);
    expect(new Permute([3, 1, 2]).outputShape([28, 28, 1])).toEqual([1, 28, 28]);
  });

  it('backward matches finite differences (rank 3 and 4 samples)', () => {
    const random = new Random(2);
    expectGradientsToMatch(new Permute([3, 1, 2]), Tensor.randn([2, 3, 4, 2], random));
    expectGradientsToMatch(new Permute([2, 1, 3]), Tensor.randn([3, 2, 3, 5], random));
    expectGradientsToMatch(new Permute([1]), Tensor.randn([2, 5], random));
  });

  it('names what it expects', () => {
    expect(() => new Permute([1, 1])).toThrow(new RangeError('Permute: expected dims as a permutation of 1 … n (the axes of a sample, from 1), got [1, 1]'));
    expect(() => new Permute([0, 1])).toThrow(RangeError);
    expect(() => new Permute(3 as never)).toThrow(TypeError);
    expect(() => new Sequential([new Permute([2, 1])], { inputShape: [2, 3, 4] })).toThrow(
      new ShapeError('Sequential: layer 0 (Permute(2, 1)) expects samples of 2 axes, but the input shape is [batch, 2, 3, 4]'),
    );
    expect(() => new Permute([2, 1]).backward(Tensor.zeros([1, 2, 2]))).toThrow(new StateError('Permute(2, 1): backward called before forward'));
  });

  it('saves and loads, and sits in a model before a convolution', () => {
    const model = new Sequential([new Permute([2, 3, 1]), new Conv2D(1, 2, 3), new Flatten()], { seed: 1, inputShape: [1, 5, 5] });
    expect(model.summary()).toMatch(/0 Permute\(2, 3, 1\)\s+\[batch, 5, 5, 1\]/);
    const copy = Sequential.fromJSON(JSON.stringify(model));
    const x = Tensor.randn([2, 1, 5, 5], new Random(3));
    expect(Array.from(copy.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });
});

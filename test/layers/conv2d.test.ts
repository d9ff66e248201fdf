import { afterAll, describe, expect, it } from 'vitest';
import { Conv2D, Random, Sequential, ShapeError, StateError, Tensor, glorotUniform, type Initializer } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** The first mismatch between `actual` and `expected` beyond `tolerance` (absolute), or null. */
function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 0): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) return `at [${i}]: ${actual[i]}, expected ${expected[i]}`;
  }
  return null;
}

/** The convolution written as its definition, in double precision: the reference for the layer. */
function directConvolution(x: Tensor, conv: Conv2D): Float64Array {
  const [batch, h, w, c] = x.shape;
  const [kh, kw] = conv.kernelSize, [sh, sw] = conv.stride, o = conv.outChannels;
  const same = conv.padding === 'same';
  const oh = same ? Math.ceil(h / sh) : Math.floor((h - kh) / sh) + 1;
  const ow = same ? Math.ceil(w / sw) : Math.floor((w - kw) / sw) + 1;
  // Keras: total padding max((out − 1)·stride + kernel − size, 0), the smaller half before.
  const top = same ? Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2) : 0;
  const left = same ? Math.floor(Math.max((ow - 1) * sw + kw - w, 0) / 2) : 0;
  const weight = conv.weight.value.data, bias = conv.bias?.value.data;
  const y = new Float64Array(batch * oh * ow * o);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let f = 0; f < o; f++) {
          let sum = bias ? bias[f] : 0;
          for (let p = 0; p < kh; p++) {
            for (let q = 0; q < kw; q++) {
              const row = i * sh + p - top, col = j * sw + q - left;
              if (row < 0 || row >= h || col < 0 || col >= w) continue;
              for (let k = 0; k < c; k++) sum += x.data[((b * h + row) * w + col) * c + k] * weight[((f * kh + p) * kw + q) * c + k];
            }
          }
          y[((b * oh + i) * ow + j) * o + f] = sum;
        }
      }
    }
  }
  return y;
}

/** Conv2D(1 → 2, 2×2): filter 0 is [[1, 0], [0, −1]] (top-left minus bottom-right), filter 1 sums the patch; b = [0.5, −1]. */
function handLayer(): Conv2D {
  const conv = new Conv2D(1, 2, 2, { random: new Random(0) });
  conv.weight.value.data.set([1, 0, 0, -1, 1, 1, 1, 1]);
  conv.bias!.value.data.set([0.5, -1]);
  return conv;
}

/** One 3×3 grey image [[1, 2, 3], [4, 5, 6], [7, 8, 9]]. */
const image3 = () => new Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);

describe('Conv2D forward', () => {
  it('is a Dense layer on every patch (values worked by hand)', () => {
    // The four 2×2 patches of [[1, 2, 3], [4, 5, 6], [7, 8, 9]], row-major:
    //   [1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]
    // filter 0 (top-left − bottom-right) + 0.5: 1 − 5 + 0.5 = −3.5, and −3.5 for every patch (each step adds as much to both)
    // filter 1 (sum) − 1: 12 − 1 = 11, 16 − 1 = 15, 24 − 1 = 23, 28 − 1 = 27
    const y = handLayer().forward(image3(), false);
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(y.data)).toEqual([-3.5, 11, -3.5, 15, -3.5, 23, -3.5, 27]);
  });

  it('lays the weight out [out, kernelH, kernelW, in]: each filter is one row, shaped like its patch', () => {
    // Conv2D(2 → 1, 1×2) on one 1×2 image with two channels, pixels (1, 10) and (2, 20):
    // the patch is [1, 10, 2, 20] (pixel by pixel, channels together), W = [[a, b, c, d]] = [[1, 0.1, −1, 0.01]]
    //   y = 1·1 + 10·0.1 + 2·(−1) + 20·0.01 = 1 + 1 − 2 + 0.2 = 0.2
    const conv = new Conv2D(2, 1, [1, 2], { useBias: false, random: new Random(0) });
    expect(conv.weight.value.shape).toEqual([1, 1, 2, 2]);
    conv.weight.value.data.set([1, 0.1, -1, 0.01]);
    const y = conv.forward(new Tensor([1, 10, 2, 20], [1, 1, 2, 2]), false);
    expect(y.shape).toEqual([1, 1, 1, 1]);
    expect(y.data[0]).toBeCloseTo(0.2, 6);
  });

  it("pads 'same' as Keras: an odd total padding puts the extra row and column at the bottom and right", () => {
    // A 4×4 image of 1 … 16, a 3×3 kernel of ones, stride 2: out = ⌈4/2⌉ = 2, total = (2 − 1)·2 + 3 − 4 = 1,
    // so no padding above or left, one row below and one column right. The windows cover rows 0–2 and 2–4, columns likewise:
    //   y₀₀ = (1+2+3) + (5+6+7) + (9+10+11) = 54      y₀₁ = (3+4) + (7+8) + (11+12) = 45
    //   y₁₀ = (9+10+11) + (13+14+15) = 72             y₁₁ = (11+12) + (15+16) = 54
    const conv = new Conv2D(1, 1, 3, { stride: 2, padding: 'same', useBias: false, random: new Random(0) });
    conv.weight.value.data.fill(1);
    const x = new Tensor(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    expect(Array.from(conv.forward(x, false).data)).toEqual([54, 45, 72, 54]);
    // At stride 1 the output keeps the size: total = 3 − 1 = 2, one row and column on each side. The corner
    // window sees 1, 2, 5, 6 and zeros: 14.
    const s1 = new Conv2D(1, 1, 3, { padding: 'same', useBias: false, random: new Random(0) });
    s1.weight.value.data.fill(1);
    const y1 = s1.forward(x, false);
    expect(y1.shape).toEqual([1, 4, 4, 1]);
    expect(y1.data[0]).toBe(14);
  });

  it('matches the definition for odd sizes, strides, both paddings, 1×1, non-square and whole-image kernels', () => {
    const random = new Random(1);
    const configs: [number[], number, number, number | [number, number], number | [number, number], 'valid' | 'same'][] = [
      [[2, 7, 6, 3], 3, 4, 3, 1, 'valid'],
      [[3, 9, 8, 2], 2, 5, [3, 2], [2, 1], 'same'],
      [[2, 12, 11, 3], 3, 8, 3, 2, 'same'],
      [[2, 5, 5, 4], 4, 3, 1, 1, 'valid'],
      [[2, 5, 4, 2], 2, 3, [5, 4], 1, 'valid'],
      [[1, 6, 7, 1], 1, 2, [2, 3], [3, 2], 'valid'],
      [[300, 6, 6, 2], 2, 3, 3, 1, 'valid'], // many blocks of patches, and a last block shorter than the others
    ];
    for (const [shape, c, o, kernel, stride, padding] of configs) {
      const conv = new Conv2D(c, o, kernel, { stride, padding, random });
      for (let i = 0; i < o; i++) conv.bias!.value.data[i] = random.normal();
      const x = Tensor.randn(shape, random);
      const y = conv.forward(x, false);
      const expected = directConvolution(x, conv);
      expect(firstMismatch(y.data, expected, 1e-5), `${conv} on ${x}`).toBeNull();
    }
  });

  it('is the same in training and inference', () => {
    const conv = new Conv2D(2, 3, 3, { random: new Random(2) });
    const x = Tensor.randn([2, 5, 5, 2], new Random(3));
    const a = conv.forward(x, true).data.slice();
    expect(firstMismatch(conv.forward(x, false).data, a)).toBeNull();
  });
});

describe('Conv2D backward', () => {
  it('dW = gᵀ·P, db = Σ g, dx = col2im(g·W), accumulated (worked by hand)', () => {
    const conv = handLayer();
    conv.forward(image3(), true);
    // g = 1 for filter 1 at the top-left output only. Then:
    //   dW of filter 1 = the top-left patch [1, 2, 4, 5]; of filter 0, zeros;  db = [0, 1]
    //   dx = filter 1's weights [[1, 1], [1, 1]] on the top-left patch's pixels: [[1, 1, 0], [1, 1, 0], [0, 0, 0]]
    const g = new Tensor([0, 1, 0, 0, 0, 0, 0, 0], [1, 2, 2, 2]);
    const dx = conv.backward(g);
    expect(Array.from(dx.data)).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(conv.weight.grad.data)).toEqual([0, 0, 0, 0, 1, 2, 4, 5]);
    expect(Array.from(conv.bias!.grad.data)).toEqual([0, 1]);
    // g = 1 for filter 0 everywhere: every pixel gets filter 0's weight of each patch it is in.
    //   pixel (1, 1) is the bottom-right of patch 0 (−1), bottom-left of patch 1 (0), top-right of 2 (0), top-left of 3 (1): 0
    //   dx = [[1, 1, 0], [1, 0, −1], [0, −1, −1]]
    const g0 = new Tensor([1, 0, 1, 0, 1, 0, 1, 0], [1, 2, 2, 2]);
    expect(Array.from(conv.backward(g0).data)).toEqual([1, 1, 0, 1, 0, -1, 0, -1, -1]);
    // …and the param gradients added to the first ones: dW₀ = Σ patches = [12, 16, 24, 28], db = [4, 1]
    expect(Array.from(conv.weight.grad.data)).toEqual([12, 16, 24, 28, 1, 2, 4, 5]);
    expect(Array.from(conv.bias!.grad.data)).toEqual([4, 1]);
  });

  it('gradients accumulate: a second backward doubles them, and backwardParams adds the same', () => {
    const random = new Random(4);
    const conv = new Conv2D(3, 4, [3, 2], { stride: [2, 1], padding: 'same', random });
    const x = Tensor.randn([3, 7, 6, 3], random);
    const g = Tensor.randn(conv.forward(x, true).shape, random);
    conv.backward(g);
    const once = conv.params().map((p) => p.grad.data.slice());
    conv.backward(g);
    conv.params().forEach((p, i) => {
      const doubled = once[i].map((v) => 2 * v);
      expect(firstMismatch(p.grad.data, doubled, 1e-5), p.name).toBeNull();
    });
    for (const p of conv.params()) p.zeroGrad();
    conv.backwardParams(g);
    conv.params().forEach((p, i) => expect(firstMismatch(p.grad.data, once[i]), p.name).toBeNull());
  });

  describe('matches finite differences on the input, weight and bias', () => {
    const cases: [string, number[], number, number, number | [number, number], number | [number, number], 'valid' | 'same'][] = [
      ['odd sizes', [2, 5, 4, 2], 2, 3, 3, 1, 'valid'],
      ['stride 2, same', [2, 5, 5, 2], 2, 3, 3, 2, 'same'],
      ['stride 2, valid', [1, 6, 5, 2], 2, 2, 3, 2, 'valid'],
      ['1×1', [2, 3, 3, 3], 3, 2, 1, 1, 'valid'],
      ['a kernel as large as the input', [2, 4, 3, 2], 2, 3, [4, 3], 1, 'valid'],
      ['non-square kernel and stride, same', [2, 5, 6, 1], 1, 3, [3, 2], [1, 2], 'same'],
      ['an even kernel, same (uneven padding)', [1, 4, 4, 2], 2, 2, 2, 1, 'same'],
    ];
    for (const [name, shape, c, o, kernel, stride, padding] of cases) {
      it(name, () => {
        const random = new Random(shape.reduce((a, b) => a * 7 + b, 5));
        const conv = new Conv2D(c, o, kernel, { stride, padding, random });
        for (let i = 0; i < o; i++) conv.bias!.value.data[i] = 0.1 * random.normal();
        const report = expectGradientsToMatch(conv, Tensor.randn(shape, random), { label: `Conv2D (${name})` });
        expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias']);
      });
    }
    it('without bias', () => {
      const random = new Random(9);
      const report = expectGradientsToMatch(new Conv2D(2, 2, 2, { useBias: false, random }), Tensor.randn([2, 3, 4, 2], random), {
        label: 'Conv2D (useBias: false)',
      });
      expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight']);
    });
  });

  it('throws when backward comes before forward, or the gradient has the wrong shape', () => {
    expect(() => new Conv2D(1, 2, 3).backward(Tensor.zeros([1, 2, 2, 2]))).toThrow(new StateError('Conv2D(1 → 2, 3×3): backward called before forward'));
    expect(() => new Conv2D(1, 2, 3).backwardParams(Tensor.zeros([1, 2, 2, 2]))).toThrow(StateError);
    const conv = new Conv2D(1, 2, 3);
    conv.forward(Tensor.zeros([2, 5, 5, 1]), true);
    expect(() => conv.backward(Tensor.zeros([2, 3, 3, 3]))).toThrow(new ShapeError('Conv2D(1 → 2, 3×3): expected gradOutput shape [2, 3, 3, 2], got [2, 3, 3, 3]'));
    expect(() => conv.backward(Tensor.zeros([2, 18]))).toThrow(new ShapeError('Conv2D(1 → 2, 3×3): expected gradOutput shape [2, 3, 3, 2], got [2, 18]'));
  });
});

describe('Conv2D shapes', () => {
  it('maps [h, w, in] to [h′, w′, out] for each padding and stride', () => {
    expect(new Conv2D(1, 32, 3).outputShape([28, 28, 1])).toEqual([26, 26, 32]);
    expect(new Conv2D(1, 32, 3, { padding: 'same' }).outputShape([28, 28, 1])).toEqual([28, 28, 32]);
    expect(new Conv2D(3, 8, 3, { stride: 2 }).outputShape([7, 8, 3])).toEqual([3, 3, 8]); // ⌊(7 − 3)/2⌋ + 1, ⌊(8 − 3)/2⌋ + 1
    expect(new Conv2D(3, 8, 3, { stride: 2, padding: 'same' }).outputShape([7, 8, 3])).toEqual([4, 4, 8]); // ⌈7/2⌉, ⌈8/2⌉
    expect(new Conv2D(2, 4, [5, 1], { stride: [1, 3] }).outputShape([5, 7, 2])).toEqual([1, 3, 4]);
  });

  it('names the layer and what it expected when the input is not an image with its channel count', () => {
    const conv = new Conv2D(1, 32, 3);
    expect(() => conv.forward(Tensor.zeros([32, 784]), false)).toThrow(new ShapeError('Conv2D(1 → 32, 3×3): expected input shape [batch, height, width, 1], got [32, 784]'));
    expect(() => conv.forward(Tensor.zeros([2, 28, 28, 3]), false)).toThrow('Conv2D(1 → 32, 3×3): expected input shape [batch, height, width, 1], got [2, 28, 28, 3]');
    let error: unknown;
    try {
      conv.outputShape([784]);
    } catch (e) {
      error = e;
    }
    expect(error).toEqual(new ShapeError('Conv2D(1 → 32, 3×3): expected input shape [batch, height, width, 1], got [batch, 784]'));
    expect((error as ShapeError).expects).toBe('input shape [batch, height, width, 1]');
  });

  it('a kernel larger than the input is an error with valid padding, and fine with same', () => {
    const conv = new Conv2D(1, 8, 5);
    expect(() => conv.outputShape([3, 6, 1])).toThrow(
      new ShapeError("Conv2D(1 → 8, 5×5): expected an input of at least 5×5 pixels (its window, with padding 'valid'), got [batch, 3, 6, 1]"),
    );
    expect(() => conv.forward(Tensor.zeros([2, 6, 4, 1]), false)).toThrow(
      "Conv2D(1 → 8, 5×5): expected an input of at least 5×5 pixels (its window, with padding 'valid'), got [2, 6, 4, 1]",
    );
    expect(new Conv2D(1, 8, 5, { padding: 'same' }).forward(Tensor.ones([2, 3, 3, 1]), false).shape).toEqual([2, 3, 3, 8]);
  });

  it('a model says where its chain of shapes breaks', () => {
    expect(() => new Sequential([new Conv2D(1, 8, 3)], { inputShape: [784] })).toThrow(
      new ShapeError('Sequential: layer 0 (Conv2D(1 → 8, 3×3)) expects input shape [batch, height, width, 1], but the input shape is [batch, 784]'),
    );
    expect(() => new Sequential([new Conv2D(1, 8, 3), new Conv2D(4, 8, 3)], { inputShape: [28, 28, 1] })).toThrow(
      new ShapeError('Sequential: layer 1 (Conv2D(4 → 8, 3×3)) expects input shape [batch, height, width, 4], but Conv2D(1 → 8, 3×3) before it produces [batch, 26, 26, 8]'),
    );
    expect(() => new Sequential([new Conv2D(1, 8, 3, { stride: 3 }), new Conv2D(8, 8, 5)], { inputShape: [10, 10, 1] })).toThrow(
      new ShapeError('Sequential: layer 1 (Conv2D(8 → 8, 5×5)) expects an input of at least 5×5 pixels, but Conv2D(1 → 8, 3×3, stride 3) before it produces [batch, 3, 3, 8]'),
    );
  });

  it('reuses its output and gradient buffers while the batch size stays, and replaces them when it changes', () => {
    const random = new Random(5);
    const conv = new Conv2D(2, 3, 3, { random });
    const x = Tensor.randn([4, 6, 6, 2], random);
    const y1 = conv.forward(x, true), d1 = conv.backward(Tensor.randn(y1.shape, random));
    const y2 = conv.forward(Tensor.randn([4, 6, 6, 2], random), true), d2 = conv.backward(Tensor.randn(y1.shape, random));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);
    const y3 = conv.forward(Tensor.randn([3, 6, 6, 2], random), true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([3, 4, 4, 3]);
    // The reused buffer holds the new result, not a mix with the old one.
    const fresh = new Conv2D(2, 3, 3, { random: new Random(0) });
    fresh.weight.value.data.set(conv.weight.value.data);
    expect(firstMismatch(conv.forward(x, false).data, fresh.forward(x, false).data)).toBeNull();
  });
});

describe('Conv2D options', () => {
  it('has weight [out, kh, kw, in] and bias [out], in that order, bias starting at zero', () => {
    const conv = new Conv2D(3, 16, [5, 3], { random: new Random(6) });
    expect(conv.params().map((p) => [p.name, p.value.shape])).toEqual([
      ['weight', [16, 5, 3, 3]],
      ['bias', [16]],
    ]);
    expect(conv.bias!.value.data.every((v) => v === 0)).toBe(true);
    expect(conv.kernelSize).toEqual([5, 3]);
    expect(conv.stride).toEqual([1, 1]);
    expect(conv.padding).toBe('valid');
  });

  it('names itself with its kernel, and its stride and padding when not the default', () => {
    expect(String(new Conv2D(1, 32, 3))).toBe('Conv2D(1 → 32, 3×3)');
    expect(String(new Conv2D(1, 32, 3, { stride: 2, padding: 'same' }))).toBe('Conv2D(1 → 32, 3×3, stride 2, same)');
    expect(String(new Conv2D(1, 32, [3, 1], { stride: [2, 1] }))).toBe('Conv2D(1 → 32, 3×1, stride 2×1)');
    expect(String(new Conv2D(4, 4, 1, { padding: 'valid', stride: [1, 1] }))).toBe('Conv2D(4 → 4, 1×1)');
  });

  it('defaults to glorotUniform with fan-in kh·kw·in and fan-out kh·kw·out, drawn from the given Random', () => {
    const calls: [number, number, number][] = [];
    const spy: Initializer = (values, fanIn, fanOut, r) => {
      calls.push([values.length, fanIn, fanOut]);
      glorotUniform(values, fanIn, fanOut, r);
    };
    const conv = new Conv2D(3, 8, [5, 2], { initializer: spy, random: new Random(7) });
    expect(calls).toEqual([[8 * 5 * 2 * 3, 5 * 2 * 3, 5 * 2 * 8]]);
    const expected = new Float32Array(240);
    glorotUniform(expected, 30, 80, new Random(7));
    expect(firstMismatch(conv.weight.value.data, expected)).toBeNull();
    expect(firstMismatch(new Conv2D(3, 8, [5, 2], { random: new Random(7) }).weight.value.data, expected)).toBeNull();
  });

  it('keeps weights drawn from a given Random when it joins a model; without one, the model draws them', () => {
    const own = new Conv2D(1, 2, 3, { random: new Random(8) });
    const before = own.weight.value.data.slice();
    new Sequential([own], { seed: 1, inputShape: [5, 5, 1] });
    expect(firstMismatch(own.weight.value.data, before)).toBeNull();
    const a = new Sequential([new Conv2D(1, 2, 3)], { seed: 3, inputShape: [5, 5, 1] });
    const b = new Sequential([new Conv2D(1, 2, 3)], { seed: 3, inputShape: [5, 5, 1] });
    expect(a.getWeights()).toEqual(b.getWeights());
  });

  it('validates its arguments, naming what it expected', () => {
    expect(() => new Conv2D(0, 4, 3)).toThrow(new RangeError('Conv2D: expected inChannels to be a positive integer, got 0'));
    expect(() => new Conv2D(1, 2.5, 3)).toThrow(new RangeError('Conv2D: expected outChannels to be a positive integer, got 2.5'));
    expect(() => new Conv2D(1, 4, 0)).toThrow(new RangeError('Conv2D: expected kernelSize as a positive integer or [height, width], got 0'));
    expect(() => new Conv2D(1, 4, [3] as never)).toThrow(new TypeError('Conv2D: expected kernelSize as a positive integer or [height, width], got [3]'));
    expect(() => new Conv2D(1, 4, '3' as never)).toThrow(new TypeError('Conv2D: expected kernelSize as a positive integer or [height, width], got "3"'));
    expect(() => new Conv2D(1, 4, [3, -1])).toThrow(new RangeError('Conv2D: expected kernelSize as a positive integer or [height, width], got [3, -1]'));
    expect(() => new Conv2D(1, 4, 3, { stride: 0 })).toThrow(new RangeError('Conv2D: expected stride as a positive integer or [height, width], got 0'));
    expect(() => new Conv2D(1, 4, 3, { padding: 'full' as never })).toThrow(new RangeError("Conv2D: expected padding to be 'valid' or 'same', got \"full\""));
    expect(() => new Conv2D(1, 4, 3, { padding: 1 as never })).toThrow(new TypeError("Conv2D: expected padding to be 'valid' or 'same', got 1"));
    expect(() => new Conv2D(1, 4, 3, { strides: 2 } as never)).toThrow(new TypeError('Conv2D: unknown option "strides"; did you mean stride? (expected stride, padding, useBias, initializer, random, weightRegularizer)'));
    expect(() => new Conv2D(1, 4, 3, { useBias: 'no' as never })).toThrow(new TypeError('Conv2D(1 → 4, 3×3): expected useBias to be true or false, got "no"'));
    expect(() => new Conv2D(1, 4, 3, { initializer: 'xavier' as never })).toThrow(RangeError);
    expect(() => new Conv2D(1, 4, 3, null as never)).toThrow(new TypeError('Conv2D: expected options as an object, got null'));
  });
});

describe('Conv2D saving and loading', () => {
  it('getConfig holds the constructor arguments, and fromJSON rebuilds a bit-identical model', () => {
    const conv = new Conv2D(2, 3, [3, 2], { stride: [2, 1], padding: 'same', useBias: true });
    expect(conv.getConfig()).toEqual({
      type: 'Conv2D',
      config: { inChannels: 2, outChannels: 3, kernelSize: [3, 2], stride: [2, 1], padding: 'same', useBias: true },
    });
    const model = new Sequential([conv, new Conv2D(3, 2, 1, { useBias: false })], { seed: 4, inputShape: [6, 5, 2] });
    model.layers[0].params()[1].value.data.set([0.1, -0.2, 0.3]);
    const copy = Sequential.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(String(copy.layers[0])).toBe('Conv2D(2 → 3, 3×2, stride 2×1, same)');
    expect(copy.layers[1].getConfig!().config.useBias).toBe(false);
    const original = model.getWeights(), loaded = copy.getWeights();
    expect(loaded.length).toBe(original.length);
    original.forEach((w, i) => expect(firstMismatch(loaded[i], w), `weight ${i}`).toBeNull());
    const x = Tensor.randn([3, 6, 5, 2], new Random(5));
    expect(firstMismatch(copy.predict(x).data, model.predict(x).data)).toBeNull();
  });

  it('refuses a config with an unknown field or a bad value', () => {
    const config = { inChannels: 1, outChannels: 2, kernelSize: [3, 3], stride: [1, 1], padding: 'valid', useBias: true };
    expect(() => Conv2D.fromConfig({ ...config, dilation: 2 })).toThrow(TypeError);
    expect(() => Conv2D.fromConfig({ ...config, kernelSize: [3, 0] })).toThrow('Conv2D: expected kernelSize as a positive integer or [height, width], got [3, 0]');
    expect(() => Conv2D.fromConfig({ ...config, padding: 'causal' })).toThrow("Conv2D: expected padding to be 'valid' or 'same', got \"causal\"");
  });
});

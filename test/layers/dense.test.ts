import { afterAll, describe, expect, it } from 'vitest';
import {
  Dense,
  Random,
  ShapeError,
  StateError,
  Tensor,
  glorotUniform,
  heNormal,
  type Initializer,
} from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** Dense(3 → 2) with W = [[1, 2, 3], [4, 5, 6]] and b = [0.5, −1]. */
function handLayer(): Dense {
  const layer = new Dense(3, 2, { random: new Random(0) });
  layer.weight.value.data.set([1, 2, 3, 4, 5, 6]);
  layer.bias!.value.data.set([0.5, -1]);
  return layer;
}

describe('Dense forward', () => {
  it('computes y = x·Wᵀ + b (a value worked by hand)', () => {
    // W = [[1, 2, 3], [4, 5, 6]] (out 2 × in 3), b = [0.5, −1], x = [[1, 0, −1], [2, 1, 0]]:
    //   y₀₀ = 1·1 + 2·0 + 3·(−1) + 0.5 = −1.5     y₀₁ = 4·1 + 5·0 + 6·(−1) − 1 = −3
    //   y₁₀ = 1·2 + 2·1 + 3·0    + 0.5 =  4.5     y₁₁ = 4·2 + 5·1 + 6·0    − 1 = 12
    const y = handLayer().forward(
      Tensor.from([
        [1, 0, -1],
        [2, 1, 0],
      ]),
      false,
    );
    expect(y.shape).toEqual([2, 2]);
    expect(y.toArray()).toEqual([
      [-1.5, -3],
      [4.5, 12],
    ]);
  });

  it('each row is the article’s z = W a + b', () => {
    const layer = new Dense(3, 4, { random: new Random(1) });
    layer.bias!.value.data.set([0.1, 0.2, 0.3, 0.4]);
    const x = Tensor.randn([5, 3], new Random(2));
    const y = layer.forward(x, false);
    const W = layer.weight.value, b = layer.bias!.value;
    for (let r = 0; r < 5; r++) {
      for (let i = 0; i < 4; i++) {
        let z = b.data[i];
        for (let j = 0; j < 3; j++) z += W.get(i, j) * x.get(r, j);
        expect(y.get(r, i)).toBeCloseTo(z, 5);
      }
    }
  });

  it('is the same in training and inference', () => {
    const layer = handLayer();
    const x = Tensor.randn([4, 3], new Random(3));
    const a = Array.from(layer.forward(x, true).data);
    expect(Array.from(layer.forward(x, false).data)).toEqual(a);
  });
});

describe('Dense backward', () => {
  it('accumulates dW = gᵀ·x, db = Σ g and returns dx = g·W (worked by hand)', () => {
    const layer = handLayer();
    const x = Tensor.from([
      [1, 0, -1],
      [2, 1, 0],
    ]);
    layer.forward(x, true);
    // g = [[1, 0], [0, 1]] (the identity), so:
    //   dx = g·W = W = [[1, 2, 3], [4, 5, 6]]
    //   dW = gᵀ·x = x = [[1, 0, −1], [2, 1, 0]]
    //   db = column sums of g = [1, 1]
    const g = Tensor.from([
      [1, 0],
      [0, 1],
    ]);
    expect(layer.backward(g).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(layer.weight.grad.toArray()).toEqual([
      [1, 0, -1],
      [2, 1, 0],
    ]);
    expect(Array.from(layer.bias!.grad.data)).toEqual([1, 1]);

    // Gradients accumulate: a second backward adds the same again.
    layer.backward(g);
    expect(layer.weight.grad.toArray()).toEqual([
      [2, 0, -2],
      [4, 2, 0],
    ]);
    expect(Array.from(layer.bias!.grad.data)).toEqual([2, 2]);

    // zeroGrad clears them.
    for (const p of layer.params()) p.zeroGrad();
    expect(Array.from(layer.weight.grad.data).every((v) => v === 0)).toBe(true);
  });

  it('matches finite differences on the input, weight and bias', () => {
    const random = new Random(7);
    const report = expectGradientsToMatch(new Dense(5, 3, { random }), Tensor.randn([4, 5], random));
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias']);
  });

  it('matches finite differences for odd sizes, one sample, and without bias', () => {
    const random = new Random(8);
    expectGradientsToMatch(new Dense(7, 9, { random }), Tensor.randn([5, 7], random));
    expectGradientsToMatch(new Dense(1, 1, { random }), Tensor.randn([1, 1], random));
    const report = expectGradientsToMatch(new Dense(6, 2, { random, useBias: false }), Tensor.randn([3, 6], random), {
      label: 'Dense (useBias: false)',
    });
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight']);
  });

  it('throws when backward comes before forward', () => {
    const layer = new Dense(5, 3);
    expect(() => layer.backward(Tensor.zeros([4, 3]))).toThrow(StateError);
    expect(() => layer.backward(Tensor.zeros([4, 3]))).toThrow('Dense(5 → 3): backward called before forward');
  });

  it('rejects a gradOutput of the wrong shape', () => {
    const layer = new Dense(5, 3);
    layer.forward(Tensor.zeros([4, 5]), true);
    expect(() => layer.backward(Tensor.zeros([4, 2]))).toThrow(
      'Dense(5 → 3): expected gradOutput shape [4, 3], got [4, 2]',
    );
    expect(() => layer.backward(Tensor.zeros([3, 3]))).toThrow(
      'Dense(5 → 3): expected gradOutput shape [4, 3], got [3, 3]',
    );
  });
});

describe('Dense shapes and buffers', () => {
  it('rejects input with the wrong feature count or rank', () => {
    expect(() => new Dense(5, 3).forward(Tensor.zeros([4, 6]), false)).toThrow(ShapeError);
    expect(() => new Dense(5, 3).forward(Tensor.zeros([4, 6]), false)).toThrow(
      'Dense(5 → 3): expected input shape [batch, 5], got [4, 6]',
    );
    expect(() => new Dense(784, 128).forward(Tensor.zeros([32, 28, 28]), false)).toThrow(
      'Dense(784 → 128): expected input shape [batch, 784], got [32, 28, 28]',
    );
    expect(() => new Dense(5, 3).forward(Tensor.zeros([5]), false)).toThrow(
      'Dense(5 → 3): expected input shape [batch, 5], got [5]',
    );
  });

  it('reuses its output and gradInput buffers while the batch size stays, and replaces them when it changes', () => {
    const random = new Random(9);
    const layer = new Dense(3, 2, { random });
    const y1 = layer.forward(Tensor.randn([4, 3], random), true);
    const d1 = layer.backward(Tensor.randn([4, 2], random));
    const x2 = Tensor.randn([4, 3], random);
    const y2 = layer.forward(x2, true);
    const d2 = layer.backward(Tensor.randn([4, 2], random));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);

    const x3 = Tensor.randn([6, 3], random);
    const y3 = layer.forward(x3, true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([6, 2]);
    const d3 = layer.backward(Tensor.randn([6, 2], random));
    expect(d3).not.toBe(d1);
    expect(d3.shape).toEqual([6, 3]);

    // The reused buffer holds the new result, not a mix with the old one.
    const fresh = new Dense(3, 2, { random: new Random(0) });
    fresh.weight.value.data.set(layer.weight.value.data);
    expect(Array.from(layer.forward(x2, false).data)).toEqual(Array.from(fresh.forward(x2, false).data));
  });
});

describe('Dense options', () => {
  it('has weight [out, in] and bias [out], in that order, bias starting at zero', () => {
    const layer = new Dense(3, 4, { random: new Random(10) });
    expect(layer.inFeatures).toBe(3);
    expect(layer.outFeatures).toBe(4);
    expect(layer.params().map((p) => [p.name, p.value.shape])).toEqual([
      ['weight', [4, 3]],
      ['bias', [4]],
    ]);
    expect(Array.from(layer.bias!.value.data)).toEqual([0, 0, 0, 0]);
    expect(String(layer)).toBe('Dense(3 → 4)');
  });

  it('defaults to glorotUniform, drawn from the given Random', () => {
    const layer = new Dense(3, 4, { random: new Random(11) });
    const expected = new Float32Array(12);
    glorotUniform(expected, 3, 4, new Random(11));
    expect(Array.from(layer.weight.value.data)).toEqual(Array.from(expected));
    // The same seed gives the same layer; another seed another.
    expect(Array.from(new Dense(3, 4, { random: new Random(11) }).weight.value.data)).toEqual(Array.from(expected));
    expect(Array.from(new Dense(3, 4, { random: new Random(12) }).weight.value.data)).not.toEqual(Array.from(expected));
  });

  it('useBias: false has a single param and adds nothing', () => {
    const layer = new Dense(2, 2, { useBias: false, random: new Random(13) });
    expect(layer.bias).toBeNull();
    expect(layer.params().map((p) => p.name)).toEqual(['weight']);
    layer.weight.value.data.set([1, 2, 3, 4]);
    // x = [1, 1]: y = [1 + 2, 3 + 4] = [3, 7]
    expect(Array.from(layer.forward(Tensor.from([[1, 1]]), false).data)).toEqual([3, 7]);
  });

  it("initializer: 'heNormal' uses heNormal with the layer's fan-in", () => {
    const layer = new Dense(4, 3, { initializer: 'heNormal', random: new Random(14) });
    const expected = new Float32Array(12);
    heNormal(expected, 4, 3, new Random(14));
    expect(Array.from(layer.weight.value.data)).toEqual(Array.from(expected));
  });

  it('a custom initializer receives the weight, fanIn, fanOut and the Random', () => {
    const random = new Random(15);
    const calls: [number, number, number, Random][] = [];
    const custom: Initializer = (values, fanIn, fanOut, r) => {
      calls.push([values.length, fanIn, fanOut, r]);
      for (let i = 0; i < values.length; i++) values[i] = i;
    };
    const layer = new Dense(4, 3, { initializer: custom, random });
    expect(calls).toEqual([[12, 4, 3, random]]);
    expect(Array.from(layer.weight.value.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    // initialize re-draws with a new Random.
    const other = new Random(16);
    layer.weight.value.data.fill(-1);
    layer.bias!.value.data.fill(5);
    layer.initialize(other);
    expect(calls[1][3]).toBe(other);
    expect(layer.weight.value.get(2, 3)).toBe(11);
    expect(Array.from(layer.bias!.value.data)).toEqual([0, 0, 0]);
  });

  it('rejects an unknown initializer name, listing the valid ones', () => {
    const create = () => new Dense(5, 3, { initializer: 'glorot' as 'glorotUniform' });
    expect(create).toThrow(RangeError);
    expect(create).toThrow(
      'Dense(5 → 3): expected initializer to be one of glorotUniform, glorotNormal, heNormal, heUniform, zeros, got "glorot"',
    );
    // Names inherited from Object.prototype are not initialisers either.
    expect(() => new Dense(5, 3, { initializer: 'toString' as 'zeros' })).toThrow(
      'Dense(5 → 3): expected initializer to be one of glorotUniform, glorotNormal, heNormal, heUniform, zeros, got "toString"',
    );
    expect(() => new Dense(5, 3, { initializer: 'constructor' as 'zeros' })).toThrow(RangeError);
  });

  it('rejects an initializer that is neither a name nor a function', () => {
    expect(() => new Dense(5, 3, { initializer: 42 as unknown as Initializer })).toThrow(TypeError);
    expect(() => new Dense(5, 3, { initializer: 42 as unknown as Initializer })).toThrow(
      'Dense(5 → 3): expected initializer as a function or a name, got 42',
    );
  });

  it('rejects feature counts that are not positive integers', () => {
    expect(() => new Dense(0, 3)).toThrow(RangeError);
    expect(() => new Dense(0, 3)).toThrow('Dense: expected inFeatures to be a positive integer, got 0');
    expect(() => new Dense(2.5, 3)).toThrow('Dense: expected inFeatures to be a positive integer, got 2.5');
    expect(() => new Dense(NaN, 3)).toThrow('Dense: expected inFeatures to be a positive integer, got NaN');
    expect(() => new Dense('3' as unknown as number, 3)).toThrow('Dense: expected inFeatures to be a positive integer, got "3"');
    expect(() => new Dense(3, -1)).toThrow('Dense: expected outFeatures to be a positive integer, got -1');
  });
});

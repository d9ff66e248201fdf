import { describe, expect, it } from 'vitest';
import { Conv2D, Dense, Flatten, formatGradCheck, gradCheck, l1, l1l2, l2, MeanSquaredError, Random, ReLU, Sequential, SGD, Tensor } from '../src/index.js';
import { expectGradientsToMatch } from './helpers.js';

describe('l1, l2 and l1l2 (Keras’s definitions)', () => {
  const w = new Float32Array([1, -2, 3, 0]);

  it('l2(λ) adds λ·Σw², with gradient 2λw', () => {
    // 0.1 · (1 + 4 + 9 + 0) = 1.4; gradient 2 · 0.1 · w
    expect(l2(0.1).penalty(w)).toBeCloseTo(1.4, 12);
    const g = new Float32Array(4);
    l2(0.1).addGradient(w, g);
    expect([...g].map((v) => +v.toFixed(6))).toEqual([0.2, -0.4, 0.6, 0]);
  });

  it('l1(λ) adds λ·Σ|w|, with subgradient λ·sign(w), 0 at 0', () => {
    // 0.5 · (1 + 2 + 3 + 0) = 3
    expect(l1(0.5).penalty(w)).toBe(3);
    const g = new Float32Array([1, 1, 1, 1]); // gradients add up
    l1(0.5).addGradient(w, g);
    expect([...g]).toEqual([1.5, 0.5, 1.5, 1]);
  });

  it('l1l2 adds both', () => {
    expect(l1l2({ l1: 0.5, l2: 0.1 }).penalty(w)).toBeCloseTo(3 + 1.4, 12);
    expect(String(l1l2({ l1: 0.5, l2: 0.1 }))).toBe('l1l2(0.5, 0.1)');
    expect(String(l2(0.01))).toBe('l2(0.01)');
  });

  it('refuses negative rates and unknown options', () => {
    expect(() => l2(-1)).toThrow(new RangeError('l2: expected rate to be ≥ 0, got -1'));
    expect(() => l1l2({ l3: 1 } as never)).toThrow('l1l2: unknown option "l3"');
    expect(() => new Dense(2, 2, { weightRegularizer: 'l2' as never })).toThrow(
      new TypeError('Dense(2 → 2): expected weightRegularizer as l1(…), l2(…) or l1l2({ l1, l2 }), got "l2"'),
    );
  });
});

describe('a Dense layer with a weight regularizer', () => {
  it('passes gradCheck with the penalty in the checked loss (the bias is not regularized)', () => {
    const random = new Random(3);
    const dense = new Dense(4, 3, { random, weightRegularizer: l1l2({ l1: 0.3, l2: 0.2 }) });
    const report = expectGradientsToMatch(dense, Tensor.randn([5, 4], random));
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias']);
  });

  it('gradCheck fails when the penalty’s gradient is wrong', () => {
    const random = new Random(4);
    const dense = new Dense(4, 3, { random, weightRegularizer: l2(0.5) });
    dense.addPenaltyGradient = () => l2(0.55).addGradient(dense.weight.value.data, dense.weight.grad.data); // 10% off
    const report = gradCheck(dense, Tensor.randn([5, 4], random));
    expect(report.passed, formatGradCheck(report)).toBe(false);
    expect(report.entries.find((e) => e.name === 'weight')?.passed).toBe(false);
  });

  it('fit and evaluate report the loss with the penalty, computed by hand', async () => {
    const model = new Sequential([new Dense(2, 1, { weightRegularizer: l2(0.1) })], { seed: 1 });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = [[1, 2], [3, -1]], y = [1, 0];
    const dense = model.layers[0] as Dense;
    const [w0, w1] = dense.weight.value.data;
    const mse = new MeanSquaredError().forward(model.predict(x), Tensor.from([[1], [0]]));
    expect(model.evaluate(x, y).loss).toBeCloseTo(mse + 0.1 * (w0 * w0 + w1 * w1), 6);
    const { history } = await model.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false });
    expect(history.loss[0]).toBeCloseTo(mse + 0.1 * (w0 * w0 + w1 * w1), 6); // the loss of the step, before it
  });

  it('its gradient reaches the step: SGD moves a weight by lr · 2λw when the data gradient is 0', async () => {
    const model = new Sequential([new Dense(1, 1, { useBias: false, weightRegularizer: l2(0.25) })], { seed: 1 });
    const dense = model.layers[0] as Dense;
    dense.weight.value.data[0] = 2;
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    await model.fit([[0]], [0], { epochs: 1 }); // x = 0: the data gradient is 0
    // 2 − 0.1 · (2 · 0.25 · 2) = 1.9
    expect(dense.weight.value.data[0]).toBeCloseTo(1.9, 6);
  });

  it('L1 makes weights sparse: many more exactly-near-zero weights than without it', async () => {
    const random = new Random(5);
    const x = Tensor.randn([32, 10], random);
    const y = Tensor.zeros([32, 1]);
    // Only 2 of the 10 inputs matter; the noise gives the other 8 weights something to fit without L1.
    for (let i = 0; i < 32; i++) y.data[i] = x.data[i * 10] - 2 * x.data[i * 10 + 1] + 0.5 * random.normal();
    const near = async (rate: number) => {
      const model = new Sequential([new Dense(10, 1, { weightRegularizer: l1(rate) })], { seed: 6 });
      model.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
      await model.fit(x, y, { epochs: 60, batchSize: 16 });
      return [...(model.layers[0] as Dense).weight.value.data].filter((v) => Math.abs(v) < 0.02).length;
    };
    const plain = await near(0), sparse = await near(0.3);
    expect(sparse).toBeGreaterThanOrEqual(6); // of the 8 useless inputs
    expect(plain).toBeLessThanOrEqual(2);
  });

  it('is saved with the model and loads again', () => {
    const model = new Sequential([new Dense(3, 4, { weightRegularizer: l1l2({ l1: 0.01, l2: 0.02 }) }), new ReLU(), new Dense(4, 1)], { seed: 2 });
    const json = model.toJSON();
    expect(json.layers[0].config).toEqual({ inFeatures: 3, outFeatures: 4, useBias: true, weightRegularizer: { l1: 0.01, l2: 0.02 } });
    expect(json.layers[2].config).toEqual({ inFeatures: 4, outFeatures: 1, useBias: true });
    const copy = Sequential.fromJSON(JSON.stringify(json));
    expect(String((copy.layers[0] as Dense).weightRegularizer)).toBe('l1l2(0.01, 0.02)');
    expect(copy.penalty()).toBe(model.penalty());
  });
});

describe('a Conv2D layer with a weight regularizer', () => {
  it('passes gradCheck with the penalty on the filters (not the bias)', () => {
    const random = new Random(8);
    const conv = new Conv2D(2, 3, 3, { random, padding: 'same', weightRegularizer: l1l2({ l1: 0.2, l2: 0.3 }) });
    const report = expectGradientsToMatch(conv, Tensor.randn([2, 4, 5, 2], random));
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias']);
    const w = conv.weight.value.data;
    let expected = 0;
    for (const v of w) expected += 0.2 * Math.abs(v) + 0.3 * v * v;
    expect(conv.penalty()).toBeCloseTo(expected, 5);
  });

  it('gradCheck fails when the penalty’s gradient is wrong', () => {
    const random = new Random(9);
    const conv = new Conv2D(1, 2, 2, { random, weightRegularizer: l2(0.5) });
    conv.addPenaltyGradient = () => l2(0.55).addGradient(conv.weight.value.data, conv.weight.grad.data);
    const report = gradCheck(conv, Tensor.randn([2, 3, 3, 1], random));
    expect(report.entries.find((e) => e.name === 'weight')?.passed, formatGradCheck(report)).toBe(false);
  });

  it('is saved with the model, loads again, and the model adds its penalty to the loss', () => {
    const model = new Sequential([new Conv2D(1, 2, 2, { weightRegularizer: l2(0.01) }), new Flatten(), new Dense(8, 1)], { seed: 2, inputShape: [3, 3, 1] });
    const json = model.toJSON();
    expect(json.layers[0].config).toMatchObject({ weightRegularizer: { l1: 0, l2: 0.01 } });
    const copy = Sequential.fromJSON(JSON.stringify(json));
    expect(String((copy.layers[0] as Conv2D).weightRegularizer)).toBe('l2(0.01)');
    expect(copy.penalty()).toBe(model.penalty());
    expect(model.penalty()).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  Adam,
  BatchNorm,
  BinaryCrossEntropy,
  Dense,
  Dropout,
  formatGradCheck,
  gradCheck,
  Param,
  Random,
  registerLayer,
  ReLU,
  Sequential,
  ShapeError,
  Sigmoid,
  Softmax,
  StateError,
  Tanh,
  Tensor,
  type Layer,
  type LayerConfig,
} from '../../src/index.js';
import { expectGradientsToMatch } from '../helpers.js';

/** `[batch, 4, 4, 2]` as `[batch, …]` in messages. */
const shapeText = (shape: readonly number[]) => `[batch, ${shape.join(', ')}]`;

/**
 * A per-channel scale on images `[batch, height, width, channels]`: y = x · sᶜ for every
 * value of channel c. dL/dsᶜ = Σ g·x over the values of channel c; dL/dx = g · sᶜ.
 */
class ChannelScale implements Layer {
  readonly scale: Param;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;

  constructor(readonly channels: number) {
    this.scale = new Param('scale', Tensor.ones([channels]));
  }

  outputShape(shape: readonly number[]): number[] {
    if (shape.length !== 3 || shape[2] !== this.channels) {
      throw new ShapeError(`${this}: expected input shape [batch, height, width, ${this.channels}], got ${shapeText(shape)}`, `input shape [batch, height, width, ${this.channels}]`);
    }
    return shape.slice();
  }

  initialize(random: Random): void {
    for (let c = 0; c < this.channels; c++) this.scale.value.data[c] = 1 + 0.1 * random.normal();
  }

  forward(input: Tensor): Tensor {
    this.input = input;
    if (!this.output || this.output.size !== input.size) this.output = Tensor.zeros(input.shape);
    const x = input.data, y = this.output.data, s = this.scale.value.data, c = this.channels;
    for (let k = 0; k < x.length; k++) y[k] = x[k] * s[k % c];
    return this.output;
  }

  backward(gradOutput: Tensor): Tensor {
    const x = this.input!.data, g = gradOutput.data, s = this.scale.value.data, ds = this.scale.grad.data, c = this.channels;
    if (!this.gradInput || this.gradInput.size !== g.length) this.gradInput = Tensor.zeros(gradOutput.shape);
    const dx = this.gradInput.data;
    for (let k = 0; k < g.length; k++) {
      ds[k % c] += g[k] * x[k];
      dx[k] = g[k] * s[k % c];
    }
    return this.gradInput;
  }

  params(): Param[] {
    return [this.scale];
  }

  getConfig(): LayerConfig {
    return { type: 'ChannelScale', config: { channels: this.channels } };
  }

  toString(): string {
    return `ChannelScale(${this.channels})`;
  }
}

/** `[batch, height, width, channels]` → `[batch, channels]`: each channel's mean over the positions. */
class ChannelMean implements Layer {
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private gradInput: Tensor | null = null;

  outputShape(shape: readonly number[]): number[] {
    if (shape.length !== 3) throw new ShapeError(`${this}: expected input shape [batch, height, width, channels], got ${shapeText(shape)}`, 'input shape [batch, height, width, channels]');
    return [shape[2]];
  }

  forward(input: Tensor): Tensor {
    this.input = input;
    const [batch, h, w, c] = input.shape;
    this.output = Tensor.zeros([batch, c]);
    const x = input.data, y = this.output.data, n = h * w;
    for (let b = 0; b < batch; b++) for (let p = 0; p < n; p++) for (let k = 0; k < c; k++) y[b * c + k] += x[(b * n + p) * c + k] / n;
    return this.output;
  }

  backward(gradOutput: Tensor): Tensor {
    const [batch, h, w, c] = this.input!.shape;
    this.gradInput = Tensor.zeros(this.input!.shape);
    const g = gradOutput.data, dx = this.gradInput.data, n = h * w;
    for (let b = 0; b < batch; b++) for (let p = 0; p < n; p++) for (let k = 0; k < c; k++) dx[(b * n + p) * c + k] = g[b * c + k] / n;
    return this.gradInput;
  }

  params(): Param[] {
    return [];
  }

  getConfig(): LayerConfig {
    return { type: 'ChannelMean', config: {} };
  }

  toString(): string {
    return 'ChannelMean';
  }
}

/** `[h, w, c]` → `[h·w·c]`, row-major: a stand-in for a flatten layer in the shape messages. */
class FlattenLike implements Layer {
  outputShape(shape: readonly number[]): number[] {
    return [shape.reduce((a, b) => a * b, 1)];
  }
  forward(input: Tensor): Tensor {
    return input.reshape([input.shape[0], input.size / input.shape[0]]);
  }
  backward(gradOutput: Tensor): Tensor {
    return gradOutput;
  }
  params(): Param[] {
    return [];
  }
  toString(): string {
    return 'FlattenLike';
  }
}

/** Images whose label says whether channel 0 is brighter than channel 1, on average. */
function brighterChannel(samples: number, random: Random): { x: Tensor; y: number[] } {
  const x = Tensor.randn([samples, 4, 4, 2], random);
  const y: number[] = [];
  for (let s = 0; s < samples; s++) {
    let d = 0;
    for (let p = 0; p < 16; p++) d += x.data[(s * 16 + p) * 2] - x.data[(s * 16 + p) * 2 + 1];
    y.push(d > 0 ? 1 : 0);
  }
  return { x, y };
}

describe('per-sample shapes through a model', () => {
  const imageModel = (seed = 1) =>
    new Sequential([new ChannelScale(2), new Tanh(), new ChannelMean(), new Dense(2, 1), new Sigmoid()], { seed, inputShape: [4, 4, 2] });

  it('a custom layer on [batch, height, width, channels] trains inside a Sequential with inputShape', async () => {
    const model = imageModel();
    const scale = (model.layers[0] as ChannelScale).scale.value.data.slice();
    model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: new BinaryCrossEntropy(), metrics: ['accuracy'] });
    const { x, y } = brighterChannel(128, new Random(2));
    const before = model.evaluate(x, y).loss;
    const history = await model.fit(x, y, { epochs: 60, batchSize: 32 });
    const after = model.evaluate(x, y);
    expect(after.loss).toBeLessThan(before / 2);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.8); // chance is 0.5; tanh before the mean blurs the rule a little
    expect(history.history.loss.length).toBe(60);
    // The custom layer's param was trained too: its gradient reached it.
    expect([...(model.layers[0] as ChannelScale).scale.value.data]).not.toEqual([...scale]);
    expect(model.predict(x).shape).toEqual([128, 1]);
  });

  it('summary() prints each layer’s full output shape', () => {
    const lines = imageModel().summary().split('\n');
    expect(lines[2]).toMatch(/^0 ChannelScale\(2\)\s+\[batch, 4, 4, 2\]\s+scale \[2\]\s+2$/);
    expect(lines[3]).toMatch(/^1 Tanh\s+\[batch, 4, 4, 2\]\s+-\s+0$/);
    expect(lines[4]).toMatch(/^2 ChannelMean\s+\[batch, 2\]\s+-\s+0$/);
    expect(lines[5]).toMatch(/^3 Dense\(2 → 1\)\s+\[batch, 1\]\s+weight \[1, 2\], bias \[1\]\s+3$/);
  });

  it('round-trips through toJSON / fromJSON after one registerLayer call, inputShape included', () => {
    registerLayer('ChannelScale', (config) => new ChannelScale(config.channels as number));
    registerLayer('ChannelMean', () => new ChannelMean());
    const model = imageModel(3);
    const json = JSON.parse(JSON.stringify(model));
    expect(json.inputShape).toEqual([4, 4, 2]);
    expect(json.layers[0]).toEqual({ type: 'ChannelScale', config: { channels: 2 } });
    const copy = Sequential.fromJSON(json);
    expect(copy.inputShape).toEqual([4, 4, 2]);
    expect(copy.summary()).toBe(model.summary());
    const x = Tensor.randn([5, 4, 4, 2], new Random(4));
    expect(copy.predict(x).data).toEqual(model.predict(x).data);
  });

  it('gradCheck checks the whole model on rank-4 input', () => {
    const report = gradCheck(imageModel(5), Tensor.randn([3, 4, 4, 2], new Random(6)));
    expect(report.passed, formatGradCheck(report)).toBe(true);
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'scale', 'weight', 'bias']);
  });

  it('takes samples as nested arrays of the same depth, and names a ragged one', async () => {
    const model = imageModel();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const image = (v: number) => Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => [v, -v]));
    expect(model.predict([image(1), image(-1)]).shape).toEqual([2, 1]);
    const ragged = [image(1), image(1).slice(0, 3)];
    expect(() => model.predict(ragged)).toThrow(new ShapeError('Sequential.predict: in x, ragged array: expected row [1] to have length 4, got length 3'));
    await expect(model.fit([image(1), image(2)], [0, 1])).resolves.toBeDefined();
  });

  it('checks x against the model’s input shape', () => {
    const model = imageModel();
    expect(() => model.predict(Tensor.zeros([8, 4, 4, 3]))).toThrow(new ShapeError('Sequential.predict: expected x of shape [samples, 4, 4, 2], got [8, 4, 4, 3]'));
    expect(() => model.predict(Tensor.zeros([8, 32]))).toThrow(new ShapeError('Sequential.predict: expected x of shape [samples, 4, 4, 2], got [8, 32]'));
  });
});

describe('shape errors name the layer, what it expects, and which layer made what it got', () => {
  it('a Dense after a flattening layer', () => {
    const make = () => new Sequential([new FlattenLike(), new ReLU(), new Dense(1600, 128)], { inputShape: [7, 7, 64] });
    expect(make).toThrow(new ShapeError('Sequential: layer 2 (Dense(1600 → 128)) expects 1600 features, but FlattenLike before it produces 3136 (7 × 7 × 64)'));
  });

  it('a Dense on images, with the fix', () => {
    expect(() => new Sequential([new Dense(784, 10)], { inputShape: [28, 28, 1] })).toThrow(
      new ShapeError('Sequential: layer 0 (Dense(784 → 10)) expects 784 features, but the input shape is [batch, 28, 28, 1]; add a Flatten before it'),
    );
  });

  it('a custom layer’s own expectation', () => {
    expect(() => new Sequential([new ChannelScale(2)], { inputShape: [4, 4, 3] })).toThrow(
      new ShapeError('Sequential: layer 0 (ChannelScale(2)) expects input shape [batch, height, width, 2], but the input shape is [batch, 4, 4, 3]'),
    );
  });

  it('a model whose input shape is unknown checks the data’s shape on each call', () => {
    const model = new Sequential([new ChannelMean(), new Dense(3, 1)], { seed: 1 });
    expect(model.inputShape).toBeUndefined();
    expect(model.summary()).toMatch(/0 ChannelMean\s+\[batch, \?\]/);
    expect(model.summary()).toMatch(/1 Dense\(3 → 1\)\s+\[batch, 1\]/);
    expect(() => model.predict(Tensor.zeros([2, 4, 4, 2]))).toThrow(
      new ShapeError('Sequential.predict: layer 1 (Dense(3 → 1)) expects 3 features, but ChannelMean before it produces 2'),
    );
    expect(model.predict(Tensor.zeros([2, 4, 4, 3])).shape).toEqual([2, 1]);
  });

  it('infers the input shape only through layers that keep any shape', () => {
    expect(new Sequential([new ReLU(), new Dropout(0.5), new Dense(3, 2)]).inputShape).toEqual([3]);
    expect(new Sequential([new BatchNorm(3), new Dense(3, 2)]).inputShape).toEqual([3]);
    expect(new Sequential([new FlattenLike(), new Dense(784, 2)]).inputShape).toBeUndefined();
  });

  it('rejects an inputShape that is not a list of positive integers', () => {
    expect(() => new Sequential([], { inputShape: [28, 0] })).toThrow(new TypeError('Sequential: expected inputShape as an array of positive integers (one sample, without the batch), got [28, 0]'));
    expect(() => new Sequential([], { inputShape: [] })).toThrow(TypeError);
    expect(() => new Sequential([], { inputShape: 784 as never })).toThrow('got 784');
  });
});

describe('layers on any rank', () => {
  it('BatchNorm normalises each channel over the batch and every position', () => {
    // Channel 0 holds 1, 3, 5, 7: mean 4, biased variance (9 + 1 + 1 + 9) / 4 = 5.
    // Channel 1 holds 2, 2, 2, 2: mean 2, variance 0, so it normalises to 0.
    const x = new Tensor([1, 2, 3, 2, 5, 2, 7, 2], [2, 1, 2, 2]);
    const bn = new BatchNorm(2, { epsilon: 1e-3 });
    const y = bn.forward(x, true).data;
    const s = 1 / Math.sqrt(5 + 1e-3);
    expect([...y].map((v) => +v.toFixed(5))).toEqual([-3 * s, 0, -s, 0, s, 0, 3 * s, 0].map((v) => +v.toFixed(5)));
    // Running averages: 0.99 · 0 + 0.01 · 4 and 0.99 · 1 + 0.01 · 5.
    expect(bn.runningMean.data[0]).toBeCloseTo(0.04, 6);
    expect(bn.runningVariance.data[0]).toBeCloseTo(1.04, 6);
    expect(bn.outputShape([4, 4, 2])).toEqual([4, 4, 2]);
    expect(() => bn.outputShape([4, 4, 3])).toThrow('BatchNorm(2): expected input shape [batch, …, 2], got [batch, 4, 4, 3]');
  });

  it('BatchNorm’s backward on images matches finite differences, in training and at inference', () => {
    const random = new Random(8);
    const bn = new BatchNorm(3);
    bn.gamma.value.data.set([1.5, -0.5, 2]);
    bn.beta.value.data.set([0.1, 0.2, -0.3]);
    expectGradientsToMatch(bn, Tensor.randn([2, 3, 2, 3], random), { training: true });
    bn.runningMean.data.set([0.2, -0.1, 0.3]);
    bn.runningVariance.data.set([1.5, 0.7, 2]);
    expectGradientsToMatch(bn, Tensor.randn([2, 3, 2, 3], random), { training: false });
  });

  it('Softmax works over the last axis of any rank', () => {
    const y = new Softmax().forward(new Tensor([0, 0, 1, 1, 0, Math.log(3)], [1, 3, 2]), false).data;
    expect([...y].map((v) => +v.toFixed(6))).toEqual([0.5, 0.5, 0.5, 0.5, 0.25, 0.75]);
    expectGradientsToMatch(new Softmax(), Tensor.randn([2, 2, 3], new Random(9)));
  });

  it('Dropout drops elements of any rank and scales the rest', () => {
    const y = new Dropout(0.5, { random: new Random(3) }).forward(Tensor.ones([2, 3, 3, 2]), true);
    expect(y.shape).toEqual([2, 3, 3, 2]);
    expect(new Set(y.data)).toEqual(new Set([0, 2]));
  });
});

describe('initialisation happens once', () => {
  it('a layer whose weights were set keeps them when it joins a model', () => {
    const dense = new Dense(2, 3);
    dense.weight.value.data.fill(0.5);
    const model = new Sequential([dense], { seed: 1 });
    expect([...model.layers[0].params()[0].value.data]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('a layer built without a Random is drawn from the model’s seed, once', () => {
    const a = new Sequential([new Dense(2, 3), new Dense(3, 1)], { seed: 11 });
    const b = new Sequential([new Dense(2, 3), new Dense(3, 1)], { seed: 11 });
    expect(a.getWeights()).toEqual(b.getWeights());
  });

  it('a trained model keeps its weights when it goes into another', async () => {
    const inner = new Sequential([new Dense(2, 2)], { seed: 1 });
    inner.compile({ optimizer: 'sgd', loss: 'mse' });
    await inner.fit([[1, 2]], [[3, 4]], { epochs: 3 });
    const trained = inner.getWeights();
    const outer = new Sequential([inner, new Dense(2, 1)], { seed: 2 });
    expect(outer.getWeights().slice(0, 2)).toEqual(trained);
  });

  it('an inner model built without a seed is drawn from the outer model’s seed', () => {
    const make = () => new Sequential([new Sequential([new Dense(2, 3)]), new Dense(3, 1)], { seed: 4 });
    expect(make().getWeights()).toEqual(make().getWeights());
    // An inner model with a seed of its own keeps the weights it drew from it.
    const seeded = new Sequential([new Sequential([new Dense(2, 3)], { seed: 1 })], { seed: 4 });
    expect(seeded.getWeights()).toEqual(new Sequential([new Dense(2, 3)], { seed: 1 }).getWeights());
  });

  it('a loaded model keeps its weights', () => {
    const model = new Sequential([new Dense(2, 3), new ReLU(), new Dense(3, 1)], { seed: 3 });
    const copy = Sequential.fromJSON(JSON.stringify(model));
    expect(copy.getWeights()).toEqual(model.getWeights());
    const outer = new Sequential([copy], { seed: 99 });
    expect(outer.getWeights()).toEqual(model.getWeights());
  });
});

describe('a model cannot hold itself', () => {
  it('refuses a model added to itself, or two models added into each other', () => {
    const a = new Sequential([new Dense(2, 2)]);
    expect(() => a.add(a)).toThrow(new StateError('Sequential: layer 1 (Sequential(1 layers)) is this model or contains it; a model cannot hold itself'));
    const b = new Sequential([new Dense(2, 2)]);
    a.add(b);
    expect(() => b.add(a)).toThrow(StateError);
    expect(b.layers.length).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  Adam,
  AdamW,
  BatchNorm,
  BinaryCrossEntropy,
  cosineDecay,
  DataError,
  Dense,
  Dropout,
  LeakyReLU,
  MeanSquaredError,
  MODEL_FORMAT,
  MODEL_VERSION,
  NeuriteError,
  Param,
  Random,
  registerLayer,
  ReLU,
  Sequential,
  SGD,
  Sigmoid,
  Softmax,
  stepDecay,
  Tanh,
  Tensor,
  type Layer,
  type LayerConfig,
  type ModelJSON,
  type Optimizer,
} from '../../src/index.js';
import { base64ToFloats, decodeBase64, encodeBase64, floatsToBase64 } from '../../src/model/base64.js';

/** Little-endian float32 bytes of `values` in base64, built independently with DataView and Buffer. */
function referenceBase64(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(view.buffer).toString('base64');
}

/** Through JSON text and back, as a file would go. */
function roundTrip(model: Sequential, options = {}): Sequential {
  return Sequential.fromJSON(JSON.stringify(model.toJSON(options)));
}

function expectSamePredictions(a: Sequential, b: Sequential, x: Tensor): void {
  const pa = a.predict(x), pb = b.predict(x);
  expect(pb.shape).toEqual(pa.shape);
  expect(pb.data).toEqual(pa.data);
}

describe('round trip of every layer type', () => {
  const cases: [string, () => Layer[], number, (loaded: Sequential) => void][] = [
    ['Dense with bias', () => [new Dense(3, 4)], 3, (m) => expect((m.layers[0] as Dense).bias).not.toBeNull()],
    ['Dense without bias', () => [new Dense(3, 4, { useBias: false })], 3, (m) => expect((m.layers[0] as Dense).bias).toBeNull()],
    ['Sigmoid', () => [new Dense(3, 3), new Sigmoid()], 3, (m) => expect(m.layers[1]).toBeInstanceOf(Sigmoid)],
    ['Tanh', () => [new Dense(3, 3), new Tanh()], 3, (m) => expect(m.layers[1]).toBeInstanceOf(Tanh)],
    ['ReLU', () => [new Dense(3, 3), new ReLU()], 3, (m) => expect(m.layers[1]).toBeInstanceOf(ReLU)],
    [
      'LeakyReLU with alpha',
      () => [new LeakyReLU({ alpha: 0.2 })],
      3,
      (m) => expect((m.layers[0] as LeakyReLU).alpha).toBe(0.2), // alpha lost → 0.01: negatives would differ
    ],
    ['Softmax', () => [new Dense(3, 4), new Softmax()], 3, (m) => expect(m.layers[1]).toBeInstanceOf(Softmax)],
    ['Dropout', () => [new Dense(3, 3), new Dropout(0.3)], 3, (m) => expect((m.layers[1] as Dropout).rate).toBe(0.3)],
    [
      'BatchNorm',
      () => [new Dense(3, 3), new BatchNorm(3, { momentum: 0.9, epsilon: 1e-5 })],
      3,
      (m) => {
        const bn = m.layers[1] as BatchNorm;
        expect([bn.features, bn.momentum, bn.epsilon]).toEqual([3, 0.9, 1e-5]);
      },
    ],
    [
      'a nested Sequential',
      () => [new Dense(3, 4), new Sequential([new Dense(4, 4), new BatchNorm(4), new Tanh()]), new Dense(4, 2), new Softmax()],
      3,
      (m) => {
        expect(m.layers[1]).toBeInstanceOf(Sequential);
        expect((m.layers[1] as Sequential).layers.map(String)).toEqual(['Dense(4 → 4)', 'BatchNorm(4)', 'Tanh']);
      },
    ],
  ];

  it.each(cases)('%s: predictions are bit-identical after toJSON → text → fromJSON', (_, layers, inputs, check) => {
    const model = new Sequential(layers(), { seed: 1 });
    // Make every param and buffer non-trivial (γ ≠ 1, β ≠ 0, running stats ≠ 0 and 1), so nothing passes by default.
    const random = new Random(2);
    for (const t of [...model.params().map((p) => p.value), ...model.buffers().map((b) => b.value)]) {
      for (let i = 0; i < t.size; i++) t.data[i] = random.normal(0, 1) + (t.shape.length === 1 ? 0.5 : 0);
    }
    for (const b of model.buffers()) if (b.name === 'runningVariance') b.value.data.forEach((v, i, a) => (a[i] = 0.5 + v * v));
    const loaded = roundTrip(model);
    check(loaded);
    expect(loaded.layers.map(String)).toEqual(model.layers.map(String));
    expect(loaded.getWeights()).toEqual(model.getWeights());
    expectSamePredictions(model, loaded, Tensor.randn([6, inputs], new Random(3), 0, 2));
  });

  it('BatchNorm keeps its running statistics after training', async () => {
    const model = new Sequential([new Dense(3, 4), new BatchNorm(4), new ReLU(), new Dropout(0.2), new Dense(4, 1), new Sigmoid()], { seed: 4 });
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
    const x = Tensor.randn([16, 3], new Random(5));
    await model.fit(x, Array.from({ length: 16 }, (_, i) => i % 2), { epochs: 3, batchSize: 4 });
    const bn = model.layers[1] as BatchNorm;
    expect(Array.from(bn.runningMean.data)).not.toEqual([0, 0, 0, 0]);
    const loaded = roundTrip(model);
    const lbn = loaded.layers[1] as BatchNorm;
    expect(lbn.runningMean.data).toEqual(bn.runningMean.data);
    expect(lbn.runningVariance.data).toEqual(bn.runningVariance.data);
    expectSamePredictions(model, loaded, x);
  });

  it('fromJSON accepts the object as well as its text', () => {
    const model = new Sequential([new Dense(2, 3), new Tanh()], { seed: 1 });
    const loaded = Sequential.fromJSON(model.toJSON());
    expectSamePredictions(model, loaded, Tensor.randn([2, 2], new Random(1)));
  });

  it('a loaded model without training state can be compiled and trained', async () => {
    const model = new Sequential([new Dense(2, 3), new Tanh(), new Dense(3, 1)], { seed: 1 });
    const loaded = roundTrip(model);
    loaded.compile({ optimizer: 'sgd', loss: 'mse' });
    const before = loaded.getWeights();
    await loaded.fit([[1, 2]], [[1]], { epochs: 1 });
    expect(loaded.getWeights()).not.toEqual(before);
    expect(loaded.optimizer).toBeInstanceOf(SGD);
  });
});

describe('the saved format', () => {
  /** Dense(2 → 1) with W = [[0.5, −1]], b = [0.25], then Sigmoid. */
  function tiny(): Sequential {
    const model = new Sequential([new Dense(2, 1), new Sigmoid()], { seed: 1 });
    model.params()[0].value.data.set([0.5, -1]);
    model.params()[1].value.data.set([0.25]);
    return model;
  }

  it('is { format, version, layers: [{ type, config }], weights: [{ name, shape, data }] }', () => {
    expect(MODEL_FORMAT).toBe('neurite-model');
    expect(MODEL_VERSION).toBe(1);
    expect(tiny().toJSON()).toEqual({
      format: 'neurite-model',
      version: 1,
      layers: [
        { type: 'Dense', config: { inFeatures: 2, outFeatures: 1, useBias: true } },
        { type: 'Sigmoid', config: {} },
      ],
      weights: [
        // 0.5 = 0x3F000000, −1 = 0xBF800000, little-endian: 00 00 00 3F 00 00 80 BF → "AAAAPwAAgL8="
        { name: '0.weight', shape: [1, 2], data: 'AAAAPwAAgL8=' },
        { name: '0.bias', shape: [1], data: referenceBase64([0.25]) },
      ],
    });
    expect(referenceBase64([0.5, -1])).toBe('AAAAPwAAgL8=');
  });

  it('JSON.stringify(model) works directly', () => {
    const model = tiny();
    expect(JSON.parse(JSON.stringify(model))).toEqual(model.toJSON());
    expect(JSON.parse(JSON.stringify({ model }))).toEqual({ model: model.toJSON() });
  });

  it('names weights <layer>.<name>, params then buffers, nested models adding their index', () => {
    const model = new Sequential([new Dense(3, 4), new Sequential([new BatchNorm(4), new Dense(4, 2, { useBias: false })]), new ReLU()], {
      seed: 1,
    });
    const json = model.toJSON();
    expect(json.weights.map((w) => [w.name, w.shape])).toEqual([
      ['0.weight', [4, 3]],
      ['0.bias', [4]],
      ['1.0.gamma', [4]],
      ['1.0.beta', [4]],
      ['1.0.runningMean', [4]],
      ['1.0.runningVariance', [4]],
      ['1.1.weight', [2, 4]],
    ]);
    expect(json.layers[1]).toEqual({
      type: 'Sequential',
      config: {
        layers: [
          { type: 'BatchNorm', config: { features: 4, momentum: 0.99, epsilon: 1e-3 } },
          { type: 'Dense', config: { inFeatures: 4, outFeatures: 2, useBias: false } },
        ],
      },
    });
    expect(json.layers[2]).toEqual({ type: 'ReLU', config: {} });
  });

  it('includeOptimizer adds training: optimizer, loss, metrics and the Random', () => {
    const model = tiny();
    model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.5 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const json = model.toJSON({ includeOptimizer: true });
    expect(json.training?.optimizer).toEqual({
      type: 'SGD',
      config: { learningRate: 0.1, momentum: 0.5, nesterov: false, weightDecay: 0 },
      iterations: 0,
      // one velocity slot per param, zeros before the first step
      slots: [{ velocity: referenceBase64([0, 0]) }, { velocity: referenceBase64([0]) }],
      steps: [0, 0], // updates per param
    });
    expect(json.training?.loss).toEqual({ type: 'BinaryCrossEntropy', config: { fromLogits: false, epsilon: 1e-7 } });
    expect(json.training?.metrics).toEqual([{ type: 'Accuracy', config: { threshold: 0.5 } }]);
    expect(json.training?.random).toEqual(model.random.getState());
    expect(model.toJSON().training).toBeUndefined();
  });
});

describe('resuming training', () => {
  const random = new Random(10);
  const x = Tensor.randn([24, 3], random);
  const y = Array.from({ length: 24 }, (_, i) => (x.data[3 * i] - x.data[3 * i + 2] > 0 ? 1 : 0));

  /** Shuffled mini-batches and Dropout: the Random's state matters at every step. */
  function make(optimizer: () => Optimizer): Sequential {
    const model = new Sequential(
      [new Dense(3, 8), new BatchNorm(8), new ReLU(), new Dropout(0.25), new Dense(8, 1), new Sigmoid()],
      { seed: 7 },
    );
    model.compile({ optimizer: optimizer(), loss: new BinaryCrossEntropy(), metrics: ['accuracy'] });
    return model;
  }

  const optimizers: [string, () => Optimizer][] = [
    ['Adam', () => new Adam({ learningRate: 0.02 })],
    ['SGD with momentum', () => new SGD({ learningRate: 0.05, momentum: 0.9 })],
    ['SGD (Nesterov) with cosineDecay', () => new SGD({ learningRate: cosineDecay({ initialLearningRate: 0.1, decaySteps: 15, warmupSteps: 3 }), momentum: 0.9, nesterov: true })],
    ['Adam with cosineDecay', () => new Adam({ learningRate: cosineDecay({ initialLearningRate: 0.05, decaySteps: 10, alpha: 0.1 }) })],
    ['AdamW with stepDecay', () => new AdamW({ learningRate: stepDecay({ initialLearningRate: 0.03, decayRate: 0.5, stepSize: 4 }), weightDecay: 0.1 })],
  ];

  it.each(optimizers)('%s: N epochs, save, load, M more = N + M epochs straight (bit-identical)', async (_, optimizer) => {
    const N = 3, M = 2, options = { batchSize: 8 };
    const straight = make(optimizer);
    await straight.fit(x, y, { ...options, epochs: N + M });

    const first = make(optimizer);
    await first.fit(x, y, { ...options, epochs: N });
    const resumed = roundTrip(first, { includeOptimizer: true });
    expect(resumed.optimizer?.iterations).toBe(N * 3); // 24 samples / batch 8 = 3 steps per epoch
    await resumed.fit(x, y, { ...options, epochs: M });

    expect(resumed.getWeights()).toEqual(straight.getWeights());
    expect(resumed.random.getState()).toEqual(straight.random.getState());
    expect(resumed.optimizer?.currentLearningRate()).toBe(straight.optimizer?.currentLearningRate());
  });

  it('restores the compiled loss, metrics and optimizer type', () => {
    const model = make(() => new AdamW({ learningRate: 0.01, weightDecay: 0.05, beta2: 0.99 }));
    const loaded = roundTrip(model, { includeOptimizer: true });
    expect(loaded.optimizer).toBeInstanceOf(AdamW);
    expect(loaded.optimizer?.getConfig()).toEqual(model.optimizer?.getConfig());
    expect(loaded.loss).toBeInstanceOf(BinaryCrossEntropy);
    expect(loaded.metrics.map((m) => m.name)).toEqual(['accuracy']);
  });

  it('without the optimizer state, resuming does not repeat the straight run (the check can fail)', async () => {
    const straight = make(() => new Adam({ learningRate: 0.02 }));
    await straight.fit(x, y, { batchSize: 8, epochs: 5 });
    const first = make(() => new Adam({ learningRate: 0.02 }));
    await first.fit(x, y, { batchSize: 8, epochs: 3 });
    const resumed = roundTrip(first); // weights only: fresh Adam moments, a fresh Random
    resumed.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: new BinaryCrossEntropy() });
    await resumed.fit(x, y, { batchSize: 8, epochs: 2 });
    expect(resumed.getWeights()).not.toEqual(straight.getWeights());
  });

  it('two fit calls repeat one call with the epochs added up', async () => {
    const straight = make(() => new Adam({ learningRate: 0.02 }));
    await straight.fit(x, y, { batchSize: 8, epochs: 4 });
    const split = make(() => new Adam({ learningRate: 0.02 }));
    await split.fit(x, y, { batchSize: 8, epochs: 1 });
    await split.fit(x, y, { batchSize: 8, epochs: 3 });
    expect(split.getWeights()).toEqual(straight.getWeights());
  });
});

describe('bad saved models', () => {
  /** Dense(2 → 4) → ReLU → Dense(4 → 1): weights 0.weight [4, 2], 0.bias [4], 2.weight [1, 4], 2.bias [1]. */
  function good(): ModelJSON {
    return JSON.parse(JSON.stringify(new Sequential([new Dense(2, 4), new ReLU(), new Dense(4, 1)], { seed: 1 }))) as ModelJSON;
  }
  const weight = (json: ModelJSON, name: string) => json.weights.find((w) => w.name === name)!;

  it('truncated JSON text', () => {
    const text = JSON.stringify(good());
    const truncated = text.slice(0, Math.floor(text.length / 2));
    expect(() => Sequential.fromJSON(truncated)).toThrow(DataError);
    expect(() => Sequential.fromJSON(truncated)).toThrow(/^Sequential\.fromJSON: the text is not valid JSON \(.+\); the file may be truncated$/);
    expect(() => Sequential.fromJSON('')).toThrow('the file may be truncated');
  });

  it('not a saved model object', () => {
    expect(() => Sequential.fromJSON('42')).toThrow('Sequential.fromJSON: expected a saved model object, got 42');
    expect(() => Sequential.fromJSON('null')).toThrow('Sequential.fromJSON: expected a saved model object, got null');
    expect(() => Sequential.fromJSON('[]')).toThrow('Sequential.fromJSON: expected a saved model object, got an array of length 0');
  });

  it('a wrong or missing format', () => {
    expect(() => Sequential.fromJSON({ ...good(), format: 'keras' } as unknown as ModelJSON)).toThrow(
      `Sequential.fromJSON: expected format 'neurite-model', got "keras"`,
    );
    const { format: _, ...noFormat } = good();
    expect(() => Sequential.fromJSON(noFormat as ModelJSON)).toThrow(`Sequential.fromJSON: expected format 'neurite-model', got no format field`);
  });

  it('a newer version, or a version that is not a positive integer', () => {
    expect(() => Sequential.fromJSON({ ...good(), version: 2 })).toThrow(
      'Sequential.fromJSON: the model has format version 2, newer than this neurite reads (1); upgrade neurite',
    );
    expect(() => Sequential.fromJSON({ ...good(), version: 0 })).toThrow('Sequential.fromJSON: expected version to be a positive integer, got 0');
    expect(() => Sequential.fromJSON({ ...good(), version: '1' } as unknown as ModelJSON)).toThrow(
      'Sequential.fromJSON: expected version to be a positive integer, got "1"',
    );
  });

  it('layers or weights that are not arrays', () => {
    expect(() => Sequential.fromJSON({ ...good(), layers: {} } as unknown as ModelJSON)).toThrow(
      'Sequential.fromJSON: expected layers to be an array, got an object',
    );
    expect(() => Sequential.fromJSON({ ...good(), weights: undefined } as unknown as ModelJSON)).toThrow(
      'Sequential.fromJSON: expected weights to be an array, got undefined',
    );
  });

  it('an unknown layer type, naming where and listing the known ones', () => {
    const json = good();
    json.layers[1] = { type: 'LSTM', config: {} };
    expect(() => Sequential.fromJSON(json)).toThrow(DataError);
    expect(() => Sequential.fromJSON(json)).toThrow(
      'Sequential.fromJSON: layers[1]: unknown layer type "LSTM"; known types: Dense, Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten, Reshape, Permute, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax, Dropout, BatchNorm, Sequential',
    );
    json.layers[1] = 'ReLU' as unknown as LayerConfig;
    expect(() => Sequential.fromJSON(json)).toThrow('Sequential.fromJSON: layers[1]: expected { type, config }, got "ReLU"');
    json.layers[1] = { config: {} } as unknown as LayerConfig;
    expect(() => Sequential.fromJSON(json)).toThrow('Sequential.fromJSON: layers[1]: unknown layer type undefined; known types: Dense');
  });

  it('an unknown layer inside a nested model names its path', () => {
    const json = JSON.parse(JSON.stringify(new Sequential([new Sequential([new Dense(2, 2), new Tanh()])], { seed: 1 }))) as ModelJSON;
    (json.layers[0].config.layers as LayerConfig[])[1] = { type: 'Swish', config: {} };
    expect(() => Sequential.fromJSON(json)).toThrow('Sequential.fromJSON: layers[0].layers[1]: unknown layer type "Swish"');
  });

  it('a layer config its constructor rejects', () => {
    const json = good();
    json.layers[0] = { type: 'Dense', config: { inFeatures: 2, outFeatures: -4 } };
    expect(() => Sequential.fromJSON(json)).toThrow(
      'Sequential.fromJSON: layers[0] (Dense): Dense: expected outFeatures to be a positive integer, got -4',
    );
    json.layers[0] = { type: 'Dropout', config: { rate: 1 } };
    expect(() => Sequential.fromJSON(json)).toThrow('Sequential.fromJSON: layers[0] (Dropout): Dropout: expected rate in [0, 1), got 1');
  });

  it('a weight whose shape does not fit', () => {
    const json = good();
    weight(json, '0.weight').shape = [2, 4];
    expect(() => Sequential.fromJSON(json)).toThrow(DataError);
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '0.weight': expected shape [4, 2], got [2, 4]");
    weight(json, '0.weight').shape = [8];
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '0.weight': expected shape [4, 2], got [8]");
  });

  it('a weight whose base64 decodes to the wrong number of values', () => {
    const json = good();
    weight(json, '0.bias').data = floatsToBase64(new Float32Array([1, 2, 3]));
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '0.bias': expected 4 values, got 3");
    // 5 bytes ("AAAAAAA=") is not a whole number of float32 values
    weight(json, '0.bias').data = 'AAAAAAA=';
    expect(() => Sequential.fromJSON(json)).toThrow(
      "Sequential.fromJSON: weight '0.bias': expected a whole number of float32 values (bytes a multiple of 4), got 5 bytes",
    );
  });

  it('non-finite values', () => {
    const json = good();
    weight(json, '0.weight').data = floatsToBase64(new Float32Array([0.1, 0.2, NaN, 0.4, 0.5, 0.6, 0.7, 0.8]));
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '0.weight': expected finite values, got NaN at index 2");
    weight(json, '0.weight').data = floatsToBase64(new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, -Infinity]));
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '0.weight': expected finite values, got -Infinity at index 7");
  });

  it('base64 that does not decode', () => {
    const json = good();
    weight(json, '2.bias').data = '@@@@';
    expect(() => Sequential.fromJSON(json)).toThrow(`Sequential.fromJSON: weight '2.bias': expected base64 text, got "@" at character 0`);
    weight(json, '2.bias').data = 'AAAAA';
    expect(() => Sequential.fromJSON(json)).toThrow(
      "Sequential.fromJSON: weight '2.bias': expected base64 text (a multiple of 4 characters), got 5 characters",
    );
    weight(json, '2.bias').data = 'AA=A';
    expect(() => Sequential.fromJSON(json)).toThrow(`Sequential.fromJSON: weight '2.bias': expected base64 text, got "=" at character 2`);
    weight(json, '2.bias').data = 12 as unknown as string;
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '2.bias': expected base64 text (a multiple of 4 characters), got number");
  });

  it('a missing weight', () => {
    const json = good();
    json.weights = json.weights.filter((w) => w.name !== '0.bias');
    expect(() => Sequential.fromJSON(json)).toThrow("Sequential.fromJSON: weight '0.bias' is missing");
  });

  it('an extra weight, and a weight that appears twice', () => {
    const json = good();
    json.weights.push({ name: '3.weight', shape: [1], data: referenceBase64([1]) });
    expect(() => Sequential.fromJSON(json)).toThrow(
      "Sequential.fromJSON: weight '3.weight' does not belong to any layer of the model (expected 0.weight, 0.bias, 2.weight, 2.bias)",
    );
    const twice = good();
    twice.weights.push({ ...twice.weights[1] });
    expect(() => Sequential.fromJSON(twice)).toThrow("Sequential.fromJSON: weight '0.bias' appears twice");
    const unnamed = good();
    (unnamed.weights[2] as { name?: string }).name = undefined;
    expect(() => Sequential.fromJSON(unnamed)).toThrow('Sequential.fromJSON: weights[2]: expected a name, got undefined');
  });

  it('an unknown optimizer in the training state', () => {
    const model = new Sequential([new Dense(2, 1)], { seed: 1 });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const json = JSON.parse(JSON.stringify(model.toJSON({ includeOptimizer: true }))) as ModelJSON;
    json.training!.optimizer.type = 'RMSprop';
    expect(() => Sequential.fromJSON(json)).toThrow('Sequential.fromJSON: training.optimizer: unknown type "RMSprop"; known: SGD, Adam, AdamW');
  });
});

describe('loadWeights', () => {
  const make = (seed: number) => new Sequential([new Dense(2, 4), new BatchNorm(4), new ReLU(), new Dense(4, 1)], { seed });

  it('copies the weights of a saved model of the same architecture', () => {
    const source = make(2);
    source.buffers()[0].value.data.set([1, 2, 3, 4]);
    const target = make(1);
    expect(target.getWeights()).not.toEqual(source.getWeights());
    expect(target.loadWeights(JSON.stringify(source))).toBe(target);
    expect(target.getWeights()).toEqual(source.getWeights());
  });

  it('leaves every weight unchanged when one saved weight is bad (nothing half-loaded)', () => {
    const target = make(1);
    const before = target.getWeights();
    const json = make(2).toJSON();
    // The very last weight is bad: had the others been copied as they were checked, they would have changed.
    const last = json.weights[json.weights.length - 1];
    expect(json.weights.map((w) => w.name)).toEqual([
      '0.weight', '0.bias', '1.gamma', '1.beta', '1.runningMean', '1.runningVariance', '3.weight', '3.bias',
    ]);
    last.data = floatsToBase64(new Float32Array([NaN]));
    expect(() => target.loadWeights(json)).toThrow("Sequential.loadWeights: weight '3.bias': expected finite values, got NaN at index 0");
    expect(target.getWeights()).toEqual(before);
  });

  it('rejects weights of another architecture, unchanged', () => {
    const target = make(1);
    const before = target.getWeights();
    const other = new Sequential([new Dense(2, 5), new BatchNorm(5), new ReLU(), new Dense(5, 1)], { seed: 2 });
    expect(() => target.loadWeights(other.toJSON())).toThrow("Sequential.loadWeights: weight '0.weight': expected shape [4, 2], got [5, 2]");
    expect(target.getWeights()).toEqual(before);
  });
});

/** y = x ⊙ factor, with a trainable factor [features]: a layer the library does not know. */
class Scale implements Layer {
  readonly factor: Param;
  private input: Tensor | null = null;
  constructor(readonly features: number) {
    this.factor = new Param('factor', Tensor.full([features], 2));
  }
  get inFeatures(): number {
    return this.features;
  }
  forward(input: Tensor): Tensor {
    this.input = input;
    const f = this.features;
    return new Tensor(input.data.map((v, k) => v * this.factor.value.data[k % f]), input.shape);
  }
  backward(gradOutput: Tensor): Tensor {
    const x = this.input!, f = this.features;
    gradOutput.data.forEach((g, k) => (this.factor.grad.data[k % f] += g * x.data[k]));
    return new Tensor(gradOutput.data.map((g, k) => g * this.factor.value.data[k % f]), gradOutput.shape);
  }
  params(): Param[] {
    return [this.factor];
  }
  toString(): string {
    return `Scale(${this.features})`;
  }
}

class SavableScale extends Scale {
  getConfig(): LayerConfig {
    return { type: 'SavableScale', config: { features: this.features } };
  }
}

class UnregisteredScale extends Scale {
  getConfig(): LayerConfig {
    return { type: 'UnregisteredScale', config: { features: this.features } };
  }
}

describe('custom layers', () => {
  it('a layer without getConfig is an error at save time, naming it and where it is', () => {
    const model = new Sequential([new Dense(2, 3), new Scale(3)], { seed: 1 });
    expect(() => model.toJSON()).toThrow(NeuriteError);
    expect(() => model.toJSON()).toThrow(
      'Sequential.toJSON: layer 1 (Scale(3)) cannot be saved: it has no getConfig(); give it one and registerLayer() its type',
    );
    expect(() => JSON.stringify(model)).toThrow('cannot be saved');
    const nested = new Sequential([new Sequential([new Dense(2, 3), new Scale(3)])], { seed: 1 });
    expect(() => nested.toJSON()).toThrow('Sequential.toJSON: layer 0.1 (Scale(3)) cannot be saved');
  });

  it('a layer whose type is not registered is an error at save time', () => {
    const model = new Sequential([new UnregisteredScale(2)], { seed: 1 });
    expect(() => model.toJSON()).toThrow(
      "Sequential.toJSON: layer 0 (Scale(2)) has type 'UnregisteredScale', which is not registered; call registerLayer('UnregisteredScale', …) first",
    );
  });

  it('a layer with getConfig and registerLayer round-trips, params included', () => {
    registerLayer('SavableScale', (config) => new SavableScale(config.features as number));
    const model = new Sequential([new Dense(2, 3), new SavableScale(3), new Tanh()], { seed: 1 });
    (model.layers[1] as SavableScale).factor.value.data.set([0.5, -1.5, 3]);
    const json = model.toJSON();
    expect(json.layers[1]).toEqual({ type: 'SavableScale', config: { features: 3 } });
    expect(json.weights.map((w) => w.name)).toEqual(['0.weight', '0.bias', '1.factor']);
    const loaded = Sequential.fromJSON(JSON.stringify(json));
    expect(loaded.layers[1]).toBeInstanceOf(SavableScale);
    expect(Array.from((loaded.layers[1] as SavableScale).factor.value.data)).toEqual([0.5, -1.5, 3]);
    expectSamePredictions(model, loaded, Tensor.randn([4, 2], new Random(1)));
  });

  it('registerLayer checks its arguments', () => {
    expect(() => registerLayer('', () => new Tanh())).toThrow('registerLayer: expected a type name, got ""');
    expect(() => registerLayer('X', 5 as never)).toThrow('registerLayer: expected a function (config) => Layer, got 5');
  });
});

describe('what cannot be saved with includeOptimizer', () => {
  it('a custom learning-rate function is an error at save time', () => {
    const model = new Sequential([new Dense(2, 1)], { seed: 1 });
    model.compile({ optimizer: new Adam({ learningRate: (step: number) => 0.01 / (1 + step) }), loss: 'mse' });
    expect(() => model.toJSON({ includeOptimizer: true })).toThrow(
      'Adam: a custom learning-rate function cannot be saved; use stepDecay, exponentialDecay or cosineDecay',
    );
    // the weights alone still save
    expect(model.toJSON().weights).toHaveLength(2);
  });

  it('an uncompiled model, a custom loss, a custom metric', () => {
    const model = new Sequential([new Dense(2, 1)], { seed: 1 });
    expect(() => model.toJSON({ includeOptimizer: true })).toThrow(
      'Sequential.toJSON: includeOptimizer needs a compiled model; call compile() first',
    );
    const mse = new MeanSquaredError();
    const custom = { forward: (p: Tensor, t: Tensor) => mse.forward(p, t), backward: () => mse.backward(), toString: () => 'MyLoss' };
    model.compile({ optimizer: 'sgd', loss: custom });
    expect(() => model.toJSON({ includeOptimizer: true })).toThrow('Sequential.toJSON: the loss MyLoss cannot be saved; only the built-in losses can');
    const metric = { name: 'mae', reset() {}, update() {}, result: () => 0 };
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: [metric] });
    expect(() => model.toJSON({ includeOptimizer: true })).toThrow('Sequential.toJSON: the metric mae cannot be saved; only accuracy can');
  });
});

describe('base64', () => {
  it('encodes and decodes lengths 0 to 10 as Node’s Buffer does', () => {
    for (let n = 0; n <= 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 250) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      // 4 characters per 3 bytes, rounded up, with padding
      expect(text.length).toBe(4 * Math.ceil(n / 3));
      expect(decodeBase64(text, 'test')).toEqual(bytes);
    }
  });

  it('round-trips random bytes', () => {
    const random = new Random(99);
    for (const n of [1, 2, 3, 100, 1001, 4096]) {
      const bytes = Uint8Array.from({ length: n }, () => random.int(256));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text, 'test')).toEqual(bytes);
      expect(decodeBase64(Buffer.from(bytes).toString('base64'), 'test')).toEqual(bytes);
    }
  });

  it('round-trips float32 values exactly, −0 and extremes included', () => {
    const values = new Float32Array([0, -0, 1, -1, 0.1, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, Math.PI]);
    const back = base64ToFloats(floatsToBase64(values), 'test');
    expect(back).toEqual(values);
    expect(Object.is(back[1], -0)).toBe(true);
  });

  it('rejects characters outside the alphabet and misplaced padding, naming what', () => {
    expect(() => decodeBase64('@@@@', 'my weight')).toThrow('my weight: expected base64 text, got "@" at character 0');
    expect(() => decodeBase64('AB-D', 'w')).toThrow('w: expected base64 text, got "-" at character 2');
    expect(() => decodeBase64('AAé=', 'w')).toThrow('w: expected base64 text, got "é" at character 2');
    expect(() => decodeBase64('A=AA', 'w')).toThrow('w: expected base64 text, got "=" at character 1');
    expect(() => decodeBase64('A===', 'w')).toThrow('w: expected base64 text, got "=" at character 1');
    expect(() => decodeBase64('AAA', 'w')).toThrow('w: expected base64 text (a multiple of 4 characters), got 3 characters');
  });
});

import { describe, expect, it } from 'vitest';
import {
  AvgPool2D,
  BatchNorm,
  CategoricalCrossEntropy,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  GlobalAvgPool2D,
  MaxPool2D,
  Random,
  ReLU,
  Sequential,
  Softmax,
  Tensor,
  type Layer,
} from '../../src/index.js';

function paramGrads(model: Sequential): Float32Array[] {
  return model.params().map((p) => p.grad.data.slice());
}

describe('backwardParams (the first layer skips its input gradient in training)', () => {
  it('Dense.backwardParams adds the same weight and bias gradients as backward', () => {
    const random = new Random(3);
    const a = new Dense(5, 3, { random: new Random(1) });
    const b = new Dense(5, 3, { random: new Random(1) });
    const x = Tensor.randn([4, 5], random), g = Tensor.randn([4, 3], random);
    a.forward(x, true);
    b.forward(x, true);
    a.backward(g);
    b.backwardParams(g);
    expect(b.weight.grad.data).toEqual(a.weight.grad.data);
    expect(b.bias!.grad.data).toEqual(a.bias!.grad.data);
  });

  it('Dense.backwardParams before forward is the same error as backward', () => {
    expect(() => new Dense(2, 1).backwardParams(Tensor.zeros([1, 1]))).toThrow('Dense(2 → 1): backward called before forward');
  });

  it('Sequential.backwardParams gives every param the gradient backward gives it', () => {
    const make = () => new Sequential([new Dense(4, 6), new ReLU(), new Dense(6, 2)], { seed: 9 });
    const a = make(), b = make();
    const random = new Random(4);
    const x = Tensor.randn([5, 4], random), g = Tensor.randn([5, 2], random);
    a.forward(x, true);
    b.forward(x, true);
    a.backward(g);
    b.backwardParams(g);
    expect(paramGrads(b)).toEqual(paramGrads(a));
  });

  it('fit never computes the first Dense layer’s input gradient', async () => {
    const first = new Dense(2, 3);
    const model = new Sequential([first, new ReLU(), new Dense(3, 1)], { seed: 2 });
    let inputGradients = 0;
    const backward = first.backward.bind(first);
    first.backward = (g: Tensor) => {
      inputGradients++;
      return backward(g);
    };
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await model.fit([[0, 1], [1, 0], [1, 1]], [1, 1, 0], { epochs: 2, batchSize: 2 });
    expect(inputGradients).toBe(0);
    // …while a plain backward through the model still computes it.
    model.forward(Tensor.from([[1, 2]]), true);
    model.backward(Tensor.from([[1]]));
    expect(inputGradients).toBe(1);
  });
});

describe('a training step in steady state reuses its buffers', () => {
  it('every layer returns the same output and gradient tensors at every step while the batch size holds', async () => {
    const layers = [new Dense(3, 8), new ReLU(), new Dense(8, 2)];
    const model = new Sequential(layers, { seed: 5 });
    const outputs = layers.map(() => new Set<Tensor>());
    const gradients = layers.map(() => new Set<Tensor>());
    layers.forEach((layer, i) => {
      const forward = layer.forward.bind(layer), backward = layer.backward.bind(layer);
      layer.forward = (x: Tensor, training: boolean) => {
        const y = forward(x, training);
        outputs[i].add(y);
        return y;
      };
      layer.backward = (g: Tensor) => {
        const d = backward(g);
        gradients[i].add(d);
        return d;
      };
    });
    const loss = new CategoricalCrossEntropy({ fromLogits: true });
    const lossGradients = new Set<Tensor>();
    const lossBackward = loss.backward.bind(loss);
    loss.backward = () => {
      const g = lossBackward();
      lossGradients.add(g);
      return g;
    };
    model.compile({ optimizer: 'adam', loss });
    const random = new Random(1);
    const x = Tensor.randn([64, 3], random);
    const y = Array.from({ length: 64 }, (_, i) => i % 2);
    await model.fit(x, y, { epochs: 3, batchSize: 16 }); // 12 steps, all of 16 samples
    for (let i = 0; i < layers.length; i++) expect(outputs[i].size, `layer ${i} outputs`).toBe(1);
    // Layer 0 is a Dense layer: fit skips its input gradient, so its backward is never called.
    expect(gradients[0].size).toBe(0);
    expect(gradients[1].size).toBe(1);
    expect(gradients[2].size).toBe(1);
    expect(lossGradients.size).toBe(1);
  });
});

describe('a training step on images in steady state reuses its buffers', () => {
  it('a rank-4 model returns the same output and gradient tensors at every step', async () => {
    // [batch, 4, 4, 2] all the way: BatchNorm per channel, ReLU, Dropout, Softmax over the channels, MSE on images.
    const layers = [new BatchNorm(2), new ReLU(), new Dropout(0.2), new Softmax()];
    const model = new Sequential(layers, { seed: 5, inputShape: [4, 4, 2] });
    const outputs = layers.map(() => new Set<Tensor>());
    const gradients = layers.map(() => new Set<Tensor>());
    layers.forEach((layer, i) => {
      const forward = layer.forward.bind(layer), backward = layer.backward.bind(layer);
      layer.forward = (x: Tensor, training: boolean) => {
        const y = forward(x, training);
        outputs[i].add(y);
        return y;
      };
      layer.backward = (g: Tensor) => {
        const d = backward(g);
        gradients[i].add(d);
        return d;
      };
    });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const random = new Random(1);
    const x = Tensor.randn([64, 4, 4, 2], random);
    const y = Tensor.uniform([64, 4, 4, 2], random);
    await model.fit(x, y, { epochs: 3, batchSize: 16 });
    for (let i = 0; i < layers.length; i++) {
      expect(outputs[i].size, `layer ${i} outputs`).toBe(1);
      expect(gradients[i].size, `layer ${i} gradients`).toBeLessThanOrEqual(1);
    }
    expect(gradients[3].size).toBe(1);
    expect([...outputs[3]][0].shape).toEqual([16, 4, 4, 2]);
  });
});

/** Wraps each layer's forward and backward to record every tensor they return. */
function recordTensors(layers: Layer[]): { outputs: Set<Tensor>[]; gradients: Set<Tensor>[] } {
  const outputs = layers.map(() => new Set<Tensor>());
  const gradients = layers.map(() => new Set<Tensor>());
  layers.forEach((layer, i) => {
    const forward = layer.forward.bind(layer), backward = layer.backward.bind(layer);
    layer.forward = (x: Tensor, training: boolean) => {
      const y = forward(x, training);
      outputs[i].add(y);
      return y;
    };
    layer.backward = (g: Tensor) => {
      const d = backward(g);
      gradients[i].add(d);
      return d;
    };
  });
  return { outputs, gradients };
}

describe('a training step of a convnet in steady state reuses its buffers', () => {
  it('every layer returns the same output and gradient tensors at every step, and the first Conv2D skips its input gradient', async () => {
    const layers: Layer[] = [
      new Conv2D(1, 4, 3), new ReLU(), new MaxPool2D(2),
      new Conv2D(4, 6, 3, { padding: 'same', stride: [1, 2] }), new BatchNorm(6), new ReLU(), new AvgPool2D(2, { padding: 'same' }),
      new Conv2D(6, 8, 1), new GlobalAvgPool2D(), new Dense(8, 3),
    ];
    const model = new Sequential(layers, { seed: 5, inputShape: [12, 11, 1] });
    const { outputs, gradients } = recordTensors(layers);
    model.compile({ optimizer: 'adam', loss: new CategoricalCrossEntropy({ fromLogits: true }) });
    const random = new Random(1);
    const x = Tensor.randn([48, 12, 11, 1], random);
    const y = Array.from({ length: 48 }, (_, i) => i % 3);
    await model.fit(x, y, { epochs: 3, batchSize: 16 }); // 9 steps, all of 16 samples
    for (let i = 0; i < layers.length; i++) expect(outputs[i].size, `${layers[i]} outputs`).toBe(1);
    expect(gradients[0].size).toBe(0);
    for (let i = 1; i < layers.length; i++) expect(gradients[i].size, `${layers[i]} gradients`).toBe(1);
  });

  it('so does the convnet of the benchmark, Flatten included', async () => {
    const layers: Layer[] = [
      new Conv2D(1, 4, 3), new ReLU(), new MaxPool2D(2), new Conv2D(4, 8, 3), new ReLU(), new MaxPool2D(2),
      new Flatten(), new Dense(8 * 5 * 5, 16), new ReLU(), new Dense(16, 10),
    ];
    const model = new Sequential(layers, { seed: 6, inputShape: [28, 28, 1] });
    const { outputs, gradients } = recordTensors(layers);
    model.compile({ optimizer: 'adam', loss: new CategoricalCrossEntropy({ fromLogits: true }) });
    const x = Tensor.uniform([32, 28, 28, 1], new Random(2));
    await model.fit(x, Array.from({ length: 32 }, (_, i) => i % 10), { epochs: 2, batchSize: 8 });
    for (let i = 0; i < layers.length; i++) expect(outputs[i].size, `${layers[i]} outputs`).toBe(1);
    for (let i = 1; i < layers.length; i++) expect(gradients[i].size, `${layers[i]} gradients`).toBe(1);
  });
});

// neurite through its public API, exactly as a user would write it.
import { readFileSync } from 'node:fs';
import {
  Adam,
  CategoricalCrossEntropy,
  Conv2D,
  Dense,
  Flatten,
  MaxPool2D,
  MeanSquaredError,
  ReLU,
  Sequential,
  Sigmoid,
  Tensor,
  matmul,
  matmulTransA,
  matmulTransB,
  getBackend,
  setBackend,
  type Backend,
  type Layer,
} from '../../src/index.js';
import { fillRandom, operandShapes, xorHidden, xorInputs, xorLearningRate, xorTargetMse, xorTargets, type Library } from './library.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// The `neurite` rows use neurite's default kernels ('wasm' where WebAssembly SIMD is available, else
// 'js'); NEURITE_BACKEND=js|wasm overrides that, e.g. `NEURITE_BACKEND=js npm run bench -- --only matmul
// --libs neurite`. The `neurite-js` rows always use the plain-JavaScript kernels. The report names the
// backend each row ran on.
const requestedBackend = process.env.NEURITE_BACKEND;

/** Dense(784, h₁), ReLU, …, Dense(h_last, 10): the MNIST models. */
export function mnistLayers(hidden: readonly number[]): Layer[] {
  const layers: Layer[] = [];
  let inputs = 784;
  for (const width of hidden) {
    layers.push(new Dense(inputs, width), new ReLU());
    inputs = width;
  }
  layers.push(new Dense(inputs, 10));
  return layers;
}

/** The benchmark's convnet, on images [batch, 28, 28, 1]. */
export function convnetLayers(): Layer[] {
  return [
    new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2),
    new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2),
    new Flatten(), new Dense(1600, 128), new ReLU(), new Dense(128, 10),
  ];
}

/** neurite on `backend`, or on its default (or NEURITE_BACKEND's) when none is given. */
export function createNeurite(backend?: Backend): Library {
  if (backend) setBackend(backend);
  else if (requestedBackend === 'js' || requestedBackend === 'wasm') setBackend(requestedBackend);
  return neurite;
}

const neurite: Library = {
  info: () => ({ version: `${version} (this checkout)`, backend: getBackend() }),

  matmul(size, form) {
    const shapes = operandShapes(size, form);
    const a = new Tensor(fillRandom(new Float32Array(shapes.a[0] * shapes.a[1]), 1), shapes.a);
    const b = new Tensor(fillRandom(new Float32Array(shapes.b[0] * shapes.b[1]), 2), shapes.b);
    const out = Tensor.zeros([size.m, size.n]);
    const product = form === 'A·B' ? matmul : form === 'Aᵀ·B' ? matmulTransA : matmulTransB;
    return { run: () => void product(a, b, out), dispose: () => {} };
  },

  async mnist(data, options) {
    const model = new Sequential(mnistLayers(options.hidden), { seed: options.seed });
    model.compile({
      optimizer: new Adam({ learningRate: options.learningRate }),
      loss: new CategoricalCrossEntropy({ fromLogits: true }),
    });
    return {
      epoch: async () => {
        const history = await model.fit(data.images, data.labels, { epochs: 1, batchSize: options.batchSize });
        return history.history.loss[0];
      },
      dispose: () => {},
    };
  },

  async convnet(data, options) {
    const model = new Sequential(convnetLayers(), { seed: options.seed, inputShape: [28, 28, 1] });
    model.compile({
      optimizer: new Adam({ learningRate: options.learningRate }),
      loss: new CategoricalCrossEntropy({ fromLogits: true }),
    });
    const images = data.images.reshape([data.images.shape[0], 28, 28, 1]);
    return {
      epoch: async () => {
        const history = await model.fit(images, data.labels, { epochs: 1, batchSize: options.batchSize });
        return history.history.loss[0];
      },
      dispose: () => {},
    };
  },

  async xor(seed, maxEpochs) {
    const model = new Sequential([new Dense(2, xorHidden), new Sigmoid(), new Dense(xorHidden, 1), new Sigmoid()], { seed });
    model.compile({ optimizer: new Adam({ learningRate: xorLearningRate }), loss: new MeanSquaredError() });
    return {
      train: async () => {
        let mse = Infinity;
        const history = await model.fit(xorInputs, xorTargets, {
          epochs: maxEpochs,
          batchSize: 4,
          callbacks: [
            {
              onEpochEnd: (_epoch, logs) => {
                mse = logs.loss;
                if (mse < xorTargetMse) model.stopTraining = true;
              },
            },
          ],
        });
        return { epochs: history.epoch.length, mse };
      },
      dispose: () => {},
    };
  },
};

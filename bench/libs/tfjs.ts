// TensorFlow.js 4.22 (tfjs-core + tfjs-layers) on its pure-JavaScript `cpu` backend or its
// WebAssembly `wasm` backend (XNNPACK). Never tfjs-node: everything here runs in plain Node.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fillRandom, operandShapes, xorHidden, xorInputs, xorLearningRate, xorTargetMse, xorTargets, type Library } from './library.js';

export type TfjsBackend = 'cpu' | 'wasm';

const requireFrom = createRequire(import.meta.url);

/** Imports the one backend asked for (so the other adds nothing to the child's RSS) and makes it current. */
async function useBackend(backend: TfjsBackend): Promise<Record<string, string>> {
  const info: Record<string, string> = { version: tf.version_core };
  if (backend === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm files are read from disk: point setWasmPaths at the package's dist/.
    const dist = join(dirname(requireFrom.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(`${dist}/`);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.binary = simd ? (threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm') : 'tfjs-backend-wasm.wasm';
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`expected the ${backend} backend, got ${tf.getBackend()}`);
  info.backend = tf.getBackend();
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    info.threads = String(wasm.getThreadsCount());
  }
  return info;
}

function dense(units: number, seed: number, activation: 'relu' | 'sigmoid' | 'linear', inputs?: number): tfl.layers.Layer {
  return tfl.layers.dense({
    units,
    activation,
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    ...(inputs === undefined ? {} : { inputShape: [inputs] }),
  });
}

/** The benchmark's convnet in tfjs-layers, Glorot-uniform kernels seeded like the Dense layers. */
function convnetModel(seed: number): tfl.Sequential {
  const conv = (filters: number, i: number, inputShape?: number[]) =>
    tfl.layers.conv2d({ filters, kernelSize: 3, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + i }), ...(inputShape ? { inputShape } : {}) });
  return tfl.sequential({
    layers: [
      conv(32, 0, [28, 28, 1]),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(64, 1),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      dense(128, seed + 2, 'relu'),
      dense(10, seed + 3, 'linear'),
    ],
  });
}

export async function createTfjs(backend: TfjsBackend): Promise<Library> {
  const info = await useBackend(backend);
  return {
    info: () => info,

    matmul(size, form) {
      const shapes = operandShapes(size, form);
      const a = tf.tensor2d(fillRandom(new Float32Array(shapes.a[0] * shapes.a[1]), 1), shapes.a);
      const b = tf.tensor2d(fillRandom(new Float32Array(shapes.b[0] * shapes.b[1]), 2), shapes.b);
      const transA = form === 'Aᵀ·B', transB = form === 'A·Bᵀ';
      // Kernels run eagerly and synchronously on both backends: the product is done when matMul returns.
      return {
        run: () => tf.matMul(a, b, transA, transB).dispose(),
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    },

    async mnist(data, options) {
      const n = data.images.shape[0];
      const xs = tf.tensor2d(data.images.data, [n, 784]);
      const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(data.labels.data), 'int32'), 10), 'float32'));
      const model = tfl.sequential();
      let inputs = 784;
      options.hidden.forEach((width, i) => {
        model.add(dense(width, options.seed + i, 'relu', i === 0 ? inputs : undefined));
        inputs = width;
      });
      model.add(dense(10, options.seed + options.hidden.length, 'linear'));
      model.compile({
        optimizer: tf.train.adam(options.learningRate),
        loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
      });
      return {
        epoch: async () => {
          const history = await model.fit(xs, ys, { epochs: 1, batchSize: options.batchSize, shuffle: true, verbose: 0 });
          return Number(history.history.loss[0]);
        },
        dispose: () => {
          model.dispose();
          xs.dispose();
          ys.dispose();
        },
      };
    },

    async convnet(data, options) {
      const n = data.images.shape[0];
      const xs = tf.tensor4d(data.images.data, [n, 28, 28, 1]);
      const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(data.labels.data), 'int32'), 10), 'float32'));
      const model = convnetModel(options.seed);
      model.compile({
        optimizer: tf.train.adam(options.learningRate),
        loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
      });
      return {
        epoch: async () => {
          const history = await model.fit(xs, ys, { epochs: 1, batchSize: options.batchSize, shuffle: true, verbose: 0 });
          return Number(history.history.loss[0]);
        },
        dispose: () => {
          model.dispose();
          xs.dispose();
          ys.dispose();
        },
      };
    },

    async xor(seed, maxEpochs) {
      const xs = tf.tensor2d(xorInputs);
      const ys = tf.tensor2d(xorTargets, [4, 1]);
      const model = tfl.sequential({ layers: [dense(xorHidden, seed, 'sigmoid', 2), dense(1, seed + 1, 'sigmoid')] });
      model.compile({ optimizer: tf.train.adam(xorLearningRate), loss: 'meanSquaredError' });
      return {
        train: async () => {
          let mse = Infinity;
          const history = await model.fit(xs, ys, {
            epochs: maxEpochs,
            batchSize: 4,
            verbose: 0,
            callbacks: {
              onEpochEnd: async (_epoch, logs) => {
                mse = logs?.loss ?? Infinity;
                if (mse < xorTargetMse) model.stopTraining = true;
              },
            },
          });
          return { epochs: history.epoch.length, mse };
        },
        dispose: () => {
          model.dispose();
          xs.dispose();
          ys.dispose();
        },
      };
    },
  };
}

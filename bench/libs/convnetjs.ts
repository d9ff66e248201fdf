// ConvNetJS 0.3.0, the version on npm. It trains one sample at a time (forward, backward,
// gradients accumulated) and updates every `batch_size` samples, in Float64Array. Its npm
// release has no Adam (`method: 'adam'` silently falls back to SGD with momentum 0.9), so the
// MNIST run uses adadelta, whose per-weight update costs about what Adam's does; XOR uses
// SGD with momentum. It initialises from Math.random (unseeded).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type * as ConvNetJS from 'convnetjs';
import { xorHidden, xorInputs, xorTargetMse, xorTargets, type Library } from './library.js';

const requireFrom = createRequire(import.meta.url);
const cn = requireFrom('convnetjs') as typeof ConvNetJS;
const version = (JSON.parse(readFileSync(requireFrom.resolve('convnetjs/package.json'), 'utf8')) as { version: string }).version;

export const mnistMethod = 'adadelta';
export const xorMethod = { method: 'sgd', learning_rate: 0.5, momentum: 0.9 } as const;

/** A seeded Fisher–Yates shuffle of 0 … n−1 (the epoch order). */
function shuffled(order: Int32Array, state: { s: number }): Int32Array {
  for (let i = order.length - 1; i > 0; i--) {
    state.s ^= state.s << 13;
    state.s ^= state.s >>> 17;
    state.s ^= state.s << 5;
    const j = (state.s >>> 0) % (i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

export const convnetjs: Library = {
  info: () => ({
    version,
    'MNIST optimizer': `${mnistMethod} (npm's ConvNetJS 0.3.0 has no Adam)`,
    'XOR optimizer': `SGD, learning rate ${xorMethod.learning_rate}, momentum ${xorMethod.momentum}`,
  }),

  async mnist(data, options) {
    const defs: ConvNetJS.LayerDef[] = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 }];
    for (const width of options.hidden) defs.push({ type: 'fc', num_neurons: width, activation: 'relu' });
    defs.push({ type: 'softmax', num_classes: 10 });
    const net = new cn.Net();
    net.makeLayers(defs);
    const trainer = new cn.Trainer(net, { method: mnistMethod, batch_size: options.batchSize, l2_decay: 0 });
    const n = data.images.shape[0];
    const pixels = data.images.data, labels = data.labels.data;
    const order = new Int32Array(n).map((_, i) => i);
    const random = { s: options.seed * 2654435761 || 1 };
    const x = new cn.Vol(1, 1, 784, 0);
    return {
      epoch: async () => {
        shuffled(order, random);
        let loss = 0;
        for (let i = 0; i < n; i++) {
          const row = order[i];
          x.w.set(pixels.subarray(row * 784, row * 784 + 784));
          loss += trainer.train(x, labels[row]).cost_loss;
        }
        return loss / n;
      },
      dispose: () => {},
    };
  },

  async convnet(data, options) {
    // Vol(28, 28, 1) keeps pixel (x, y) at w[y·28 + x]: the row-major layout of the MNIST rows.
    const net = new cn.Net();
    net.makeLayers([
      { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
      { type: 'conv', sx: 3, filters: 32, stride: 1, pad: 0, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'conv', sx: 3, filters: 64, stride: 1, pad: 0, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
      { type: 'fc', num_neurons: 128, activation: 'relu' },
      { type: 'softmax', num_classes: 10 },
    ]);
    const trainer = new cn.Trainer(net, { method: mnistMethod, batch_size: options.batchSize, l2_decay: 0 });
    const n = data.images.shape[0];
    const pixels = data.images.data, labels = data.labels.data;
    const order = new Int32Array(n).map((_, i) => i);
    const random = { s: options.seed * 2654435761 || 1 };
    const x = new cn.Vol(28, 28, 1, 0);
    return {
      epoch: async () => {
        shuffled(order, random);
        let loss = 0;
        for (let i = 0; i < n; i++) {
          const row = order[i];
          x.w.set(pixels.subarray(row * 784, row * 784 + 784));
          loss += trainer.train(x, labels[row]).cost_loss;
        }
        return loss / n;
      },
      dispose: () => {},
    };
  },

  async xor(_seed, maxEpochs) {
    // Built layer by layer: makeLayers() would put a linear fc layer before the regression
    // (MSE) layer, and the network here ends in a sigmoid like the others.
    const one = { in_sx: 1, in_sy: 1 };
    const net = new cn.Net();
    net.layers = [
      new cn.InputLayer({ out_sx: 1, out_sy: 1, out_depth: 2 }),
      new cn.FullyConnLayer({ ...one, in_depth: 2, num_neurons: xorHidden }),
      new cn.SigmoidLayer({ ...one, in_depth: xorHidden }),
      new cn.FullyConnLayer({ ...one, in_depth: xorHidden, num_neurons: 1 }),
      new cn.SigmoidLayer({ ...one, in_depth: 1 }),
      new cn.RegressionLayer({ ...one, in_depth: 1 }),
    ];
    const trainer = new cn.Trainer(net, { ...xorMethod, batch_size: 4, l2_decay: 0 });
    const inputs = xorInputs.map(([a, b]) => {
      const v = new cn.Vol(1, 1, 2, 0);
      v.w[0] = a;
      v.w[1] = b;
      return v;
    });
    const targets = xorTargets.map((t) => [t]);
    return {
      train: async () => {
        let mse = Infinity;
        let epochs = 0;
        while (epochs < maxEpochs) {
          let sum = 0;
          // The regression layer reports 2·(y − t)² per sample.
          for (let i = 0; i < 4; i++) sum += trainer.train(inputs[i], targets[i]).cost_loss / 2;
          epochs++;
          mse = sum / 4;
          if (mse < xorTargetMse) break;
        }
        return { epochs, mse };
      },
      dispose: () => {},
    };
  },
};

// brain.js 1.6.1, the `latest` release on npm (its 2.0 betas need gpu.js 2, whose native `gl`
// dependency is built at install time). Its NeuralNetwork uses one activation for every layer,
// a squared-error output and an update after every sample (no mini-batches, no softmax
// cross-entropy), so it can express XOR but not the MNIST runs, and has no matrix product to time.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type * as Brain from 'brain.js';
import { xorHidden, xorInputs, xorTargetMse, xorTargets, type Library } from './library.js';

const requireFrom = createRequire(import.meta.url);
const brain = requireFrom('brain.js') as typeof Brain;
const version = (JSON.parse(readFileSync(requireFrom.resolve('brain.js/package.json'), 'utf8')) as { version: string }).version;

/** brain.js's own defaults: SGD with learning rate 0.3 and momentum 0.1, one sample at a time. */
export const brainTraining = { learningRate: 0.3, momentum: 0.1 } as const;

export const brainjs: Library = {
  info: () => ({
    version,
    'XOR optimizer': `SGD, learning rate ${brainTraining.learningRate}, momentum ${brainTraining.momentum}, an update per sample (its defaults)`,
  }),

  async xor(_seed, maxEpochs) {
    const net = new brain.NeuralNetwork({ hiddenLayers: [xorHidden], activation: 'sigmoid' });
    const data = xorInputs.map((input, i) => ({ input, output: [xorTargets[i]] }));
    return {
      train: async () => {
        // `error` is the mean squared error over the four points, measured during the pass.
        const state = net.train(data, { ...brainTraining, errorThresh: xorTargetMse, iterations: maxEpochs });
        return { epochs: state.iterations, mse: state.error };
      },
      dispose: () => {},
    };
  },
};

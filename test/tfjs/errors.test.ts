/**
 * Models TensorFlow.js saves that neurite cannot hold: each is a DataError naming the
 * layer (its index, name and class) and what is supported. The bad-input matrix
 * (test/robustness/cases.ts, which must stay importable in a browser) has the cases that
 * need no TensorFlow.js: malformed files, missing and misshapen weights, wrong shards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/index.js';
import { fromTfjs, SUPPORTED_KERAS_LAYERS } from '../../src/tfjs.js';
import { ready, save, tfl } from './tfjs.js';

beforeAll(ready);

const L = tfl.layers;

/** What fromTfjs says about the model `make` builds, once tfjs has saved it. */
async function errorFor(make: () => tfl.LayersModel): Promise<unknown> {
  const { modelJson, weightData } = await save(make());
  try {
    fromTfjs(modelJson, weightData);
  } catch (error) {
    return error;
  }
  throw new Error('fromTfjs read the model');
}

const cases: [string, () => tfl.LayersModel, string][] = [
  [
    'an unsupported layer class',
    () => tfl.sequential({ layers: [L.embedding({ name: 'embed', inputDim: 10, outputDim: 4, inputLength: 3 })] }),
    `fromTfjs: layer 0 "embed" (Embedding): the class Embedding is not supported; neurite reads ${SUPPORTED_KERAS_LAYERS}`,
  ],
  [
    'a Dense activation neurite lacks',
    () => tfl.sequential({ layers: [L.dense({ name: 'fc', units: 4, inputShape: [3], activation: 'elu' })] }),
    'fromTfjs: layer 0 "fc" (Dense): activation "elu" is not supported; neurite has linear, relu, sigmoid, tanh, softmax',
  ],
  [
    'an Activation layer neurite lacks',
    () => tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [3] }), L.activation({ name: 'act', activation: 'softplus' })] }),
    'fromTfjs: layer 1 "act" (Activation): activation "softplus" is not supported; neurite has linear, relu, sigmoid, tanh, softmax',
  ],
  [
    'a Dense on [batch, 5, 3] (Keras applies it to the last axis)',
    () => tfl.sequential({ layers: [L.dense({ name: 'fc', units: 4, inputShape: [5, 3] })] }),
    "fromTfjs: layer 0 \"fc\" (Dense): expected its input to be [batch, features], got [batch, 5, 3]; Keras applies Dense to the last axis, neurite's Dense takes flat samples (add a Flatten before it)",
  ],
  [
    'a BatchNormalization over the first axis of [batch, 4, 3]',
    () => tfl.sequential({ layers: [L.batchNormalization({ name: 'bn', axis: 1, inputShape: [4, 3] })] }),
    'fromTfjs: layer 0 "bn" (BatchNormalization): expected axis -1 or 2 (the last axis: neurite normalises per channel, NHWC), got 1',
  ],
  [
    'a LeakyReLU alpha neurite refuses',
    () => tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [3] }), L.leakyReLU({ name: 'leaky', alpha: 1.5 })] }),
    "fromTfjs: layer 1 \"leaky\" (LeakyReLU): expected alpha in [0, 1) (neurite's LeakyReLU), got 1.5",
  ],
  [
    'a ReLU with a max_value',
    () => tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [3] }), L.reLU({ name: 'relu6', maxValue: 6 })] }),
    "fromTfjs: layer 1 \"relu6\" (ReLU): max_value 6 is not supported (neurite's ReLU is unbounded)",
  ],
  [
    'a Dropout with a noise_shape',
    () => tfl.sequential({ layers: [L.dense({ units: 4, inputShape: [3] }), L.dropout({ name: 'drop', rate: 0.5, noiseShape: [1, 4] })] }),
    "fromTfjs: layer 1 \"drop\" (Dropout): noise_shape [1,4] is not supported (neurite's Dropout drops each value on its own)",
  ],
  [
    'a functional model that branches',
    () => {
      const input = tfl.input({ shape: [3], name: 'in' });
      const a = L.dense({ name: 'a', units: 4 }).apply(input) as tfl.SymbolicTensor;
      const b = L.dense({ name: 'b', units: 4 }).apply(input) as tfl.SymbolicTensor;
      return tfl.model({ inputs: input, outputs: L.add({ name: 'sum' }).apply([a, b]) as tfl.SymbolicTensor });
    },
    'fromTfjs: layer 2 "b" (Dense): "in" feeds both layer 1 "a" (Dense) and this layer (a branch); neurite reads one chain of layers',
  ],
];

describe('fromTfjs: models TensorFlow.js saves that neurite cannot hold', () => {
  it.each(cases)('%s', async (_, make, message) => {
    const error = await errorFor(make);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe(message);
  });

  it('passes over what changes nothing it computes: initializers, constraints, bias regularizers, trainable', async () => {
    const model = tfl.sequential({
      layers: [
        L.dense({ units: 4, inputShape: [3], biasRegularizer: 'l1l2', kernelConstraint: 'maxNorm', biasConstraint: 'nonNeg', kernelInitializer: 'heNormal', trainable: false }),
        L.batchNormalization({ gammaConstraint: 'nonNeg', betaRegularizer: 'l1l2', movingVarianceInitializer: 'ones' }),
      ],
    });
    const { modelJson, weightData } = await save(model);
    expect(fromTfjs(modelJson, weightData).layers.map(String)).toEqual(['Dense(3 → 4)', 'BatchNorm(4)']);
  });
});

/**
 * toTfjs against TensorFlow.js: neurite models (weights and statistics set from a seeded
 * Random, away from their defaults) are written, loaded by tfjs-layers
 * (`tf.loadLayersModel(tf.io.fromMemory(…))`), and tfjs's predictions compared with
 * neurite's. Tolerance: |tfjs − neurite| ≤ 1e-5 · max(1, |neurite|). The worst difference
 * of each case is printed at the end. Then the round trips: neurite → tfjs → neurite is
 * bit-identical, and a model tfjs saves again reads back the same.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Adam,
  BatchNorm,
  Dense,
  Dropout,
  l2,
  LeakyReLU,
  Random,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  Tensor,
  type Layer,
  type Param,
} from '../../src/index.js';
import { fromTfjs, toTfjs } from '../../src/tfjs.js';
import { expectSameValues } from '../helpers.js';
import { load, parityRecorder, predict, ready, save, tfl } from './tfjs.js';

vi.setConfig({ testTimeout: 60_000 });

beforeAll(ready);
const record = parityRecorder('toTfjs parity with TensorFlow.js');

/** Writes `model`, loads it into tfjs, and checks tfjs's predictions on `x` against neurite's. */
async function expectParity(name: string, model: Sequential, x: Tensor): Promise<tfl.LayersModel> {
  const { modelJson, weightData } = toTfjs(model);
  const tfModel = await load(JSON.parse(JSON.stringify(modelJson)), weightData);
  const want = model.predict(x);
  const got = predict(tfModel, x);
  expect(got.length).toBe(want.size);
  record(name, got, want.data);
  return tfModel;
}

/** Sets every param (and BatchNorm's running statistics) to seeded random values, away from the defaults. */
function randomize(model: Sequential, seed: number): Sequential {
  const random = new Random(seed);
  const fill = (p: { value: Tensor } | Param, low: number, high: number): void => {
    for (let i = 0; i < p.value.size; i++) p.value.data[i] = low + (high - low) * random.next();
  };
  const visit = (layers: readonly Layer[]): void => {
    for (const layer of layers) {
      if (layer instanceof Sequential) visit(layer.layers);
      else if (layer instanceof BatchNorm) {
        fill(layer.gamma, 0.5, 1.5);
        fill(layer.beta, -0.5, 0.5);
        fill({ value: layer.runningMean }, -1, 1);
        fill({ value: layer.runningVariance }, 0.2, 2);
      } else for (const p of layer.params()) fill(p, -1, 1);
    }
  };
  visit(model.layers);
  return model;
}

const x8x6 = Tensor.randn([8, 6], new Random(41));

describe('toTfjs: each layer, loaded by TensorFlow.js', () => {
  const cases: [string, () => Layer[], string[]][] = [
    ['Dense', () => [new Dense(6, 4)], ['Dense']],
    ['Dense without bias', () => [new Dense(6, 4, { useBias: false })], ['Dense']],
    ['Sigmoid', () => [new Dense(6, 5), new Sigmoid()], ['Dense', 'Activation']],
    ['Tanh', () => [new Dense(6, 5), new Tanh()], ['Dense', 'Activation']],
    ['ReLU', () => [new Dense(6, 5), new ReLU()], ['Dense', 'ReLU']],
    ['LeakyReLU', () => [new Dense(6, 5), new LeakyReLU({ alpha: 0.1 })], ['Dense', 'LeakyReLU']],
    ['Softmax', () => [new Dense(6, 5), new Softmax()], ['Dense', 'Softmax']],
    ['Dropout', () => [new Dense(6, 5), new Dropout(0.3), new Dense(5, 2)], ['Dense', 'Dropout', 'Dense']],
    ['BatchNorm', () => [new Dense(6, 5), new BatchNorm(5, { epsilon: 0.01, momentum: 0.9 })], ['Dense', 'BatchNormalization']],
    ['BatchNorm first', () => [new BatchNorm(6), new Dense(6, 2)], ['BatchNormalization', 'Dense']],
    ['nested Sequential', () => [new Dense(6, 5), new Sequential([new ReLU(), new Dense(5, 3)]), new Softmax()], ['Dense', 'ReLU', 'Dense', 'Softmax']],
  ];

  it.each(cases)('%s', async (name, layers, classes) => {
    const model = randomize(new Sequential(layers(), { seed: 1 }), 2);
    const tfModel = await expectParity(name, model, x8x6);
    expect(tfModel.layers.map((l) => l.getClassName())).toEqual(classes);
    // Read back, the model is the same model: the same layers, bit-identical predictions.
    const { modelJson, weightData } = toTfjs(model);
    const again = fromTfjs(modelJson, weightData);
    expectSameValues(again.predict(x8x6).data, model.predict(x8x6).data, name);
  });

  it('names layers as Keras does, lists the weights as TensorFlow.js saves them, and keeps the weight regularizer', async () => {
    const model = randomize(new Sequential([
      new Dense(6, 8, { weightRegularizer: l2(0.01) }), new BatchNorm(8), new ReLU(), new Dense(8, 8), new BatchNorm(8), new LeakyReLU(), new Dense(8, 2), new Softmax(),
    ], { seed: 1 }), 3);
    const { modelJson, weightData } = toTfjs(model);
    const tfModel = await expectParity('an MLP of every layer', model, x8x6);
    const layers = (modelJson.modelTopology.config as { layers: { config: { name: string } }[] }).layers;
    expect(layers.map((l) => l.config.name)).toEqual(['dense', 'batch_normalization', 're_lu', 'dense_1', 'batch_normalization_1', 'leaky_re_lu', 'dense_2', 'softmax']);
    // tfjs saving the model it loaded lists the same weights in the same order.
    const resaved = await save(tfModel);
    expect(modelJson.weightsManifest[0].weights).toEqual(resaved.modelJson.weightsManifest[0].weights);
    expect(new Uint8Array(resaved.weightData)).toEqual(new Uint8Array(weightData));
    expect(modelJson.weightsManifest[0].weights.map((w) => w.name)).toEqual([
      'dense/kernel', 'dense/bias', 'batch_normalization/gamma', 'batch_normalization/beta', 'dense_1/kernel', 'dense_1/bias',
      'batch_normalization_1/gamma', 'batch_normalization_1/beta', 'dense_2/kernel', 'dense_2/bias',
      'batch_normalization/moving_mean', 'batch_normalization/moving_variance', 'batch_normalization_1/moving_mean', 'batch_normalization_1/moving_variance',
    ]);
    expect(tfModel.layers[0].getConfig().kernelRegularizer).toEqual({ className: 'L1L2', config: { l1: 0, l2: 0.01 } });
    expect((fromTfjs(modelJson, weightData).layers[0] as Dense).weightRegularizer?.toString()).toBe('l2(0.01)');
    expect(layers[0].config).toMatchObject({ batch_input_shape: [null, 6] });
  });

  it('a trained XOR network predicts the same in TensorFlow.js', async () => {
    const model = new Sequential([new Dense(2, 8), new Tanh(), new Dense(8, 1), new Sigmoid()], { seed: 1 });
    model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy' });
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
    await model.fit(x, [0, 1, 1, 0], { epochs: 300, batchSize: 4 });
    const tfModel = await expectParity('trained XOR', model, Tensor.from(x));
    expect(Array.from(predict(tfModel, Tensor.from(x)), (p) => Math.round(p))).toEqual([0, 1, 1, 0]);
  });

  it('a model tfjs loaded and saved again reads back into neurite predicting the same', async () => {
    const model = randomize(new Sequential([new Dense(6, 8), new BatchNorm(8), new ReLU(), new Dense(8, 3), new Softmax()], { seed: 1 }), 4);
    const tfModel = await expectParity('neurite → tfjs', model, x8x6);
    const { modelJson, weightData } = await save(tfModel);
    expectSameValues(fromTfjs(modelJson, weightData).predict(x8x6).data, model.predict(x8x6).data);
  });
});

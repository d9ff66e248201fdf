/**
 * fromTfjs against TensorFlow.js: models built and saved by tfjs-layers itself (every
 * weight set from a seeded Random, so nothing depends on tfjs's unseeded initializers) are
 * read by neurite, and neurite's predictions compared with tfjs's on the same inputs.
 * Tolerance: |tfjs − neurite| ≤ 1e-5 · max(1, |tfjs|). The worst difference of each case
 * is printed at the end. Then the files Keras writes through tensorflowjs_converter
 * (model_config, Keras 3's configs and numbered weights) and the quantized encodings,
 * dequantized exactly as tfjs-core does.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Random, Tensor, type Dense, type Sequential } from '../../src/index.js';
import { fromTfjs, type TfjsModelJson, type TfjsWeightSpec } from '../../src/tfjs.js';
import { expectSameValues } from '../helpers.js';
import { parityRecorder, predict, ready, save, seedWeights, tf, tfl } from './tfjs.js';

// tfjs's start-up and the CPU kernels are quick, but the machine may be busy.
vi.setConfig({ testTimeout: 60_000 });

beforeAll(ready);
const record = parityRecorder('fromTfjs parity with TensorFlow.js');

/** Reads `modelJson` into neurite and checks its predictions on `x` against the tfjs model's. */
function expectParity(name: string, tfModel: tfl.LayersModel, modelJson: TfjsModelJson, weights: ArrayBuffer | ArrayBuffer[], x: Tensor): Sequential {
  const model = fromTfjs(modelJson, weights);
  const want = predict(tfModel, x);
  const got = model.predict(x);
  expect(got.size).toBe(want.length);
  record(name, got.data, want);
  return model;
}

const seq = (layers: tfl.layers.Layer[]) => tfl.sequential({ layers });
const L = tfl.layers;
const x8x6 = Tensor.randn([8, 6], new Random(11));

describe('fromTfjs: each Keras layer, saved by TensorFlow.js', () => {
  const cases: [string, () => tfl.LayersModel, string[]][] = [
    ['Dense', () => seq([L.dense({ units: 4, inputShape: [6] })]), ['Dense(6 → 4)']],
    ['Dense without bias', () => seq([L.dense({ units: 4, inputShape: [6], useBias: false })]), ['Dense(6 → 4)']],
    ['Dense, activation relu', () => seq([L.dense({ units: 5, inputShape: [6], activation: 'relu' })]), ['Dense(6 → 5)', 'ReLU']],
    ['Dense, activation sigmoid', () => seq([L.dense({ units: 5, inputShape: [6], activation: 'sigmoid' })]), ['Dense(6 → 5)', 'Sigmoid']],
    ['Dense, activation tanh', () => seq([L.dense({ units: 5, inputShape: [6], activation: 'tanh' })]), ['Dense(6 → 5)', 'Tanh']],
    ['Dense, activation softmax', () => seq([L.dense({ units: 5, inputShape: [6], activation: 'softmax' })]), ['Dense(6 → 5)', 'Softmax']],
    ['Dense, activation linear', () => seq([L.dense({ units: 5, inputShape: [6], activation: 'linear' })]), ['Dense(6 → 5)']],
    ['Activation relu, sigmoid, tanh, softmax, linear', () => seq([
      L.dense({ units: 5, inputShape: [6] }), L.activation({ activation: 'relu' }), L.dense({ units: 5 }), L.activation({ activation: 'sigmoid' }),
      L.dense({ units: 5 }), L.activation({ activation: 'tanh' }), L.dense({ units: 3 }), L.activation({ activation: 'linear' }), L.activation({ activation: 'softmax' }),
    ]), ['Dense(6 → 5)', 'ReLU', 'Dense(5 → 5)', 'Sigmoid', 'Dense(5 → 5)', 'Tanh', 'Dense(5 → 3)', 'Softmax']],
    ['ReLU', () => seq([L.dense({ units: 5, inputShape: [6] }), L.reLU()]), ['Dense(6 → 5)', 'ReLU']],
    ['LeakyReLU (Keras default alpha 0.3)', () => seq([L.dense({ units: 5, inputShape: [6] }), L.leakyReLU()]), ['Dense(6 → 5)', 'LeakyReLU(alpha=0.3)']],
    ['LeakyReLU alpha 0.05', () => seq([L.dense({ units: 5, inputShape: [6] }), L.leakyReLU({ alpha: 0.05 })]), ['Dense(6 → 5)', 'LeakyReLU(alpha=0.05)']],
    ['Softmax', () => seq([L.dense({ units: 5, inputShape: [6] }), L.softmax()]), ['Dense(6 → 5)', 'Softmax']],
    ['Dropout', () => seq([L.dense({ units: 5, inputShape: [6] }), L.dropout({ rate: 0.4 }), L.dense({ units: 2 })]), ['Dense(6 → 5)', 'Dropout(0.4)', 'Dense(5 → 2)']],
    ['BatchNormalization', () => seq([L.dense({ units: 5, inputShape: [6] }), L.batchNormalization()]), ['Dense(6 → 5)', 'BatchNorm(5)']],
    ['BatchNormalization epsilon 0.1, momentum 0.9', () => seq([L.dense({ units: 5, inputShape: [6] }), L.batchNormalization({ epsilon: 0.1, momentum: 0.9 })]), ['Dense(6 → 5)', 'BatchNorm(5)']],
    ['BatchNormalization center false', () => seq([L.dense({ units: 5, inputShape: [6] }), L.batchNormalization({ center: false })]), ['Dense(6 → 5)', 'BatchNorm(5)']],
    ['BatchNormalization scale false', () => seq([L.dense({ units: 5, inputShape: [6] }), L.batchNormalization({ scale: false })]), ['Dense(6 → 5)', 'BatchNorm(5)']],
    ['BatchNormalization axis 1 of [batch, 5]', () => seq([L.dense({ units: 5, inputShape: [6] }), L.batchNormalization({ axis: 1, center: false, scale: false })]), ['Dense(6 → 5)', 'BatchNorm(5)']],
    ['BatchNormalization first', () => seq([L.batchNormalization({ inputShape: [6] }), L.dense({ units: 3 })]), ['BatchNorm(6)', 'Dense(6 → 3)']],
    ['InputLayer', () => seq([L.inputLayer({ inputShape: [6] }), L.dense({ units: 3, activation: 'tanh' })]), ['Dense(6 → 3)', 'Tanh']],
    ['an MLP of every layer', () => seq([
      L.dense({ units: 16, inputShape: [6], activation: 'relu' }), L.batchNormalization(), L.dropout({ rate: 0.2 }),
      L.dense({ units: 8 }), L.leakyReLU({ alpha: 0.1 }), L.dense({ units: 8, useBias: false }), L.activation({ activation: 'tanh' }),
      L.dense({ units: 4 }), L.softmax(),
    ]), ['Dense(6 → 16)', 'ReLU', 'BatchNorm(16)', 'Dropout(0.2)', 'Dense(16 → 8)', 'LeakyReLU(alpha=0.1)', 'Dense(8 → 8)', 'Tanh', 'Dense(8 → 4)', 'Softmax']],
  ];

  it.each(cases)('%s', async (name, make, layers) => {
    const tfModel = make();
    seedWeights(tfModel, 3);
    const { modelJson, weightData } = await save(tfModel);
    const model = expectParity(name, tfModel, modelJson, weightData, x8x6);
    expect(model.layers.map(String)).toEqual(layers);
    expect(model.inputShape).toEqual([6]);
    expect(model.declaredInputShape).toEqual([6]);
  });

  it('a functional model that is one chain (Input → Dense → BatchNormalization → Dense)', async () => {
    const input = tfl.input({ shape: [6] });
    const hidden = L.dense({ units: 8, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const normed = L.batchNormalization().apply(hidden) as tfl.SymbolicTensor;
    const output = L.dense({ units: 3, activation: 'softmax' }).apply(normed) as tfl.SymbolicTensor;
    const tfModel = tfl.model({ inputs: input, outputs: output });
    seedWeights(tfModel, 4);
    const { modelJson, weightData } = await save(tfModel);
    expect((modelJson.modelTopology as { class_name: string }).class_name).toBe('Model');
    const model = expectParity('functional chain', tfModel, modelJson, weightData, x8x6);
    expect(model.layers.map(String)).toEqual(['Dense(6 → 8)', 'ReLU', 'BatchNorm(8)', 'Dense(8 → 3)', 'Softmax']);
  });

  it('takes the weights whole, or shard by shard in the manifest order, as ArrayBuffers or Uint8Arrays', async () => {
    const tfModel = seq([L.dense({ units: 8, inputShape: [6], activation: 'relu' }), L.batchNormalization(), L.dense({ units: 2 })]);
    seedWeights(tfModel, 5);
    const { modelJson, weightData } = await save(tfModel);
    const bytes = new Uint8Array(weightData);
    // Cut into three shards at arbitrary bytes, as the converter cuts at 4 MB.
    const cuts = [0, 37, 150, bytes.length];
    const shards = cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end).buffer);
    const split = { ...modelJson, weightsManifest: [{ ...modelJson.weightsManifest[0], paths: ['a.bin', 'b.bin', 'c.bin'] }] };
    const whole = fromTfjs(modelJson, weightData).predict(x8x6).data;
    expectSameValues(expectParity('three shards', tfModel, split, shards, x8x6).predict(x8x6).data, whole);
    expectSameValues(fromTfjs(split, shards.map((s) => new Uint8Array(s))).predict(x8x6).data, whole);
    expectSameValues(fromTfjs(JSON.stringify(modelJson), bytes).predict(x8x6).data, whole);
    // A Node Buffer is a view into a larger pool: read at its offset.
    expectSameValues(fromTfjs(modelJson, Buffer.from(bytes)).predict(x8x6).data, whole);
  });

  it('reads the weights by name, whatever their order, and skips optimizer state', async () => {
    const tfModel = seq([L.dense({ units: 4, inputShape: [6] }), L.batchNormalization(), L.dense({ units: 2 })]);
    seedWeights(tfModel, 6);
    tfModel.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    await tfModel.fit(tf.tensor(x8x6.data, [8, 6]), tf.ones([8, 2]), { epochs: 1, batchSize: 8, verbose: 0 });
    let specs: TfjsWeightSpec[] = [], data: ArrayBuffer | undefined;
    await tfModel.save(tf.io.withSaveHandler(async (a) => {
      specs = a.weightSpecs as TfjsWeightSpec[];
      data = a.weightData as ArrayBuffer;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }), { includeOptimizer: true });
    expect(specs.some((s) => s.group === 'optimizer')).toBe(true);
    const modelJson = { modelTopology: tfModel.toJSON(null, false) as Record<string, unknown>, weightsManifest: [{ paths: ['w.bin'], weights: specs }] };
    expectParity('with optimizer weights', tfModel, modelJson, data!, x8x6);
  });

  it('maps an L1/L2 kernel_regularizer to the Dense layer\'s weightRegularizer', async () => {
    const tfModel = seq([L.dense({ units: 4, inputShape: [6], kernelRegularizer: tfl.regularizers.l1l2({ l1: 0.001, l2: 0.01 }) })]);
    seedWeights(tfModel, 7);
    const { modelJson, weightData } = await save(tfModel);
    const dense = fromTfjs(modelJson, weightData).layers[0] as Dense;
    expect(dense.weightRegularizer?.toString()).toBe('l1l2(0.001, 0.01)');
  });

  it('gives the imported layers their weights for good: the model keeps them, even all zeros', async () => {
    const tfModel = seq([L.dense({ units: 3, inputShape: [2] })]);
    tfModel.setWeights([tf.zeros([2, 3]), tf.zeros([3])]);
    const { modelJson, weightData } = await save(tfModel);
    const model = fromTfjs(modelJson, weightData, { seed: 1 });
    expect(Array.from(model.predict([[1, 2]]).data)).toEqual([0, 0, 0]);
  });
});

/**
 * The image layers against TensorFlow.js, both ways: Conv2D, MaxPooling2D,
 * AveragePooling2D, GlobalAveragePooling2D, Flatten, Reshape and Permute saved by tfjs-layers
 * and read by neurite, and neurite's Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten,
 * Reshape and Permute written and loaded by tfjs, each compared on the same images (NHWC). Tolerance:
 * |tfjs − neurite| ≤ 1e-5 · max(1, |tfjs|); the worst difference of each case is printed
 * at the end.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Adam,
  AvgPool2D,
  BatchNorm,
  Conv2D,
  DataError,
  Dense,
  Flatten,
  GlobalAvgPool2D,
  MaxPool2D,
  Permute,
  Random,
  ReLU,
  Reshape,
  Sequential,
  Softmax,
  Tensor,
  l1l2,
  l2,
  type Layer,
} from '../../src/index.js';
import { fromTfjs, toTfjs } from '../../src/tfjs.js';
import { expectSameValues } from '../helpers.js';
import { load, parityRecorder, predict, ready, save, seedWeights, tfl } from './tfjs.js';

vi.setConfig({ testTimeout: 60_000 });

beforeAll(ready);
const record = parityRecorder('tfjs parity, image layers');

const L = tfl.layers;
const images = Tensor.randn([4, 12, 12, 3], new Random(61));

describe('fromTfjs: image layers saved by TensorFlow.js', () => {
  const input = { inputShape: [12, 12, 3] };
  const cases: [string, () => tfl.layers.Layer[], string[]][] = [
    ['Conv2D 3×3', () => [L.conv2d({ filters: 4, kernelSize: 3, ...input })], ['Conv2D(3 → 4, 3×3)']],
    ['Conv2D 2×3, stride 2, relu', () => [L.conv2d({ filters: 4, kernelSize: [2, 3], strides: 2, activation: 'relu', ...input })], ['Conv2D(3 → 4, 2×3, stride 2)', 'ReLU']],
    ['Conv2D same, stride [2, 1], no bias', () => [L.conv2d({ filters: 5, kernelSize: 4, strides: [2, 1], padding: 'same', useBias: false, ...input })], ['Conv2D(3 → 5, 4×4, stride 2×1, same)']],
    ['MaxPooling2D', () => [L.maxPooling2d({ poolSize: 2, ...input })], ['MaxPool2D(2×2)']],
    ['MaxPooling2D 3×3, stride 2, same', () => [L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', ...input })], ['MaxPool2D(3×3, stride 2, same)']],
    ['AveragePooling2D', () => [L.averagePooling2d({ poolSize: [3, 2], ...input })], ['AvgPool2D(3×2)']],
    ['AveragePooling2D same (the border averages the image only)', () => [L.averagePooling2d({ poolSize: 5, strides: 3, padding: 'same', ...input })], ['AvgPool2D(5×5, stride 3, same)']],
    ['GlobalAveragePooling2D', () => [L.globalAveragePooling2d({ ...input })], ['GlobalAvgPool2D']],
    ['Flatten', () => [L.maxPooling2d({ poolSize: 3, ...input }), L.flatten(), L.dense({ units: 3 })], ['MaxPool2D(3×3)', 'Flatten', 'Dense(48 → 3)']],
    ['Reshape (a -1, which tfjs saves as null)', () => [L.reshape({ targetShape: [-1, 6], ...input }), L.reshape({ targetShape: [6, 12, 6] }), L.maxPooling2d({ poolSize: 2 })], ['Reshape([-1, 6])', 'Reshape([6, 12, 6])', 'MaxPool2D(2×2)']],
    ['Permute (height and width swapped, then a Conv2D)', () => [L.permute({ dims: [2, 1, 3], ...input }), L.conv2d({ filters: 2, kernelSize: [3, 2] })], ['Permute(2, 1, 3)', 'Conv2D(3 → 2, 3×2)']],
    ['Permute (channels first, then back)', () => [L.permute({ dims: [3, 1, 2], ...input }), L.reshape({ targetShape: [3, 144] }), L.permute({ dims: [2, 1] }), L.flatten(), L.dense({ units: 2 })], ['Permute(3, 1, 2)', 'Reshape([3, 144])', 'Permute(2, 1)', 'Flatten', 'Dense(432 → 2)']],
    ['Conv2D with an L1/L2 kernel_regularizer', () => [L.conv2d({ filters: 3, kernelSize: 3, kernelRegularizer: tfl.regularizers.l1l2({ l1: 0.001, l2: 0.01 }), ...input })], ['Conv2D(3 → 3, 3×3)']],
    ['BatchNormalization on images', () => [L.conv2d({ filters: 4, kernelSize: 3, ...input }), L.batchNormalization({ axis: 3 })], ['Conv2D(3 → 4, 3×3)', 'BatchNorm(4)']],
    ['a convnet: Conv2D, MaxPooling2D, Conv2D, AveragePooling2D, Flatten, Dense', () => [
      L.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', ...input }), L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 6, kernelSize: 2, padding: 'same' }), L.batchNormalization(), L.reLU(), L.averagePooling2d({ poolSize: 2 }),
      L.flatten(), L.dropout({ rate: 0.3 }), L.dense({ units: 5 }),
    ], ['Conv2D(3 → 8, 3×3)', 'ReLU', 'MaxPool2D(2×2)', 'Conv2D(8 → 6, 2×2, same)', 'BatchNorm(6)', 'ReLU', 'AvgPool2D(2×2)', 'Flatten', 'Dropout(0.3)', 'Dense(24 → 5)']],
    ['a convnet ending in GlobalAveragePooling2D', () => [
      L.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh', ...input }), L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }), L.globalAveragePooling2d({}), L.dense({ units: 3 }),
    ], ['Conv2D(3 → 8, 3×3, stride 2, same)', 'Tanh', 'MaxPool2D(2×2)', 'Conv2D(8 → 6, 3×3, same)', 'ReLU', 'GlobalAvgPool2D', 'Dense(6 → 3)']],
  ];

  it.each(cases)('%s', async (name, layers, names) => {
    const tfModel = tfl.sequential({ layers: layers() });
    seedWeights(tfModel, 12);
    const { modelJson, weightData } = await save(tfModel);
    const model = fromTfjs(modelJson, weightData);
    expect(model.layers.map(String)).toEqual(names);
    expect(model.inputShape).toEqual([12, 12, 3]);
    record(name, model.predict(images).data, predict(tfModel, images));
  });

  it('maps a Conv2D\'s L1, L2 or L1L2 kernel_regularizer to its weightRegularizer', async () => {
    for (const [regularizer, want] of [
      [tfl.regularizers.l1l2({ l1: 0.001, l2: 0.01 }), 'l1l2(0.001, 0.01)'],
      [tfl.regularizers.l2({ l2: 0.02 }), 'l2(0.02)'],
      [tfl.regularizers.l1({ l1: 0.03 }), 'l1(0.03)'],
    ] as const) {
      const { modelJson, weightData } = await save(tfl.sequential({ layers: [L.conv2d({ filters: 2, kernelSize: 3, kernelRegularizer: regularizer, ...input })] }));
      expect((fromTfjs(modelJson, weightData).layers[0] as Conv2D).weightRegularizer?.toString()).toBe(want);
    }
  });

  it('refuses what neurite cannot hold: channels_first, dilation', async () => {
    for (const [layer, message] of [
      [L.conv2d({ name: 'c', filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', inputShape: [3, 12, 12] }), 'fromTfjs: layer 0 "c" (Conv2D): data_format "channels_first" is not supported; neurite\'s images are channels_last ([batch, height, width, channels])'],
      [L.conv2d({ name: 'c', filters: 2, kernelSize: 3, dilationRate: 2, inputShape: [12, 12, 3] }), 'fromTfjs: layer 0 "c" (Conv2D): dilation_rate [2,2] is not supported (neurite\'s Conv2D is not dilated)'],
    ] as const) {
      const { modelJson, weightData } = await save(tfl.sequential({ layers: [layer] }));
      expect(() => fromTfjs(modelJson, weightData)).toThrow(new DataError(message));
    }
  });
});

/** Sets every param of `model` (and BatchNorm's statistics) to seeded values. */
function randomize(model: Sequential, seed: number): Sequential {
  const random = new Random(seed);
  for (const layer of model.layers) {
    if (layer instanceof BatchNorm) {
      for (const [t, low, high] of [[layer.gamma.value, 0.5, 1.5], [layer.beta.value, -0.5, 0.5], [layer.runningMean, -1, 1], [layer.runningVariance, 0.2, 2]] as const) {
        for (let i = 0; i < t.size; i++) t.data[i] = low + (high - low) * random.next();
      }
    } else for (const p of layer.params()) for (let i = 0; i < p.size; i++) p.value.data[i] = random.next() * 2 - 1;
  }
  return model;
}

describe('toTfjs: image layers loaded by TensorFlow.js', () => {
  const cases: [string, () => Layer[], string[]][] = [
    ['Conv2D', () => [new Conv2D(3, 4, 3)], ['Conv2D']],
    ['Conv2D 2×3, stride [2, 1], same, no bias', () => [new Conv2D(3, 5, [2, 3], { stride: [2, 1], padding: 'same', useBias: false })], ['Conv2D']],
    ['MaxPool2D', () => [new MaxPool2D(2)], ['MaxPooling2D']],
    ['MaxPool2D 3×3, stride 2, same', () => [new MaxPool2D(3, { stride: 2, padding: 'same' })], ['MaxPooling2D']],
    ['AvgPool2D', () => [new AvgPool2D([3, 2])], ['AveragePooling2D']],
    ['AvgPool2D 5×5, stride 3, same', () => [new AvgPool2D(5, { stride: 3, padding: 'same' })], ['AveragePooling2D']],
    ['GlobalAvgPool2D', () => [new GlobalAvgPool2D()], ['GlobalAveragePooling2D']],
    ['Flatten', () => [new MaxPool2D(3), new Flatten(), new Dense(48, 3)], ['MaxPooling2D', 'Flatten', 'Dense']],
    ['Reshape', () => [new Reshape([-1, 6]), new Reshape([6, 12, 6]), new MaxPool2D(2)], ['Reshape', 'Reshape', 'MaxPooling2D']],
    ['Conv2D with a weightRegularizer', () => [new Conv2D(3, 4, 3, { weightRegularizer: l1l2({ l1: 0.001, l2: 0.01 }) })], ['Conv2D']],
    ['Permute', () => [new Permute([2, 1, 3]), new Conv2D(3, 2, [3, 2]), new Permute([3, 2, 1]), new Flatten(), new Dense(220, 2)], ['Permute', 'Conv2D', 'Permute', 'Flatten', 'Dense']],
    ['a convnet', () => [
      new Conv2D(3, 8, 3), new ReLU(), new MaxPool2D(2), new Conv2D(8, 6, 2, { padding: 'same' }), new BatchNorm(6), new ReLU(),
      new AvgPool2D(2), new Flatten(), new Dense(24, 5),
    ], ['Conv2D', 'ReLU', 'MaxPooling2D', 'Conv2D', 'BatchNormalization', 'ReLU', 'AveragePooling2D', 'Flatten', 'Dense']],
  ];

  it.each(cases)('%s', async (name, layers, classes) => {
    const model = randomize(new Sequential(layers(), { seed: 1, inputShape: [12, 12, 3] }), 13);
    const { modelJson, weightData } = toTfjs(model);
    const tfModel = await load(JSON.parse(JSON.stringify(modelJson)), weightData);
    expect(tfModel.layers.map((l) => l.getClassName())).toEqual(classes);
    const want = model.predict(images).data;
    record(`${name} (toTfjs)`, predict(tfModel, images), want);
    expectSameValues(fromTfjs(modelJson, weightData).predict(images).data, want, name);
  });

  it('writes a Conv2D\'s weightRegularizer as its kernel_regularizer, which tfjs loads and neurite reads back', async () => {
    const model = new Sequential([new Conv2D(3, 2, 3, { weightRegularizer: l2(0.01) }), new Permute([3, 1, 2])], { seed: 1, inputShape: [12, 12, 3] });
    const { modelJson, weightData } = toTfjs(model);
    const tfModel = await load(JSON.parse(JSON.stringify(modelJson)), weightData);
    expect(tfModel.layers[0].getConfig().kernelRegularizer).toEqual({ className: 'L1L2', config: { l1: 0, l2: 0.01 } });
    expect(tfModel.layers[1].getConfig().dims).toEqual([3, 1, 2]);
    const again = fromTfjs(modelJson, weightData);
    expect((again.layers[0] as Conv2D).weightRegularizer?.toString()).toBe('l2(0.01)');
    expect((again.layers[1] as Permute).dims).toEqual([3, 1, 2]);
  });

  it('a convnet trained in neurite predicts the same in TensorFlow.js, and tfjs saves it back the same', async () => {
    const random = new Random(71);
    const x = Tensor.randn([16, 8, 8, 1], random);
    const y = Array.from({ length: 16 }, (_, i) => (x.data[64 * i + 27] > 0 ? 1 : 0));
    const model = new Sequential([new Conv2D(1, 4, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(36, 2), new Softmax()], { seed: 2, inputShape: [8, 8, 1] });
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy' });
    await model.fit(x, y.map((c) => (c ? [0, 1] : [1, 0])), { epochs: 3, batchSize: 8 });
    const tfModel = await load(toTfjs(model).modelJson, toTfjs(model).weightData);
    record('trained convnet (toTfjs)', predict(tfModel, x), model.predict(x).data);
    const resaved = await save(tfModel);
    expectSameValues(fromTfjs(resaved.modelJson, resaved.weightData).predict(x).data, model.predict(x).data);
  });
});

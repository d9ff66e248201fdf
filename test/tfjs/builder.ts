/**
 * A small TensorFlow.js Layers model written by hand (no TensorFlow.js needed, so the
 * bad-input matrix can use it in a browser): a Sequential of Dense(3 → 2, relu) named
 * `dense` and BatchNormalization named `bn`, as tfjs saves it, with fixed weights. `edit`
 * changes the model.json (a fresh copy) and the list of weights before the shard is
 * encoded; the manifest lists the weights of that list unless `edit` gives it a list of
 * its own.
 */
import type { TfjsModelJson, TfjsWeightSpec } from '../../src/tfjs.js';

/** What {@link tfjsModel} gives: the model.json object and its one shard. */
export interface HandMade {
  modelJson: TfjsModelJson;
  weightData: ArrayBuffer;
}

/** The weights, in the manifest's order, as plain numbers. */
export type WeightValues = { spec: TfjsWeightSpec; values: number[] }[];

export function tfjsModel(edit?: (json: TfjsModelJson & { modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } } }, weights: WeightValues) => void): HandMade {
  const weights: WeightValues = [
    { spec: { name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, values: [0.5, -1, 0.25, 2, -0.75, 1] },
    { spec: { name: 'dense/bias', shape: [2], dtype: 'float32' }, values: [0.1, -0.1] },
    { spec: { name: 'bn/gamma', shape: [2], dtype: 'float32' }, values: [1.5, 0.5] },
    { spec: { name: 'bn/beta', shape: [2], dtype: 'float32' }, values: [0, 1] },
    { spec: { name: 'bn/moving_mean', shape: [2], dtype: 'float32' }, values: [0.5, -0.5] },
    { spec: { name: 'bn/moving_variance', shape: [2], dtype: 'float32' }, values: [2, 0.5] },
  ];
  const json = {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'sequential_1',
        layers: [
          { class_name: 'Dense', config: { units: 2, activation: 'relu', use_bias: true, name: 'dense', trainable: true, batch_input_shape: [null, 3], dtype: 'float32' } },
          { class_name: 'BatchNormalization', config: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true, name: 'bn', trainable: true } },
        ],
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] as TfjsWeightSpec[] }],
  };
  edit?.(json, weights);
  if (json.weightsManifest?.[0]?.weights.length === 0) json.weightsManifest[0].weights = weights.map((w) => w.spec);
  const values = weights.flatMap((w) => w.values);
  const weightData = new ArrayBuffer(4 * values.length);
  const view = new DataView(weightData);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return { modelJson: json, weightData };
}

/**
 * The model.json that tensorflowjs_converter writes from Keras differs from what
 * TensorFlow.js writes: the model config sits in `model_config` beside `training_config`,
 * an InputLayer comes first, BatchNormalization's axis is a list (`[1]`), and Keras 3 writes
 * `batch_shape`, dtype policies, `negative_slope`, inbound nodes as `{ args, kwargs }` and
 * numbered weights (`dense/0`). The files below are written as the converter writes them,
 * with the weights of a TensorFlow.js model of the same layers (named as Keras names them),
 * and neurite must predict as that model does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Random, Tensor } from '../../src/index.js';
import { fromTfjs, type TfjsModelJson } from '../../src/tfjs.js';
import { load, maxDiff, predict, ready, save, seedWeights, tfl } from './tfjs.js';

beforeAll(ready);

const L = tfl.layers;
const x = Tensor.randn([8, 6], new Random(21));

/** The same layers in TensorFlow.js, named as Keras names them, with seeded weights. */
async function reference(): Promise<{ tfModel: tfl.LayersModel; weightData: ArrayBuffer; weights: TfjsModelJson['weightsManifest'][0]['weights'] }> {
  const tfModel = tfl.sequential({
    layers: [
      L.dense({ name: 'dense', units: 8, inputShape: [6], activation: 'relu' }),
      L.batchNormalization({ name: 'batch_normalization' }),
      L.leakyReLU({ name: 'leaky_re_lu', alpha: 0.2 }),
      L.dropout({ name: 'dropout', rate: 0.5 }),
      L.dense({ name: 'dense_1', units: 3, activation: 'softmax' }),
    ],
  });
  seedWeights(tfModel, 8);
  const { modelJson, weightData } = await save(tfModel);
  return { tfModel, weightData, weights: modelJson.weightsManifest[0].weights };
}

const initializer = (className: string) => ({ module: 'keras.initializers', class_name: className, config: { seed: null }, registered_name: null });

/** A Keras 2 (tf.keras 2.13) Sequential as tensorflowjs_converter writes it. */
function keras2(weights: TfjsModelJson['weightsManifest'][0]['weights']): TfjsModelJson {
  const dense = (name: string, units: number, activation: string) => ({
    class_name: 'Dense',
    config: {
      name, trainable: true, dtype: 'float32', units, activation, use_bias: true,
      kernel_initializer: initializer('GlorotUniform'), bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  });
  return {
    format: 'layers-model',
    generatedBy: 'keras v2.13.1',
    convertedBy: 'TensorFlow.js Converter v4.10.0',
    modelTopology: {
      keras_version: '2.13.1',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 6], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input' } },
            dense('dense', 8, 'relu'),
            {
              class_name: 'BatchNormalization',
              config: {
                name: 'batch_normalization', trainable: true, dtype: 'float32', axis: [1], momentum: 0.99, epsilon: 0.001, center: true, scale: true,
                beta_initializer: initializer('Zeros'), gamma_initializer: initializer('Ones'), moving_mean_initializer: initializer('Zeros'),
                moving_variance_initializer: initializer('Ones'), beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null,
              },
            },
            { class_name: 'LeakyReLU', config: { name: 'leaky_re_lu', trainable: true, dtype: 'float32', alpha: 0.20000000298023224 } },
            { class_name: 'Dropout', config: { name: 'dropout', trainable: true, dtype: 'float32', rate: 0.5, noise_shape: null, seed: null } },
            dense('dense_1', 3, 'softmax'),
          ],
        },
      },
      training_config: { loss: 'categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } } },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
}

/** A Keras 3 functional model: dtype policies, batch_shape, negative_slope, { args, kwargs } nodes, numbered weights. */
function keras3(weights: TfjsModelJson['weightsManifest'][0]['weights']): TfjsModelJson {
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const from = (layer: string, shape: (number | null)[]) => [{ args: [{ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [layer, 0, 0] } }], kwargs: {} }];
  const layer = (className: string, name: string, config: Record<string, unknown>, input: string, shape: (number | null)[]) => ({
    module: 'keras.layers', class_name: className, config: { name, trainable: true, dtype: policy, ...config }, registered_name: null,
    build_config: { input_shape: shape }, name, inbound_nodes: from(input, shape),
  });
  const numbered = { 'kernel': 0, 'bias': 1, 'gamma': 0, 'beta': 1, 'moving_mean': 2, 'moving_variance': 3 } as Record<string, number>;
  return {
    format: 'layers-model',
    generatedBy: 'keras v3.5.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      class_name: 'Functional',
      config: {
        name: 'functional', trainable: true,
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 6], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null, name: 'input_layer', inbound_nodes: [] },
          layer('Dense', 'dense', { units: 8, activation: 'relu', use_bias: true, kernel_initializer: initializer('GlorotUniform'), kernel_regularizer: null, lora_rank: null }, 'input_layer', [null, 6]),
          layer('BatchNormalization', 'batch_normalization', { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true, synchronized: false }, 'dense', [null, 8]),
          layer('LeakyReLU', 'leaky_re_lu', { negative_slope: 0.2 }, 'batch_normalization', [null, 8]),
          layer('Dropout', 'dropout', { rate: 0.5, seed: null, noise_shape: null }, 'leaky_re_lu', [null, 8]),
          layer('Dense', 'dense_1', { units: 3, activation: 'softmax', use_bias: true }, 'dropout', [null, 8]),
        ],
        input_layers: [['input_layer', 0, 0]],
        output_layers: [['dense_1', 0, 0]],
      },
    },
    weightsManifest: [{
      paths: ['group1-shard1of1.bin'],
      weights: weights.map((w) => {
        const [layerName, weightName] = w.name.split('/');
        return { ...w, name: `${layerName}/${numbered[weightName]}` };
      }),
    }],
  };
}

describe('fromTfjs: files tensorflowjs_converter writes from Keras', () => {
  it('Keras 2: model_config, an InputLayer, a BatchNormalization axis [1]; TensorFlow.js reads the same file the same way', async () => {
    const { tfModel, weightData, weights } = await reference();
    const modelJson = keras2(weights);
    const model = fromTfjs(modelJson, weightData);
    expect(model.layers.map(String)).toEqual(['Dense(6 → 8)', 'ReLU', 'BatchNorm(8)', 'LeakyReLU(alpha=0.20000000298023224)', 'Dropout(0.5)', 'Dense(8 → 3)', 'Softmax']);
    expect(model.inputShape).toEqual([6]);
    const want = predict(tfModel, x);
    expect(maxDiff(model.predict(x).data, want).rel).toBeLessThanOrEqual(1e-5);
    // The file is a real one: TensorFlow.js loads it and predicts as the model it came from.
    expect(maxDiff(predict(await load(modelJson, weightData), x), want).abs).toBe(0);
  });

  it('Keras 3: a functional chain with dtype policies, batch_shape, negative_slope, { args } nodes and numbered weights', async () => {
    const { tfModel, weightData, weights } = await reference();
    const model = fromTfjs(keras3(weights), weightData);
    expect(model.layers.map(String)).toEqual(['Dense(6 → 8)', 'ReLU', 'BatchNorm(8)', 'LeakyReLU(alpha=0.2)', 'Dropout(0.5)', 'Dense(8 → 3)', 'Softmax']);
    expect(maxDiff(model.predict(x).data, predict(tfModel, x)).rel).toBeLessThanOrEqual(1e-5);
  });

  it('Keras before 2.2.3: a Sequential config that is the bare list of layers', async () => {
    const { tfModel, weightData, weights } = await reference();
    const modelJson = keras2(weights);
    const config = (modelJson.modelTopology.model_config as { config: { layers: unknown[] } }).config;
    (modelJson.modelTopology.model_config as { config: unknown }).config = config.layers;
    expect(maxDiff(fromTfjs(modelJson, weightData).predict(x).data, predict(tfModel, x)).rel).toBeLessThanOrEqual(1e-5);
  });
});

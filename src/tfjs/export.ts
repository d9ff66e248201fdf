import { isExactly } from '../brand.js';
import { describe, NeuriteError } from '../errors.js';
import { sublayers, type Layer } from '../layers/layer.js';
import { Sequential } from '../model/sequential.js';
import type { TfjsModelJson, TfjsWeightSpec } from './format.js';
import type { LayerWriter, TfjsMapping } from './mapping.js';
import { mappings } from './mappings.js';
import { encodeWeights } from './weights.js';

/** What {@link toTfjs} returns: the `model.json` object and the bytes of its one weight shard. */
export interface TfjsArtifacts {
  /** The `model.json` content (`JSON.stringify` it to write the file). */
  modelJson: TfjsModelJson;
  /** The weight shard the manifest names (`group1-shard1of1.bin`): every weight, little-endian float32. */
  weightData: ArrayBuffer;
}

/** The file name of the one weight shard {@link toTfjs} writes. */
export const TFJS_SHARD_NAME = 'group1-shard1of1.bin';

/** The neurite layers {@link toTfjs} writes, and what each becomes. */
export const SUPPORTED_LAYERS = mappings.flatMap((m) => (m.exports ? [m.exports] : [])).join(', ');

/** The mapping for a layer of exactly a mapped class (a subclass may compute something else). */
function mappingOf(layer: Layer): TfjsMapping | undefined {
  return mappings.find((m) => m.layer && m.write && isExactly(layer, m.layer));
}

/** The layers in order, nested models flattened, each with its index path (`1.0`). */
function flatten(layers: readonly Layer[], prefix = ''): { path: string; layer: Layer }[] {
  return layers.flatMap((layer, i) => {
    const inner = sublayers(layer);
    return inner ? flatten(inner, `${prefix}${i}.`) : [{ path: `${prefix}${i}`, layer }];
  });
}

/** Keras's default layer name for a class: `BatchNormalization` → `batch_normalization`, `LeakyReLU` → `leaky_re_lu`. */
function kerasName(className: string): string {
  return className.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Writes `model` in the TensorFlow.js Layers format: the `model.json` object and its one
 * weight shard, which TensorFlow.js loads (`tf.loadLayersModel`) and runs with the same
 * results as `model.predict`.
 *
 * The model becomes a Keras `Sequential` whose first layer has the model's input shape
 * (`batch_input_shape`). Dense becomes Dense with activation `'linear'` and its weight
 * transposed to Keras's `[in, out]` kernel, and an activation layer after it stays a
 * layer of its own: ReLU, LeakyReLU and Softmax their Keras classes, Sigmoid and Tanh
 * `Activation` layers. Conv2D becomes Conv2D (kernel `[kh, kw, in, out]`, channels last),
 * MaxPool2D and AvgPool2D MaxPooling2D and AveragePooling2D, GlobalAvgPool2D
 * GlobalAveragePooling2D, Flatten, Reshape and Permute themselves, BatchNorm
 * BatchNormalization, Dropout Dropout; a Dense's or Conv2D's `weightRegularizer` is its
 * `kernel_regularizer` (L1L2). Nested models are flattened. Layers are named as Keras
 * names them (`dense`, `dense_1`, …) and the weights listed as TensorFlow.js lists them
 * (trainable weights, then the moving statistics).
 *
 * @throws NeuriteError naming the first layer that has no TensorFlow.js equivalent, or
 *   when the model's input shape is not known.
 *
 * @example
 * import { toTfjs } from 'neurite/tfjs';
 * const { modelJson, weightData } = toTfjs(model);
 * // TensorFlow.js: tf.loadLayersModel(tf.io.fromMemory({
 * //   modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData }))
 */
export function toTfjs(model: Sequential): TfjsArtifacts {
  if (!(model instanceof Sequential)) throw new TypeError(`toTfjs: expected a Sequential model, got ${describe(model)}`);
  const layers = flatten(model.layers);
  if (layers.length === 0) throw new NeuriteError('toTfjs: expected a model with at least one layer, got an empty Sequential');
  // Check every layer before writing anything, so the error names the first bad one.
  const mapped = layers.map(({ path, layer }) => {
    const mapping = mappingOf(layer);
    if (!mapping) {
      const className = (layer as object)?.constructor?.name;
      const name = className && className !== 'Object' ? className : String(layer);
      throw new NeuriteError(`toTfjs: layer ${path} (${name}) has no TensorFlow.js equivalent; supported: ${SUPPORTED_LAYERS}`);
    }
    return { layer, mapping };
  });
  const inputShape = model.inputShape;
  if (!inputShape) {
    throw new NeuriteError('toTfjs: expected a model whose input shape is known, got one whose first layers do not fix it; give the Sequential an inputShape');
  }

  const kerasLayers: { class_name: string; config: Record<string, unknown> }[] = [];
  const counts = new Map<string, number>();
  const trainable: { spec: TfjsWeightSpec; data: Float32Array }[] = [];
  const fixed: { spec: TfjsWeightSpec; data: Float32Array }[] = [];
  let current = '';
  const writer: LayerWriter = {
    layer(className, config) {
      const base = kerasName(className);
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      current = n === 0 ? base : `${base}_${n}`;
      const first = kerasLayers.length === 0 ? { batch_input_shape: [null, ...inputShape] } : {};
      kerasLayers.push({ class_name: className, config: { name: current, trainable: true, ...first, dtype: 'float32', ...config } });
      return current;
    },
    weight(name, shape, data, isTrainable = true) {
      (isTrainable ? trainable : fixed).push({ spec: { name: `${current}/${name}`, shape: [...shape], dtype: 'float32' }, data });
    },
  };
  for (const { layer, mapping } of mapped) mapping.write!(layer, writer);

  const weights = [...trainable, ...fixed];
  const modelJson: TfjsModelJson = {
    format: 'layers-model',
    generatedBy: 'neurite',
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: 'sequential', layers: kerasLayers } },
    weightsManifest: [{ paths: [TFJS_SHARD_NAME], weights: weights.map((w) => w.spec) }],
  };
  return { modelJson, weightData: encodeWeights(weights.map((w) => w.data)) };
}

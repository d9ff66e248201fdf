import { checkOptions, DataError, describe, formatShape, ShapeError } from '../errors.js';
import { layerInputShape, layerOutputShape, type Layer } from '../layers/layer.js';
import { Sequential } from '../model/sequential.js';
import { field, parseModelJson, type TfjsModelJson, type TfjsWeightData } from './format.js';
import type { LayerReader, TfjsMapping } from './mapping.js';
import { mappings } from './mappings.js';
import { readTopology, type KerasLayer } from './topology.js';
import { decodeWeights, type DecodedWeight } from './weights.js';

/** Options of {@link fromTfjs}. */
export interface FromTfjsOptions {
  /** Seeds the imported model's Random (used if you go on training it). */
  seed?: number | string;
}

/** The Keras layer classes {@link fromTfjs} reads, and what of each. */
export const SUPPORTED_KERAS_LAYERS = mappings.flatMap((m) => (m.imports ? [m.imports] : [])).join(', ');

/** Config keys every layer may have, read by the driver or changing nothing neurite computes. */
const COMMON_KEYS = ['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'batch_size', 'input_dtype'];

/** The mapping that reads each Keras class. */
const readers = new Map<string, TfjsMapping>(mappings.flatMap((m) => (m.read ? (m.classNames ?? []).map((c) => [c, m] as const) : [])));

/**
 * The manifest's weights by the names a layer asks for: `dense/kernel` as it is; the
 * `dense/cell/kernel` of TF 2.2 as `dense/kernel` (tfjs-layers drops the middle name too);
 * and Keras 3's numbered `dense/0` by position.
 */
class WeightIndex {
  private readonly byName = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(private readonly weights: Map<string, DecodedWeight>) {
    for (const name of weights.keys()) {
      const tokens = name.split('/');
      this.byName.set(name, name);
      if (tokens.length >= 3) {
        const short = [...tokens.slice(0, -2), tokens[tokens.length - 1]].join('/');
        if (!this.byName.has(short)) this.byName.set(short, name);
      }
    }
  }

  take(layer: string, weight: string, index: number): { name: string; value: DecodedWeight } | undefined {
    const name = this.byName.get(`${layer}/${weight}`) ?? this.byName.get(`${layer}/${index}`);
    if (name === undefined) return undefined;
    this.used.add(name);
    return { name, value: this.weights.get(name)! };
  }

  /** The weights of `layer` (by their names' first part), for messages. */
  namesOf(layer: string): string[] {
    return [...this.weights.keys()].filter((n) => n.startsWith(`${layer}/`));
  }

  unused(): string[] {
    return [...this.weights.keys()].filter((n) => !this.used.has(n));
  }
}

/**
 * Reads a TensorFlow.js Layers model (`model.json` and its weight shards) into a
 * {@link Sequential}: what `model.save()` writes in TensorFlow.js, and what
 * `tensorflowjs_converter` writes from a Keras model (`--output_format tfjs_layers_model`).
 *
 * `modelJson` is the parsed `model.json` or its text; `weights` the bytes of its shards:
 * one ArrayBuffer or Uint8Array holding them all, one after the other, or an array of
 * them in the manifest's order (`weightsManifest[…].paths`).
 *
 * Read: `Sequential` models, and functional models that are one chain of layers, made of
 * InputLayer, Dense and Conv2D (their activation becomes a separate neurite layer after
 * them), MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, Flatten, Reshape,
 * Permute, Activation, ReLU, LeakyReLU, Softmax, Dropout and BatchNormalization, images
 * channels last; float32 weights, and the uint8, uint16 and float16 encodings of
 * `tensorflowjs_converter --quantize_*` (dequantized as tfjs does, `q · scale + min`).
 * Keras's Dense kernel `[in, out]` becomes neurite's weight `[out, in]`, its Conv2D kernel
 * `[kh, kw, in, out]` neurite's `[out, kh, kw, in]`; an L1/L2 `kernel_regularizer` of
 * either becomes its `weightRegularizer`. The first layer's `batch_input_shape` becomes
 * the model's `inputShape`. Initializers, constraints, bias and activity regularizers and
 * `trainable` change nothing neurite computes and are passed over; optimizer weights
 * saved with the model are skipped.
 *
 * @throws DataError naming the layer (its index, name and class) for a class, an activation
 *   or a config neurite cannot hold, listing what is supported; and for malformed JSON, a
 *   missing, misshapen, non-finite or unused weight, or shards of the wrong size.
 *
 * @example
 * import { fromTfjs } from 'neurite/tfjs';
 * const modelJson = await (await fetch('model/model.json')).json();
 * const shard = await (await fetch('model/group1-shard1of1.bin')).arrayBuffer();
 * const model = fromTfjs(modelJson, shard);
 * model.predict([[0, 1, 2]]);
 */
export function fromTfjs(modelJson: TfjsModelJson | string, weights: TfjsWeightData | readonly TfjsWeightData[], options: FromTfjsOptions = {}): Sequential {
  options = checkOptions(options, 'fromTfjs', ['seed']);
  const owner = 'fromTfjs';
  const json = parseModelJson(modelJson, owner);
  const chain = readTopology(json.modelTopology, owner);
  // Every class is checked before any weight is decoded: the first message names what neurite cannot read.
  for (const layer of chain.layers) {
    if (!readers.has(layer.className)) {
      throw new DataError(`${owner}: ${layer.where}: the class ${layer.className} is not supported; neurite reads ${SUPPORTED_KERAS_LAYERS}`);
    }
  }
  const index = new WeightIndex(decodeWeights(json, weights, owner));
  const layers: Layer[] = [];
  let shape: number[] | null = chain.inputShape;
  for (const keras of chain.layers) {
    const mapping = readers.get(keras.className)!;
    const reader = layerReader(keras, mapping, index, () => shape, (layer, fail) => {
      if (shape === null) {
        const fixed = layerInputShape(layer);
        if (fixed) shape = [...fixed];
      }
      if (shape !== null) {
        try {
          shape = layerOutputShape(layer, shape);
        } catch (error) {
          if (error instanceof ShapeError) fail(error.message);
          throw error;
        }
      }
      layers.push(layer);
    });
    mapping.read!(reader);
  }
  const unused = index.unused();
  if (unused.length > 0) {
    throw new DataError(`${owner}: the weightsManifest holds weights no layer reads: ${unused.slice(0, 5).join(', ')}${unused.length > 5 ? ', …' : ''}; does it belong to this model?`);
  }
  if (layers.length === 0) throw new DataError(`${owner}: the model has no layer that computes anything (only ${chain.layers.map((l) => l.className).join(', ')})`);
  // The layers hold their imported weights already: the model keeps them.
  return new Sequential(layers, {
    ...(chain.inputShape ? { inputShape: chain.inputShape } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
}

/** The view of one Keras layer a mapping reads it through. */
function layerReader(
  keras: KerasLayer,
  mapping: TfjsMapping,
  weights: WeightIndex,
  shape: () => readonly number[] | null,
  push: (layer: Layer, fail: (what: string) => never) => void,
): LayerReader {
  const { config, where } = keras;
  const fail = (what: string): never => {
    throw new DataError(`fromTfjs: ${where}: ${what}`);
  };
  // A key neither read nor known to change nothing is an error unless it holds nothing (null, false).
  const known = [...COMMON_KEYS, ...(mapping.keys ?? []), ...(mapping.ignored ?? [])];
  for (const key of Object.keys(config)) {
    const value = config[key];
    if (known.includes(key) || value === null || value === false) continue;
    const read = mapping.keys?.length ? `; neurite reads ${mapping.keys.join(', ')}` : '';
    fail(`config ${key} = ${JSON.stringify(value)} is not supported${read}`);
  }
  const value = (key: string): unknown => {
    const v = field(config, key);
    return v === null ? undefined : v;
  };
  return {
    where,
    get shape() {
      return shape();
    },
    fail,
    value,
    number(key, fallback, range, test) {
      const v = value(key) ?? fallback;
      if (typeof v !== 'number' || !test(v)) fail(`expected ${key} ${range}, got ${describe(value(key))}`);
      return v as number;
    },
    boolean(key, fallback) {
      const v = value(key) ?? fallback;
      if (typeof v !== 'boolean') fail(`expected ${key} to be true or false, got ${describe(v)}`);
      return v as boolean;
    },
    weight(name, index, expected) {
      const found = weights.take(keras.name, name, index);
      if (!found) {
        const has = weights.namesOf(keras.name);
        return fail(`expected a weight "${keras.name}/${name}" in the weightsManifest, got ${has.length ? `only ${has.join(', ')}` : 'none of this layer'}`);
      }
      const { shape: got } = found.value;
      if (got.length !== expected.length || expected.some((d, i) => d !== null && d !== got[i])) {
        fail(`expected weight "${found.name}" of shape ${formatShape(expected.map((d) => d ?? 'any'))}, got ${formatShape(got)}`);
      }
      if (got.some((d) => d === 0)) fail(`expected weight "${found.name}" to be non-empty, got shape ${formatShape(got)}`);
      return found.value;
    },
    push: (layer) => push(layer, fail),
  };
}

/**
 * The TensorFlow.js Layers format as neurite reads and writes it: `model.json`
 * (`modelTopology`, the Keras model config, and `weightsManifest`, which names the binary
 * weight shards and the weights they hold, in order), plus the shards themselves.
 *
 *   {
 *     format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', convertedBy: null,
 *     modelTopology: { class_name: 'Sequential', config: { name, layers: [{ class_name: 'Dense', config: { units, … } }, …] } },
 *     weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [3, 4], dtype: 'float32' }, …] }]
 *   }
 *
 * Keras (through tensorflowjs_converter) writes the same, with `modelTopology.model_config`
 * around the model config.
 */
import { DataError, describe } from '../errors.js';

/** How a weight's values are stored when tensorflowjs_converter quantized them: `value = q · scale + min` (uint8, uint16) or half floats. */
export interface TfjsQuantization {
  /** The stored type: `'uint8'`, `'uint16'` or `'float16'`. */
  dtype: string;
  /** The step between two stored integers (uint8, uint16). */
  scale?: number;
  /** The value the stored integer 0 stands for (uint8, uint16). */
  min?: number;
}

/** One weight of the manifest: its name (`dense/kernel`), shape and type. */
export interface TfjsWeightSpec {
  /** `<layer name>/<weight name>`, e.g. `dense/kernel`. */
  name: string;
  /** The weight's shape, e.g. `[3, 4]` for a Dense kernel of 3 inputs and 4 units. */
  shape: number[];
  /** The value type; neurite reads `'float32'`. */
  dtype: string;
  /** Present when the values are stored quantized. */
  quantization?: TfjsQuantization;
  /** `'optimizer'` for optimizer state saved with the model (skipped on reading). */
  group?: string;
}

/** One group of the weights manifest: the shard files, in order, and the weights they hold, in order. */
export interface TfjsWeightGroup {
  /** The shard files, relative to model.json, whose bytes, one after the other, hold the group's weights. */
  paths: string[];
  /** The weights, in the order their values are stored. */
  weights: TfjsWeightSpec[];
}

/** A TensorFlow.js Layers `model.json`, as {@link toTfjs} writes it and {@link fromTfjs} reads it. */
export interface TfjsModelJson {
  /** `'layers-model'`. */
  format?: string;
  /** The program that wrote the file. */
  generatedBy?: string;
  /** The converter, when one wrote the file (tensorflowjs_converter). */
  convertedBy?: string | null;
  /** The Keras model config: `{ class_name: 'Sequential', config: { layers: […] } }`. */
  modelTopology: Record<string, unknown>;
  /** The weight groups: shard files and the weights they hold. */
  weightsManifest: TfjsWeightGroup[];
}

/** The bytes of a weight shard: an ArrayBuffer or any view of one (a Uint8Array, a Node Buffer). */
export type TfjsWeightData = ArrayBuffer | ArrayBufferView;

/** A plain object (not null, not an array), else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The own property `key`, never one inherited (`constructor`). */
export function field(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** `useBias` → `use_bias`: Keras writes configs in snake case, and a hand-made file may not. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * The parsed `model.json` (from its text or the object), checked to be a Layers model:
 * an object with `modelTopology` and `weightsManifest`.
 */
export function parseModelJson(json: unknown, owner: string): TfjsModelJson {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
    } catch (error) {
      throw new DataError(`${owner}: the model.json text is not valid JSON (${(error as Error).message}); the file may be truncated`);
    }
  }
  const obj = asObject(json);
  if (!obj) throw new DataError(`${owner}: expected the model.json object (or its text), got ${describe(json)}`);
  const format = field(obj, 'format');
  const topology = asObject(field(obj, 'modelTopology'));
  if (format === 'graph-model' || (topology && field(topology, 'node') !== undefined)) {
    throw new DataError(
      `${owner}: expected a TensorFlow.js Layers model, got a graph model (format 'graph-model'); convert the Keras model with tensorflowjs_converter --output_format tfjs_layers_model`,
    );
  }
  if (format !== undefined && format !== 'layers-model') {
    throw new DataError(`${owner}: expected format 'layers-model', got ${describe(format)}`);
  }
  if (!topology) {
    throw new DataError(`${owner}: expected modelTopology to be an object (the Keras model config), got ${describe(field(obj, 'modelTopology'))}`);
  }
  const manifest = field(obj, 'weightsManifest');
  if (!Array.isArray(manifest)) {
    throw new DataError(`${owner}: expected weightsManifest to be an array of { paths, weights }, got ${describe(manifest)}`);
  }
  manifest.forEach((group, g) => {
    const o = asObject(group);
    const paths = o && field(o, 'paths');
    const weights = o && field(o, 'weights');
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string') || !Array.isArray(weights)) {
      throw new DataError(`${owner}: weightsManifest[${g}]: expected { paths: string[], weights: [...] }, got ${describe(group)}`);
    }
  });
  return obj as unknown as TfjsModelJson;
}

/** The shard paths of the manifest, in the order their bytes are read (group by group). */
export function shardPaths(modelJson: TfjsModelJson): string[] {
  return modelJson.weightsManifest.flatMap((group) => group.paths);
}

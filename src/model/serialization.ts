/**
 * The saved form of a model, identical in Node and browsers:
 *
 *   {
 *     format: 'neurite-model', version: 1,
 *     inputShape?: [28, 28, 1],                          // the per-sample input shape, when the model has one
 *     layers: [{ type: 'Dense', config: { inFeatures: 2, outFeatures: 4, useBias: true } }, …],
 *     weights: [{ name: '0.weight', shape: [4, 2], data: '<base64 of little-endian float32>' }, …],
 *     training?: { optimizer, loss, metrics, random }   // with { includeOptimizer: true }
 *   }
 *
 * A layer is saved as its `getConfig()` and rebuilt by the function its type registered
 * (`registerLayer`); this module knows no layer type, and no model class.
 */
import { checkBoolean, checkOptions, DataError, describe, NeuriteError } from '../errors.js';
import { sublayers, type Layer, type LayerConfig } from '../layers/layer.js';
import { layerType, layerTypeNames, BUILT_IN_LAYERS, type LayerBuildContext } from '../layers/registry.js';
import { restoreTraining, trainingToJSON, type CompiledModel, type TrainingJSON } from './training-json.js';
import { allocationBudget, decodeWeights, weightsToJSON, type Encode, type WeightJSON } from './weights-json.js';

export type { TrainingJSON } from './training-json.js';
export type { WeightJSON } from './weights-json.js';

/** The format name written into every saved model. */
export const MODEL_FORMAT = 'neurite-model';
/** The newest format version this build reads and the one it writes. */
export const MODEL_VERSION = 1;

/** A saved model (see the module comment for the layout). */
export interface ModelJSON {
  /** Always `'neurite-model'`. */
  format: typeof MODEL_FORMAT;
  /** The format version the file was written with. */
  version: number;
  /** The per-sample input shape, when the model has one (absent in older files: inferred from the layers). */
  inputShape?: number[];
  /** Each layer's type and constructor arguments, in order. */
  layers: LayerConfig[];
  /** Every param and buffer, layer by layer. */
  weights: WeightJSON[];
  /** With `includeOptimizer`: what resuming training needs. */
  training?: TrainingJSON;
}

/** Options of `toJSON` and `saveModel`. */
export interface SaveOptions {
  /** Also save the compile config, the optimizer state and the model's Random, to resume training exactly. */
  includeOptimizer?: boolean;
}

/** A model as saving and loading see it: a container of layers, compiled or not. */
export interface SavableModel extends CompiledModel {
  readonly layers: readonly Layer[];
  /** The per-sample input shape the model was given (an inferred one is not saved: it is inferred again). */
  readonly declaredInputShape: readonly number[] | undefined;
}

/** Makes the model a file describes, from its layers (the model class is the caller's). */
export type ModelFactory<M extends SavableModel> = (layers: Layer[], options: { seed?: number | string; inputShape?: readonly number[] }) => M;

/** How deep saved models may nest: deeper is a corrupt (or hostile) file, not a model. */
const MAX_NESTING = 64;

/**
 * The saved form of `layer` at `where` (`1.0` inside a nested model); throws at once if
 * it cannot be saved. A container's children are saved the same way, recursively.
 */
export function layerConfig(layer: Layer, where: string): LayerConfig {
  // A container's children first, so that an error names the innermost layer that cannot be saved.
  const children = sublayers(layer)?.map((c, i) => layerConfig(c, `${where}.${i}`));
  if (typeof layer.getConfig !== 'function') {
    throw new NeuriteError(`Sequential.toJSON: layer ${where} (${layer}) cannot be saved: it has no getConfig(); give it one and registerLayer() its type`);
  }
  const config = layer.getConfig();
  if (!layerType(config.type)) {
    throw new NeuriteError(`Sequential.toJSON: layer ${where} (${layer}) has type '${config.type}', which is not registered; call registerLayer('${config.type}', …) first`);
  }
  return { type: config.type, config: children ? { ...config.config, layers: children } : { ...config.config } };
}

/**
 * The saved form of `model` (see {@link ModelJSON}); throws at once if some part cannot be
 * saved. `encode` writes each tensor's values (base64 text; a streaming writer takes the
 * values themselves and writes them piece by piece).
 */
export function modelToJSON(model: SavableModel, options: SaveOptions | string | undefined, owner = 'Sequential.toJSON', encode?: Encode): ModelJSON {
  // JSON.stringify calls toJSON(key) with a string: that is not options.
  const opts = typeof options === 'string' ? {} : checkOptions(options, owner, ['includeOptimizer']);
  const includeOptimizer = checkBoolean(opts.includeOptimizer, owner, 'includeOptimizer', false);
  const layers = model.layers.map((l, i) => layerConfig(l, String(i)));
  const json: ModelJSON = { format: MODEL_FORMAT, version: MODEL_VERSION, layers, weights: weightsToJSON(model.layers, encode) };
  if (model.declaredInputShape) json.inputShape = [...model.declaredInputShape];
  if (includeOptimizer) json.training = trainingToJSON(model, encode);
  return json;
}

/** Rebuilds one layer from its saved `{ type, config }`, nested layers included, within the file's budget. */
function buildLayer(value: unknown, where: string, state: { budget: number; depth: number }): Layer {
  if (!value || typeof value !== 'object') throw new DataError(`Sequential.fromJSON: ${where}: expected { type, config }, got ${describe(value)}`);
  const { type, config: raw } = value as { type?: unknown; config?: unknown };
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new DataError(`Sequential.fromJSON: ${where}: expected config as an object, got ${describe(raw)}`);
  }
  const make = typeof type === 'string' ? layerType(type) : undefined;
  if (!make) {
    const missing = typeof type === 'string' && BUILT_IN_LAYERS.includes(type)
      ? `; ${type} is built into neurite but not part of this bundle: reference it once in the app (e.g. registerLayer('${type}', ${type}.fromConfig))`
      : '';
    throw new DataError(`Sequential.fromJSON: ${where}: unknown layer type ${JSON.stringify(type)}; known types: ${layerTypeNames().join(', ')}${missing}`);
  }
  const context: LayerBuildContext = {
    build(saved, index) {
      if (state.depth >= MAX_NESTING) throw new DataError(`Sequential.fromJSON: ${where}: expected models nested at most ${MAX_NESTING} deep, got deeper`);
      state.depth++;
      try {
        return buildLayer(saved, `${where}.layers[${index}]`, state);
      } finally {
        state.depth--;
      }
    },
    reserve(count) {
      // NaN (a config field that is not a number) is left to the layer's constructor to reject.
      if (count > state.budget) {
        throw new DataError(
          `Sequential.fromJSON: ${where} (${type}): expected a config whose weights fit in the file, got one needing ${count} values where the file's weights hold far fewer (a corrupt config?)`,
        );
      }
      if (count > 0) state.budget -= count;
    },
  };
  try {
    return make((raw ?? {}) as Record<string, unknown>, context);
  } catch (error) {
    if (error instanceof DataError && error.message.startsWith('Sequential.fromJSON')) throw error;
    throw new DataError(`Sequential.fromJSON: ${where} (${type}): ${(error as Error).message}`);
  }
}

function parse(json: unknown, owner: string): Record<string, unknown> {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json); // a byte-order mark is not part of the JSON
    } catch (error) {
      throw new DataError(`${owner}: the text is not valid JSON (${(error as Error).message}); the file may be truncated`);
    }
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new DataError(`${owner}: expected a saved model object, got ${describe(json)}`);
  const obj = json as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT) {
    throw new DataError(`${owner}: expected format '${MODEL_FORMAT}', got ${obj.format === undefined ? 'no format field' : JSON.stringify(obj.format)}`);
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DataError(`${owner}: expected version to be a positive integer, got ${describe(version)}`);
  }
  if (version > MODEL_VERSION) {
    throw new DataError(`${owner}: the model has format version ${version}, newer than this neurite reads (${MODEL_VERSION}); upgrade neurite`);
  }
  if (!Array.isArray(obj.layers)) throw new DataError(`${owner}: expected layers to be an array, got ${describe(obj.layers)}`);
  if (!Array.isArray(obj.weights)) throw new DataError(`${owner}: expected weights to be an array, got ${describe(obj.weights)}`);
  return obj;
}

/** Rebuilds a model from {@link modelToJSON}'s output (an object or its JSON text), with `make` making the container. */
export function modelFromJSON<M extends SavableModel>(json: unknown, make: ModelFactory<M>): M {
  const obj = parse(json, 'Sequential.fromJSON');
  const training = obj.training as TrainingJSON | undefined | null;
  if (training !== undefined && training !== null && (typeof training !== 'object' || Array.isArray(training))) {
    throw new DataError(`Sequential.fromJSON: expected training as an object, got ${describe(training)}`);
  }
  const inputShape = obj.inputShape;
  if (inputShape !== undefined && !(Array.isArray(inputShape) && inputShape.length > 0 && inputShape.every((d) => Number.isInteger(d) && d > 0))) {
    throw new DataError(`Sequential.fromJSON: expected inputShape as an array of positive integers, got ${describe(inputShape)}`);
  }
  const state = { budget: allocationBudget(obj.weights as unknown[]), depth: 0 };
  const layers = (obj.layers as unknown[]).map((l, i) => buildLayer(l, `layers[${i}]`, state));
  const seed = training?.random?.seed;
  if (seed !== undefined && !((typeof seed === 'number' && Number.isFinite(seed)) || typeof seed === 'string')) {
    throw new DataError(`Sequential.fromJSON: training.random: expected seed as a finite number or a string, got ${describe(seed)}`);
  }
  let model: M;
  try {
    model = make(layers, { ...(seed !== undefined ? { seed } : {}), ...(inputShape ? { inputShape: inputShape as number[] } : {}) });
  } catch (error) {
    if (error instanceof NeuriteError) throw error;
    throw new DataError(`Sequential.fromJSON: ${(error as Error).message}`);
  }
  // The saved values go in once the model is made: a custom layer without hasOwnWeights() is initialised when it joins.
  const values = decodeWeights(model.layers, obj.weights as unknown[], 'Sequential.fromJSON');
  const restoreRandom = training ? restoreTraining(model, training) : null;
  for (const [target, data] of values) target.data.set(data);
  restoreRandom?.();
  return model;
}

/** Loads saved weights into the layers of an existing model of the same architecture; all checked before any is copied. */
export function loadWeightsInto(layers: readonly Layer[], json: unknown): void {
  const obj = parse(json, 'Sequential.loadWeights');
  const values = decodeWeights(layers, obj.weights as unknown[], 'Sequential.loadWeights');
  for (const [target, data] of values) target.data.set(data);
}

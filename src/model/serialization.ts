/**
 * The saved form of a model, identical in Node and browsers:
 *
 *   {
 *     format: 'neurite-model', version: 1,
 *     layers: [{ type: 'Dense', config: { inFeatures: 2, outFeatures: 4, useBias: true } }, …],
 *     weights: [{ name: '0.weight', shape: [4, 2], data: '<base64 of little-endian float32>' }, …],
 *     training?: { optimizer, loss, metrics, random }   // with { includeOptimizer: true }
 *   }
 *
 * Weights are named `<layer index>.<param or buffer name>` (nested models add their
 * own index: `1.0.weight`), params first, then buffers, layer by layer.
 */
import { BatchNorm } from '../layers/batch-norm.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer, LayerConfig } from '../layers/layer.js';
import { LeakyReLU } from '../layers/leaky-relu.js';
import { ReLU } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Softmax } from '../layers/softmax.js';
import { Tanh } from '../layers/tanh.js';
import { BinaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { CategoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import type { Loss } from '../losses/loss.js';
import { MeanSquaredError } from '../losses/mean-squared-error.js';
import { Adam, AdamW } from '../optimizers/adam.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { scheduleFromConfig, type ScheduleConfig } from '../optimizers/schedules.js';
import { SGD } from '../optimizers/sgd.js';
import { DataError, describe, formatShape, NeuriteError } from '../errors.js';
import { Random, type RandomState } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { base64ToFloats, floatsToBase64 } from './base64.js';
import { Accuracy, type Metric } from './metrics.js';
import { Sequential } from './sequential.js';

/** The format name written into every saved model. */
export const MODEL_FORMAT = 'neurite-model';
/** The newest format version this build reads and the one it writes. */
export const MODEL_VERSION = 1;

/** One saved tensor: little-endian float32 values in base64. */
export interface WeightJSON {
  /** `<layer index>.<param or buffer name>`, e.g. `0.weight`. */
  name: string;
  /** The tensor's shape, e.g. `[4, 2]`. */
  shape: number[];
  /** The values as little-endian float32, row-major, in base64. */
  data: string;
}

/** What `includeOptimizer` adds, so training resumes exactly. */
export interface TrainingJSON {
  /** The optimizer's type, hyperparameters, step count and per-param state (base64 float32). */
  optimizer: { type: string; config: Record<string, unknown>; iterations: number; slots: Record<string, string>[] };
  /** The loss's type and options. */
  loss: { type: string; config: Record<string, unknown> };
  /** The metrics' types and options. */
  metrics: { type: string; config: Record<string, unknown> }[];
  /** The state of the model's Random, so shuffles and dropout masks continue as they would have. */
  random: RandomState;
}

/** A saved model (see the module comment for the layout). */
export interface ModelJSON {
  /** Always `'neurite-model'`. */
  format: typeof MODEL_FORMAT;
  /** The format version the file was written with. */
  version: number;
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

type Config = Record<string, unknown>;

const layerTypes = new Map<string, (config: Config) => Layer>([
  ['Dense', (c) => new Dense(c.inFeatures as number, c.outFeatures as number, { useBias: bool(c.useBias, 'useBias', true) })],
  ['Sigmoid', () => new Sigmoid()],
  ['Tanh', () => new Tanh()],
  ['ReLU', () => new ReLU()],
  ['LeakyReLU', (c) => new LeakyReLU({ alpha: c.alpha as number })],
  ['Softmax', () => new Softmax()],
  ['Dropout', (c) => new Dropout(c.rate as number)],
  ['BatchNorm', (c) => new BatchNorm(c.features as number, { momentum: c.momentum as number, epsilon: c.epsilon as number })],
  // Built by buildLayer itself, which bounds the nesting depth; listed here so that it is a known type.
  ['Sequential', () => {
    throw new DataError('a nested Sequential is built by buildLayer');
  }],
]);

const builtinSequential = layerTypes.get('Sequential');

/** How deep saved models may nest: deeper is a corrupt (or hostile) file, not a model. */
const MAX_NESTING = 64;

/**
 * The weights (params and buffers) a built-in layer's config will allocate, so that a
 * config is checked against the values the file actually holds before anything is
 * allocated: a corrupt `inFeatures: 4e9` is an error, not a 64 GB allocation.
 */
const weightCounts = new Map<string, (config: Config) => number>([
  ['Dense', (c) => (c.inFeatures as number) * (c.outFeatures as number) + (c.useBias === false ? 0 : (c.outFeatures as number))],
  ['BatchNorm', (c) => 4 * (c.features as number)],
]);

/** What a model file may still allocate, in float32 values, and how deep the layers nest. */
interface BuildContext {
  budget: number;
  depth: number;
}

const optimizerTypes: Record<string, { make: (c: Config) => Optimizer; proto: object }> = {
  SGD: { make: (c) => new SGD(c as never), proto: SGD.prototype },
  Adam: { make: (c) => new Adam(c as never), proto: Adam.prototype },
  AdamW: { make: (c) => new AdamW(c as never), proto: AdamW.prototype },
};

const lossTypes: Record<string, { make: (c: Config) => Loss; proto: object }> = {
  MeanSquaredError: { make: () => new MeanSquaredError(), proto: MeanSquaredError.prototype },
  BinaryCrossEntropy: { make: (c) => new BinaryCrossEntropy(c), proto: BinaryCrossEntropy.prototype },
  CategoricalCrossEntropy: { make: (c) => new CategoricalCrossEntropy(c), proto: CategoricalCrossEntropy.prototype },
};

/**
 * Makes a custom layer type loadable: `registerLayer('MyLayer', (config) => new MyLayer(config.size))`.
 * The layer's `getConfig()` must return `{ type: 'MyLayer', config }`.
 *
 * @example
 * class Softsign extends Activation { … toString() { return 'Softsign'; } } // getConfig() gives { type: 'Softsign', config: {} }
 * registerLayer('Softsign', () => new Softsign());
 * const copy = Sequential.fromJSON(JSON.stringify(modelWithSoftsign));
 */
export function registerLayer(type: string, fromConfig: (config: Record<string, unknown>) => Layer): void {
  if (typeof type !== 'string' || !type) throw new TypeError(`registerLayer: expected a type name, got ${describe(type)}`);
  if (typeof fromConfig !== 'function') throw new TypeError(`registerLayer: expected a function (config) => Layer, got ${describe(fromConfig)}`);
  layerTypes.set(type, fromConfig);
}

function bool(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new DataError(`expected config.${name} to be true or false, got ${describe(value)}`);
  return value;
}

/** Each param and buffer of a model with its saved name, in the saved order. */
export function namedTensors(model: Sequential, prefix = ''): { name: string; value: Tensor }[] {
  const out: { name: string; value: Tensor }[] = [];
  model.layers.forEach((layer, i) => {
    if (layer instanceof Sequential) out.push(...namedTensors(layer, `${prefix}${i}.`));
    else {
      for (const p of layer.params()) out.push({ name: `${prefix}${i}.${p.name}`, value: p.value });
      for (const b of layer.buffers?.() ?? []) out.push({ name: `${prefix}${i}.${b.name}`, value: b.value });
    }
  });
  return out;
}

function layerConfig(layer: Layer, where: string): LayerConfig {
  if (layer instanceof Sequential) {
    return { type: 'Sequential', config: { layers: layer.layers.map((l, i) => layerConfig(l, `${where}.${i}`)) } };
  }
  if (typeof layer.getConfig !== 'function') {
    throw new NeuriteError(`Sequential.toJSON: layer ${where} (${layer}) cannot be saved: it has no getConfig(); give it one and registerLayer() its type`);
  }
  const config = layer.getConfig();
  if (!layerTypes.has(config.type)) {
    throw new NeuriteError(`Sequential.toJSON: layer ${where} (${layer}) has type '${config.type}', which is not registered; call registerLayer('${config.type}', …) first`);
  }
  return { type: config.type, config: { ...config.config } };
}

function exactType<T extends { make: unknown; proto: object }>(table: Record<string, T>, value: object): string | undefined {
  return Object.keys(table).find((k) => Object.getPrototypeOf(value) === table[k].proto);
}

/** The saved form of `model` (see {@link ModelJSON}); throws at once if some part cannot be saved. */
export function modelToJSON(model: Sequential, options: SaveOptions = {}): ModelJSON {
  const layers = model.layers.map((l, i) => layerConfig(l, String(i)));
  const weights = namedTensors(model).map(({ name, value }) => ({ name, shape: [...value.shape], data: floatsToBase64(value.data) }));
  const json: ModelJSON = { format: MODEL_FORMAT, version: MODEL_VERSION, layers, weights };
  if (options.includeOptimizer) {
    const { optimizer, loss } = model;
    if (!optimizer || !loss) throw new NeuriteError('Sequential.toJSON: includeOptimizer needs a compiled model; call compile() first');
    const optimizerType = exactType(optimizerTypes, optimizer);
    if (!optimizerType) throw new NeuriteError(`Sequential.toJSON: the optimizer ${optimizer} cannot be saved; only SGD, Adam and AdamW can`);
    const lossType = exactType(lossTypes, loss);
    if (!lossType || !loss.getConfig) throw new NeuriteError(`Sequential.toJSON: the loss ${loss} cannot be saved; only the built-in losses can`);
    const params = model.params();
    const state = optimizer.getState(params);
    json.training = {
      optimizer: {
        type: optimizerType,
        config: JSON.parse(JSON.stringify(optimizer.getConfig())) as Config,
        iterations: state.iterations,
        slots: state.slots.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, floatsToBase64(v)]))),
      },
      loss: { type: lossType, config: loss.getConfig().config },
      metrics: model.metrics.map((m) => {
        if (m instanceof Accuracy) return { type: 'Accuracy', config: { threshold: m.threshold } };
        throw new NeuriteError(`Sequential.toJSON: the metric ${m.name} cannot be saved; only accuracy can`);
      }),
      random: model.random.getState(),
    };
  }
  return json;
}

function buildLayer(value: unknown, where: string, context: BuildContext): Layer {
  if (!value || typeof value !== 'object') throw new DataError(`Sequential.fromJSON: ${where}: expected { type, config }, got ${describe(value)}`);
  const { type, config: raw } = value as { type?: unknown; config?: unknown };
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new DataError(`Sequential.fromJSON: ${where}: expected config as an object, got ${describe(raw)}`);
  }
  const config = (raw ?? {}) as Config;
  if (type === 'Sequential' && layerTypes.get('Sequential') === builtinSequential) {
    if (context.depth >= MAX_NESTING) throw new DataError(`Sequential.fromJSON: ${where}: expected models nested at most ${MAX_NESTING} deep, got deeper`);
    if (!Array.isArray(config.layers)) throw new DataError(`Sequential.fromJSON: ${where} (Sequential): expected config.layers to be an array, got ${describe(config.layers)}`);
    const inner = { ...context, depth: context.depth + 1 };
    const layers = config.layers.map((l: unknown, i: number) => buildLayer(l, `${where}.layers[${i}]`, inner));
    context.budget = inner.budget;
    try {
      return new Sequential(layers);
    } catch (error) {
      throw new DataError(`Sequential.fromJSON: ${where} (Sequential): ${(error as Error).message}`);
    }
  }
  const make = typeof type === 'string' ? layerTypes.get(type) : undefined;
  if (!make) {
    throw new DataError(`Sequential.fromJSON: ${where}: unknown layer type ${JSON.stringify(type)}; known types: ${[...layerTypes.keys()].join(', ')}`);
  }
  const count = weightCounts.get(type as string)?.(config);
  // NaN (a config field that is not a number) is left to the layer's constructor to reject.
  if (count !== undefined && count > context.budget) {
    throw new DataError(
      `Sequential.fromJSON: ${where} (${type}): expected a config whose weights fit in the file, got one needing ${count} values where the file's weights hold far fewer (a corrupt config?)`,
    );
  }
  if (count !== undefined && count > 0) context.budget -= count;
  try {
    return make(config);
  } catch (error) {
    if (error instanceof DataError && error.message.startsWith('Sequential.fromJSON')) throw error;
    throw new DataError(`Sequential.fromJSON: ${where} (${type}): ${(error as Error).message}`);
  }
}

function parse(json: unknown): Record<string, unknown> {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (error) {
      throw new DataError(`Sequential.fromJSON: the text is not valid JSON (${(error as Error).message}); the file may be truncated`);
    }
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new DataError(`Sequential.fromJSON: expected a saved model object, got ${describe(json)}`);
  const obj = json as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT) {
    throw new DataError(`Sequential.fromJSON: expected format '${MODEL_FORMAT}', got ${obj.format === undefined ? 'no format field' : JSON.stringify(obj.format)}`);
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DataError(`Sequential.fromJSON: expected version to be a positive integer, got ${describe(version)}`);
  }
  if (version > MODEL_VERSION) {
    throw new DataError(`Sequential.fromJSON: the model has format version ${version}, newer than this neurite reads (${MODEL_VERSION}); upgrade neurite`);
  }
  if (!Array.isArray(obj.layers)) throw new DataError(`Sequential.fromJSON: expected layers to be an array, got ${describe(obj.layers)}`);
  if (!Array.isArray(obj.weights)) throw new DataError(`Sequential.fromJSON: expected weights to be an array, got ${describe(obj.weights)}`);
  return obj;
}

/**
 * What a model file may allocate, in float32 values: what its weights' base64 texts
 * can hold, plus 2²⁰ values (4 MB) of slack, so that a model missing a small weight
 * gets the precise "weight … is missing" message rather than this bound.
 */
function allocationBudget(weights: unknown[]): number {
  let chars = 0;
  for (const w of weights) {
    const data = (w as { data?: unknown } | null)?.data;
    if (typeof data === 'string') chars += data.length;
  }
  return Math.floor((chars * 3) / 4 / 4) + 2 ** 20;
}

/** Decodes and checks every saved weight against `model`; returns the values to copy, touching nothing. */
function decodeWeights(model: Sequential, weights: unknown[], owner: string): [Tensor, Float32Array][] {
  const expected = namedTensors(model);
  const byName = new Map<string, unknown>();
  for (const [i, w] of weights.entries()) {
    const name = (w as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw new DataError(`${owner}: weights[${i}]: expected a name, got ${describe(name)}`);
    if (byName.has(name)) throw new DataError(`${owner}: weight '${name}' appears twice`);
    byName.set(name, w);
  }
  const known = new Set(expected.map((e) => e.name));
  for (const name of byName.keys()) {
    if (!known.has(name)) throw new DataError(`${owner}: weight '${name}' does not belong to any layer of the model (expected ${[...known].join(', ')})`);
  }
  return expected.map(({ name, value }) => {
    const w = byName.get(name) as { shape?: unknown; data?: unknown } | undefined;
    if (!w) throw new DataError(`${owner}: weight '${name}' is missing`);
    const shape = w.shape;
    if (!Array.isArray(shape) || shape.length !== value.rank || shape.some((d, i) => d !== value.shape[i])) {
      throw new DataError(`${owner}: weight '${name}': expected shape ${formatShape(value.shape)}, got ${Array.isArray(shape) ? formatShape(shape) : describe(shape)}`);
    }
    const data = base64ToFloats(w.data as string, `${owner}: weight '${name}'`);
    if (data.length !== value.size) throw new DataError(`${owner}: weight '${name}': expected ${value.size} values, got ${data.length}`);
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw new DataError(`${owner}: weight '${name}': expected finite values, got ${data[i]} at index ${i}`);
    }
    return [value, data];
  });
}

/** Rebuilds a model from {@link modelToJSON}'s output (an object or its JSON text). */
export function modelFromJSON(json: unknown): Sequential {
  const obj = parse(json);
  const training = obj.training as TrainingJSON | undefined | null;
  if (training !== undefined && training !== null && (typeof training !== 'object' || Array.isArray(training))) {
    throw new DataError(`Sequential.fromJSON: expected training as an object, got ${describe(training)}`);
  }
  const context = { budget: allocationBudget(obj.weights as unknown[]), depth: 0 };
  const layers = (obj.layers as unknown[]).map((l, i) => buildLayer(l, `layers[${i}]`, context));
  const seed = training?.random?.seed;
  if (seed !== undefined && !((typeof seed === 'number' && Number.isFinite(seed)) || typeof seed === 'string')) {
    throw new DataError(`Sequential.fromJSON: training.random: expected seed as a finite number or a string, got ${describe(seed)}`);
  }
  let model: Sequential;
  try {
    model = new Sequential(layers, seed !== undefined ? { seed } : {});
  } catch (error) {
    if (error instanceof NeuriteError) throw error;
    throw new DataError(`Sequential.fromJSON: ${(error as Error).message}`);
  }
  const values = decodeWeights(model, obj.weights as unknown[], 'Sequential.fromJSON');
  let restoreTraining: (() => void) | null = null;
  if (training) restoreTraining = prepareTraining(model, training);
  for (const [target, data] of values) target.data.set(data);
  restoreTraining?.();
  return model;
}

function prepareTraining(model: Sequential, training: TrainingJSON): () => void {
  const owner = 'Sequential.fromJSON: training';
  const wrap = <T>(what: string, make: () => T): T => {
    try {
      return make();
    } catch (error) {
      throw new DataError(`${owner}.${what}: ${(error as Error).message}`);
    }
  };
  const object = (value: unknown, what: string): Config => {
    if (value === undefined) return {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DataError(`${owner}.${what}: expected an object, got ${describe(value)}`);
    return value as Config;
  };
  const o = object(training.optimizer, 'optimizer') as Partial<TrainingJSON['optimizer']>;
  const optimizerType = typeof o.type === 'string' && Object.hasOwn(optimizerTypes, o.type) ? optimizerTypes[o.type] : undefined;
  if (!optimizerType) throw new DataError(`${owner}.optimizer: unknown type ${JSON.stringify(o.type)}; known: ${Object.keys(optimizerTypes).join(', ')}`);
  const config = { ...object(o.config, 'optimizer.config') };
  if (config.learningRate && typeof config.learningRate === 'object') {
    config.learningRate = wrap('optimizer', () => scheduleFromConfig(config.learningRate as ScheduleConfig));
  }
  for (const key of Object.keys(config)) if (config[key] === null) delete config[key];
  const optimizer = wrap('optimizer', () => optimizerType.make(config));
  const lossJSON = object(training.loss, 'loss');
  const lossType = typeof lossJSON.type === 'string' && Object.hasOwn(lossTypes, lossJSON.type) ? lossTypes[lossJSON.type] : undefined;
  if (!lossType) throw new DataError(`${owner}.loss: unknown type ${JSON.stringify(lossJSON.type)}; known: ${Object.keys(lossTypes).join(', ')}`);
  const loss = wrap('loss', () => lossType.make(object(lossJSON.config ?? undefined, 'loss.config')));
  const savedMetrics: unknown = training.metrics ?? [];
  if (!Array.isArray(savedMetrics)) throw new DataError(`${owner}.metrics: expected an array, got ${describe(savedMetrics)}`);
  const metrics: Metric[] = savedMetrics.map((m: { type?: unknown; config?: unknown } | null, i) => {
    if (m?.type !== 'Accuracy') throw new DataError(`${owner}.metrics: unknown metric ${JSON.stringify(m?.type)}`);
    return wrap(`metrics[${i}]`, () => new Accuracy(object(m.config ?? undefined, `metrics[${i}].config`) as { threshold?: number }));
  });
  const params = model.params();
  if (!Array.isArray(o.slots) || o.slots.length !== params.length) {
    throw new DataError(`${owner}.optimizer: expected state for ${params.length} params, got ${Array.isArray(o.slots) ? o.slots.length : describe(o.slots)}`);
  }
  const slots = o.slots.map((s, i) =>
    Object.fromEntries(
      Object.entries(object(s, `optimizer.slots[${i}]`)).map(([k, v]) => [k, base64ToFloats(v as string, `${owner}.optimizer.slots[${i}].${k}`)]),
    ),
  );
  if (!Number.isInteger(o.iterations) || (o.iterations as number) < 0) throw new DataError(`${owner}.optimizer: expected iterations ≥ 0, got ${describe(o.iterations)}`);
  model.compile({ optimizer, loss, metrics });
  wrap('optimizer', () => optimizer.setState(params, { iterations: o.iterations as number, slots }));
  const random = training.random;
  if (random !== undefined && random !== null) wrap('random', () => new Random(0).setState(random)); // checked now, applied last
  return () => {
    if (random) model.random.setState(random);
  };
}

/** Loads saved weights into an existing model of the same architecture; all checked before any is copied. */
export function loadWeightsInto(model: Sequential, json: unknown): void {
  const obj = parse(json);
  const values = decodeWeights(model, obj.weights as unknown[], 'Sequential.loadWeights');
  for (const [target, data] of values) target.data.set(data);
}

/**
 * What `includeOptimizer` saves so that training resumes exactly: the compile config
 * (optimizer with its state, loss, metrics) and the state of the model's Random.
 */
import { isExactly } from '../brand.js';
import { checkKeys, DataError, describe, NeuriteError } from '../errors.js';
import type { Param } from '../layers/layer.js';
import { BinaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { CategoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import type { Loss } from '../losses/loss.js';
import { MeanSquaredError } from '../losses/mean-squared-error.js';
import { Adam, AdamW } from '../optimizers/adam.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { scheduleFromConfig, type ScheduleConfig } from '../optimizers/schedules.js';
import { SGD } from '../optimizers/sgd.js';
import { Random, type RandomState } from '../random.js';
import { base64ToFloats, floatsToBase64 } from './base64.js';
import { Accuracy, type Metric } from './metrics.js';

/** What `includeOptimizer` adds, so training resumes exactly. */
export interface TrainingJSON {
  /** The optimizer's type, hyperparameters, step count and per-param state (base64 float32). */
  optimizer: {
    type: string;
    config: Record<string, unknown>;
    iterations: number;
    slots: Record<string, string>[];
    /** Updates each param has had (Adam's bias correction), in params order; absent in older files: each is `iterations`. */
    steps?: number[];
  };
  /** The loss's type and options. */
  loss: { type: string; config: Record<string, unknown> };
  /** The metrics' types and options. */
  metrics: { type: string; config: Record<string, unknown> }[];
  /** The state of the model's Random, so shuffles and dropout masks continue as they would have. */
  random: RandomState;
}

/** A compiled model as saving and loading its training state sees it. */
export interface CompiledModel {
  readonly random: Random;
  readonly optimizer: Optimizer | undefined;
  readonly loss: Loss | undefined;
  readonly metrics: readonly Metric[];
  params(): Param[];
  compile(options: { optimizer: Optimizer; loss: Loss; metrics: Metric[] }): unknown;
}

type Config = Record<string, unknown>;

const optimizerTypes: Record<string, new (c: Config) => Optimizer> = { SGD, Adam, AdamW };

const lossTypes: Record<string, new (c: Config) => Loss> = { MeanSquaredError, BinaryCrossEntropy, CategoricalCrossEntropy };

/** The name of the table entry whose class `value` is exactly of (in either build of neurite). */
function exactType(table: Record<string, abstract new (...args: never[]) => unknown>, value: object): string | undefined {
  return Object.keys(table).find((k) => isExactly(value, table[k]));
}

/** The training state of a compiled model; throws at once if some part of it cannot be saved. */
export function trainingToJSON(model: CompiledModel, encode: (values: Float32Array) => unknown = floatsToBase64): TrainingJSON {
  const { optimizer, loss } = model;
  if (!optimizer || !loss) throw new NeuriteError('Sequential.toJSON: includeOptimizer needs a compiled model; call compile() first');
  const optimizerType = exactType(optimizerTypes, optimizer);
  if (!optimizerType) throw new NeuriteError(`Sequential.toJSON: the optimizer ${optimizer} cannot be saved; only SGD, Adam and AdamW can`);
  const lossType = exactType(lossTypes, loss);
  if (!lossType || !loss.getConfig) throw new NeuriteError(`Sequential.toJSON: the loss ${loss} cannot be saved; only the built-in losses can`);
  const state = optimizer.getState(model.params(), false); // read at once, by encode
  return {
    optimizer: {
      type: optimizerType,
      config: JSON.parse(JSON.stringify(optimizer.getConfig())) as Config,
      iterations: state.iterations,
      slots: state.slots.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, encode(v) as string]))),
      steps: [...(state.steps ?? [])],
    },
    loss: { type: lossType, config: loss.getConfig().config },
    metrics: model.metrics.map((m) => {
      if (m instanceof Accuracy) return { type: 'Accuracy', config: { threshold: m.threshold } };
      throw new NeuriteError(`Sequential.toJSON: the metric ${m.name} cannot be saved; only accuracy can`);
    }),
    random: model.random.getState(),
  };
}

/**
 * Checks a saved training state and compiles `model` with it (optimizer state
 * included); returns what restores the Random, to be called once the weights are in.
 */
export function restoreTraining(model: CompiledModel, training: TrainingJSON): () => void {
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
  const typeIn = <T>(table: Record<string, T>, type: unknown, what: string): T => {
    if (typeof type === 'string' && Object.hasOwn(table, type)) return table[type];
    throw new DataError(`${owner}.${what}: unknown type ${JSON.stringify(type)}; known: ${Object.keys(table).join(', ')}`);
  };
  const o = object(training.optimizer, 'optimizer') as Partial<TrainingJSON['optimizer']>;
  const optimizerType = typeIn(optimizerTypes, o.type, 'optimizer');
  const config = { ...object(o.config, 'optimizer.config') };
  if (config.learningRate && typeof config.learningRate === 'object') {
    config.learningRate = wrap('optimizer', () => scheduleFromConfig(config.learningRate as ScheduleConfig));
  }
  for (const key of Object.keys(config)) if (config[key] === null) delete config[key];
  const optimizer = wrap('optimizer', () => new optimizerType(config));
  const lossJSON = object(training.loss, 'loss');
  const lossType = typeIn(lossTypes, lossJSON.type, 'loss');
  const loss = wrap('loss', () => {
    const c = object(lossJSON.config ?? undefined, 'loss.config');
    if (lossType === MeanSquaredError) checkKeys(c, [], 'MeanSquaredError');
    return new lossType(c);
  });
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
  const steps = o.steps;
  if (steps !== undefined && !(Array.isArray(steps) && steps.length === params.length && steps.every((v) => Number.isInteger(v) && v >= 0))) {
    throw new DataError(`${owner}.optimizer: expected steps as ${params.length} integers ≥ 0 (one per param), got ${Array.isArray(steps) ? `${steps.length} values` : describe(steps)}`);
  }
  wrap('optimizer', () => optimizer.setState(params, { iterations: o.iterations as number, slots, ...(steps ? { steps } : {}) }));
  const random = training.random;
  if (random !== undefined && random !== null) wrap('random', () => new Random(0).setState(random)); // checked now, applied last
  return () => {
    if (random) model.random.setState(random);
  };
}

import { checkKeys, describe } from '../errors.js';
import { BinaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { CategoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import type { Loss } from '../losses/loss.js';
import { MeanSquaredError } from '../losses/mean-squared-error.js';
import { Adam, AdamW } from '../optimizers/adam.js';
import { Optimizer } from '../optimizers/optimizer.js';
import { SGD } from '../optimizers/sgd.js';
import { Accuracy, type Metric } from './metrics.js';

/** The optimizers `compile` accepts by name, with their default hyperparameters. */
export const optimizerNames = { sgd: () => new SGD(), adam: () => new Adam(), adamw: () => new AdamW() } as const;

/** The losses `compile` accepts by name (all on probabilities; pass an object for `fromLogits`). */
export const lossNames = {
  mse: () => new MeanSquaredError(),
  meanSquaredError: () => new MeanSquaredError(),
  binaryCrossentropy: () => new BinaryCrossEntropy(),
  categoricalCrossentropy: () => new CategoricalCrossEntropy(),
  sparseCategoricalCrossentropy: () => new CategoricalCrossEntropy(),
} as const;

/** An optimizer `compile` accepts by name: `'sgd'`, `'adam'` or `'adamw'`. */
export type OptimizerName = keyof typeof optimizerNames;
/** A loss `compile` accepts by name: `'mse'`, `'binaryCrossentropy'`, `'categoricalCrossentropy'`, … */
export type LossName = keyof typeof lossNames;
/** A metric `compile` accepts by name: `'accuracy'` (or `'acc'`). */
export type MetricName = 'accuracy' | 'acc';

function byName<T>(owner: string, what: string, table: Record<string, () => T>, value: unknown): T {
  if (typeof value === 'string') {
    if (Object.prototype.hasOwnProperty.call(table, value)) return table[value]();
    throw new RangeError(`${owner}: unknown ${what} ${JSON.stringify(value)}; expected one of ${Object.keys(table).join(', ')}`);
  }
  throw new TypeError(`${owner}: expected ${what} as an object or one of ${Object.keys(table).join(', ')}, got ${describe(value)}`);
}

export function resolveOptimizer(value: unknown): Optimizer {
  if (value instanceof Optimizer) return value;
  return byName<Optimizer>('Sequential.compile', 'optimizer', optimizerNames, value);
}

export function resolveLoss(value: unknown): Loss {
  if (value && typeof value === 'object' && typeof (value as Loss).forward === 'function' && typeof (value as Loss).backward === 'function') {
    return value as Loss;
  }
  return byName<Loss>('Sequential.compile', 'loss', lossNames, value);
}

/** Names a metric may not take: they are logged already. */
const reserved = ['loss', 'learningRate', 'time'];

/** A metric object, checked whole at compile time rather than failing mid-fit. */
function checkMetric(value: object, index: number): Metric {
  const m = value as Partial<Metric>;
  const owner = `Sequential.compile: metrics[${index}]`;
  for (const method of ['reset', 'update', 'result'] as const) {
    if (typeof m[method] !== 'function') throw new TypeError(`${owner}: expected a metric with reset(), update() and result(), got one without ${method}()`);
  }
  if (typeof m.name !== 'string' || !m.name) throw new TypeError(`${owner}: expected a metric with a name, got ${describe(m.name)}`);
  if (reserved.includes(m.name) || /^val[A-Z]/.test(m.name)) {
    throw new RangeError(`${owner}: a metric may not be named ${JSON.stringify(m.name)} (fit logs loss, learningRate, time and val… itself); name it otherwise`);
  }
  return m as Metric;
}

export function resolveMetric(value: unknown, loss: Loss, index = 0): Metric {
  if (value && typeof value === 'object') return checkMetric(value, index);
  const logits = loss instanceof BinaryCrossEntropy && loss.fromLogits;
  return byName('Sequential.compile', 'metric', {
    accuracy: () => new Accuracy({ threshold: logits ? 0 : 0.5 }),
    acc: () => new Accuracy({ threshold: logits ? 0 : 0.5 }),
  }, value);
}

/** The optimizer, loss and metrics `compile` chose, each checked. */
export function resolveCompile(options: unknown): { optimizer: Optimizer; loss: Loss; metrics: Metric[] } {
  if (!options || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`Sequential.compile: expected options { optimizer, loss, metrics }, got ${describe(options)}`);
  }
  checkKeys(options, ['optimizer', 'loss', 'metrics'], 'Sequential.compile');
  const o = options as { optimizer?: unknown; loss?: unknown; metrics?: unknown };
  const loss = resolveLoss(o.loss);
  const optimizer = resolveOptimizer(o.optimizer);
  if (o.metrics !== undefined && !Array.isArray(o.metrics)) {
    throw new TypeError(`Sequential.compile: expected metrics as an array such as ['accuracy'], got ${describe(o.metrics)}`);
  }
  const metrics = ((o.metrics ?? []) as unknown[]).map((m, i) => resolveMetric(m, loss, i));
  const seen = new Set<string>();
  for (const m of metrics) {
    if (seen.has(m.name)) throw new RangeError(`Sequential.compile: expected metrics with different names, got ${JSON.stringify(m.name)} twice`);
    seen.add(m.name);
  }
  return { optimizer, loss, metrics };
}

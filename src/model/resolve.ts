import { describe } from '../errors.js';
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

export function resolveMetric(value: unknown, loss: Loss): Metric {
  if (value && typeof value === 'object' && typeof (value as Metric).update === 'function') return value as Metric;
  const logits = loss instanceof BinaryCrossEntropy && loss.fromLogits;
  return byName('Sequential.compile', 'metric', {
    accuracy: () => new Accuracy({ threshold: logits ? 0 : 0.5 }),
    acc: () => new Accuracy({ threshold: logits ? 0 : 0.5 }),
  }, value);
}

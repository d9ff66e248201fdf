/**
 * `evaluate` and `predict`: the model in inference mode over data in batches, and the
 * checks shared with `fit` that turn what the user passed into samples and targets.
 */
import { sliceRows, toInputs, toTargets, type Inputs, type Targets } from '../data/inputs.js';
import { checkInteger, checkOptions, StateError } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { sameShapeTargets } from '../losses/targets.js';
import { Tensor } from '../tensor/tensor.js';
import { allFinite, nonFiniteOutput } from './diagnose.js';
import type { Metric } from './metrics.js';
import type { TrainableModel } from './trainable.js';

/** Options of {@link Sequential.evaluate} and {@link Sequential.predict}. */
export interface BatchOptions {
  /** Samples per forward pass. Default 128. */
  batchSize?: number;
}

/** The loss and metrics of a model on some data, as `evaluate` returns them. */
export interface Evaluation {
  /** The mean loss. */
  loss: number;
  /** Each compiled metric by name, e.g. `accuracy`. */
  [metric: string]: number;
}

/**
 * Samples and targets, checked against the model and the loss before any step:
 * samples of the model's per-sample shape, one target per sample, targets the loss accepts.
 */
export function samplesAndTargets(
  model: TrainableModel,
  loss: Loss,
  x: Inputs,
  y: Targets,
  owner: string,
  names: readonly [string, string] = ['x', 'y'],
): [Tensor, Tensor] {
  const inputs = toInputs(x, model.inputShape ?? null, { owner, what: names[0] });
  const outputShape = model.outputShapeFor(inputs.shape.slice(1), owner);
  const raw = toTargets(y, inputs.shape[0], { owner, what: names[1] });
  const context = { owner, what: names[1] };
  const targets = loss.prepareTargets ? loss.prepareTargets(raw, outputShape, context) : sameShapeTargets(raw, outputShape, context);
  return [inputs, targets];
}

/**
 * The loss and metrics on `x`, `y` in inference mode: `{ loss, accuracy, … }`, with the
 * compiled metrics or, given, others of the same names (fresh ones while fit uses those).
 */
export function evaluate(model: TrainableModel, x: Inputs, y: Targets, options: BatchOptions = {}, using?: readonly Metric[]): Evaluation {
  const compiled = model.compiled('evaluate');
  const loss = compiled.loss, metrics = using ?? compiled.metrics;
  options = checkOptions(options, 'Sequential.evaluate', ['batchSize']);
  const batchSize = checkInteger(options.batchSize ?? 128, 'Sequential.evaluate', 'batchSize');
  const [inputs, targets] = samplesAndTargets(model, loss, x, y, 'Sequential.evaluate');
  const n = inputs.shape[0];
  for (const m of metrics) m.reset();
  let lossSum = 0;
  for (let from = 0; from < n; from += batchSize) {
    const count = Math.min(batchSize, n - from);
    const xb = sliceRows(inputs, from, count), yb = sliceRows(targets, from, count);
    const prediction = model.forward(xb, false);
    if (!allFinite(prediction.data)) {
      throw nonFiniteOutput(model, `Sequential.evaluate: expected finite values on rows ${from}–${from + count - 1}`, 'check the scale of the inputs and the weights');
    }
    lossSum += loss.forward(prediction, yb) * count;
    for (const m of metrics) m.update(prediction, yb);
  }
  const result: Evaluation = { loss: lossSum / n + model.penalty() };
  for (const m of metrics) result[m.name] = m.result();
  return result;
}

/** The model's outputs for `x` in inference mode, as a new `[samples, ...outputShape]` tensor. */
export function predict(model: TrainableModel, x: Inputs, options: BatchOptions = {}): Tensor {
  if (model.layers.length === 0) throw new StateError('Sequential.predict: expected at least one layer, got an empty model');
  options = checkOptions(options, 'Sequential.predict', ['batchSize']);
  const batchSize = checkInteger(options.batchSize ?? 128, 'Sequential.predict', 'batchSize');
  const inputs = toInputs(x, model.inputShape ?? null, { owner: 'Sequential.predict', what: 'x' });
  model.outputShapeFor(inputs.shape.slice(1), 'Sequential.predict');
  const n = inputs.shape[0];
  let result: Tensor | null = null;
  for (let from = 0; from < n; from += batchSize) {
    const count = Math.min(batchSize, n - from);
    const out = model.forward(sliceRows(inputs, from, count), false);
    if (!allFinite(out.data)) {
      throw nonFiniteOutput(model, `Sequential.predict: expected finite values on rows ${from}–${from + count - 1}`, 'check the scale of the inputs and the weights');
    }
    result ??= Tensor.zeros([n, ...out.shape.slice(1)]);
    result.data.set(out.data, from * (out.size / count));
  }
  return result!;
}

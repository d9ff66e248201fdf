/**
 * The training loop behind `Sequential.fit`: data checked once, then for each epoch a
 * shuffle, and for each batch a gather, forward, loss, backward and optimizer step,
 * with metrics, callbacks, validation, and the non-finite diagnosis. A steady step
 * allocates nothing: the batch buffers are made once and every layer reuses its own.
 */
import { gatherRows } from '../data/batches.js';
import { sliceRows, type Inputs, type Targets } from '../data/inputs.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions, closest, DataError, describe, ShapeError } from '../errors.js';
import { reuse, type Tensor } from '../tensor/tensor.js';
import { History, type Callback, type Logs } from './callbacks.js';
import { allFinite, inTraining, nonFiniteGradient, nonFiniteOutput } from './diagnose.js';
import { evaluate, samplesAndTargets } from './inference.js';
import type { Metric } from './metrics.js';
import type { TrainableModel } from './trainable.js';

/** Options of {@link Sequential.fit}. */
export interface FitOptions {
  /** Passes over the training data. Default 1. */
  epochs?: number;
  /** Samples per gradient step. Default 32. */
  batchSize?: number;
  /** Shuffle the training samples before each epoch (with the model's Random). Default true. */
  shuffle?: boolean;
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** Separate validation samples; takes precedence over `validationSplit`. */
  validationData?: readonly [Inputs, Targets];
  /** Hooks called as training goes (see {@link Callback}), e.g. `earlyStopping(…)`. Default none. */
  callbacks?: readonly Callback[];
  /** 0: silent (default); 1: one line per epoch on the console. */
  verbose?: 0 | 1;
  /**
   * Leave out the last batch of each epoch when it would hold fewer than `batchSize`
   * samples (they are different samples each epoch when shuffling). Default false.
   */
  dropRemainder?: boolean;
  /**
   * Check every layer's output and every gradient for NaN or ±Infinity on every step,
   * and stop at the first with an error naming the epoch, the batch and the layer.
   * Without it, fit checks the model's output and (through the optimizer) the param
   * gradients each step, which catches a divergence one layer less precisely. Default false.
   */
  debug?: boolean;
}

const hooks = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchEnd'];

const fitKeys = ['epochs', 'batchSize', 'shuffle', 'validationSplit', 'validationData', 'callbacks', 'verbose', 'dropRemainder', 'debug'];

/** Resolves after letting the event loop run (timers, rendering, I/O). */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Trains `model` on `x`, `y` (see {@link Sequential.fit}). */
export async function fit(model: TrainableModel, x: Inputs, y: Targets, options: FitOptions = {}): Promise<History> {
  const { optimizer, loss, metrics } = model.compiled('fit');
  options = checkOptions(options, 'Sequential.fit', fitKeys);
  const epochs = checkInteger(options.epochs ?? 1, 'Sequential.fit', 'epochs');
  const batchSize = checkInteger(options.batchSize ?? 32, 'Sequential.fit', 'batchSize');
  const shuffle = checkBoolean(options.shuffle, 'Sequential.fit', 'shuffle', true);
  const debug = checkBoolean(options.debug, 'Sequential.fit', 'debug', false);
  const dropRemainder = checkBoolean(options.dropRemainder, 'Sequential.fit', 'dropRemainder', false);
  const verbose = options.verbose ?? 0;
  if (verbose !== 0 && verbose !== 1) throw new TypeError(`Sequential.fit: expected verbose to be 0 or 1, got ${describe(verbose)}`);
  const callbacks = options.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw new TypeError(`Sequential.fit: expected callbacks as an array, got ${describe(callbacks)}`);
  callbacks.forEach((c, i) => {
    if (!c || typeof c !== 'object') throw new TypeError(`Sequential.fit: expected callbacks[${i}] as an object of hooks, got ${describe(c)}`);
    // A misspelt hook would never be called: any own on… key must be one of the hooks.
    for (const key of Object.keys(c)) {
      if (!/^on[A-Z]/.test(key) || hooks.includes(key)) continue;
      const near = closest(key, hooks);
      throw new TypeError(`Sequential.fit: callbacks[${i}] has an unknown hook ${JSON.stringify(key)}${near ? `; did you mean ${near}?` : ''} (expected ${hooks.join(', ')})`);
    }
    for (const hook of hooks) {
      const f = (c as Record<string, unknown>)[hook];
      if (f !== undefined && typeof f !== 'function') throw new TypeError(`Sequential.fit: expected callbacks[${i}].${hook} as a function, got ${describe(f)}`);
    }
  });
  let [inputs, targets] = samplesAndTargets(model, loss, x, y, 'Sequential.fit');
  let validation: [Tensor, Tensor] | null = null;
  if (options.validationData !== undefined) {
    if (!Array.isArray(options.validationData) || options.validationData.length !== 2) {
      throw new TypeError(`Sequential.fit: expected validationData as [x, y], got ${describe(options.validationData)}`);
    }
    const [vx, vy] = options.validationData as [Inputs, Targets];
    validation = samplesAndTargets(model, loss, vx, vy, 'Sequential.fit', ['validationData x', 'validationData y']);
  } else if (options.validationSplit !== undefined) {
    const split = checkNumber(options.validationSplit, 'Sequential.fit', 'validationSplit', 'in (0, 1)', (v) => v > 0 && v < 1);
    const n = inputs.shape[0];
    const held = Math.floor(n * split);
    if (held < 1 || held >= n) {
      throw new RangeError(`Sequential.fit: validationSplit ${split} of ${n} samples leaves ${held} for validation and ${n - held} for training; both must be ≥ 1`);
    }
    const keep = n - held;
    validation = [sliceRows(inputs, keep, held), sliceRows(targets, keep, held)];
    inputs = sliceRows(inputs, 0, keep);
    targets = sliceRows(targets, 0, keep);
  }

  const n = inputs.shape[0];
  const batches = dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  if (batches === 0) {
    throw new RangeError(`Sequential.fit: dropRemainder with batchSize ${batchSize} leaves no batch of the ${n} samples; use a batchSize ≤ ${n}`);
  }
  checkBatches(model, inputs.shape.slice(1), n, batchSize, dropRemainder);
  const rowX = inputs.size / n, rowY = targets.size / n;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const params = model.params();
  const history = new History();
  const wantsBatchLogs = callbacks.some((c) => c.onBatchEnd);
  let xb: Tensor | null = null, yb: Tensor | null = null;
  // The batch shapes, made once: a steady training step allocates nothing.
  const last = n - (Math.ceil(n / batchSize) - 1) * batchSize;
  const shapes = [batchSize, last].map((count) => [[count, ...inputs.shape.slice(1)], [count, ...targets.shape.slice(1)]]);
  let lastYield = now();
  let lastLogs: Logs | undefined;

  const buffers = model.buffers().map((b) => b.value.data);
  const savedBuffers = buffers.map((b) => new Float32Array(b.length));
  const result = { prediction: null as unknown as Tensor, value: 0 }; // reused: no object per step
  /** One training step on a batch: forward, loss, backward, optimizer. */
  const step = (epoch: number, batch: number, xb: Tensor, yb: Tensor): { prediction: Tensor; value: number } => {
    let prediction: Tensor, value: number;
    try {
      prediction = model.forward(xb, true);
      if (debug || !allFinite(prediction.data)) {
        const error = nonFiniteOutput(model, `Sequential.fit: expected finite values at epoch ${epoch}, batch ${batch}`, 'try a lower learning rate or normalised inputs');
        if (error) throw error;
      }
      value = loss.forward(prediction, yb) + model.penalty();
    } catch (error) {
      throw inTraining(error, epoch, batch);
    }
    if (!Number.isFinite(value)) {
      throw new DataError(
        `Sequential.fit: expected a finite loss at epoch ${epoch}, batch ${batch}, got ${value} from ${loss}, though every layer's output is finite; try a lower learning rate or fromLogits`,
      );
    }
    learningRate = optimizer.currentLearningRate();
    const lossGradient = loss.backward();
    model.backwardParams(lossGradient);
    model.addPenaltyGradient();
    if (debug) {
      const error = nonFiniteGradient(model, lossGradient, loss, epoch, batch);
      if (error) throw error;
    }
    try {
      optimizer.step(params); // refuses non-finite gradients, leaving the weights as they were
    } catch (error) {
      const gradient = nonFiniteGradient(model, lossGradient, loss, epoch, batch);
      if (gradient) throw gradient;
      // A step that would have made a weight non-finite was undone by the optimizer: say where in training.
      throw inTraining(error, epoch, batch);
    }
    result.prediction = prediction;
    result.value = value;
    return result;
  };
  let learningRate = 0;

  model.stopTraining = false;
  const names = metrics.map((m) => m.name);
  const logNames = ['loss', 'learningRate', 'time', ...names, ...(validation ? ['valLoss', ...names.map(valName)] : [])];
  for (const c of callbacks) await c.onTrainBegin?.(model, { logs: logNames, epochs });
  for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
    for (const c of callbacks) await c.onEpochBegin?.(epoch);
    const start = now();
    if (shuffle) {
      // Each epoch shuffles the identity, so its order depends only on the Random's
      // state: training resumed from a save (or a second fit call) repeats a straight run.
      for (let i = 0; i < n; i++) order[i] = i;
      model.random.shuffle(order);
    }
    for (const m of metrics) m.reset();
    let lossSum = 0;
    for (let batch = 0; batch < batches; batch++) {
      const from = batch * batchSize, count = Math.min(batchSize, n - from);
      const batchShapes = shapes[count === batchSize ? 0 : 1];
      xb = reuse(xb, batchShapes[0]);
      yb = reuse(yb, batchShapes[1]);
      gatherRows(inputs.data, rowX, order, from, count, xb.data);
      gatherRows(targets.data, rowY, order, from, count, yb.data);

      for (let i = 0; i < params.length; i++) params[i].zeroGrad(); // (index loops: no iterator per step)
      // A step that fails leaves the model as it was: the forward pass moves buffers (BatchNorm's running statistics).
      for (let i = 0; i < buffers.length; i++) savedBuffers[i].set(buffers[i]);
      let prediction: Tensor, value: number;
      try {
        ({ prediction, value } = step(epoch, batch, xb, yb));
      } catch (error) {
        for (let i = 0; i < buffers.length; i++) buffers[i].set(savedBuffers[i]);
        throw error;
      }
      lossSum += value * count;
      for (let i = 0; i < metrics.length; i++) metrics[i].update(prediction, yb);

      if (wantsBatchLogs) {
        const logs = epochLogs(lossSum / (from + count), metrics, learningRate, now() - start);
        for (const c of callbacks) await c.onBatchEnd?.(batch, logs);
      }
      if (now() - lastYield > 15) {
        await yieldToEventLoop();
        lastYield = now();
      }
    }
    const logs = epochLogs(lossSum / Math.min(n, batches * batchSize), metrics, learningRate, 0);
    if (validation) {
      const result = evaluate(model, validation[0], validation[1], { batchSize: Math.max(batchSize, 128) });
      for (const [k, v] of Object.entries(result)) logs[valName(k)] = v;
    }
    logs.time = now() - start;
    history.record(epoch, logs);
    lastLogs = logs;
    if (verbose) console.log(formatEpoch(epoch, epochs, logs));
    for (const c of callbacks) await c.onEpochEnd?.(epoch, logs);
  }
  for (const c of callbacks) await c.onTrainEnd?.(lastLogs);
  return history;
}

/**
 * Throws before the first step when some batch would be too small for a layer to train
 * on (BatchNorm on a last batch of one sample), naming the layer, the sizes and the fix.
 */
function checkBatches(model: TrainableModel, sampleShape: readonly number[], n: number, batchSize: number, dropRemainder: boolean): void {
  const { size, layer } = model.batchLimit(sampleShape);
  const rest = n % batchSize;
  const smallest = n < batchSize ? n : dropRemainder || rest === 0 ? batchSize : rest;
  if (smallest >= size) return;
  const what = `${n} samples in batches of ${batchSize}`;
  if (n < size) throw new ShapeError(`Sequential.fit: expected at least ${size} samples for ${layer} to train on, got ${n}`);
  let suggestion = batchSize;
  for (let d = 1; d < batchSize && suggestion === batchSize; d++) {
    for (const b of [batchSize - d, batchSize + d]) if (b >= size && b <= n && (n % b === 0 || n % b >= size)) suggestion = b;
  }
  throw new ShapeError(
    `Sequential.fit: expected every batch to hold at least ${size} samples for ${layer} in training, got a last batch of ${smallest} (${what}); use { dropRemainder: true } or a batchSize that leaves a larger last batch${suggestion !== batchSize ? ` (e.g. ${suggestion})` : ''}`,
  );
}

/** `valLoss` for `loss`: the name a validation figure is logged under. */
function valName(name: string): string {
  return `val${name[0].toUpperCase()}${name.slice(1)}`;
}

function epochLogs(loss: number, metrics: readonly Metric[], learningRate: number, time: number): Logs {
  const logs: Logs = { loss, learningRate, time };
  for (const m of metrics) logs[m.name] = m.result();
  return logs;
}

function formatEpoch(epoch: number, epochs: number, logs: Logs): string {
  const parts = [`Epoch ${epoch + 1}/${epochs}`, `${(logs.time / 1000).toFixed(2)}s`];
  for (const [k, v] of Object.entries(logs)) {
    if (k === 'time') continue;
    parts.push(`${k}: ${k === 'learningRate' ? v.toExponential(2) : v.toFixed(4)}`);
  }
  return parts.join(' - ');
}

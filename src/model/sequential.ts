import { gatherRows, rowsView } from '../data/batches.js';
import { checkInteger, checkNumber, checkOptions, DataError, describe, formatFloat32, formatShape, NeuriteError, ShapeError, StateError } from '../errors.js';
import type { Layer, LayerBuffer, Param } from '../layers/layer.js';
import { BinaryCrossEntropy } from '../losses/binary-cross-entropy.js';
import { CategoricalCrossEntropy } from '../losses/categorical-cross-entropy.js';
import type { Loss } from '../losses/loss.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Random } from '../random.js';
import { firstNonFinite, reuse, Tensor, type NestedArray } from '../tensor/tensor.js';
import { History, type Callback, type Logs, type TrainingControl } from './callbacks.js';
import type { Metric } from './metrics.js';
import { loadWeightsInto, modelFromJSON, modelToJSON, type ModelJSON, type SaveOptions } from './serialization.js';
import {
  resolveLoss,
  resolveMetric,
  resolveOptimizer,
  type LossName,
  type MetricName,
  type OptimizerName,
} from './resolve.js';

/** Samples: a `[n, features]` tensor or nested arrays. */
export type Inputs = Tensor | readonly (readonly number[])[];
/** Targets: a tensor, rows of numbers, or integer class labels (an array or typed array). */
export type Targets = Tensor | readonly (readonly number[])[] | readonly number[] | ArrayLike<number>;

/** Options of the {@link Sequential} constructor. */
export interface SequentialOptions {
  /** Seeds the one Random that initialises every layer and draws dropout masks and shuffles. */
  seed?: number | string;
}

/** Options of {@link Sequential.compile}. */
export interface CompileOptions {
  /** An optimizer, or the name of one with its defaults: `'sgd'`, `'adam'`, `'adamw'`. */
  optimizer: Optimizer | OptimizerName;
  /** A loss, or its name: `'mse'`, `'binaryCrossentropy'`, `'categoricalCrossentropy'`, … */
  loss: Loss | LossName;
  /** Metrics reported by `fit` and `evaluate`, e.g. `['accuracy']`. Default none. */
  metrics?: readonly (Metric | MetricName)[];
}

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
   * Check every layer's output and every gradient for NaN or ±Infinity on every step,
   * and stop at the first with an error naming the epoch, the batch and the layer.
   * Without it, fit checks the model's output and (through the optimizer) the param
   * gradients each step, which catches a divergence one layer less precisely. Default false.
   */
  debug?: boolean;
}

/** Options of {@link Sequential.evaluate} and {@link Sequential.predict}. */
export interface BatchOptions {
  /** Samples per forward pass. Default 128. */
  batchSize?: number;
}

const owners = new WeakMap<Layer, Sequential>();

/** Resolves after letting the event loop run (timers, rendering, I/O). */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A stack of layers applied in order, trained with one loss and one optimizer.
 * It is itself a {@link Layer}, so it nests and `gradCheck` can check it whole.
 *
 * @example
 * const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });
 * model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
 * await model.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 500, batchSize: 4 });
 * model.predict([[1, 0]]).data; // ≈ [0.98]
 */
export class Sequential implements Layer, TrainingControl {
  /** The layers, in order (append with {@link Sequential.add}). */
  readonly layers: Layer[] = [];
  /** The model's one source of randomness (initialisation, dropout, shuffling). */
  readonly random: Random;
  /** Set by a callback to end `fit` after the current epoch. */
  stopTraining = false;
  private compiled: { optimizer: Optimizer; loss: Loss; metrics: Metric[] } | null = null;
  private outputs: Tensor[] = [];
  /** The gradient with respect to each layer's input, from the last backward. */
  private gradients: (Tensor | null)[] = [];
  private fitting = false;

  constructor(layers: readonly Layer[] = [], options: SequentialOptions = {}) {
    if (!Array.isArray(layers)) throw new TypeError(`Sequential: expected an array of layers, got ${describe(layers)}`);
    options = checkOptions(options, 'Sequential');
    const seed = options.seed;
    if (seed !== undefined && !((typeof seed === 'number' && Number.isFinite(seed)) || typeof seed === 'string')) {
      throw new TypeError(`Sequential: expected seed as a finite number or a string, got ${describe(seed)}`);
    }
    this.random = new Random(seed);
    try {
      for (const layer of layers) this.add(layer);
    } catch (error) {
      // The model is never returned: free its layers so that they can go into a corrected one.
      for (const layer of this.layers) owners.delete(layer);
      throw error;
    }
  }

  /**
   * Appends a layer, initialising it from the model's Random.
   * @throws ShapeError when its input size does not fit the previous layer's output.
   */
  add(layer: Layer): this {
    if (!layer || typeof layer.forward !== 'function' || typeof layer.backward !== 'function' || typeof layer.params !== 'function') {
      throw new TypeError(`Sequential: expected a layer (with forward, backward and params) at index ${this.layers.length}, got ${describe(layer)}`);
    }
    const owner = owners.get(layer);
    if (owner && owner !== this) {
      throw new StateError(`Sequential: layer ${this.layers.length} (${layer}) already belongs to another model; create a new layer instance`);
    }
    if (owner === this) throw new StateError(`Sequential: layer ${layer} is already in this model; create a new layer instance`);
    const out = this.outFeatures;
    if (out !== undefined && layer.inFeatures !== undefined && layer.inFeatures !== out) {
      const previous = [...this.layers].reverse().find((l) => l.outFeatures !== undefined || l.inFeatures !== undefined);
      throw new ShapeError(
        `Sequential: layer ${this.layers.length} (${layer}) expects ${layer.inFeatures} input features, but ${previous} before it produces ${out}`,
      );
    }
    owners.set(layer, this);
    layer.initialize?.(this.random);
    this.layers.push(layer);
    return this;
  }

  /** The feature count of the first layer that has one. */
  get inFeatures(): number | undefined {
    for (const layer of this.layers) {
      if (layer.inFeatures !== undefined) return layer.inFeatures;
      if (layer.outFeatures !== undefined) return undefined;
    }
    return undefined;
  }

  /** The feature count the model produces, when a layer fixes it. */
  get outFeatures(): number | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (layer.outFeatures !== undefined) return layer.outFeatures;
      if (layer.inFeatures !== undefined) return layer.inFeatures;
    }
    return undefined;
  }

  initialize(random: Random): void {
    for (const layer of this.layers) layer.initialize?.(random);
  }

  forward(input: Tensor, training = false): Tensor {
    if (this.layers.length === 0) throw new StateError('Sequential: expected at least one layer, got an empty model');
    let x = input;
    for (let i = 0; i < this.layers.length; i++) x = this.outputs[i] = this.layers[i].forward(x, training);
    return x;
  }

  backward(gradOutput: Tensor): Tensor {
    if (this.outputs.length === 0) throw new StateError('Sequential: backward called before forward');
    let g = gradOutput;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.gradients[i] = this.layers[i].backward(g);
    return g;
  }

  /**
   * Backpropagates `gradOutput` into every param's gradient without computing the
   * model's input gradient, which training never needs: the first layer skips it when
   * it can (see {@link Layer.backwardParams}). `fit` calls this.
   *
   * @example
   * model.backwardParams(loss.backward()); // then optimizer.step(model.params())
   */
  backwardParams(gradOutput: Tensor): void {
    if (this.outputs.length === 0) throw new StateError('Sequential: backward called before forward');
    let g = gradOutput;
    for (let i = this.layers.length - 1; i > 0; i--) g = this.gradients[i] = this.layers[i].backward(g);
    const first = this.layers[0];
    if (first.backwardParams) {
      first.backwardParams(g);
      this.gradients[0] = null;
    } else {
      this.gradients[0] = first.backward(g);
    }
  }

  params(): Param[] {
    return this.layers.flatMap((layer) => layer.params());
  }

  buffers(): LayerBuffer[] {
    return this.layers.flatMap((layer) => layer.buffers?.() ?? []);
  }

  /** Copies of every param and buffer value, in a stable order. */
  getWeights(): Float32Array[] {
    return [...this.params().map((p) => p.value), ...this.buffers().map((b) => b.value)].map((t) => t.data.slice());
  }

  /** Puts back values from {@link Sequential.getWeights}. */
  setWeights(weights: readonly Float32Array[]): void {
    const owner = 'Sequential.setWeights';
    if (!Array.isArray(weights)) throw new TypeError(`${owner}: expected an array of Float32Array (from getWeights()), got ${describe(weights)}`);
    const targets = [...this.params().map((p) => p.value), ...this.buffers().map((b) => b.value)];
    if (weights.length !== targets.length) {
      throw new ShapeError(`${owner}: expected ${targets.length} arrays, got ${weights.length}`);
    }
    // Everything is checked before anything is copied: a rejected call leaves the model as it was.
    targets.forEach((t, i) => {
      const w: unknown = weights[i];
      if (!(w instanceof Float32Array)) throw new TypeError(`${owner}: expected array ${i} as a Float32Array, got ${describe(w)}`);
      if (w.length !== t.size) {
        throw new ShapeError(`${owner}: expected array ${i} to hold ${t.size} values ${formatShape(t.shape)}, got ${w.length}`);
      }
      for (let k = 0; k < w.length; k++) {
        if (!Number.isFinite(w[k])) throw new DataError(`${owner}: expected finite values, got ${w[k]} in array ${i} at index ${k}`);
      }
    });
    targets.forEach((t, i) => t.data.set(weights[i]));
  }

  /** Chooses the optimizer, the loss and the metrics that `fit` and `evaluate` use. */
  compile(options: CompileOptions): this {
    if (!options || typeof options !== 'object') throw new TypeError(`Sequential.compile: expected options { optimizer, loss, metrics }, got ${describe(options)}`);
    const loss = resolveLoss(options.loss);
    const optimizer = resolveOptimizer(options.optimizer);
    if (options.metrics !== undefined && !Array.isArray(options.metrics)) {
      throw new TypeError(`Sequential.compile: expected metrics as an array such as ['accuracy'], got ${describe(options.metrics)}`);
    }
    const metrics = (options.metrics ?? []).map((m) => resolveMetric(m, loss));
    this.compiled = { optimizer, loss, metrics };
    return this;
  }

  /** The compiled optimizer, loss and metrics (throws before `compile`). */
  private requireCompiled(method: string): { optimizer: Optimizer; loss: Loss; metrics: Metric[] } {
    if (this.layers.length === 0) throw new StateError(`Sequential.${method}: expected at least one layer, got an empty model`);
    if (!this.compiled) throw new StateError(`Sequential.${method}: the model must be compiled first; call compile({ optimizer, loss })`);
    return this.compiled;
  }

  /** The optimizer given to `compile`, if any. */
  get optimizer(): Optimizer | undefined {
    return this.compiled?.optimizer;
  }

  /** The loss given to `compile`, if any. */
  get loss(): Loss | undefined {
    return this.compiled?.loss;
  }

  /** The metrics given to `compile`. */
  get metrics(): Metric[] {
    return this.compiled?.metrics ?? [];
  }

  /**
   * The model as a versioned, JSON-ready object: layers, weights (base64 float32)
   * and, with `includeOptimizer`, everything needed to resume training exactly.
   * `JSON.stringify(model)` works too. Throws at once if a layer cannot be saved.
   */
  toJSON(options?: SaveOptions | string): ModelJSON {
    return modelToJSON(this, typeof options === 'object' && options !== null ? options : {});
  }

  /**
   * Rebuilds a model saved with {@link Sequential.toJSON} (the object or its JSON text).
   * Any problem (truncated text, wrong format, newer version, unknown layer, a weight
   * that does not fit, non-finite values, bad base64) is a DataError naming it.
   */
  static fromJSON(json: ModelJSON | string): Sequential {
    return modelFromJSON(json);
  }

  /** Copies saved weights into this model (same architecture); everything is checked before anything is copied. */
  loadWeights(json: ModelJSON | string): this {
    loadWeightsInto(this, json);
    return this;
  }

  /**
   * Trains the model. Every input is checked before the first step. Between
   * batches, fit yields to the event loop (at least every ~15 ms), so a page stays
   * responsive; if the loss turns NaN or infinite it stops with an error naming the
   * epoch, the batch and the first layer whose output went non-finite.
   */
  async fit(x: Inputs, y: Targets, options: FitOptions = {}): Promise<History> {
    if (this.fitting) {
      throw new StateError('Sequential.fit: expected one fit at a time, got a second call while this model is training; await the first fit');
    }
    this.fitting = true;
    try {
      return await this.train(x, y, options);
    } finally {
      this.fitting = false;
    }
  }

  private async train(x: Inputs, y: Targets, options: FitOptions): Promise<History> {
    const { optimizer, loss, metrics } = this.requireCompiled('fit');
    options = checkOptions(options, 'Sequential.fit');
    const epochs = checkInteger(options.epochs ?? 1, 'Sequential.fit', 'epochs');
    const batchSize = checkInteger(options.batchSize ?? 32, 'Sequential.fit', 'batchSize');
    const callbacks = options.callbacks ?? [];
    if (!Array.isArray(callbacks)) throw new TypeError(`Sequential.fit: expected callbacks as an array, got ${describe(callbacks)}`);
    callbacks.forEach((c, i) => {
      if (!c || typeof c !== 'object') throw new TypeError(`Sequential.fit: expected callbacks[${i}] as an object of hooks, got ${describe(c)}`);
    });
    const debug = options.debug === true;
    let inputs = this.toInputs(x, 'fit', 'x');
    let targets = this.toTargets(y, inputs.shape[0], 'fit', 'y');
    let validation: [Tensor, Tensor] | null = null;
    if (options.validationData !== undefined) {
      if (!Array.isArray(options.validationData) || options.validationData.length !== 2) {
        throw new TypeError(`Sequential.fit: expected validationData as [x, y], got ${describe(options.validationData)}`);
      }
      const [vx, vy] = options.validationData;
      const vi = this.toInputs(vx, 'fit', 'validationData x');
      validation = [vi, this.toTargets(vy, vi.shape[0], 'fit', 'validationData y')];
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
    const rowX = inputs.size / n, rowY = targets.size / n;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const params = this.params();
    const history = new History();
    const wantsBatchLogs = callbacks.some((c) => c.onBatchEnd);
    let xb: Tensor | null = null, yb: Tensor | null = null;
    // The batch shapes, made once: a steady training step allocates nothing.
    const last = n - (Math.ceil(n / batchSize) - 1) * batchSize;
    const shapes = [batchSize, last].map((count) => [[count, ...inputs.shape.slice(1)], [count, ...targets.shape.slice(1)]]);
    let lastYield = now();
    let lastLogs: Logs | undefined;

    this.stopTraining = false;
    for (const c of callbacks) await c.onTrainBegin?.(this);
    for (let epoch = 0; epoch < epochs && !this.stopTraining; epoch++) {
      for (const c of callbacks) await c.onEpochBegin?.(epoch);
      const start = now();
      if (options.shuffle !== false) {
        // Each epoch shuffles the identity, so its order depends only on the Random's
        // state: training resumed from a save (or a second fit call) repeats a straight run.
        for (let i = 0; i < n; i++) order[i] = i;
        this.random.shuffle(order);
      }
      for (const m of metrics) m.reset();
      let lossSum = 0, learningRate = 0;
      const batches = Math.ceil(n / batchSize);
      for (let batch = 0; batch < batches; batch++) {
        const from = batch * batchSize, count = Math.min(batchSize, n - from);
        const batchShapes = shapes[count === batchSize ? 0 : 1];
        xb = reuse(xb, batchShapes[0]);
        yb = reuse(yb, batchShapes[1]);
        gatherRows(inputs.data, rowX, order, from, count, xb.data);
        gatherRows(targets.data, rowY, order, from, count, yb.data);

        for (let i = 0; i < params.length; i++) params[i].zeroGrad(); // (index loops: no iterator per step)
        let prediction: Tensor, value: number;
        try {
          prediction = this.forward(xb, true);
          if (debug || !allFinite(prediction.data)) {
            const error = this.nonFiniteOutput(`Sequential.fit: expected finite values at epoch ${epoch}, batch ${batch}`, 'try a lower learning rate or normalised inputs');
            if (error) throw error;
          }
          value = loss.forward(prediction, yb);
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
        this.backwardParams(lossGradient);
        if (debug) {
          const error = this.nonFiniteGradient(lossGradient, loss, epoch, batch);
          if (error) throw error;
        }
        try {
          optimizer.step(params); // refuses non-finite gradients, leaving the weights as they were
        } catch (error) {
          const gradient = this.nonFiniteGradient(lossGradient, loss, epoch, batch);
          if (gradient) throw gradient;
          // A step that would have made a weight non-finite was undone by the optimizer: say where in training.
          throw inTraining(error, epoch, batch);
        }
        lossSum += value * count;
        for (let i = 0; i < metrics.length; i++) metrics[i].update(prediction, yb);

        if (wantsBatchLogs) {
          const logs = this.logs(lossSum / (from + count), metrics, learningRate, now() - start);
          for (const c of callbacks) await c.onBatchEnd?.(batch, logs);
        }
        if (now() - lastYield > 15) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      const logs = this.logs(lossSum / n, metrics, learningRate, 0);
      if (validation) {
        const result = this.evaluate(validation[0], validation[1], { batchSize: Math.max(batchSize, 128) });
        for (const [k, v] of Object.entries(result)) logs[`val${k[0].toUpperCase()}${k.slice(1)}`] = v;
      }
      logs.time = now() - start;
      history.record(epoch, logs);
      lastLogs = logs;
      if (options.verbose) console.log(formatEpoch(epoch, epochs, logs));
      for (const c of callbacks) await c.onEpochEnd?.(epoch, logs);
    }
    for (const c of callbacks) await c.onTrainEnd?.(lastLogs);
    return history;
  }

  /**
   * The loss and metrics on `x`, `y` in inference mode: `{ loss, accuracy, … }`.
   */
  evaluate(x: Inputs, y: Targets, options: BatchOptions = {}): Record<string, number> {
    const { loss, metrics } = this.requireCompiled('evaluate');
    options = checkOptions(options, 'Sequential.evaluate');
    const batchSize = checkInteger(options.batchSize ?? 128, 'Sequential.evaluate', 'batchSize');
    const inputs = this.toInputs(x, 'evaluate', 'x');
    const n = inputs.shape[0];
    const targets = this.toTargets(y, n, 'evaluate', 'y');
    for (const m of metrics) m.reset();
    let lossSum = 0;
    for (let from = 0; from < n; from += batchSize) {
      const count = Math.min(batchSize, n - from);
      const xb = sliceRows(inputs, from, count), yb = sliceRows(targets, from, count);
      const prediction = this.forward(xb, false);
      if (!allFinite(prediction.data)) {
        throw this.nonFiniteOutput(`Sequential.evaluate: expected finite values on rows ${from}–${from + count - 1}`, 'check the scale of the inputs and the weights');
      }
      lossSum += loss.forward(prediction, yb) * count;
      for (const m of metrics) m.update(prediction, yb);
    }
    const result: Record<string, number> = { loss: lossSum / n };
    for (const m of metrics) result[m.name] = m.result();
    return result;
  }

  /** The model's outputs for `x` in inference mode, as a new `[n, outputs]` tensor. */
  predict(x: Inputs, options: BatchOptions = {}): Tensor {
    if (this.layers.length === 0) throw new StateError('Sequential.predict: expected at least one layer, got an empty model');
    options = checkOptions(options, 'Sequential.predict');
    const batchSize = checkInteger(options.batchSize ?? 128, 'Sequential.predict', 'batchSize');
    const inputs = this.toInputs(x, 'predict', 'x');
    const n = inputs.shape[0];
    let result: Tensor | null = null;
    for (let from = 0; from < n; from += batchSize) {
      const count = Math.min(batchSize, n - from);
      const out = this.forward(sliceRows(inputs, from, count), false);
      if (!allFinite(out.data)) {
        throw this.nonFiniteOutput(`Sequential.predict: expected finite values on rows ${from}–${from + count - 1}`, 'check the scale of the inputs and the weights');
      }
      result ??= Tensor.zeros([n, ...out.shape.slice(1)]);
      result.data.set(out.data, from * (out.size / count));
    }
    return result!;
  }

  /**
   * A table of the layers: output shape, each param's shape (W as [out, in]) and
   * count, buffers marked non-trainable, and the totals.
   */
  summary(): string {
    const rows: string[][] = [['Layer', 'Output shape', 'Params', 'Count']];
    let features = this.inFeatures;
    let trainable = 0, nonTrainable = 0;
    this.layers.forEach((layer, i) => {
      features = layer.outFeatures ?? layer.inFeatures ?? features;
      const params = layer.params();
      const buffers = layer.buffers?.() ?? [];
      const count = params.reduce((s, p) => s + p.size, 0);
      const frozen = buffers.reduce((s, b) => s + b.value.size, 0);
      trainable += count;
      nonTrainable += frozen;
      const described = [
        ...params.map((p) => `${p.name} ${formatShape(p.value.shape)}`),
        ...buffers.map((b) => `${b.name} ${formatShape(b.value.shape)} (non-trainable)`),
      ];
      rows.push([
        `${i} ${layer}`,
        formatShape([null, features ?? ('?' as unknown as number)]),
        described.join(', ') || '-',
        String(count + frozen),
      ]);
    });
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const line = (r: string[]) => r.map((cell, c) => (c === 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('   ').trimEnd();
    const rule = '─'.repeat(widths.reduce((a, b) => a + b + 3, -3));
    return [
      line(rows[0]),
      rule,
      ...rows.slice(1).map(line),
      rule,
      `Total params: ${trainable + nonTrainable}`,
      `Trainable params: ${trainable}`,
      `Non-trainable params: ${nonTrainable}`,
    ].join('\n');
  }

  toString(): string {
    return `Sequential(${this.layers.length} layers)`;
  }

  private logs(loss: number, metrics: Metric[], learningRate: number, time: number): Logs {
    const logs: Logs = { loss, learningRate, time };
    for (const m of metrics) logs[m.name] = m.result();
    return logs;
  }

  /** The first layer whose output (from the last forward) holds a NaN or an infinity, as an error; null if none. */
  private nonFiniteOutput(at: string, remedy: string): DataError | null {
    for (let i = 0; i < this.layers.length; i++) {
      const k = firstNonFinite(this.outputs[i].data);
      if (k >= 0) {
        return new DataError(
          `${at}, got ${this.outputs[i].data[k]} in the output of layer ${i} (${this.layers[i]}), the first to go non-finite; ${remedy}`,
        );
      }
    }
    return null;
  }

  /**
   * The first gradient of the last backward pass that holds a NaN or an infinity, in the
   * order backpropagation computed them (the loss's, then from the last layer to the
   * first: each layer's param gradients, then its input gradient), as an error; null if none.
   */
  private nonFiniteGradient(lossGradient: Tensor, loss: Loss, epoch: number, batch: number): DataError | null {
    const at = `Sequential.fit: expected finite gradients at epoch ${epoch}, batch ${batch}, got`;
    const remedy = 'the first to go non-finite; try a lower learning rate or clipNorm';
    let k = firstNonFinite(lossGradient.data);
    if (k >= 0) return new DataError(`${at} ${lossGradient.data[k]} in the gradient of ${loss}, ${remedy}`);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      for (const p of layer.params()) {
        k = firstNonFinite(p.grad.data);
        if (k >= 0) return new DataError(`${at} ${p.grad.data[k]} in the ${p.name} gradient of layer ${i} (${layer}), ${remedy}`);
      }
      const g = this.gradients[i];
      k = g ? firstNonFinite(g.data) : -1;
      if (g && k >= 0) return new DataError(`${at} ${g.data[k]} in the input gradient of layer ${i} (${layer}), ${remedy}`);
    }
    return null;
  }

  private toInputs(x: Inputs, method: string, what: string): Tensor {
    const owner = `Sequential.${method}`;
    let t: Tensor;
    if (x instanceof Tensor) t = x;
    else if (Array.isArray(x)) {
      if (x.length === 0) throw new ShapeError(`${owner}: expected ${what} to hold at least one sample, got an empty array`);
      t = fromNested(x as NestedArray, owner, what);
    } else throw new TypeError(`${owner}: expected ${what} as a Tensor or an array of rows, got ${describe(x)}`);
    if (t.rank !== 2) throw new ShapeError(`${owner}: expected ${what} of shape [samples, features], got ${formatShape(t.shape)}`);
    const features = this.inFeatures;
    if (features !== undefined && t.shape[1] !== features) {
      throw new ShapeError(`${owner}: expected ${what} of shape [samples, ${features}], got ${formatShape(t.shape)}`);
    }
    assertFiniteData(t, owner, what);
    return t;
  }

  private toTargets(y: Targets, samples: number, method: string, what: string): Tensor {
    const owner = `Sequential.${method}`;
    let t: Tensor;
    if (y instanceof Tensor) t = y;
    else if (Array.isArray(y) && y.length > 0 && Array.isArray(y[0])) t = fromNested(y as NestedArray, owner, what);
    else if (Array.isArray(y) || ArrayBuffer.isView(y)) {
      const values = y as ArrayLike<number>;
      const data = new Float32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        if (typeof values[i] !== 'number') throw new TypeError(`${owner}: expected ${what} to hold numbers, got ${describe(values[i])} at index ${i}`);
        data[i] = values[i];
      }
      if (data.length === 0) throw new ShapeError(`${owner}: expected ${what} to hold ${samples} targets, got 0`);
      t = new Tensor(data, [data.length]);
    } else throw new TypeError(`${owner}: expected ${what} as a Tensor, an array of rows or class labels, got ${describe(y)}`);

    if (t.shape[0] !== samples) {
      throw new ShapeError(`${owner}: expected ${what} to hold ${samples} targets (one per sample of x), got ${t.shape[0]}`);
    }
    assertFiniteData(t, owner, what);
    const loss = this.compiled?.loss;
    const classes = this.outFeatures;
    if (t.rank === 1) {
      if (loss instanceof CategoricalCrossEntropy) {
        for (let i = 0; i < t.size; i++) {
          const v = t.data[i];
          if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes)) {
            const range = classes === undefined ? '≥ 0' : `in [0, ${classes - 1}]`;
            throw new DataError(`${owner}: expected ${what} as integer class labels ${range}, got ${formatFloat32(v)} at index ${i}`);
          }
        }
        return t;
      }
      t = t.reshape([samples, 1]);
    }
    if (t.rank !== 2) throw new ShapeError(`${owner}: expected ${what} of shape [samples, outputs], got ${formatShape(t.shape)}`);
    if (classes !== undefined && t.shape[1] !== classes) {
      throw new ShapeError(`${owner}: expected ${what} of shape [samples, ${classes}] to match the model's output, got ${formatShape(t.shape)}`);
    }
    if (loss instanceof BinaryCrossEntropy || loss instanceof CategoricalCrossEntropy) {
      for (let i = 0; i < t.size; i++) {
        const v = t.data[i];
        if (v < 0 || v > 1) throw new DataError(`${owner}: expected ${what} in [0, 1] for ${loss}, got ${formatFloat32(v)} at index ${i}`);
      }
    }
    return t;
  }
}

/** A DataError raised inside a training step (a layer, the loss, the optimizer), told where in training it happened. */
function inTraining(error: unknown, epoch: number, batch: number): unknown {
  if (!(error instanceof DataError) || error.message.startsWith('Sequential.fit:')) return error;
  return new DataError(`Sequential.fit: at epoch ${epoch}, batch ${batch}: ${error.message}`);
}

/** `Tensor.from`, its errors re-owned by the method the user called: `Sequential.fit: in x, …`. */
function fromNested(values: NestedArray, owner: string, what: string): Tensor {
  try {
    return Tensor.from(values);
  } catch (error) {
    if (!(error instanceof NeuriteError || error instanceof TypeError)) throw error;
    const message = `${owner}: in ${what}, ${error.message.replace(/^Tensor\.from: /, '')}`;
    throw error instanceof ShapeError ? new ShapeError(message) : new TypeError(message);
  }
}


function allFinite(data: Float32Array): boolean {
  return firstNonFinite(data) < 0;
}

function assertFiniteData(t: Tensor, owner: string, what: string): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const row = Math.floor(i / (t.size / t.shape[0]));
      throw new DataError(`${owner}: expected finite values in ${what}, got ${d[i]} in row ${row}`);
    }
  }
}

/** Rows [start, start + count) as a tensor sharing the data. */
function sliceRows(t: Tensor, start: number, count: number): Tensor {
  return new Tensor(rowsView(t, start, count), [count, ...t.shape.slice(1)]);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function formatEpoch(epoch: number, epochs: number, logs: Logs): string {
  const parts = [`Epoch ${epoch + 1}/${epochs}`, `${(logs.time / 1000).toFixed(2)}s`];
  for (const [k, v] of Object.entries(logs)) {
    if (k === 'time') continue;
    parts.push(`${k}: ${k === 'learningRate' ? v.toExponential(2) : v.toFixed(4)}`);
  }
  return parts.join(' - ');
}

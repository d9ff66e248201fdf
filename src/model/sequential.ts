import { isBranded } from '../brand.js';
import type { Inputs, Targets } from '../data/inputs.js';
import { checkKeys, checkOptions, DataError, describe, own, StateError } from '../errors.js';
import {
  type Layer,
  type LayerBuffer,
  type LayerConfig,
  type Param,
} from '../layers/layer.js';
import { registerLayer } from '../layers/registry.js';
import type { Loss } from '../losses/loss.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Random } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { History } from './callbacks.js';
import { fit, type FitOptions } from './fit.js';
import { evaluate, predict, type BatchOptions, type Evaluation } from './inference.js';
import type { Metric } from './metrics.js';
import { resolveCompile, type LossName, type MetricName, type OptimizerName } from './resolve.js';
import { layerConfig, loadWeightsInto, modelFromJSON, modelToJSON, type ModelJSON, type SaveOptions } from './serialization.js';
import { batchLimitOf, outputShapeOf, ShapeChain } from './shape-chain.js';
import { summarize } from './summary.js';
import type { Compiled, TrainableModel } from './trainable.js';
import { copyWeights, putWeights } from './weights.js';
import { Draws } from './draws.js';
import { checkJoin, familyFitting, setOwner } from './family.js';

/** Options of the {@link Sequential} constructor. */
export interface SequentialOptions {
  /** Seeds the one Random that initialises every layer and draws dropout masks and shuffles. */
  seed?: number | string;
  /**
   * The shape of one sample, without the batch axis: `[28, 28, 1]` for MNIST images
   * (height, width, channels). Default: inferred from the first layer that fixes one
   * (a Dense layer's `[inFeatures]`), else taken from the data on each call.
   */
  inputShape?: readonly number[];
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


/**
 * A stack of layers applied in order, trained with one loss and one optimizer.
 * It is itself a {@link Layer}, so it nests and `gradCheck` can check it whole.
 *
 * Shapes are checked as layers are added: each layer's `outputShape` must accept what
 * the one before it produces, starting from `inputShape` (given, or inferred from a
 * first Dense layer). Initialisation happens once, when a layer joins a model: the
 * model draws its weights from its seed, unless the layer holds values of its own
 * (built with a `random`, or set, loaded or trained before).
 *
 * @example
 * const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });
 * model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
 * await model.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 500, batchSize: 4 });
 * model.predict([[1, 0]]).data; // ≈ [0.98]
 */
export class Sequential implements Layer, TrainableModel {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Sequential'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Sequential, value, '@@neurite/Sequential');
  }

  /** The layers, in order (append with {@link Sequential.add}). */
  readonly layers: Layer[] = [];
  /** The model's one source of randomness (initialisation, dropout, shuffling). */
  readonly random: Random;
  /** The `inputShape` given to the constructor, if any (saved with the model). */
  readonly declaredInputShape: readonly number[] | undefined;
  /** Set by a callback to end `fit` after the current epoch. */
  stopTraining = false;
  private compiledWith: Compiled | null = null;
  /** The per-sample shapes: the input (given or inferred) and each layer's output. */
  private readonly chain: ShapeChain;
  private outputs: (Tensor | null)[] = [];
  /** The gradient with respect to each layer's input, from the last backward. */
  private gradients: (Tensor | null)[] = [];
  private fitting = false;
  /** What this model drew, and whether those draws are its own. */
  private readonly draws: Draws;

  constructor(layers: readonly Layer[] = [], options: SequentialOptions = {}) {
    if (!Array.isArray(layers)) throw new TypeError(`Sequential: expected an array of layers, got ${describe(layers)}`);
    options = checkOptions(options, 'Sequential', ['seed', 'inputShape']);
    const seed = options.seed;
    if (seed !== undefined && !((typeof seed === 'number' && Number.isFinite(seed)) || typeof seed === 'string')) {
      throw new TypeError(`Sequential: expected seed as a finite number or a string, got ${describe(seed)}`);
    }
    const shape = options.inputShape;
    if (shape !== undefined && !(Array.isArray(shape) && shape.length > 0 && shape.every((d) => Number.isInteger(d) && d > 0))) {
      throw new TypeError(`Sequential: expected inputShape as an array of positive integers (one sample, without the batch), got ${Array.isArray(shape) ? `[${shape.map(describe).join(', ')}]` : describe(shape)}`);
    }
    this.declaredInputShape = shape ? Object.freeze([...shape]) : undefined;
    this.chain = new ShapeChain(this.declaredInputShape ?? null);
    this.random = new Random(seed);
    this.draws = new Draws(seed !== undefined);
    try {
      for (const layer of layers) this.add(layer);
    } catch (error) {
      // The model is never returned: free its layers so that they can go into a corrected one.
      for (const layer of this.layers) setOwner(layer, null);
      throw error;
    }
  }

  /**
   * Appends a layer. Unless it holds weights of its own (see {@link Layer.hasOwnWeights}),
   * the model initialises it from its Random.
   * @throws ShapeError when the layer does not accept what the previous layer produces.
   * @throws StateError when the layer belongs to a model already, or is this model or contains it.
   */
  add(layer: Layer): this {
    const index = this.layers.length;
    if (!layer || typeof layer.forward !== 'function' || typeof layer.backward !== 'function' || typeof layer.params !== 'function') {
      throw new TypeError(`Sequential: expected a layer (with forward, backward and params) at index ${index}, got ${describe(layer)}`);
    }
    checkJoin(this, layer, index);
    this.chain.append(this.layers, layer);
    this.draws.join(layer, this.random);
    setOwner(layer, this);
    this.layers.push(layer);
    return this;
  }

  /** The per-sample input shape the model takes: given, or inferred from its first layers; undefined while unknown. */
  get inputShape(): readonly number[] | undefined {
    return this.chain.input ?? undefined;
  }

  /** The per-sample output shape of the model, when known (`[10]` for ten classes). */
  get modelOutputShape(): readonly number[] | undefined {
    return (this.layers.length ? this.chain.outputOf(this.layers.length - 1) : this.chain.input) ?? undefined;
  }

  /** The feature count the model takes, when its input is `[batch, features]`. */
  get inFeatures(): number | undefined {
    const input = this.chain.input;
    return input?.length === 1 ? input[0] : undefined;
  }

  /** The feature count the model produces, when its output is `[batch, features]`. */
  get outFeatures(): number | undefined {
    const out = this.modelOutputShape;
    return out?.length === 1 ? out[0] : undefined;
  }

  /** The per-sample output shape for a per-sample `inputShape`, through every layer. */
  outputShape(inputShape: readonly number[]): number[] {
    return this.outputShapeFor(inputShape, 'Sequential').slice();
  }

  outputShapeFor(sampleShape: readonly number[], owner: string): readonly number[] {
    return outputShapeOf(this.layers, sampleShape, owner);
  }

  /** The smallest batch every layer can train on for samples of `inputShape` (see {@link Layer.minBatchSize}). */
  minBatchSize(inputShape: readonly number[]): number {
    return this.batchLimit(inputShape).size;
  }

  batchLimit(sampleShape: readonly number[]): { size: number; layer: Layer | null } {
    return batchLimitOf(this.layers, sampleShape);
  }

  /** Draws the weights the model drew before (and any not its own) again from `random`: an outer model initialising this one. */
  initialize(random: Random): void {
    this.draws.redraw(this.layers, random);
  }

  /** Whether the weights are the model's own: it had a seed, was initialised by an outer model, or its values changed since they were drawn. */
  hasOwnWeights(): boolean {
    return this.draws.own(this.layers);
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

  /** What the layers add to the loss (their weight regularizers' penalties). */
  penalty(): number {
    let sum = 0;
    for (let i = 0; i < this.layers.length; i++) sum += this.layers[i].penalty?.() ?? 0;
    return sum;
  }

  /** Adds the gradient of {@link Sequential.penalty} into the params' gradients. */
  addPenaltyGradient(): void {
    for (let i = 0; i < this.layers.length; i++) this.layers[i].addPenaltyGradient?.();
  }

  layerOutput(i: number): Tensor | null {
    return this.outputs[i] ?? null;
  }

  layerInputGradient(i: number): Tensor | null {
    return this.gradients[i] ?? null;
  }

  params(): Param[] {
    return this.layers.flatMap((layer) => layer.params());
  }

  buffers(): LayerBuffer[] {
    return this.layers.flatMap((layer) => layer.buffers?.() ?? []);
  }

  /** Copies of every param and buffer value, in a stable order. */
  getWeights(): Float32Array[] {
    return copyWeights([...this.params().map((p) => p.value), ...this.buffers().map((b) => b.value)]);
  }

  /** Puts back values from {@link Sequential.getWeights}; everything is checked before anything is copied. */
  setWeights(weights: readonly Float32Array[]): void {
    putWeights([...this.params().map((p) => p.value), ...this.buffers().map((b) => b.value)], weights, 'Sequential.setWeights');
  }

  /** Chooses the optimizer, the loss and the metrics that `fit` and `evaluate` use. */
  compile(options: CompileOptions): this {
    this.compiledWith = resolveCompile(options);
    return this;
  }

  compiled(method: string): Compiled {
    if (this.layers.length === 0) throw new StateError(`Sequential.${method}: expected at least one layer, got an empty model`);
    if (!this.compiledWith) throw new StateError(`Sequential.${method}: the model must be compiled first; call compile({ optimizer, loss })`);
    return this.compiledWith;
  }

  /** The optimizer given to `compile`, if any. */
  get optimizer(): Optimizer | undefined {
    return this.compiledWith?.optimizer;
  }

  /** The loss given to `compile`, if any. */
  get loss(): Loss | undefined {
    return this.compiledWith?.loss;
  }

  /** The metrics given to `compile`. */
  get metrics(): Metric[] {
    return [...(this.compiledWith?.metrics ?? [])];
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
    if (familyFitting(this)) {
      throw new StateError('Sequential.fit: expected one fit at a time, got a call while a model that holds this one, or one inside it, is training; await that fit');
    }
    this.fitting = true;
    try {
      return await fit(this, x, y, options);
    } finally {
      this.fitting = false;
    }
  }

  /** The loss and metrics on `x`, `y` in inference mode: `{ loss, accuracy, … }`. */
  evaluate(x: Inputs, y: Targets, options: BatchOptions = {}): Evaluation {
    if (!this.fitting) return evaluate(this, x, y, options);
    // Called from a callback while fit accumulates its metrics: evaluate with fresh ones.
    const metrics = this.compiled('evaluate').metrics.map((m) => {
      if (!m.clone) throw new StateError(`Sequential.evaluate: the metric ${m.name} is accumulating for fit; give it clone() to evaluate during training`);
      return m.clone();
    });
    return evaluate(this, x, y, options, metrics);
  }

  /** The model's outputs for `x` in inference mode, as a new `[samples, ...outputShape]` tensor. */
  predict(x: Inputs, options: BatchOptions = {}): Tensor {
    return predict(this, x, options);
  }

  /**
   * A table of the layers: output shape (with the batch axis), each param's shape
   * (W as [out, in]) and count, buffers marked non-trainable, and the totals.
   */
  summary(): string {
    return summarize(this.layers, this.chain.outputs);
  }

  /** `{ type: 'Sequential', config: { layers, inputShape? } }`, each layer as its own `getConfig()`. */
  getConfig(): LayerConfig {
    const config: Record<string, unknown> = { layers: this.layers.map((l, i) => layerConfig(l, String(i))) };
    if (this.declaredInputShape) config.inputShape = [...this.declaredInputShape];
    return { type: 'Sequential', config };
  }

  /**
   * The model as a versioned, JSON-ready object: layers, weights (base64 float32)
   * and, with `includeOptimizer`, everything needed to resume training exactly.
   * `JSON.stringify(model)` works too. Throws at once if a layer cannot be saved.
   */
  toJSON(options?: SaveOptions | string): ModelJSON {
    return modelToJSON(this, options);
  }

  /**
   * Rebuilds a model saved with {@link Sequential.toJSON} (the object or its JSON text).
   * Any problem (truncated text, wrong format, newer version, unknown layer, a weight
   * that does not fit, non-finite values, bad base64) is a DataError naming it.
   */
  static fromJSON(json: ModelJSON | string): Sequential {
    return modelFromJSON(json, (layers, options) => new Sequential(layers, options));
  }

  /** Copies saved weights into this model (same architecture); everything is checked before anything is copied. */
  loadWeights(json: ModelJSON | string): this {
    loadWeightsInto(this.layers, json);
    return this;
  }

  /** Whether `fit` is running on this model. */
  get isFitting(): boolean {
    return this.fitting;
  }

  toString(): string {
    return `Sequential(${this.layers.length} layers)`;
  }
}

registerLayer('Sequential', (config, context) => {
  checkKeys(config, ['layers', 'inputShape'], 'Sequential', 'config field');
  const layers = own(config, 'layers');
  if (!Array.isArray(layers)) throw new DataError(`Sequential: expected config.layers to be an array, got ${describe(layers)}`);
  if (!context) throw new TypeError('Sequential: a saved model is rebuilt by Sequential.fromJSON');
  const inputShape = own(config, 'inputShape') as number[] | undefined;
  return new Sequential(layers.map((l: unknown, i: number) => context.build(l, i)), { inputShape });
});

import { isBranded } from '../brand.js';
import { formatShape, ShapeError } from '../errors.js';
import type { Random } from '../random.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A trainable tensor and the gradient of the loss with respect to it.
 * `backward` adds into `grad` (gradients accumulate); optimizers read it and
 * {@link Param.zeroGrad} clears it.
 *
 * @example
 * const w = new Param('w', Tensor.from([1, 2]));
 * w.grad.data.set([0.5, -1]);                // what a backward pass would add
 * new SGD({ learningRate: 0.1 }).step([w]);  // w ← w − 0.1 · grad
 * w.value.data;                              // ≈ [0.95, 2.1]
 */
export class Param {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Param'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Param, value, '@@neurite/Param');
  }

  /** The gradient, same shape as `value`. */
  readonly grad: Tensor;

  constructor(
    /** A name unique within its layer, e.g. `weight`. */
    readonly name: string,
    /** The current value. */
    readonly value: Tensor,
  ) {
    this.grad = Tensor.zeros(value.shape);
  }

  /** The number of elements. */
  get size(): number {
    return this.value.size;
  }

  /** Sets the gradient to zero. */
  zeroGrad(): void {
    this.grad.data.fill(0);
  }
}

/** How a layer is saved: its registered type name and the arguments that rebuild it. */
export interface LayerConfig {
  /** The registered type name, e.g. `Dense`. */
  readonly type: string;
  /** The constructor arguments, as plain JSON values, e.g. `{ inFeatures: 2, outFeatures: 4, useBias: true }`. */
  readonly config: Record<string, unknown>;
}

/** State that is saved with a layer but not trained, like BatchNorm's running mean. */
export interface LayerBuffer {
  /** A name unique within its layer, e.g. `runningMean`. */
  readonly name: string;
  /** The current value. */
  readonly value: Tensor;
  /** The smallest value it may hold, when it has one (0 for a variance): a loaded file below it is refused. */
  readonly minimum?: number;
}

/**
 * The contract every layer keeps. Shapes come in two kinds: a tensor's shape starts
 * with the batch (`[batch, 28, 28, 1]`), a *per-sample* shape leaves it out (`[28, 28, 1]`).
 *
 * - `forward` caches what `backward` needs and returns the layer's own output
 *   tensor, which it reuses on the next call with the same batch size: copy it if
 *   you need to keep it.
 * - `backward(gradOutput)` adds into each `param.grad` and returns dLoss/dInput.
 *   Calling it before `forward` throws.
 * - `training` is an argument: `fit` passes true, `predict` and `evaluate` false.
 * - `outputShape(inputShape)` maps a per-sample input shape to the per-sample output
 *   shape, and throws a ShapeError naming the layer when the input does not fit: a model
 *   checks its chain of layers with it as they are added, before any data flows.
 *
 * Only `forward`, `backward`, `params` and `toString` are required; ARCHITECTURE.md
 * at the repository root lists what a new layer type adds.
 */
export interface Layer {
  /**
   * The layer's output for a batch, e.g. `[batch, in] → [batch, out]` for Dense. Caches
   * what `backward` needs. `training` is true inside `fit` (dropout drops, batch norm
   * uses the batch's statistics) and false in `predict` and `evaluate`.
   */
  forward(input: Tensor, training: boolean): Tensor;
  /**
   * Takes dLoss/dOutput for the last forward's output (its shape), adds dLoss/dParam into
   * each `param.grad` and returns dLoss/dInput (the input's shape).
   */
  backward(gradOutput: Tensor): Tensor;
  /**
   * Like `backward`, but only adds into each `param.grad`: the input gradient is not
   * computed. `fit` uses it for a model's first layer, whose input gradient nothing
   * needs (for a Dense layer that saves one of its three matrix products).
   */
  backwardParams?(gradOutput: Tensor): void;
  /** Trainable params in a stable order; `[]` if none. */
  params(): Param[];
  /** Non-trainable state saved with the layer (BatchNorm's running statistics). */
  buffers?(): LayerBuffer[];
  /**
   * The per-sample output shape for a per-sample input shape (Dense(3 → 4): `[3]` → `[4]`).
   * Throws a ShapeError naming the layer (with `expects` set) when the input shape does
   * not fit. Absent, the layer is taken to keep the shape of its input.
   */
  outputShape?(inputShape: readonly number[]): number[];
  /**
   * The per-sample input shape the layer requires, when it fixes one (Dense: `[inFeatures]`).
   * A model whose input shape is not given infers it from the first layer that has one.
   */
  readonly inputShape?: readonly number[] | undefined;
  /**
   * Draws the initial params from `random` (and takes it for later draws, such as
   * dropout masks). A model calls it once, when the layer joins it, unless
   * `hasOwnWeights()` says the layer's values are its own.
   */
  initialize?(random: Random): void;
  /**
   * Whether the params (and buffers) hold values of their own that a model must keep:
   * drawn from a `random` given to the layer, or set, loaded or trained since. A layer
   * built without a `random` holds provisional values until a model initialises it.
   * Absent: the model always initialises the layer.
   */
  hasOwnWeights?(): boolean;
  /**
   * What the layer adds to the loss (a weight regularizer's λ·Σw², …); absent or 0 when
   * nothing. `fit` and `evaluate` report it in the loss.
   */
  penalty?(): number;
  /** Adds the gradient of {@link Layer.penalty} into the params' gradients (`fit` calls it after `backward`). */
  addPenaltyGradient?(): void;
  /**
   * The smallest batch the layer can train on, for samples of `inputShape` (BatchNorm:
   * 2 when a sample holds one value per feature, else 1). Absent: 1. `fit` checks every
   * batch against it before the first step.
   */
  minBatchSize?(inputShape: readonly number[]): number;
  /** For layers on `[batch, features]`: the feature count the layer expects (Dense's inFeatures). */
  readonly inFeatures?: number | undefined;
  /** For layers on `[batch, features]`: the feature count the layer produces (Dense's outFeatures). */
  readonly outFeatures?: number | undefined;
  /** The type and constructor arguments, for saving; layers without it cannot be saved. */
  getConfig?(): LayerConfig;
  /** A short name used in messages and summaries, e.g. `Dense(3 → 4)`. */
  toString(): string;
}

/** The layers a container layer (a Sequential) holds, or null for a plain layer. */
export function sublayers(layer: Layer): readonly Layer[] | null {
  const inner = (layer as { layers?: unknown }).layers;
  return Array.isArray(inner) ? (inner as Layer[]) : null;
}

/**
 * The per-sample output shape of `layer` for `inputShape`: its `outputShape`, else, for
 * a layer that declares only `inFeatures`/`outFeatures`, `[outFeatures]`; else the
 * input shape unchanged.
 */
export function layerOutputShape(layer: Layer, inputShape: readonly number[]): number[] {
  if (typeof layer.outputShape === 'function') return layer.outputShape(inputShape);
  const n = layer.inFeatures;
  if (n !== undefined && (inputShape.length !== 1 || inputShape[0] !== n)) {
    throw new ShapeError(`${layer}: expected input shape [batch, ${n}], got ${formatShape([null, ...inputShape])}`, `${n} features`);
  }
  if (layer.outFeatures !== undefined) return [layer.outFeatures];
  return inputShape.slice();
}

/** The per-sample input shape `layer` fixes (its `inputShape`, or `[inFeatures]`), or null. */
export function layerInputShape(layer: Layer): readonly number[] | null {
  if (Array.isArray(layer.inputShape)) return layer.inputShape;
  if (typeof layer.inFeatures === 'number') return [layer.inFeatures];
  return null;
}

/**
 * A 32-bit FNV-1a hash of the bits of some float32 arrays: how a layer tells whether the
 * values it drew provisionally (without a seed) are still untouched.
 */
export function fingerprint(arrays: readonly Float32Array[]): number {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bits = new Uint32Array(a.buffer, a.byteOffset, a.length);
    for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i], 0x01000193);
    h = Math.imul(h ^ a.length, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Where a layer's weights came from, for {@link Layer.hasOwnWeights}: drawn from a
 * `random` the user gave (own), or provisional (drawn without a seed, and own as soon
 * as anything changes them: a model's initialisation, loading, training, a direct write).
 */
export class WeightOrigin {
  private provisional: number | null = null;

  /** Records that the values in `arrays` were drawn without a seed. */
  markProvisional(arrays: readonly Float32Array[]): void {
    this.provisional = fingerprint(arrays);
  }

  /** Records that the values are the layer's own (a model initialised them, or the user gave a random). */
  markOwn(): void {
    this.provisional = null;
  }

  /** Whether `arrays` hold the layer's own values: not provisional, or changed since they were drawn. */
  isOwn(arrays: readonly Float32Array[]): boolean {
    return this.provisional === null || fingerprint(arrays) !== this.provisional;
  }
}

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
}

/**
 * The contract every layer keeps.
 *
 * - `forward` caches what `backward` needs and returns the layer's own output
 *   tensor, which it reuses on the next call with the same batch size: copy it if
 *   you need to keep it.
 * - `backward(gradOutput)` adds into each `param.grad` and returns dLoss/dInput.
 *   Calling it before `forward` throws.
 * - `training` is an argument: `fit` passes true, `predict` and `evaluate` false.
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
  /** Re-draws the initial params (and takes `random` for later draws, such as dropout masks). */
  initialize?(random: Random): void;
  /** The feature count the layer expects, when it has one (Dense's inFeatures). */
  readonly inFeatures?: number;
  /** The feature count the layer produces, when it changes it (Dense's outFeatures). */
  readonly outFeatures?: number;
  /** The type and constructor arguments, for saving; layers without it cannot be saved. */
  getConfig?(): LayerConfig;
  /** A short name used in messages and summaries, e.g. `Dense(3 → 4)`. */
  toString(): string;
}

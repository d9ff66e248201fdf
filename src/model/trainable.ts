/**
 * What the training loop, evaluation and the non-finite diagnosis need of a model: a
 * container of layers with a forward and a backward pass, compiled with a loss, an
 * optimizer and metrics. `Sequential` implements it; these modules never import it.
 */
import type { Layer, LayerBuffer, Param } from '../layers/layer.js';
import type { Loss } from '../losses/loss.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Random } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TrainingControl } from './callbacks.js';
import type { Metric } from './metrics.js';

/** What `compile` chose. */
export interface Compiled {
  /** The optimizer that steps the params. */
  readonly optimizer: Optimizer;
  /** The loss that fit minimises and evaluate reports. */
  readonly loss: Loss;
  /** The metrics fit and evaluate report. */
  readonly metrics: readonly Metric[];
}

/** A model as `fit`, `evaluate` and `predict` drive it. */
export interface TrainableModel extends TrainingControl {
  /** The layers, in order. */
  readonly layers: readonly Layer[];
  /** The model's Random: shuffles draw from it. */
  readonly random: Random;
  /** The per-sample input shape the model takes, when it is known. */
  readonly inputShape: readonly number[] | undefined;
  /** The forward pass; keeps each layer's output for the diagnosis. */
  forward(input: Tensor, training: boolean): Tensor;
  /** Backpropagates into every param's gradient; keeps each layer's input gradient for the diagnosis. */
  backwardParams(gradOutput: Tensor): void;
  /** Every trainable param, in a stable order. */
  params(): Param[];
  /** Every buffer (BatchNorm's running statistics), in a stable order. */
  buffers(): LayerBuffer[];
  /** What the layers add to the loss (weight regularizers). */
  penalty(): number;
  /** Adds the gradient of the penalty into the params' gradients. */
  addPenaltyGradient(): void;
  /** The output of layer `i` in the last forward pass. */
  layerOutput(i: number): Tensor | null;
  /** The gradient with respect to the input of layer `i` in the last backward pass (null where it was skipped). */
  layerInputGradient(i: number): Tensor | null;
  /**
   * The per-sample output shape for data whose samples have `sampleShape`, checked
   * through every layer; a ShapeError names `owner`, the layer and what it expected.
   */
  outputShapeFor(sampleShape: readonly number[], owner: string): readonly number[];
  /** The smallest batch every layer can train on for samples of `sampleShape`, and the layer that needs it (null: 1 will do). */
  batchLimit(sampleShape: readonly number[]): { size: number; layer: Layer | null };
  /** The compiled optimizer, loss and metrics; a StateError naming `method` before `compile`. */
  compiled(method: string): Compiled;
  /** The model's name in messages. */
  toString(): string;
}

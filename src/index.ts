// neurite: a neural-network library with hand-written backprop, for Node and browsers.
// This entry point is isomorphic: nothing here reaches a Node built-in.

/**
 * The main entry: tensors and kernels, layers, losses, optimizers, the Sequential model,
 * saving and loading, data helpers and the gradient checker. It runs in Node and in
 * browsers. The ideas behind it, with runnable programs, are in the guide (docs/guide.md).
 *
 * @example
 * import { Adam, Dense, Sequential, Sigmoid, Tanh } from 'neurite';
 * const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });
 *
 * @module neurite
 */

export { NeuriteError, ShapeError, DataError, StateError } from './errors.js';
export { Tensor, shapeSize, type NestedArray } from './tensor/tensor.js';
export {
  gemm,
  matmul,
  matmulTransA,
  matmulTransB,
  addRowVector,
  sumRows,
  add,
  sub,
  mul,
  scale,
  dot,
  type MatmulOptions,
} from './tensor/kernels.js';
export { setBackend, getBackend, type Backend } from './wasm/backend.js';
export { Random, type RandomState } from './random.js';
export {
  glorotUniform,
  glorotNormal,
  heNormal,
  heUniform,
  zeros,
  initializers,
  type Initializer,
  type InitializerName,
} from './init.js';

export { Param, type Layer, type LayerBuffer } from './layers/layer.js';
export { l1, l2, l1l2, type Regularizer, type L1L2Options } from './regularizers.js';
export { Activation } from './layers/activation.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { Conv2D, type Conv2DOptions } from './layers/conv2d.js';
export type { Size2D, Padding } from './layers/spatial.js';
export { Pool2D, type Pool2DOptions } from './layers/pool2d.js';
export { MaxPool2D } from './layers/max-pool2d.js';
export { AvgPool2D } from './layers/avg-pool2d.js';
export { GlobalAvgPool2D } from './layers/global-avg-pool2d.js';
export { Reshape } from './layers/reshape.js';
export { Flatten } from './layers/flatten.js';
export { Permute } from './layers/permute.js';
export { Sigmoid } from './layers/sigmoid.js';
export { Tanh } from './layers/tanh.js';
export { ReLU } from './layers/relu.js';
export { LeakyReLU, type LeakyReLUOptions } from './layers/leaky-relu.js';
export { Softmax } from './layers/softmax.js';

export type { Loss, TargetContext } from './losses/loss.js';
export { MeanSquaredError } from './losses/mean-squared-error.js';
export { BinaryCrossEntropy, type BinaryCrossEntropyOptions } from './losses/binary-cross-entropy.js';
export { CategoricalCrossEntropy, type CategoricalCrossEntropyOptions } from './losses/categorical-cross-entropy.js';

export { gradCheck, formatGradCheck, type GradCheckOptions, type GradCheckReport, type GradCheckEntry } from './gradcheck.js';

export { Optimizer, clipGlobalNorm, type OptimizerOptions, type OptimizerState } from './optimizers/optimizer.js';
export { SGD, type SGDOptions } from './optimizers/sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamWOptions } from './optimizers/adam.js';
export {
  stepDecay,
  exponentialDecay,
  cosineDecay,
  scheduleFromConfig,
  type LearningRate,
  type LearningRateSchedule,
  type ScheduleConfig,
  type StepDecayOptions,
  type ExponentialDecayOptions,
  type CosineDecayOptions,
} from './optimizers/schedules.js';

export { Sequential, type SequentialOptions, type CompileOptions } from './model/sequential.js';
export type { FitOptions } from './model/fit.js';
export type { BatchOptions, Evaluation } from './model/inference.js';
export type { TrainableModel, Compiled } from './model/trainable.js';
export type { Inputs, Targets } from './data/inputs.js';
export { History, earlyStopping, type HistorySeries, type Callback, type Logs, type TrainingControl, type TrainingInfo, type EarlyStoppingOptions } from './model/callbacks.js';
export { Accuracy, type Metric, type AccuracyOptions } from './model/metrics.js';
export { optimizerNames, lossNames, type OptimizerName, type LossName, type MetricName } from './model/resolve.js';
export { gatherRows } from './data/batches.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { BatchNorm, type BatchNormOptions } from './layers/batch-norm.js';
export { registerLayer, type LayerFromConfig, type LayerBuildContext } from './layers/registry.js';
export {
  MODEL_FORMAT,
  MODEL_VERSION,
  type ModelJSON,
  type WeightJSON,
  type TrainingJSON,
  type SaveOptions,
} from './model/serialization.js';
export { type LayerConfig } from './layers/layer.js';
export { parseIdx, type IdxData, type IdxType } from './data/idx.js';
export { oneHot, trainTestSplit, viewRows, batches, type Split } from './data/prepare.js';

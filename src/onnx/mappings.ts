/**
 * Every ONNX mapping, one line each: the layer types `toOnnx` writes and the operators
 * `fromOnnx` reads, in the order messages list them.
 */
import { batchNormMapping } from './layers/batch-norm.js';
import { denseMapping } from './layers/dense.js';
import { dropoutMapping } from './layers/dropout.js';
import { leakyReluMapping } from './layers/leaky-relu.js';
import { reluMapping } from './layers/relu.js';
import { sigmoidMapping } from './layers/sigmoid.js';
import { softmaxMapping } from './layers/softmax.js';
import { tanhMapping } from './layers/tanh.js';
import type { OnnxMapping } from './mapping.js';
import { avgPool2dMapping } from './layers/avg-pool2d.js';
import { conv2dMapping } from './layers/conv2d.js';
import { flattenMapping } from './layers/flatten.js';
import { globalAvgPool2dMapping } from './layers/global-avg-pool2d.js';
import { maxPool2dMapping } from './layers/max-pool2d.js';
import { permuteMapping } from './layers/permute.js';
import { reshapeMapping } from './layers/reshape.js';
import { passThroughMapping } from './shape-ops.js';

export const mappings: readonly OnnxMapping[] = [
  denseMapping,
  sigmoidMapping,
  tanhMapping,
  reluMapping,
  leakyReluMapping,
  softmaxMapping,
  batchNormMapping,
  dropoutMapping,
  conv2dMapping,
  maxPool2dMapping,
  avgPool2dMapping,
  globalAvgPool2dMapping,
  flattenMapping,
  reshapeMapping,
  permuteMapping,
  passThroughMapping,
];

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
import { shapeOpsMapping } from './shape-ops.js';

export const mappings: readonly OnnxMapping[] = [
  denseMapping,
  sigmoidMapping,
  tanhMapping,
  reluMapping,
  leakyReluMapping,
  softmaxMapping,
  batchNormMapping,
  dropoutMapping,
  shapeOpsMapping,
];

/**
 * Every TensorFlow.js mapping, one line each: the Keras layer classes `fromTfjs` reads and
 * the neurite layer types `toTfjs` writes, in the order messages list them.
 */
import { activationMapping, sigmoidMapping, tanhMapping } from './layers/activation.js';
import { batchNormMapping } from './layers/batch-norm.js';
import { conv2dMapping } from './layers/conv2d.js';
import { denseMapping } from './layers/dense.js';
import { dropoutMapping } from './layers/dropout.js';
import { flattenMapping } from './layers/flatten.js';
import { globalAveragePooling2dMapping } from './layers/global-average-pooling2d.js';
import { inputLayerMapping } from './layers/input-layer.js';
import { leakyReluMapping } from './layers/leaky-relu.js';
import { permuteMapping } from './layers/permute.js';
import { averagePooling2dMapping, maxPooling2dMapping } from './layers/pooling2d.js';
import { reluMapping } from './layers/relu.js';
import { reshapeMapping } from './layers/reshape.js';
import { softmaxMapping } from './layers/softmax.js';
import type { TfjsMapping } from './mapping.js';

export const mappings: readonly TfjsMapping[] = [
  inputLayerMapping,
  denseMapping,
  conv2dMapping,
  maxPooling2dMapping,
  averagePooling2dMapping,
  globalAveragePooling2dMapping,
  flattenMapping,
  reshapeMapping,
  permuteMapping,
  activationMapping,
  sigmoidMapping,
  tanhMapping,
  reluMapping,
  leakyReluMapping,
  softmaxMapping,
  dropoutMapping,
  batchNormMapping,
];

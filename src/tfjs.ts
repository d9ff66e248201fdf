// neurite/tfjs: the TensorFlow.js Layers format (model.json and binary weight shards), read
// and written. Isomorphic (no Node built-ins) and free of runtime dependencies.

/**
 * TensorFlow.js and Keras models in, and out: `fromTfjs(modelJson, weights)` reads a
 * TensorFlow.js Layers model (what `model.save()` writes in TensorFlow.js and
 * `tensorflowjs_converter` writes from Keras) into a Sequential, and `toTfjs(model)`
 * writes one that `tf.loadLayersModel` loads. Runs in Node and in browsers; in Node,
 * `loadTfjsModel` and `saveTfjsModel` from `neurite/node` read and write the files.
 *
 * @example
 * import { fromTfjs, toTfjs } from 'neurite/tfjs';
 *
 * @module neurite/tfjs
 */
export { fromTfjs, SUPPORTED_KERAS_LAYERS, type FromTfjsOptions } from './tfjs/import.js';
export { toTfjs, SUPPORTED_LAYERS, TFJS_SHARD_NAME, type TfjsArtifacts } from './tfjs/export.js';
export type { TfjsModelJson, TfjsQuantization, TfjsWeightData, TfjsWeightGroup, TfjsWeightSpec } from './tfjs/format.js';

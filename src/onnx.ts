// neurite/onnx: ONNX export and import. Isomorphic (no Node built-ins) and free of
// runtime dependencies: the protobuf wire format is encoded and decoded by hand in
// src/onnx/protobuf.ts.

/**
 * ONNX export and import: `toOnnx(model)` writes a Sequential as an ONNX model, and
 * `fromOnnx(bytes)` reads an MLP or a convnet exported by PyTorch or tf2onnx. Runs in Node and in
 * browsers, with no runtime dependency.
 *
 * @example
 * import { fromOnnx, toOnnx } from 'neurite/onnx';
 *
 * @module neurite/onnx
 */
export { toOnnx, SUPPORTED_LAYERS, type ToOnnxOptions } from './onnx/export.js';
export { fromOnnx, MIN_OPSET, SUPPORTED_OPS, type FromOnnxOptions } from './onnx/import.js';

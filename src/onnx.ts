// neurite/onnx: ONNX export and import. Isomorphic (no Node built-ins) and free of
// runtime dependencies: the protobuf wire format is encoded and decoded by hand in
// src/onnx/protobuf.ts.
export { toOnnx, SUPPORTED_LAYERS, type ToOnnxOptions } from './onnx/export.js';
export { fromOnnx, MIN_OPSET, SUPPORTED_OPS, type FromOnnxOptions } from './onnx/import.js';

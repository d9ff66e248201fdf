/**
 * A test-only builder of ONNX models in the shapes that PyTorch's exporter
 * (torch.onnx.export) and tf2onnx write for MLPs, built with neurite's own encoder.
 * Every graph built here is also run by ONNX Runtime in the tests, so a graph that
 * did not follow ONNX would fail there first.
 */
import { encodeGraph, type Attribute, type NodeData, type TensorData, type ValueInfo } from '../../src/onnx/proto.js';
import { float32ToLittleEndian, ProtoWriter } from '../../src/onnx/protobuf.js';

export const FLOAT = 1;
export const INT64 = 7;

/** A FLOAT initializer, stored as raw_data (PyTorch, tf2onnx) or float_data. */
export function floats(name: string, dims: number[], values: ArrayLike<number>, storage: 'raw' | 'float_data' = 'raw'): TensorData {
  const data = Float32Array.from(values as ArrayLike<number>);
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`floats(${name}): ${data.length} values for [${dims}]`);
  return storage === 'raw'
    ? { name, dims, dataType: FLOAT, rawData: float32ToLittleEndian(data) }
    : { name, dims, dataType: FLOAT, floatData: data };
}

/** An INT64 initializer (a Reshape's shape), stored as raw_data or int64_data. */
export function int64s(name: string, values: number[], storage: 'raw' | 'int64_data' = 'raw'): TensorData {
  if (storage === 'int64_data') return { name, dims: [values.length], dataType: INT64, int64Data: values };
  const raw = new Uint8Array(values.length * 8);
  const dv = new DataView(raw.buffer);
  values.forEach((v, i) => dv.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], dataType: INT64, rawData: raw };
}

export function node(opType: string, inputs: string[], outputs: string[], name = '', attributes: Attribute[] = []): NodeData {
  return { opType, inputs, outputs, name, domain: '', attributes };
}

/** A float32 input or output; a string dim is a dim_param (dynamic), a number a dim_value. */
export function value(name: string, dims: (number | string)[], elemType = FLOAT): ValueInfo {
  return { name, tensor: { elemType, shape: dims.map((d) => (typeof d === 'string' ? { param: d } : { value: d })) } };
}

export interface ModelSpec {
  opset: number;
  irVersion?: number;
  producer?: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: NodeData[];
  initializers: TensorData[];
  /** TensorProtos encoded by hand (say, with unpacked fields), appended to the graph's initializers. */
  encodedInitializers?: Uint8Array[];
}

/** A ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8). */
export function buildModel(spec: ModelSpec): Uint8Array {
  // A message is a sequence of fields, so more initializer fields (5) can simply follow.
  const encoded = encodeGraph({ name: 'main_graph', nodes: spec.nodes, initializers: spec.initializers, inputs: spec.inputs, outputs: spec.outputs });
  const extra = new ProtoWriter();
  for (const t of spec.encodedInitializers ?? []) extra.bytes(5, t);
  const tail = extra.finish();
  const graphBytes = new Uint8Array(encoded.length + tail.length);
  graphBytes.set(encoded);
  graphBytes.set(tail, encoded.length);
  return new ProtoWriter()
    .int(1, spec.irVersion ?? (spec.opset >= 15 ? 8 : 7))
    .string(2, spec.producer ?? 'test')
    .bytes(7, graphBytes)
    .bytes(8, new ProtoWriter().int(2, spec.opset).finish())
    .finish();
}

/** Deterministic pseudo-random values in [-scale, scale). */
export function values(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** A valid PyTorch-style Gemm → Relu model of 4 inputs and 3 outputs; `patch` edits the spec before encoding. */
export function gemmReluModel(patch: (spec: ModelSpec) => void = () => {}): Uint8Array {
  const spec: ModelSpec = {
    opset: 17,
    inputs: [value('input', ['N', 4])],
    outputs: [value('output', ['N', 3])],
    initializers: [floats('fc.weight', [3, 4], values(12, 1)), floats('fc.bias', [3], values(3, 2))],
    nodes: [
      node('Gemm', ['input', 'fc.weight', 'fc.bias'], ['h'], '/fc/Gemm', [{ name: 'transB', i: 1 }]),
      node('Relu', ['h'], ['output'], '/relu/Relu'),
    ],
  };
  patch(spec);
  return buildModel(spec);
}

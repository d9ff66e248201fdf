/**
 * The ONNX messages neurite reads and writes, with the field numbers of onnx.proto
 * (onnx/onnx, `onnx/onnx.proto`). Only the fields neurite uses are modelled; every
 * other field is skipped on reading and never written.
 *
 * ModelProto        1 ir_version, 2 producer_name, 3 producer_version, 4 domain,
 *                   5 model_version, 6 doc_string, 7 graph, 8 opset_import (repeated)
 * OperatorSetIdProto 1 domain, 2 version
 * GraphProto        1 node (repeated), 2 name, 5 initializer (repeated), 10 doc_string,
 *                   11 input (repeated), 12 output (repeated), 13 value_info (repeated)
 * NodeProto         1 input (repeated), 2 output (repeated), 3 name, 4 op_type,
 *                   5 attribute (repeated), 6 doc_string, 7 domain
 * AttributeProto    1 name, 2 f, 3 i, 4 s, 5 t, 6 g, 7 floats, 8 ints, 9 strings,
 *                   10 tensors, 11 graphs, 13 doc_string, 20 type, 21 ref_attr_name
 * TensorProto       1 dims, 2 data_type, 4 float_data, 5 int32_data, 7 int64_data,
 *                   8 name, 9 raw_data, 10 double_data, 12 doc_string, 13 external_data,
 *                   14 data_location
 * ValueInfoProto    1 name, 2 type, 3 doc_string
 * TypeProto         1 tensor_type (TypeProto.Tensor: 1 elem_type, 2 shape)
 * TensorShapeProto  1 dim (Dimension: 1 dim_value, 2 dim_param)
 */
import { ProtoWriter } from './protobuf.js';

/** TensorProto.DataType values neurite meets. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

const dataTypeNames: Record<number, string> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING',
  9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64', 15: 'COMPLEX128', 16: 'BFLOAT16',
};

/** `FLOAT`, `INT64`, … or the number when unknown. */
export function dataTypeName(type: number): string {
  return dataTypeNames[type] ?? `data type ${type}`;
}

/** AttributeProto.AttributeType values. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface OperatorSetId {
  domain: string;
  version: number;
}

export interface TensorData {
  name: string;
  dims: number[];
  dataType: number;
  /** float_data (field 4). */
  floatData?: number[] | Float32Array;
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  /** raw_data (field 9): little-endian, fixed width. */
  rawData?: Uint8Array;
  /** data_location = EXTERNAL (1), or external_data present. */
  external?: boolean;
}

export interface Attribute {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorData;
  floats?: number[];
  ints?: number[];
  /** Set when the attribute holds a graph (field 6 or 11), which neurite does not read. */
  hasGraph?: boolean;
}

export interface NodeData {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Attribute[];
}

/** A dimension: a number, a symbolic name (dim_param), or neither (unknown). */
export interface Dim {
  value?: number;
  param?: string;
}

export interface ValueInfo {
  name: string;
  /** For tensor types: the element type and, when given, the shape. */
  tensor?: { elemType: number; shape?: Dim[] };
  /** True when the type is set but is not a tensor (sequence, map, …). */
  nonTensor?: boolean;
}

export interface GraphData {
  name: string;
  nodes: NodeData[];
  initializers: TensorData[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface ModelData {
  irVersion: number;
  opsetImport: OperatorSetId[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  graph?: GraphData;
}

// ───────────────────────────── encoding ─────────────────────────────

export function encodeTensor(t: TensorData): Uint8Array {
  const w = new ProtoWriter();
  if (t.dims.length) w.packedInts(1, t.dims);
  w.int(2, t.dataType);
  if (t.floatData) w.packedFloats(4, t.floatData);
  if (t.int32Data) w.packedInts(5, t.int32Data);
  if (t.int64Data) w.packedInts(7, t.int64Data);
  w.string(8, t.name);
  if (t.rawData) w.bytes(9, t.rawData);
  if (t.doubleData) {
    const bytes = new Uint8Array(t.doubleData.length * 8);
    const dv = new DataView(bytes.buffer);
    t.doubleData.forEach((v, i) => dv.setFloat64(i * 8, v, true));
    w.bytes(10, bytes);
  }
  if (t.external) w.int(14, 1);
  return w.finish();
}

export function encodeAttribute(a: Attribute): Uint8Array {
  const w = new ProtoWriter().string(1, a.name);
  if (a.f !== undefined) w.float(2, a.f);
  if (a.i !== undefined) w.int(3, a.i);
  if (a.s !== undefined) w.bytes(4, a.s);
  if (a.t !== undefined) w.bytes(5, encodeTensor(a.t));
  if (a.floats !== undefined) w.packedFloats(7, a.floats);
  if (a.ints !== undefined) w.packedInts(8, a.ints);
  const type =
    a.type ??
    (a.f !== undefined ? AttributeType.FLOAT
      : a.i !== undefined ? AttributeType.INT
        : a.s !== undefined ? AttributeType.STRING
          : a.t !== undefined ? AttributeType.TENSOR
            : a.floats !== undefined ? AttributeType.FLOATS
              : AttributeType.INTS);
  w.int(20, type);
  return w.finish();
}

export function encodeNode(n: NodeData): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes) w.bytes(5, encodeAttribute(a));
  if (n.domain) w.string(7, n.domain);
  return w.finish();
}

function encodeDim(d: Dim): Uint8Array {
  const w = new ProtoWriter();
  if (d.value !== undefined) w.int(1, d.value);
  else if (d.param !== undefined) w.string(2, d.param);
  return w.finish();
}

export function encodeValueInfo(v: ValueInfo): Uint8Array {
  const w = new ProtoWriter().string(1, v.name);
  if (v.tensor) {
    const tensor = new ProtoWriter().int(1, v.tensor.elemType);
    if (v.tensor.shape) {
      const shape = new ProtoWriter();
      for (const d of v.tensor.shape) shape.bytes(1, encodeDim(d));
      tensor.bytes(2, shape.finish());
    }
    w.bytes(2, new ProtoWriter().bytes(1, tensor.finish()).finish());
  }
  return w.finish();
}

export function encodeGraph(g: GraphData): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.bytes(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.bytes(5, encodeTensor(t));
  for (const v of g.inputs) w.bytes(11, encodeValueInfo(v));
  for (const v of g.outputs) w.bytes(12, encodeValueInfo(v));
  return w.finish();
}

export function encodeModel(m: ModelData): Uint8Array {
  const w = new ProtoWriter().int(1, m.irVersion);
  if (m.producerName !== undefined) w.string(2, m.producerName);
  if (m.producerVersion !== undefined) w.string(3, m.producerVersion);
  if (m.docString !== undefined) w.string(6, m.docString);
  if (m.graph) w.bytes(7, encodeGraph(m.graph));
  for (const o of m.opsetImport) {
    const op = new ProtoWriter();
    if (o.domain) op.string(1, o.domain);
    op.int(2, o.version);
    w.bytes(8, op.finish());
  }
  return w.finish();
}

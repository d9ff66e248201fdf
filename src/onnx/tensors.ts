/**
 * Reading ONNX tensors and attributes: the values of a constant (raw_data or the typed
 * fields, checked against its dims), and the small conversions the mappings share.
 */
import { DataError, formatShape } from '../errors.js';
import { DataType, dataTypeName, type NodeData, type TensorData } from './proto.js';

/** A dimension as far as it is known: a size, or null (the batch, a dim_param, unknown). */
export type Shape = (number | null)[];

/** The shortest decimal that gives back the same float32: 1e-5 stored as a float attribute reads back as 1e-5. */
export function fromFloat32(x: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return x;
}

export function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** The feature count of `[batch, d1, d2, …]` flattened, which must be known. */
export function flatFeatures(shape: Shape, fail: (what: string) => never): number | null {
  if (shape.length === 2) return shape[1];
  const rest = shape.slice(1);
  if (rest.some((d) => d === null)) fail(`cannot flatten ${formatShape(shape)}: the sizes after the batch must be known`);
  return product(rest as number[]);
}

export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

/** A bias of `[out]`, `[1, out]`, or a scalar broadcast to `[out]`. */
export function biasValues(t: { dims: number[]; data: Float32Array }, out: number, fail: (what: string) => never): Float32Array {
  const { dims, data } = t;
  if (data.length === 1 && dims.every((d) => d === 1)) return new Float32Array(out).fill(data[0]);
  const ok = data.length === out && (dims.length === 1 || (dims.length === 2 && dims[0] === 1));
  if (!ok) fail(`expected a bias of shape [${out}] or [1, ${out}], got ${formatShape(dims)}`);
  return Float32Array.from(data);
}

/** The element count of `t`, checked to be a sane product of non-negative dims. */
export function elementCount(t: TensorData, owner: string): number {
  for (const d of t.dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new DataError(`fromOnnx: ${owner}: expected non-negative dims, got [${t.dims.join(', ')}]`);
  }
  const n = product(t.dims);
  if (!Number.isSafeInteger(n)) throw new DataError(`fromOnnx: ${owner}: dims [${t.dims.join(', ')}] are too large`);
  if (t.external) throw new DataError(`fromOnnx: ${owner}: its data is stored in an external file; save the model with the weights inside (onnx.save_model(..., save_as_external_data=False))`);
  return n;
}

/** The values of a FLOAT (or DOUBLE) tensor as float32, checked against its dims. */
export function tensorFloats(t: TensorData, owner: string): Float32Array {
  const n = elementCount(t, owner);
  const mismatch = (got: number, where: string): never => {
    throw new DataError(`fromOnnx: ${owner}: expected ${n} values for dims [${t.dims.join(', ')}], got ${got} in ${where}`);
  };
  if (t.dataType === DataType.FLOAT) {
    if (t.rawData) {
      if (t.rawData.length !== n * 4) mismatch(t.rawData.length / 4, 'raw_data');
      const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.length);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
      return out;
    }
    const values = t.floatData ?? [];
    if (values.length !== n) mismatch(values.length, 'float_data');
    return Float32Array.from(values);
  }
  if (t.dataType === DataType.DOUBLE) {
    if (t.rawData) {
      if (t.rawData.length !== n * 8) mismatch(t.rawData.length / 8, 'raw_data');
      const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.length);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true);
      return out;
    }
    const values = t.doubleData ?? [];
    if (values.length !== n) mismatch(values.length, 'double_data');
    return Float32Array.from(values);
  }
  throw new DataError(`fromOnnx: ${owner}: expected FLOAT data, got ${dataTypeName(t.dataType)}`);
}

/** The values of an INT64/INT32 (or BOOL, for Dropout's training_mode) tensor. */
export function tensorInts(t: TensorData, owner: string): number[] {
  const n = elementCount(t, owner);
  const mismatch = (got: number): never => {
    throw new DataError(`fromOnnx: ${owner}: expected ${n} values for dims [${t.dims.join(', ')}], got ${got}`);
  };
  const width = t.dataType === DataType.INT64 ? 8 : t.dataType === DataType.INT32 ? 4 : t.dataType === 9 ? 1 : 0;
  if (!width) throw new DataError(`fromOnnx: ${owner}: expected INT64 data, got ${dataTypeName(t.dataType)}`);
  if (t.rawData) {
    if (t.rawData.length !== n * width) mismatch(t.rawData.length / width);
    const dv = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(width === 8 ? Number(dv.getBigInt64(i * 8, true)) : width === 4 ? dv.getInt32(i * 4, true) : dv.getUint8(i));
    }
    return out;
  }
  const values = (t.dataType === DataType.INT64 ? t.int64Data : t.int32Data) ?? [];
  if (values.length !== n) mismatch(values.length);
  return values;
}

/** The tensor a Constant node produces. */
export function constantValue(node: NodeData, fail: (what: string) => never): TensorData {
  const a = node.attributes[0];
  if (node.attributes.length !== 1 || !a) fail(`expected exactly one value attribute, got ${node.attributes.length}`);
  const name = node.outputs[0];
  switch (a.name) {
    case 'value':
      if (!a.t) fail('expected attribute value to hold a tensor');
      return { ...a.t!, name };
    case 'value_float':
      return { name, dims: [], dataType: DataType.FLOAT, floatData: [a.f ?? fail('expected value_float to be a float')] };
    case 'value_floats':
      return { name, dims: [a.floats?.length ?? 0], dataType: DataType.FLOAT, floatData: a.floats ?? [] };
    case 'value_int':
      return { name, dims: [], dataType: DataType.INT64, int64Data: [a.i ?? fail('expected value_int to be an integer')] };
    case 'value_ints':
      return { name, dims: [a.ints?.length ?? 0], dataType: DataType.INT64, int64Data: a.ints ?? [] };
    default:
      return fail(`attribute ${a.name} is not supported; expected value, value_float(s) or value_int(s)`);
  }
}


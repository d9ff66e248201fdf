import { DataError, formatShape } from '../errors.js';
import { BatchNorm } from '../layers/batch-norm.js';
import { Dense } from '../layers/dense.js';
import type { Layer } from '../layers/layer.js';
import { LeakyReLU } from '../layers/leaky-relu.js';
import { ReLU } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Softmax } from '../layers/softmax.js';
import { Tanh } from '../layers/tanh.js';
import { Sequential } from '../model/sequential.js';
import { DataType, dataTypeName, decodeModel, type Attribute, type NodeData, type TensorData } from './proto.js';

/** Options of {@link fromOnnx}. */
export interface FromOnnxOptions {
  /** Seeds the imported model's Random (used if you go on training it). */
  seed?: number | string;
}

/** The oldest opset {@link fromOnnx} reads (Softmax took its present meaning in opset 13). */
export const MIN_OPSET = 13;

/** The ONNX operators {@link fromOnnx} reads, and what each becomes. */
export const SUPPORTED_OPS =
  'Gemm (transA = 0, alpha = beta = 1) → Dense, MatMul with a constant [in, out] weight → Dense, Add of a constant bias right after Gemm/MatMul, ' +
  'BatchNormalization (inference) → BatchNorm, Relu, LeakyRelu, Sigmoid, Tanh, Softmax (last axis), ' +
  'Flatten/Reshape that keep [batch, features], Identity and Dropout (skipped), Constant';

const supportedOps = new Set([
  'Gemm', 'MatMul', 'Add', 'BatchNormalization', 'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softmax',
  'Flatten', 'Reshape', 'Identity', 'Dropout', 'Constant',
]);

/** What a layer will be, before the model exists (adding a layer to a Sequential re-initialises it). */
type Spec =
  | { kind: 'dense'; inFeatures: number; outFeatures: number; weight: Float32Array; bias: Float32Array | null; output: string }
  | { kind: 'batchNorm'; features: number; epsilon: number; momentum: number; gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array }
  | { kind: 'layer'; make: () => Layer };

/** A dimension as far as it is known: a size, or null (the batch, a dim_param, unknown). */
type Shape = (number | null)[];

/** The shortest decimal that gives back the same float32: 1e-5 stored as a float attribute reads back as 1e-5. */
function fromFloat32(x: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return x;
}

function product(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * Reads an ONNX model (the bytes of a `.onnx` file) into a {@link Sequential}.
 *
 * Accepted: the graphs that PyTorch's exporter and tf2onnx produce for multilayer
 * perceptrons, opset 13 or later, with one float32 input `[batch, features]` (or a
 * higher-rank input that a Flatten or Reshape turns into `[batch, features]`: the
 * imported model then takes the flattened rows) and one output:
 *
 * - Gemm (transA = 0, alpha = beta = 1; transB = 1 takes the weight as is, transB = 0
 *   transposes it) and MatMul with a constant `[in, out]` weight, each optionally followed
 *   by an Add of a constant bias, become Dense;
 * - BatchNormalization (inference form) becomes BatchNorm with its running statistics
 *   and epsilon; Relu, LeakyRelu, Sigmoid, Tanh, Softmax (last axis) their layers;
 * - Identity, Dropout, and Flatten/Reshape that keep `[batch, features]` are skipped.
 *
 * Weights may be stored as `raw_data` (little-endian) or `float_data`, or come from
 * Constant nodes. Dropout nodes disappear (they are the identity at inference).
 *
 * @throws DataError for truncated or malformed bytes, an opset below 13, or a graph
 *   neurite cannot hold, naming the node, its op type and what is supported.
 *
 * @example
 * import { fromOnnx } from 'neurite/onnx';
 * const model = fromOnnx(new Uint8Array(await (await fetch('mlp.onnx')).arrayBuffer()));
 * model.predict([[0, 1]]);
 */
export function fromOnnx(bytes: Uint8Array, options: FromOnnxOptions = {}): Sequential {
  const model = decodeModel(bytes);
  const opset = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!opset) {
    const listed = model.opsetImport.map((o) => `${o.domain || '""'} ${o.version}`).join(', ') || 'none';
    throw new DataError(`fromOnnx: expected the model to import the ONNX opset (domain ""), got ${listed}; are these the bytes of an .onnx file?`);
  }
  if (opset.version < MIN_OPSET) {
    throw new DataError(
      `fromOnnx: opset ${opset.version} is not supported; expected opset ${MIN_OPSET} or later (export again with e.g. torch.onnx.export(..., opset_version=17) or tf2onnx --opset 17)`,
    );
  }
  const graph = model.graph;
  if (!graph) throw new DataError('fromOnnx: the model has no graph (ModelProto.graph is missing); are these the bytes of an .onnx file?');

  const constants = new Map<string, TensorData>();
  for (const t of graph.initializers) constants.set(t.name, t);

  // The graph's one real input (older exporters also list the initializers as inputs).
  const inputs = graph.inputs.filter((i) => !constants.has(i.name));
  if (inputs.length !== 1) {
    throw new DataError(
      `fromOnnx: expected one graph input [batch, features], got ${inputs.length}${inputs.length ? `: ${inputs.map((i) => JSON.stringify(i.name)).join(', ')}` : ''}`,
    );
  }
  const input = inputs[0];
  if (input.nonTensor || (input.tensor && input.tensor.elemType !== DataType.FLOAT)) {
    const got = input.tensor ? `element type ${dataTypeName(input.tensor.elemType)}` : 'a non-tensor type';
    throw new DataError(`fromOnnx: expected input "${input.name}" to be a float32 tensor [batch, features], got ${got}`);
  }
  const dims = input.tensor?.shape;
  let shape: Shape = dims ? dims.map((d, i) => (i === 0 || d.value === undefined || d.value <= 0 ? null : d.value)) : [null, null];
  if (shape.length < 2) {
    throw new DataError(`fromOnnx: expected input "${input.name}" to have shape [batch, features], got ${formatShape(shape)}`);
  }
  const batchValue = dims?.[0]?.value;
  if (graph.outputs.length !== 1) {
    throw new DataError(`fromOnnx: expected one graph output, got ${graph.outputs.length}${graph.outputs.length ? `: ${graph.outputs.map((o) => JSON.stringify(o.name)).join(', ')}` : ''}`);
  }

  const specs: Spec[] = [];
  let current = input.name;

  graph.nodes.forEach((node, index) => {
    const where = `node ${index}${node.name ? ` "${node.name}"` : ''} (${node.opType || 'no op type'})`;
    const fail = (what: string): never => {
      throw new DataError(`fromOnnx: ${where}: ${what}`);
    };
    if (node.domain !== '' && node.domain !== 'ai.onnx') {
      fail(`operator domain "${node.domain}" is not supported; neurite imports these ONNX operators: ${SUPPORTED_OPS}`);
    }
    if (!supportedOps.has(node.opType)) {
      fail(`op type ${node.opType || '(empty)'} is not supported; neurite imports these ONNX operators: ${SUPPORTED_OPS}`);
    }
    const attrs = new Map<string, Attribute>(node.attributes.map((a) => [a.name, a]));
    const int = (name: string, fallback: number): number => {
      const a = attrs.get(name);
      if (!a) return fallback;
      if (a.i === undefined) fail(`expected attribute ${name} to be an integer`);
      return a.i as number;
    };
    const float = (name: string, fallback: number): number => {
      const a = attrs.get(name);
      if (!a) return fallback;
      if (a.f === undefined) fail(`expected attribute ${name} to be a float`);
      return fromFloat32(a.f as number);
    };
    /** The float32 values of a constant input, with its dims. */
    const floats = (name: string | undefined, what: string): { dims: number[]; data: Float32Array } => {
      const t = name ? constants.get(name) : undefined;
      if (!t) return fail(`expected ${what} to be a constant (an initializer or a Constant node), got ${name ? `"${name}", computed in the graph` : 'nothing'}`);
      return { dims: t.dims, data: tensorFloats(t, `${where}: ${what} "${name}"`) };
    };
    const out = (): void => {
      if (!node.outputs[0]) fail('expected an output');
      current = node.outputs[0];
    };

    if (node.opType === 'Constant') {
      if (node.outputs.length !== 1 || !node.outputs[0]) fail('expected one output');
      constants.set(node.outputs[0], constantValue(node, fail));
      return;
    }

    // Every other node continues the chain: its data input is the previous layer's
    // output, and its other inputs are constants (or absent optional inputs, '').
    const data = node.opType === 'Add' ? node.inputs.find((i) => i === current) : node.inputs[0];
    if (data !== current) {
      fail(
        `takes ${JSON.stringify(node.inputs[0] ?? '')} as its input where the output of the layer before it, "${current}", was expected; ` +
          'neurite imports one chain of layers, without branches',
      );
    }
    for (const name of node.inputs) {
      if (name && name !== current && !constants.has(name)) {
        fail(`input "${name}" is computed in the graph; neurite imports one chain of layers, whose other inputs are constants`);
      }
    }
    const needRank2 = (): number | null => {
      if (shape.length !== 2) fail(`expected its input "${current}" to be [batch, features], got ${formatShape(shape)}; flatten it first`);
      return shape[1];
    };

    switch (node.opType) {
      case 'Identity':
        out();
        return;
      case 'Dropout': {
        const training = node.inputs[2];
        const mode = training ? constants.get(training) : undefined;
        if (mode && tensorInts(mode, `${where}: training_mode`).some((v) => v !== 0)) {
          fail('training_mode is true; neurite imports inference graphs, where Dropout is the identity');
        }
        out();
        return;
      }
      case 'Flatten': {
        const rank = shape.length;
        let axis = int('axis', 1);
        if (axis < 0) axis += rank;
        if (axis !== 1) fail(`expected axis 1 (keeping the batch), got ${int('axis', 1)} on ${formatShape(shape)}`);
        shape = [null, flatFeatures(shape, fail)];
        out();
        return;
      }
      case 'Reshape': {
        if (!node.inputs[1]) fail('expected a shape input');
        const target = tensorInts(constants.get(node.inputs[1])!, `${where}: shape`);
        const allowZero = int('allowzero', 0) !== 0;
        const features = flatFeatures(shape, fail);
        const [b, f] = target;
        // The batch survives as -1 (inferred), 0 (copied, unless allowzero) or the input's own fixed batch size.
        const keepsBatch = b === -1 || (b === 0 && !allowZero) || (b > 0 && b === batchValue);
        let next: number | null | undefined;
        if (target.length === 2 && keepsBatch) {
          if (f === -1 && b !== -1) next = features;
          else if (f === 0 && !allowZero && shape.length === 2) next = features;
          else if (f > 0 && (features === f || (features === null && b !== -1))) next = f;
        }
        if (next === undefined) {
          fail(`expected a reshape that keeps [batch, features] (shape [-1, F], [0, -1] or [0, F]), got shape [${target.join(', ')}] on ${formatShape(shape)}`);
        }
        shape = [null, next ?? null];
        out();
        return;
      }
      case 'Gemm':
      case 'MatMul': {
        const inFeatures = needRank2();
        let weight: Float32Array, n: number, k: number, bias: Float32Array | null = null;
        const b = floats(node.inputs[1], 'the weight (input B)');
        if (b.dims.length !== 2) fail(`expected a 2-D weight, got shape ${formatShape(b.dims)}`);
        if (node.opType === 'Gemm') {
          if (int('transA', 0) !== 0) fail('transA = 1 is not supported (the input must not be transposed)');
          const alpha = float('alpha', 1), beta = float('beta', 1);
          if (alpha !== 1 || (beta !== 1 && node.inputs[2])) fail(`expected alpha = 1 and beta = 1, got alpha = ${alpha}, beta = ${beta}`);
          const transB = int('transB', 0) !== 0;
          [n, k] = transB ? b.dims : [b.dims[1], b.dims[0]];
          weight = transB ? Float32Array.from(b.data) : transpose(b.data, b.dims[0], b.dims[1]);
          if (node.inputs[2]) bias = biasValues(floats(node.inputs[2], 'the bias (input C)'), n, fail);
        } else {
          [k, n] = b.dims; // MatMul's weight is [in, out]
          weight = transpose(b.data, k, n);
        }
        if (inFeatures !== null && inFeatures !== k) fail(`expected a weight for ${inFeatures} input features, got ${k} (weight shape ${formatShape(b.dims)})`);
        if (n < 1 || k < 1) fail(`expected a non-empty weight, got shape ${formatShape(b.dims)}`);
        out();
        specs.push({ kind: 'dense', inFeatures: k, outFeatures: n, weight, bias, output: current });
        shape = [null, n];
        return;
      }
      case 'Add': {
        const last = specs[specs.length - 1];
        if (!last || last.kind !== 'dense' || last.output !== current) {
          fail('Add is supported only as the bias right after a Gemm or MatMul');
        }
        const dense = last as Extract<Spec, { kind: 'dense' }>;
        if (node.inputs.length !== 2) fail(`expected two inputs, got ${node.inputs.length}`);
        const other = node.inputs.find((i) => i !== current);
        const bias = biasValues(floats(other, 'the bias'), dense.outFeatures, fail);
        if (dense.bias) for (let j = 0; j < bias.length; j++) dense.bias[j] += bias[j];
        else dense.bias = bias;
        out();
        dense.output = current;
        return;
      }
      case 'BatchNormalization': {
        const features = needRank2();
        if (int('training_mode', 0) !== 0) fail('training_mode = 1 is not supported; export the model in inference (eval) mode');
        const names = ['scale', 'B', 'input_mean', 'input_var'];
        const [gamma, beta, mean, variance] = names.map((name, i) => floats(node.inputs[i + 1], `${name} (input ${i + 1})`));
        const c = gamma.data.length;
        for (const [i, t] of [gamma, beta, mean, variance].entries()) {
          if (t.dims.length !== 1 || t.data.length !== c) fail(`expected ${names[i]} of shape [${c}], got ${formatShape(t.dims)}`);
        }
        if (c < 1) fail('expected at least one channel');
        if (features !== null && features !== c) fail(`expected ${features} channels (the input's features), got ${c}`);
        const epsilon = float('epsilon', 1e-5);
        if (!(epsilon > 0)) fail(`expected epsilon > 0, got ${epsilon}`);
        const momentum = float('momentum', 0.9);
        out();
        specs.push({
          kind: 'batchNorm', features: c, epsilon, momentum: momentum >= 0 && momentum < 1 ? momentum : 0.9,
          gamma: gamma.data, beta: beta.data, mean: mean.data, variance: variance.data,
        });
        shape = [null, c];
        return;
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh': {
        needRank2();
        const make = { Relu: () => new ReLU(), Sigmoid: () => new Sigmoid(), Tanh: () => new Tanh() }[node.opType];
        out();
        specs.push({ kind: 'layer', make });
        return;
      }
      case 'LeakyRelu': {
        needRank2();
        const alpha = float('alpha', 0.01);
        if (!(alpha >= 0 && alpha < 1)) fail(`expected alpha in [0, 1) (neurite's LeakyReLU), got ${alpha}`);
        out();
        specs.push({ kind: 'layer', make: () => new LeakyReLU({ alpha }) });
        return;
      }
      case 'Softmax': {
        needRank2();
        const axis = int('axis', -1);
        if (axis !== -1 && axis !== 1) fail(`expected axis -1 (the last axis of [batch, features]), got ${axis}`);
        out();
        specs.push({ kind: 'layer', make: () => new Softmax() });
        return;
      }
    }
  });

  const output = graph.outputs[0];
  if (output.name !== current) {
    throw new DataError(
      `fromOnnx: expected the graph output "${output.name}" to be the output of the last layer, "${current}"; neurite imports one chain of layers from the input to the output`,
    );
  }
  if (output.nonTensor || (output.tensor && output.tensor.elemType !== DataType.FLOAT)) {
    throw new DataError(`fromOnnx: expected output "${output.name}" to be a float32 tensor`);
  }
  if (specs.length === 0) throw new DataError('fromOnnx: the graph has no layer (only Identity, Dropout, Flatten or Reshape nodes)');

  const layers = specs.map((s): Layer => {
    if (s.kind === 'dense') return new Dense(s.inFeatures, s.outFeatures, { useBias: s.bias !== null, initializer: 'zeros' });
    if (s.kind === 'batchNorm') return new BatchNorm(s.features, { epsilon: s.epsilon, momentum: s.momentum });
    return s.make();
  });
  // Adding a layer to a model initialises it, so the weights go in afterwards.
  const result = new Sequential(layers, { seed: options.seed });
  specs.forEach((s, i) => {
    if (s.kind === 'dense') {
      const dense = layers[i] as Dense;
      dense.weight.value.data.set(s.weight);
      if (s.bias && dense.bias) dense.bias.value.data.set(s.bias);
    } else if (s.kind === 'batchNorm') {
      const bn = layers[i] as BatchNorm;
      bn.gamma.value.data.set(s.gamma);
      bn.beta.value.data.set(s.beta);
      bn.runningMean.data.set(s.mean);
      bn.runningVariance.data.set(s.variance);
    }
  });
  return result;
}

/** The feature count of `[batch, d1, d2, …]` flattened, which must be known. */
function flatFeatures(shape: Shape, fail: (what: string) => never): number | null {
  if (shape.length === 2) return shape[1];
  const rest = shape.slice(1);
  if (rest.some((d) => d === null)) fail(`cannot flatten ${formatShape(shape)}: the sizes after the batch must be known`);
  return product(rest as number[]);
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

/** A bias of `[out]`, `[1, out]`, or a scalar broadcast to `[out]`. */
function biasValues(t: { dims: number[]; data: Float32Array }, out: number, fail: (what: string) => never): Float32Array {
  const { dims, data } = t;
  if (data.length === 1 && dims.every((d) => d === 1)) return new Float32Array(out).fill(data[0]);
  const ok = data.length === out && (dims.length === 1 || (dims.length === 2 && dims[0] === 1));
  if (!ok) fail(`expected a bias of shape [${out}] or [1, ${out}], got ${formatShape(dims)}`);
  return Float32Array.from(data);
}

/** The element count of `t`, checked to be a sane product of non-negative dims. */
function elementCount(t: TensorData, owner: string): number {
  for (const d of t.dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new DataError(`fromOnnx: ${owner}: expected non-negative dims, got [${t.dims.join(', ')}]`);
  }
  const n = product(t.dims);
  if (!Number.isSafeInteger(n)) throw new DataError(`fromOnnx: ${owner}: dims [${t.dims.join(', ')}] are too large`);
  if (t.external) throw new DataError(`fromOnnx: ${owner}: its data is stored in an external file; save the model with the weights inside (onnx.save_model(..., save_as_external_data=False))`);
  return n;
}

/** The values of a FLOAT (or DOUBLE) tensor as float32, checked against its dims. */
function tensorFloats(t: TensorData, owner: string): Float32Array {
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
function tensorInts(t: TensorData, owner: string): number[] {
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
function constantValue(node: NodeData, fail: (what: string) => never): TensorData {
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

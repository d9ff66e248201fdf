import { DataError, checkOptions, describe, formatShape } from '../errors.js';
import { Dropout } from '../layers/dropout.js';
import { Permute } from '../layers/permute.js';
import { Reshape } from '../layers/reshape.js';
import { Sequential } from '../model/sequential.js';
import type { GraphReader, Layout, OnnxMapping, PendingLayer } from './mapping.js';
import { mappings } from './mappings.js';
import { decodeModel } from './proto-decode.js';
import { DataType, dataTypeName, type Attribute, type GraphData, type NodeData, type TensorData } from './proto.js';
import { foldShapeOp, SHAPE_OPS_TEXT, type FoldState } from './shape-values.js';
import { constantValue, fromFloat32, tensorFloats, tensorInts, type Shape } from './tensors.js';

/** Options of {@link fromOnnx}. */
export interface FromOnnxOptions {
  /** Seeds the imported model's Random (used if you go on training it). */
  seed?: number | string;
}

/** The oldest opset {@link fromOnnx} reads (Softmax took its present meaning in opset 13). */
export const MIN_OPSET = 13;

/** The ONNX operators {@link fromOnnx} reads, and what each becomes. */
export const SUPPORTED_OPS = [...mappings.flatMap((m) => (m.imports ? [m.imports] : [])), SHAPE_OPS_TEXT, 'Constant'].join(', ');

/** The mapping that reads each op type. */
const readers = new Map<string, OnnxMapping>(mappings.flatMap((m) => (m.read ? (m.ops ?? []).map((op) => [op, m] as const) : [])));

/**
 * Reads an ONNX model (the bytes of a `.onnx` file) into a {@link Sequential}.
 *
 * Accepted: the graphs that PyTorch's exporter and tf2onnx produce for multilayer
 * perceptrons and plain convnets, opset 13 or later, with one float32 input and one output.
 * The imported model takes the input as the ONNX model does: `[batch, features]`, or an
 * NCHW image `[batch, channels, height, width]` (the model then starts with a Permute into
 * neurite's NHWC).
 *
 * - Gemm (transA = 0, alpha = beta = 1; transB = 1 takes the weight as is, transB = 0
 *   transposes it) and MatMul with a constant `[in, out]` weight, each optionally followed
 *   by an Add of a constant bias, become Dense;
 * - Conv (2-D, group 1, no dilation, no pads or Keras's 'same' pads) becomes Conv2D;
 *   MaxPool, AveragePool and GlobalAveragePool their pooling layers;
 * - BatchNormalization (inference form) becomes BatchNorm with its running statistics
 *   and epsilon; Relu, LeakyRelu, Sigmoid, Tanh, Softmax (last axis, or an image's
 *   channels) their layers;
 * - Flatten, Reshape and Transpose that keep the batch first become Flatten, Reshape and
 *   Permute (none where they only move between NCHW and NHWC around image layers);
 * - Identity, Dropout and zero Pad are skipped, and the shape arithmetic of
 *   `x.view(x.size(0), -1)` (Shape, Gather, Unsqueeze, Concat, …) is folded.
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
 * const convnet = fromOnnx(await (await fetch('cnn.onnx')).arrayBuffer()); // PyTorch's NCHW
 * convnet.predict(new Tensor(pixels, [1, 1, 28, 28]));
 */
export function fromOnnx(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options: FromOnnxOptions = {}): Sequential {
  options = checkOptions(options, 'fromOnnx', ['seed']);
  // Any view of the bytes (a Node Buffer, a DataView) or the ArrayBuffer itself, read in place.
  const view =
    bytes instanceof ArrayBuffer ? new Uint8Array(bytes)
    : ArrayBuffer.isView(bytes) && !(bytes instanceof Uint8Array) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : bytes;
  if (!(view instanceof Uint8Array)) throw new TypeError(`fromOnnx: expected the model's bytes as a Uint8Array, an ArrayBuffer or another ArrayBufferView, got ${describe(bytes)}`);
  const model = decodeModel(view);
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
  const { layers: pending, inputShape } = readChain(graph);
  const layers = pending.map((p) => p.build());
  // The layers hold their imported weights already: the model keeps them. It takes the graph's own input.
  return new Sequential(layers, { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(inputShape ? { inputShape } : {}) });
}

/** The graph's one chain of layers, from its input to its output, as layers to build, and the per-sample input shape if known. */
function readChain(graph: GraphData): { layers: PendingLayer[]; inputShape: number[] | null } {
  const constants = new Map<string, TensorData>();
  for (const t of graph.initializers) constants.set(t.name, t);

  // The graph's one real input (older exporters also list the initializers as inputs).
  const inputs = graph.inputs.filter((i) => !constants.has(i.name));
  if (inputs.length !== 1) {
    throw new DataError(
      `fromOnnx: expected one graph input [batch, …], got ${inputs.length}${inputs.length ? `: ${inputs.map((i) => JSON.stringify(i.name)).join(', ')}` : ''}`,
    );
  }
  const input = inputs[0];
  if (input.nonTensor || (input.tensor && input.tensor.elemType !== DataType.FLOAT)) {
    const got = input.tensor ? `element type ${dataTypeName(input.tensor.elemType)}` : 'a non-tensor type';
    throw new DataError(`fromOnnx: expected input "${input.name}" to be a float32 tensor [batch, …], got ${got}`);
  }
  const dims = input.tensor?.shape;
  const shape: Shape = dims ? dims.map((d, i) => (i === 0 || d.value === undefined || d.value <= 0 ? null : d.value)) : [null, null];
  if (shape.length < 2) {
    throw new DataError(`fromOnnx: expected input "${input.name}" to have the batch first and at least one more axis, [batch, …], got ${formatShape(shape)}`);
  }
  if (graph.outputs.length !== 1) {
    throw new DataError(`fromOnnx: expected one graph output, got ${graph.outputs.length}${graph.outputs.length ? `: ${graph.outputs.map((o) => JSON.stringify(o.name)).join(', ')}` : ''}`);
  }

  const state: ChainState = {
    current: input.name, shape, layout: 'same', batchValue: dims?.[0]?.value, layers: [], constants,
    valueShapes: new Map([[input.name, shape]]), symbols: new Map(),
  };
  graph.nodes.forEach((node, index) => readNode(node, index, state));
  // The model gives what the graph gives: an image back in ONNX's order, a global pool's 1×1 back.
  restoreOrder(state);

  const output = graph.outputs[0];
  if (output.name !== state.current) {
    throw new DataError(
      `fromOnnx: expected the graph output "${output.name}" to be the output of the last layer, "${state.current}"; neurite imports one chain of layers from the input to the output`,
    );
  }
  if (output.nonTensor || (output.tensor && output.tensor.elemType !== DataType.FLOAT)) {
    throw new DataError(`fromOnnx: expected output "${output.name}" to be a float32 tensor`);
  }
  const sample = shape.slice(1);
  const inputShape = sample.every((d) => d !== null) ? (sample as number[]) : null;
  // A graph of Identity and Dropout nodes alone (a neurite model of Dropouts exports as one Identity) is the identity.
  if (state.layers.length === 0) return { layers: [{ kind: 'identity', output: state.current, build: () => new Dropout(0) }], inputShape };
  return { layers: state.layers, inputShape };
}

/** Appends what gives the neurite value ONNX's order again (see {@link Layout}). */
function restoreOrder(state: ChainState): void {
  if (state.layout === 'nhwc') state.layers.push({ kind: 'permute', output: '', build: () => new Permute([3, 1, 2]) });
  if (state.layout === 'squeezed') {
    const c = state.shape[1]!;
    state.layers.push({ kind: 'reshape', output: '', build: () => new Reshape([c, 1, 1]) });
  }
  state.layout = 'same';
}

/** Where the import stands: the current value, its shape and layout, the constants and folded shapes, the layers so far. */
interface ChainState extends FoldState {
  current: string;
  shape: Shape;
  layout: Layout;
  readonly batchValue: number | undefined;
  readonly layers: PendingLayer[];
}

/** Reads one node: a Constant into the constants, any other node through its op type's mapping. */
function readNode(node: NodeData, index: number, state: ChainState): void {
  const where = `node ${index}${node.name ? ` "${node.name}"` : ''} (${node.opType || 'no op type'})`;
  const fail = (what: string): never => {
    throw new DataError(`fromOnnx: ${where}: ${what}`);
  };
  if (node.domain !== '' && node.domain !== 'ai.onnx') {
    fail(`operator domain "${node.domain}" is not supported; neurite imports these ONNX operators: ${SUPPORTED_OPS}`);
  }
  if (foldShapeOp(node, state, where, fail)) return;
  const mapping = readers.get(node.opType);
  if (!mapping && node.opType !== 'Constant') {
    fail(`op type ${node.opType || '(empty)'} is not supported; neurite imports these ONNX operators: ${SUPPORTED_OPS}`);
  }
  if (node.opType === 'Constant') {
    if (node.outputs.length !== 1 || !node.outputs[0]) fail('expected one output');
    state.constants.set(node.outputs[0], constantValue(node, fail));
    return;
  }

  // Every other node continues the chain: its data input is the previous layer's
  // output, and its other inputs are constants (or absent optional inputs, '').
  const current = state.current;
  const data = mapping!.anyInputOrder?.includes(node.opType) ? node.inputs.find((i) => i === current) : node.inputs[0];
  if (data !== current) {
    fail(
      `takes ${JSON.stringify(node.inputs[0] ?? '')} as its input where the output of the layer before it, "${current}", was expected; ` +
        'neurite imports one chain of layers, without branches',
    );
  }
  for (const name of node.inputs) {
    if (name && name !== current && !state.constants.has(name) && !state.symbols.has(name)) {
      fail(`input "${name}" is computed in the graph; neurite imports one chain of layers, whose other inputs are constants`);
    }
  }
  mapping!.read!(node, reader(node, where, fail, state));
  state.valueShapes.set(state.current, state.shape);
}

/** The view of the import that a mapping reads one node with. */
function reader(node: NodeData, where: string, fail: (what: string) => never, state: ChainState): GraphReader {
  const attrs = new Map<string, Attribute>(node.attributes.map((a) => [a.name, a]));
  const constant = (name: string | undefined, what: string): TensorData => {
    const t = name ? state.constants.get(name) : undefined;
    if (!t) return fail(`expected ${what} to be a constant (an initializer or a Constant node), got ${name ? `"${name}", computed in the graph` : 'nothing'}`);
    return t;
  };
  return {
    where,
    get current() {
      return state.current;
    },
    get shape() {
      return state.shape;
    },
    set shape(shape: Shape) {
      state.shape = shape;
    },
    get layout() {
      return state.layout;
    },
    set layout(layout: Layout) {
      state.layout = layout;
    },
    batchValue: state.batchValue,
    fail,
    int(name, fallback) {
      const a = attrs.get(name);
      if (!a) return fallback;
      if (a.i === undefined) fail(`expected attribute ${name} to be an integer`);
      return a.i as number;
    },
    float(name, fallback) {
      const a = attrs.get(name);
      if (!a) return fallback;
      if (a.f === undefined) fail(`expected attribute ${name} to be a float`);
      return fromFloat32(a.f as number);
    },
    floats(name, what) {
      const t = constant(name, what);
      const data = tensorFloats(t, `${where}: ${what} "${name}"`);
      for (let i = 0; i < data.length; i++) {
        if (!Number.isFinite(data[i])) fail(`${what} "${name}": expected finite values, got ${data[i]} at index ${i}`);
      }
      return { dims: t.dims, data };
    },
    ints(name, what) {
      return tensorInts(constant(name, what), `${where}: ${what}`);
    },
    intList(name, fallback) {
      const a = attrs.get(name);
      if (!a) return [...fallback];
      if (!a.ints) fail(`expected attribute ${name} to be a list of integers`);
      return [...a.ints!];
    },
    text(name, fallback) {
      const a = attrs.get(name);
      if (!a) return fallback;
      if (!a.s) fail(`expected attribute ${name} to be a string`);
      return String.fromCharCode(...a.s!); // ONNX's string attributes here are ASCII (auto_pad, mode)
    },
    shapeInput(name, what) {
      if (name && state.symbols.has(name)) return state.symbols.get(name)!;
      return tensorInts(constant(name, what), `${where}: ${what}`);
    },
    channelsLast() {
      if (state.layout === 'same' && state.shape.length === 4) {
        state.layers.push({ kind: 'permute', output: '', build: () => new Permute([2, 3, 1]) });
        state.layout = 'nhwc';
      }
    },
    onnxOrder() {
      restoreOrder(state);
    },
    constant: (name) => state.constants.get(name),
    features() {
      if (state.shape.length !== 2) fail(`expected its input "${state.current}" to be [batch, features], got ${formatShape(state.shape)}; flatten it first`);
      return state.shape[1];
    },
    advance() {
      if (!node.outputs[0]) fail('expected an output');
      state.current = node.outputs[0];
    },
    push(layer) {
      layer.output = state.current;
      state.layers.push(layer);
    },
    previous() {
      const last = state.layers[state.layers.length - 1];
      return last && last.output === state.current ? last : undefined;
    },
  };
}

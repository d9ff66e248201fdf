import { isExactly } from '../brand.js';
import { NeuriteError, checkOptions, describe } from '../errors.js';
import { layerOutputShape, sublayers, type Layer } from '../layers/layer.js';
import { Sequential } from '../model/sequential.js';
import type { Tensor } from '../tensor/tensor.js';
import type { GraphWriter, OnnxMapping } from './mapping.js';
import { mappings } from './mappings.js';
import { DataType, encodeModel, type Attribute, type Dim, type NodeData, type TensorData } from './proto.js';
import { float32ToLittleEndian } from './protobuf.js';

/** Options of {@link toOnnx}. */
export interface ToOnnxOptions {
  /** The ONNX opset to target, 13 to 21. Default 17 (as PyTorch's exporter). */
  opset?: number;
  /** The graph's name. Default `neurite`. */
  graphName?: string;
  /** The name of the graph's input. Default `input`. */
  inputName?: string;
  /** The name of the graph's output. Default `output`. */
  outputName?: string;
}

/** The layers {@link toOnnx} converts, and what each becomes. */
export const SUPPORTED_LAYERS = mappings.flatMap((m) => (m.exports ? [m.exports] : [])).join(', ');

// The IR version that goes with each opset (onnx/helper.py's VERSION_TABLE): the lowest
// IR that defines the opset, so the oldest runtime that knows the opset can load it.
const irVersionOf: Record<number, number> = { 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10 };

/** The mapping for a layer of exactly a mapped class (a subclass may compute something else). */
function mappingOf(layer: Layer): OnnxMapping | undefined {
  return mappings.find((m) => m.layer && m.write && isExactly(layer, m.layer));
}

/** The layers in order, nested models flattened, each with its index path (`1.0`). */
function flatten(layers: readonly Layer[], prefix = ''): { path: string; layer: Layer }[] {
  return layers.flatMap((layer, i) => {
    const inner = sublayers(layer);
    return inner ? flatten(inner, `${prefix}${i}.`) : [{ path: `${prefix}${i}`, layer }];
  });
}

/** `[N, 28, 28, 1]` with N dynamic; a shape the model cannot tell is `[N, features]` with both dynamic. */
function graphShape(shape: readonly number[] | undefined): Dim[] {
  return [{ param: 'N' }, ...(shape ? shape.map((value) => ({ value })) : [{ param: 'features' }])];
}

/**
 * Converts `model` to a serialized ONNX ModelProto that ONNX Runtime (and anything
 * else that reads ONNX) runs with the same results as `model.predict`.
 *
 * The graph has one float32 input `[N, ...inputShape]` (`N` dynamic) and one output.
 * Dense becomes Gemm (transB = 1, its weight `[out, in]` stored as is), BatchNorm an
 * inference BatchNormalization with its running statistics and epsilon, Softmax a
 * Softmax over the last axis, and Dropout (the identity at inference) is left out.
 * Images stay NHWC at the graph's input and output: one Transpose takes them to ONNX's
 * NCHW before the first Conv2D or pooling layer and one takes them back where the image
 * ends; Conv2D becomes Conv (neurite's 'same' as explicit pads), the pools MaxPool,
 * AveragePool and GlobalAveragePool, and Flatten, Reshape and Permute their ONNX ops.
 * Weights are stored as little-endian `raw_data`. Nested Sequentials are flattened.
 *
 * @throws NeuriteError naming the first layer that has no ONNX equivalent.
 *
 * @example
 * import { toOnnx } from 'neurite/onnx';
 * const bytes = toOnnx(model);                       // Uint8Array
 * // Node: await writeFile('model.onnx', bytes); Python: onnxruntime.InferenceSession('model.onnx')
 */
export function toOnnx(model: Sequential, options: ToOnnxOptions = {}): Uint8Array {
  if (!(model instanceof Sequential)) throw new TypeError(`toOnnx: expected a Sequential model, got ${describe(model)}`);
  options = checkOptions(options, 'toOnnx', ['opset', 'graphName', 'inputName', 'outputName']);
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || irVersionOf[opset] === undefined) {
    throw new RangeError(`toOnnx: expected opset to be an integer from 13 to 21, got ${describe(opset)}`);
  }
  const graphName = options.graphName ?? 'neurite';
  if (typeof graphName !== 'string') throw new TypeError(`toOnnx: expected graphName as a string, got ${describe(graphName)}`);
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  if (typeof inputName !== 'string' || !inputName || typeof outputName !== 'string' || !outputName || inputName === outputName) {
    throw new TypeError(`toOnnx: expected inputName and outputName to be two different non-empty strings, got ${describe(inputName)} and ${describe(outputName)}`);
  }

  const layers = flatten(model.layers);
  if (layers.length === 0) throw new NeuriteError('toOnnx: expected a model with at least one layer, got an empty Sequential');
  // Check every layer before building anything, so the error names the first bad one.
  const mapped = layers.map(({ path, layer }) => {
    const mapping = mappingOf(layer);
    if (!mapping) {
      const className = (layer as object)?.constructor?.name;
      const name = className && className !== 'Object' ? className : String(layer);
      throw new NeuriteError(`toOnnx: layer ${path} (${name}) has no ONNX equivalent; supported: ${SUPPORTED_LAYERS}`);
    }
    return { path, layer, mapping };
  });

  const nodes: NodeData[] = [];
  const initializers: TensorData[] = [];
  let current = inputName;
  // Images are NHWC in neurite and NCHW for ONNX's Conv and pooling: the graph transposes
  // at those operators' boundaries and keeps NCHW between them (`layout`), so the exported
  // model takes and gives the same tensors as the neurite model.
  let layout: 'last' | 'first' = 'last';
  let shape: readonly number[] | null = model.inputShape ?? null;
  const writer = (path: string): GraphWriter => {
    let count = 0;
    const add = (opType: string, inputs: string[] = [], attributes: Attribute[] = []): void => {
      // Each layer's output value is named by its index path; a layer of several nodes numbers the others.
      const output = count === 0 ? path : `${path}:${count}`;
      nodes.push({ name: `${output}/${opType}`, opType, domain: '', inputs: [current, ...inputs], outputs: [output], attributes });
      current = output;
      count++;
    };
    return {
      shape,
      weight(name: string, value: Tensor): string {
        initializers.push({ name, dims: [...value.shape], dataType: DataType.FLOAT, rawData: float32ToLittleEndian(value.data) });
        return name;
      },
      ints(name: string, values: readonly number[]): string {
        initializers.push({ name, dims: [values.length], dataType: DataType.INT64, int64Data: [...values] });
        return name;
      },
      node: add,
      channelsFirst() {
        if (shape === null) throw new NeuriteError(`toOnnx: layer ${path} needs the model's input shape to be exported; build the model with { inputShape }`);
        if (shape.length === 3 && layout === 'last') {
          add('Transpose', [], [{ name: 'perm', ints: [0, 3, 1, 2] }]);
          layout = 'first';
        }
      },
      channelsLast() {
        if (layout === 'first') {
          add('Transpose', [], [{ name: 'perm', ints: [0, 2, 3, 1] }]);
          layout = 'last';
        }
      },
    };
  };
  for (const { path, layer, mapping } of mapped) {
    mapping.write!(layer, writer(path), path);
    shape = shape ? layerOutputShape(layer, shape) : null;
    if (shape?.length !== 3) layout = 'last'; // not an image: the order of its axes is the same either way
  }
  writer('output').channelsLast();

  // The last node writes the graph output; a model of Dropouts alone becomes one Identity.
  if (nodes.length === 0) nodes.push({ name: 'Identity', opType: 'Identity', domain: '', inputs: [inputName], outputs: [outputName], attributes: [] });
  else nodes[nodes.length - 1].outputs[0] = outputName;
  // The graph's input and output may not share a name with a value inside it: that would be an invalid file.
  const inside = new Map<string, string>();
  for (const t of initializers) inside.set(t.name, `a weight of layer ${t.name.slice(0, t.name.lastIndexOf('.'))}`);
  for (const n of nodes.slice(0, -1)) inside.set(n.outputs[0], `the output of layer ${n.outputs[0]}`);
  for (const [which, name] of [['inputName', inputName], ['outputName', outputName]]) {
    const clash = inside.get(name);
    if (clash) throw new RangeError(`toOnnx: expected ${which} to differ from the names inside the graph, got ${JSON.stringify(name)}, which is ${clash}; choose another`);
  }

  return encodeModel({
    irVersion: irVersionOf[opset],
    producerName: 'neurite',
    docString: `Converted by neurite from ${layers.map(({ layer }) => String(layer)).join(' → ')}`,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: graphName,
      nodes,
      initializers,
      inputs: [{ name: inputName, tensor: { elemType: DataType.FLOAT, shape: graphShape(model.inputShape) } }],
      outputs: [{ name: outputName, tensor: { elemType: DataType.FLOAT, shape: graphShape(model.modelOutputShape) } }],
    },
  });
}

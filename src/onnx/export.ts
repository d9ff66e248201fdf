import { NeuriteError, describe } from '../errors.js';
import { BatchNorm } from '../layers/batch-norm.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import type { Layer } from '../layers/layer.js';
import { LeakyReLU } from '../layers/leaky-relu.js';
import { ReLU } from '../layers/relu.js';
import { Sigmoid } from '../layers/sigmoid.js';
import { Softmax } from '../layers/softmax.js';
import { Tanh } from '../layers/tanh.js';
import { Sequential } from '../model/sequential.js';
import type { Tensor } from '../tensor/tensor.js';
import { DataType, encodeModel, type Attribute, type NodeData, type TensorData } from './proto.js';
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
export const SUPPORTED_LAYERS =
  'Dense (Gemm), Sigmoid, Tanh, ReLU (Relu), LeakyReLU (LeakyRelu), Softmax (axis -1), BatchNorm (BatchNormalization), Dropout (left out: identity at inference)';

// The IR version that goes with each opset (onnx/helper.py's VERSION_TABLE): the lowest
// IR that defines the opset, so the oldest runtime that knows the opset can load it.
const irVersionOf: Record<number, number> = { 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10 };

/** The class a layer was built from, exactly (a subclass may compute something else). */
function isExactly(layer: Layer, type: abstract new (...args: never[]) => Layer): boolean {
  return Object.getPrototypeOf(layer) === type.prototype;
}

/** The layers of `model` in order, nested Sequentials flattened, each with its index path (`1.0`). */
function flatten(model: Sequential, prefix = ''): { path: string; layer: Layer }[] {
  return model.layers.flatMap((layer, i) =>
    layer instanceof Sequential ? flatten(layer, `${prefix}${i}.`) : [{ path: `${prefix}${i}`, layer }],
  );
}

/**
 * Converts `model` to a serialized ONNX ModelProto that ONNX Runtime (and anything
 * else that reads ONNX) runs with the same results as `model.predict`.
 *
 * The graph has one float32 input `[N, inFeatures]` (`N` dynamic) and one output.
 * Dense becomes Gemm (transB = 1, its weight `[out, in]` stored as is), BatchNorm an
 * inference BatchNormalization with its running statistics and epsilon, Softmax a
 * Softmax over the last axis, and Dropout (the identity at inference) is left out.
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
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || irVersionOf[opset] === undefined) {
    throw new RangeError(`toOnnx: expected opset to be an integer from 13 to 21, got ${describe(opset)}`);
  }
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  if (typeof inputName !== 'string' || !inputName || typeof outputName !== 'string' || !outputName || inputName === outputName) {
    throw new TypeError(`toOnnx: expected inputName and outputName to be two different non-empty strings, got ${describe(inputName)} and ${describe(outputName)}`);
  }

  const layers = flatten(model);
  if (layers.length === 0) throw new NeuriteError('toOnnx: expected a model with at least one layer, got an empty Sequential');
  // Check every layer before building anything, so the error names the first bad one.
  const convertible = [Dense, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax, BatchNorm, Dropout];
  for (const { path, layer } of layers) {
    if (!convertible.some((type) => isExactly(layer, type))) {
      const className = (layer as object)?.constructor?.name;
      const name = className && className !== 'Object' ? className : String(layer);
      throw new NeuriteError(`toOnnx: layer ${path} (${name}) has no ONNX equivalent; supported: ${SUPPORTED_LAYERS}`);
    }
  }

  const nodes: NodeData[] = [];
  const initializers: TensorData[] = [];
  let current = inputName;
  const weight = (name: string, value: Tensor): string => {
    initializers.push({ name, dims: [...value.shape], dataType: DataType.FLOAT, rawData: float32ToLittleEndian(value.data) });
    return name;
  };
  const node = (path: string, opType: string, inputs: string[], attributes: Attribute[] = []): void => {
    const output = path; // each layer's output value is named by its index path
    nodes.push({ name: `${path}/${opType}`, opType, domain: '', inputs: [current, ...inputs], outputs: [output], attributes });
    current = output;
  };

  for (const { path, layer } of layers) {
    if (isExactly(layer, Dense)) {
      const dense = layer as Dense;
      const inputs = [weight(`${path}.weight`, dense.weight.value)];
      if (dense.bias) inputs.push(weight(`${path}.bias`, dense.bias.value));
      node(path, 'Gemm', inputs, [
        { name: 'alpha', f: 1 },
        { name: 'beta', f: 1 },
        { name: 'transB', i: 1 },
      ]);
    } else if (isExactly(layer, BatchNorm)) {
      const bn = layer as BatchNorm;
      node(
        path,
        'BatchNormalization',
        [
          weight(`${path}.gamma`, bn.gamma.value),
          weight(`${path}.beta`, bn.beta.value),
          weight(`${path}.runningMean`, bn.runningMean),
          weight(`${path}.runningVariance`, bn.runningVariance),
        ],
        [
          { name: 'epsilon', f: bn.epsilon },
          { name: 'momentum', f: bn.momentum },
        ],
      );
    } else if (isExactly(layer, LeakyReLU)) {
      node(path, 'LeakyRelu', [], [{ name: 'alpha', f: (layer as LeakyReLU).alpha }]);
    } else if (isExactly(layer, Softmax)) {
      node(path, 'Softmax', [], [{ name: 'axis', i: -1 }]);
    } else if (isExactly(layer, Sigmoid)) node(path, 'Sigmoid', []);
    else if (isExactly(layer, Tanh)) node(path, 'Tanh', []);
    else if (isExactly(layer, ReLU)) node(path, 'Relu', []);
    // Dropout: the identity at inference, so no node.
  }

  // The last node writes the graph output; a model of Dropouts alone becomes one Identity.
  if (nodes.length === 0) nodes.push({ name: 'Identity', opType: 'Identity', domain: '', inputs: [inputName], outputs: [outputName], attributes: [] });
  else nodes[nodes.length - 1].outputs[0] = outputName;

  const features = model.inFeatures, outFeatures = model.outFeatures;
  return encodeModel({
    irVersion: irVersionOf[opset],
    producerName: 'neurite',
    docString: `Converted by neurite from ${layers.map(({ layer }) => String(layer)).join(' → ')}`,
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: options.graphName ?? 'neurite',
      nodes,
      initializers,
      inputs: [{ name: inputName, tensor: { elemType: DataType.FLOAT, shape: [{ param: 'N' }, features === undefined ? { param: 'features' } : { value: features }] } }],
      outputs: [{ name: outputName, tensor: { elemType: DataType.FLOAT, shape: [{ param: 'N' }, outFeatures === undefined ? { param: 'features' } : { value: outFeatures }] } }],
    },
  });
}

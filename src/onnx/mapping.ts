/**
 * How a neurite layer type and ONNX operators map onto each other. Each layer type that
 * has an ONNX equivalent declares its mapping in one file under src/onnx/layers/ (both
 * directions), and src/onnx/mappings.ts lists them, one line each.
 */
import type { Layer } from '../layers/layer.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Attribute, NodeData, TensorData } from './proto.js';
import type { Shape } from './tensors.js';

/** The graph `toOnnx` is writing, as a mapping's `write` sees it. */
export interface GraphWriter {
  /**
   * The per-sample shape of the layer's input as neurite sees it (images `[h, w, c]`), or
   * null when the model's input shape is unknown.
   */
  readonly shape: readonly number[] | null;
  /** Stores `value` as an initializer named `name` and returns the name. */
  weight(name: string, value: Tensor): string;
  /** Stores integers as an INT64 initializer (a Reshape's shape) and returns the name. */
  ints(name: string, values: readonly number[]): string;
  /** Appends a node that reads the current value (and `inputs`) and becomes the current value. */
  node(opType: string, inputs?: string[], attributes?: Attribute[]): void;
  /**
   * ONNX's image operators (Conv, MaxPool, BatchNormalization…) take NCHW: makes the current
   * value channels-first, with a Transpose if it is an image in neurite's NHWC.
   */
  channelsFirst(): void;
  /** Makes the current value neurite's layout again (NHWC), for operators that depend on the axis order. */
  channelsLast(): void;
}

/** A layer the importer will build, described before the model exists. */
export interface PendingLayer {
  /** What kind, so that a later node can amend it (a bias Add after a Gemm). */
  readonly kind: string;
  /** The value name the layer's output has in the graph. */
  output: string;
  /** Makes the layer, with its weights in place. */
  build(): Layer;
}

/**
 * How the neurite value holds the ONNX value it stands for: in the same order (`same`), as
 * NHWC images where ONNX has NCHW (`nhwc`, after a Permute into neurite's image layers), or
 * without the trailing 1×1 of a global pool's `[N, C, 1, 1]` (`squeezed`).
 */
export type Layout = 'same' | 'nhwc' | 'squeezed';

/** The state of the import at one node, as a mapping's `read` sees it. */
export interface GraphReader {
  /** `node 3 "/fc1/Gemm" (Gemm)`, for messages. */
  readonly where: string;
  /** The name of the current value: the output of the last layer so far (the graph input at first). */
  readonly current: string;
  /** ONNX's shape of the current value, batch first (null where unknown): `[null, 3, 28, 28]`. */
  shape: Shape;
  /** How the neurite value holds the current value (see {@link Layout}). */
  layout: Layout;
  /** The batch size the graph input fixes, if any. */
  readonly batchValue: number | undefined;
  /** Throws a DataError naming the node. */
  fail(what: string): never;
  /** An integer attribute, or `fallback` when absent. */
  int(name: string, fallback: number): number;
  /** A float attribute (as the shortest decimal for its float32), or `fallback` when absent. */
  float(name: string, fallback: number): number;
  /** The float32 values and dims of a constant input (an initializer or a Constant node's output). */
  floats(name: string | undefined, what: string): { dims: number[]; data: Float32Array };
  /** The integer values of a constant input. */
  ints(name: string | undefined, what: string): number[];
  /** An integer-list attribute (kernel_shape, pads…), or `fallback` when absent. */
  intList(name: string, fallback: readonly number[]): number[];
  /** A string attribute (auto_pad…), or `fallback` when absent. */
  text(name: string, fallback: string): string;
  /** A shape given as an input (Reshape's): an INT64 constant, or shape arithmetic folded, with null for the batch. */
  shapeInput(name: string | undefined, what: string): (number | null)[];
  /** Turns an NCHW image into the NHWC neurite's image layers take (a Permute layer), if it is not already. */
  channelsLast(): void;
  /** Gives the neurite value ONNX's order again (a Permute or Reshape layer), for flattening and reshaping. */
  onnxOrder(): void;
  /** The constant named `name`, if there is one. */
  constant(name: string): TensorData | undefined;
  /** Requires the current value to be `[batch, features]`; returns the features (null when unknown). */
  features(): number | null;
  /** The node's output becomes the current value. */
  advance(): void;
  /** Appends a layer whose output is the node's output (call after `advance`). */
  push(layer: PendingLayer): void;
  /** The last layer appended, if its output is the current value. */
  previous(): PendingLayer | undefined;
}

/** One layer type's ONNX mapping. */
export interface OnnxMapping {
  /** The neurite layer class exported (a layer matches only if it is exactly of this class). */
  readonly layer?: abstract new (...args: never[]) => Layer;
  /** How the export is described in messages, e.g. `Dense (Gemm)`. */
  readonly exports?: string;
  /** Writes the nodes of `layer` (nothing, for a layer that is the identity at inference). */
  write?(layer: Layer, graph: GraphWriter, path: string): void;
  /** The ONNX operator types read. */
  readonly ops?: readonly string[];
  /** How the import is described in messages, e.g. `BatchNormalization (inference) → BatchNorm`. */
  readonly imports?: string;
  /** Reads one node whose op type is in `ops`. */
  read?(node: NodeData, graph: GraphReader): void;
  /** Ops among `ops` whose data input may be any of their inputs (a commutative Add), not only the first. */
  readonly anyInputOrder?: readonly string[];
}

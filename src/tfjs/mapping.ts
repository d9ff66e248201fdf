/**
 * How Keras layer classes (as TensorFlow.js Layers files hold them) and neurite layer types
 * map onto each other. Each Keras class neurite reads, and each neurite layer type it writes,
 * has its mapping in one file under src/tfjs/layers/; src/tfjs/mappings.ts lists them, one
 * line each.
 */
import type { Layer } from '../layers/layer.js';

/** One Keras layer as a mapping's `read` sees it. */
export interface LayerReader {
  /** `layer 2 "dense_1" (Dense)`, for messages. */
  readonly where: string;
  /** The per-sample shape of the layer's input, when known (`[28, 28, 1]`); null before a layer fixes it. */
  readonly shape: readonly number[] | null;
  /** Throws a DataError naming the layer. */
  fail(what: string): never;
  /** The config value of `key` (snake case), or undefined when absent or null. */
  value(key: string): unknown;
  /** A number config value (`fallback` when absent or null); `range` describes what `test` accepts. */
  number(key: string, fallback: number, range: string, test: (v: number) => boolean): number;
  /** A boolean config value (`fallback` when absent or null). */
  boolean(key: string, fallback: boolean): boolean;
  /**
   * The layer's weight `name` (`kernel`, the `index`-th of the layer's weights, as Keras 3
   * numbers them), checked against `shape` (null: any size); a DataError when it is missing.
   */
  weight(name: string, index: number, shape: readonly (number | null)[]): { shape: readonly number[]; data: Float32Array };
  /** Appends a neurite layer. */
  push(layer: Layer): void;
}

/** The model `toTfjs` is writing, as a mapping's `write` sees it. */
export interface LayerWriter {
  /** Appends a Keras layer of `className` with `config` (its `name` is added), and returns its name. */
  layer(className: string, config: Record<string, unknown>): string;
  /** Adds the weight `name` (`kernel`) of the layer just added; non-trainable ones go after all trainable ones, as tfjs orders them. */
  weight(name: string, shape: readonly number[], data: Float32Array, trainable?: boolean): void;
}

/** One mapping: the Keras classes it reads and the neurite layer type it writes (either may be absent). */
export interface TfjsMapping {
  /** The Keras class names read. */
  readonly classNames?: readonly string[];
  /** How the import is described in messages, e.g. `Dense (linear, relu, sigmoid, tanh, softmax)`. */
  readonly imports?: string;
  /** The config keys `read` understands (besides name, trainable, dtype and the input shape). */
  readonly keys?: readonly string[];
  /** Config keys that change nothing neurite computes, read past whatever they hold (initializers, constraints). */
  readonly ignored?: readonly string[];
  /** Reads one Keras layer whose class is in `classNames`. */
  read?(reader: LayerReader): void;
  /** The neurite layer class written (a layer matches only if it is exactly of this class). */
  readonly layer?: abstract new (...args: never[]) => Layer;
  /** How the export is described in messages, e.g. `Dense (Dense)`. */
  readonly exports?: string;
  /** Writes `layer` as Keras layers. */
  write?(layer: Layer, writer: LayerWriter): void;
}

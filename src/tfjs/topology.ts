/**
 * The model config of a `model.json` (`modelTopology`) as one chain of Keras layers, from
 * the input to the output. Read: a `Sequential` (its `config.layers`, or the bare list of
 * Keras before 2.2.3), and a functional model (`Model`, Keras 3's `Functional`) whose
 * layers form one chain (each takes the output of the one before it, nothing branches),
 * with its inbound nodes as Keras 2 and TensorFlow.js write them (`[[["dense", 0, 0, {}]]]`)
 * or as Keras 3 does (`[{ args: [{ config: { keras_history: ["dense", 0, 0] } }] }]`).
 */
import { DataError, describe } from '../errors.js';
import { asObject, field, snakeCase } from './format.js';

/** One Keras layer of the chain. */
export interface KerasLayer {
  /** The Keras class, e.g. `Dense`. */
  readonly className: string;
  /** The layer's name, e.g. `dense_1` (weights are named after it). */
  readonly name: string;
  /** The layer's config, its keys in snake case (`use_bias`). */
  readonly config: Record<string, unknown>;
  /** `layer 2 "dense_1" (Dense)`, for messages. */
  readonly where: string;
}

/** The chain of layers and the per-sample input shape the model declares, if any. */
export interface Chain {
  readonly layers: KerasLayer[];
  readonly inputShape: number[] | null;
}

/** `batch_input_shape` `[null, 28, 28, 1]` → the per-sample shape `[28, 28, 1]`. */
export function sampleShape(value: unknown, fail: (what: string) => never, key: string): number[] {
  if (!Array.isArray(value) || value.length < 2 || !(value[0] === null || (Number.isInteger(value[0]) && value[0] > 0))) {
    fail(`expected ${key} as [batch, ...sizes], got ${Array.isArray(value) ? JSON.stringify(value) : describe(value)}`);
  }
  const shape = value.slice(1);
  if (!shape.every((d) => Number.isInteger(d) && d > 0)) {
    fail(`expected ${key} with fixed positive sizes after the batch (neurite needs the shape of one sample), got ${JSON.stringify(value)}`);
  }
  return shape as number[];
}

/** The layer's config with its keys in snake case. */
function snakeConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(config)) out[snakeCase(key)] = config[key];
  return out;
}

/** One entry of the config's layer list, checked. */
function readLayer(value: unknown, index: number, owner: string): KerasLayer & { inbound: unknown } {
  const entry = asObject(value);
  const className = entry && (field(entry, 'class_name') ?? field(entry, 'className'));
  if (!entry || typeof className !== 'string') throw new DataError(`${owner}: layer ${index}: expected { class_name, config }, got ${describe(value)}`);
  const rawConfig = field(entry, 'config') ?? {};
  const config = asObject(rawConfig);
  const name = (config && field(config, 'name')) ?? field(entry, 'name') ?? `layer_${index}`;
  const where = `layer ${index} ${JSON.stringify(String(name))} (${className})`;
  if (!config) throw new DataError(`${owner}: ${where}: expected config as an object, got ${describe(rawConfig)}`);
  return { className, name: String(name), config: snakeConfig(config), where, inbound: field(entry, 'inbound_nodes') ?? field(entry, 'inboundNodes') };
}

/** The name of the layer a tensor reference points at: `["dense", 0, 0, {}]`, or Keras 3's `{ config: { keras_history: ["dense", 0, 0] } }`. */
function referenceName(ref: unknown): string | undefined {
  if (Array.isArray(ref)) return typeof ref[0] === 'string' ? ref[0] : undefined;
  const config = asObject(asObject(ref)?.config);
  const history = config && field(config, 'keras_history');
  return Array.isArray(history) && typeof history[0] === 'string' ? history[0] : undefined;
}

/** The layers a layer's inbound nodes read, as names; null when they cannot be read. */
function inboundNames(inbound: unknown): string[][] | null {
  if (inbound === undefined || inbound === null) return [];
  if (!Array.isArray(inbound)) return null;
  const nodes: string[][] = [];
  for (const node of inbound) {
    // Keras 2 and tfjs: a node is a list of references; Keras 3: { args: [reference, …], kwargs }.
    const refs = Array.isArray(node) ? node : asObject(node)?.args;
    if (!Array.isArray(refs)) return null;
    const names = refs.map(referenceName);
    if (names.some((n) => n === undefined)) return null;
    nodes.push(names as string[]);
  }
  return nodes;
}

/** `input_layers` / `output_layers`: `[["input", 0, 0]]`, or Keras 3's `["input", 0, 0]` for one. */
function endpointNames(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  if (typeof value[0] === 'string') return [value[0]];
  const names = value.map(referenceName);
  return names.every((n) => n !== undefined) ? (names as string[]) : null;
}

/** The chain of a functional model: from its one input, each layer taking the output of the one before. */
function functionalChain(config: Record<string, unknown>, layers: (KerasLayer & { inbound: unknown })[], owner: string): KerasLayer[] {
  const inputs = endpointNames(field(config, 'input_layers'));
  const outputs = endpointNames(field(config, 'output_layers'));
  if (!inputs || inputs.length !== 1) throw new DataError(`${owner}: expected a model with one input, got input_layers ${JSON.stringify(field(config, 'input_layers'))}`);
  if (!outputs || outputs.length !== 1) throw new DataError(`${owner}: expected a model with one output, got output_layers ${JSON.stringify(field(config, 'output_layers'))}`);
  const byName = new Map(layers.map((l) => [l.name, l]));
  const next = new Map<string, KerasLayer & { inbound: unknown }>();
  for (const layer of layers) {
    const nodes = inboundNames(layer.inbound);
    if (nodes === null) throw new DataError(`${owner}: ${layer.where}: expected inbound_nodes as Keras writes them, got ${describe(layer.inbound)}`);
    if (nodes.length > 1) throw new DataError(`${owner}: ${layer.where}: the layer is called ${nodes.length} times (a shared layer); neurite reads one chain of layers`);
    if (nodes.length === 0) continue;
    if (nodes[0].length !== 1) throw new DataError(`${owner}: ${layer.where}: the layer takes ${nodes[0].length} inputs (${nodes[0].join(', ')}); neurite reads one chain of layers, each taking the output of the one before`);
    const from = nodes[0][0];
    if (!byName.has(from)) throw new DataError(`${owner}: ${layer.where}: takes the output of "${from}", which is not a layer of the model`);
    const other = next.get(from);
    if (other) throw new DataError(`${owner}: ${layer.where}: "${from}" feeds both ${other.where} and this layer (a branch); neurite reads one chain of layers`);
    next.set(from, layer);
  }
  const first = byName.get(inputs[0]);
  if (!first) throw new DataError(`${owner}: the model's input "${inputs[0]}" is not one of its layers`);
  const chain: KerasLayer[] = [];
  for (let layer: (KerasLayer & { inbound: unknown }) | undefined = first; layer; layer = next.get(layer.name)) {
    chain.push(layer);
    if (chain.length > layers.length) break; // a cycle: a corrupt file
  }
  const last = chain[chain.length - 1];
  if (last.name !== outputs[0] || chain.length !== layers.length) {
    const off = layers.find((l) => !chain.includes(l));
    throw new DataError(
      `${owner}: expected one chain of layers from the input "${inputs[0]}" to the output "${outputs[0]}", got ${off ? `${off.where} off that chain` : `a chain ending at "${last.name}"`}`,
    );
  }
  return chain;
}

/** The model's chain of layers and the input shape it declares. */
export function readTopology(topology: Record<string, unknown>, owner: string): Chain {
  const model = asObject(field(topology, 'model_config')) ?? topology;
  const className = field(model, 'class_name') ?? field(model, 'className');
  const rawConfig = field(model, 'config');
  const config = asObject(rawConfig);
  const list = Array.isArray(rawConfig) ? rawConfig : config && field(config, 'layers');
  if (typeof className !== 'string') throw new DataError(`${owner}: expected modelTopology.class_name (Sequential, Model), got ${describe(className)}`);
  const functional = className === 'Model' || className === 'Functional';
  if (className !== 'Sequential' && !functional) {
    throw new DataError(`${owner}: expected a Sequential model or a functional Model, got class_name ${JSON.stringify(className)}`);
  }
  if (!Array.isArray(list)) throw new DataError(`${owner}: expected the model config's layers as an array, got ${describe(list)}`);
  const layers = list.map((l, i) => readLayer(l, i, owner));
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name)) throw new DataError(`${owner}: ${layer.where}: a second layer named ${JSON.stringify(layer.name)}; layer names must be unique`);
    names.add(layer.name);
  }
  const chain = functional ? functionalChain(config ?? {}, layers, owner) : layers;
  if (chain.length === 0) throw new DataError(`${owner}: expected at least one layer, got a model with none`);
  // The input shape: the first layer's batch_input_shape (InputLayer: Keras 3's batch_shape), or Keras 3's build_input_shape.
  const first = chain[0];
  const fail = (where: string) => (what: string): never => {
    throw new DataError(`${owner}: ${where}: ${what}`);
  };
  for (const key of ['batch_input_shape', 'batch_shape']) {
    const value = field(first.config, key);
    if (value !== undefined && value !== null) return { layers: chain, inputShape: sampleShape(value, fail(first.where), key) };
  }
  const built = config && field(config, 'build_input_shape');
  if (built !== undefined && built !== null) return { layers: chain, inputShape: sampleShape(built, fail('model config'), 'build_input_shape') };
  return { layers: chain, inputShape: null };
}

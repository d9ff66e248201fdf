/**
 * The layer types a saved model can name. Each layer type registers itself with one
 * line at the end of its own file (`registerLayer('Dense', Dense.fromConfig)`), and a
 * custom layer the same way, so the registry imports no layer: an app bundles only the
 * layer types it uses.
 */
import { describe } from '../errors.js';
import type { Layer } from './layer.js';

/** What a layer's `fromConfig` may use while a saved model is rebuilt. */
export interface LayerBuildContext {
  /** Builds the nested layer `index` of a container from its saved `{ type, config }`. */
  build(saved: unknown, index: number): Layer;
  /**
   * Claims `count` float32 values of what the file can hold, before they are allocated:
   * a corrupt config asking for more (`inFeatures: 4e9`) is an error, not a 16 GB allocation.
   */
  reserve(count: number): void;
}

/** Rebuilds a layer from the `config` its `getConfig()` saved. */
export type LayerFromConfig = (config: Record<string, unknown>, context?: LayerBuildContext) => Layer;

const layerTypes = new Map<string, LayerFromConfig>();

/** The built-in layer types, by name: an app that bundles only some of them says which one is missing. */
export const BUILT_IN_LAYERS: readonly string[] = [
  'Dense', 'Conv2D', 'MaxPool2D', 'AvgPool2D', 'GlobalAvgPool2D', 'Flatten', 'Reshape', 'Permute',
  'Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'Softmax', 'Dropout', 'BatchNorm', 'Sequential',
];

/**
 * Makes a layer type loadable by `Sequential.fromJSON`: `registerLayer('MyLayer', (config) => new MyLayer(config.size))`.
 * The layer's `getConfig()` must return `{ type: 'MyLayer', config }`. Built-in layers
 * register themselves the same way. Registering a type again replaces it.
 *
 * @example
 * class Softsign extends Activation { … toString() { return 'Softsign'; } } // getConfig() gives { type: 'Softsign', config: {} }
 * registerLayer('Softsign', () => new Softsign());
 * const copy = Sequential.fromJSON(JSON.stringify(modelWithSoftsign));
 */
export function registerLayer(type: string, fromConfig: LayerFromConfig): void {
  if (typeof type !== 'string' || !type) throw new TypeError(`registerLayer: expected a type name, got ${describe(type)}`);
  if (typeof fromConfig !== 'function') throw new TypeError(`registerLayer: expected a function (config) => Layer, got ${describe(fromConfig)}`);
  layerTypes.set(type, fromConfig);
}

/** The function that rebuilds layers of `type`, or undefined when no such type is registered. */
export function layerType(type: string): LayerFromConfig | undefined {
  return layerTypes.get(type);
}

/** The registered type names, for messages: the built-in ones in their usual order, then the others. */
export function layerTypeNames(): string[] {
  const names = [...layerTypes.keys()];
  const rank = (name: string) => {
    const i = BUILT_IN_LAYERS.indexOf(name);
    return i < 0 ? BUILT_IN_LAYERS.length : i;
  };
  return names.map((name, i) => ({ name, i })).sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i).map((e) => e.name);
}

/**
 * Keras activations, by name, as neurite layers: the `activation` of a Dense (or Conv2D)
 * layer and the `Activation` layer. Sigmoid and Tanh, which Keras has no layer class
 * for, are written as `Activation` layers.
 */
import type { Layer } from '../../layers/layer.js';
import { ReLU } from '../../layers/relu.js';
import { Sigmoid } from '../../layers/sigmoid.js';
import { Softmax } from '../../layers/softmax.js';
import { Tanh } from '../../layers/tanh.js';
import { asObject, field } from '../format.js';
import type { LayerReader, TfjsMapping } from '../mapping.js';

/** The Keras activations neurite has, and the layer each becomes (none for `linear`). */
const activations: Record<string, (() => Layer) | null> = {
  linear: null,
  relu: () => new ReLU(),
  sigmoid: () => new Sigmoid(),
  tanh: () => new Tanh(),
  softmax: () => new Softmax(),
};

/** The activation names read, for messages. */
export const ACTIVATION_NAMES = Object.keys(activations).join(', ');

/**
 * The layer for the activation in config `key` (absent: linear, no layer). Keras writes
 * a name (`'relu'`); Keras 3 may write `{ class_name: 'function', config: 'relu' }`.
 */
export function readActivation(reader: LayerReader, key = 'activation'): Layer | null {
  const value = reader.value(key) ?? 'linear';
  const config = asObject(value);
  const name = config && field(config, 'class_name') === 'function' ? field(config, 'config') : value;
  if (typeof name !== 'string' || !Object.hasOwn(activations, name)) {
    reader.fail(`activation ${JSON.stringify(name)} is not supported; neurite has ${ACTIVATION_NAMES}`);
  }
  return activations[name]?.() ?? null;
}

export const activationMapping: TfjsMapping = {
  classNames: ['Activation'],
  imports: `Activation (${ACTIVATION_NAMES})`,
  keys: ['activation'],
  read(reader) {
    const layer = readActivation(reader);
    if (layer) reader.push(layer);
  },
};

export const sigmoidMapping: TfjsMapping = {
  layer: Sigmoid,
  exports: "Sigmoid (Activation 'sigmoid')",
  write: (_layer, writer) => void writer.layer('Activation', { activation: 'sigmoid' }),
};

export const tanhMapping: TfjsMapping = {
  layer: Tanh,
  exports: "Tanh (Activation 'tanh')",
  write: (_layer, writer) => void writer.layer('Activation', { activation: 'tanh' }),
};

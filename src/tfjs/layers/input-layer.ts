/** Keras InputLayer: the model's input shape (read by the driver), no neurite layer. */
import type { TfjsMapping } from '../mapping.js';

export const inputLayerMapping: TfjsMapping = {
  classNames: ['InputLayer'],
  imports: 'InputLayer',
  read() {},
};

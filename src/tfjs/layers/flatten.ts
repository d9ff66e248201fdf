/** Flatten ↔ Keras Flatten (channels last: the same row-major order). */
import { Flatten } from '../../layers/flatten.js';
import type { TfjsMapping } from '../mapping.js';
import { channelsLast } from './spatial.js';

export const flattenMapping: TfjsMapping = {
  classNames: ['Flatten'],
  imports: 'Flatten',
  keys: ['data_format'],
  read(reader) {
    // channels_first changes the order only for images; on a [batch, features] input it is the same Flatten.
    if (!reader.shape || reader.shape.length > 1) channelsLast(reader);
    reader.push(new Flatten());
  },
  layer: Flatten,
  exports: 'Flatten (Flatten)',
  write: (_layer, writer) => void writer.layer('Flatten', { data_format: 'channels_last' }),
};

/** Dropout ↔ Keras Dropout (rate; the seed is the neurite model's). */
import { Dropout } from '../../layers/dropout.js';
import type { TfjsMapping } from '../mapping.js';

export const dropoutMapping: TfjsMapping = {
  classNames: ['Dropout'],
  imports: 'Dropout (no noise_shape)',
  keys: ['rate', 'noise_shape'],
  ignored: ['seed'],
  read(reader) {
    if (reader.value('noise_shape') !== undefined) reader.fail(`noise_shape ${JSON.stringify(reader.value('noise_shape'))} is not supported (neurite's Dropout drops each value on its own)`);
    reader.push(new Dropout(reader.number('rate', Number.NaN, 'in [0, 1)', (r) => r >= 0 && r < 1)));
  },
  layer: Dropout,
  exports: 'Dropout (Dropout)',
  write: (layer, writer) => void writer.layer('Dropout', { rate: (layer as Dropout).rate }),
};

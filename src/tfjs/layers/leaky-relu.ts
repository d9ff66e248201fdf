/** LeakyReLU ↔ Keras LeakyReLU (alpha, or Keras 3's negative_slope; Keras's default 0.3). */
import { LeakyReLU } from '../../layers/leaky-relu.js';
import type { TfjsMapping } from '../mapping.js';

export const leakyReluMapping: TfjsMapping = {
  classNames: ['LeakyReLU'],
  imports: 'LeakyReLU (alpha in [0, 1))',
  keys: ['alpha', 'negative_slope'],
  read(reader) {
    const key = reader.value('alpha') === undefined && reader.value('negative_slope') !== undefined ? 'negative_slope' : 'alpha';
    const alpha = reader.number(key, 0.3, "in [0, 1) (neurite's LeakyReLU)", (a) => a >= 0 && a < 1);
    reader.push(new LeakyReLU({ alpha }));
  },
  layer: LeakyReLU,
  exports: 'LeakyReLU (LeakyReLU)',
  write: (layer, writer) => void writer.layer('LeakyReLU', { alpha: (layer as LeakyReLU).alpha }),
};

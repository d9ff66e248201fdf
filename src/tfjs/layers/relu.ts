/** ReLU ↔ Keras ReLU (without max_value or threshold; a negative_slope in [0, 1) reads as LeakyReLU). */
import { LeakyReLU } from '../../layers/leaky-relu.js';
import { ReLU } from '../../layers/relu.js';
import type { TfjsMapping } from '../mapping.js';

export const reluMapping: TfjsMapping = {
  classNames: ['ReLU'],
  imports: 'ReLU (no max_value, threshold 0)',
  keys: ['max_value', 'negative_slope', 'threshold'],
  read(reader) {
    if (reader.value('max_value') !== undefined) reader.fail(`max_value ${String(reader.value('max_value'))} is not supported (neurite's ReLU is unbounded)`);
    reader.number('threshold', 0, '0 (neurite has no thresholded ReLU)', (t) => t === 0);
    const slope = reader.number('negative_slope', 0, 'in [0, 1)', (s) => s >= 0 && s < 1);
    reader.push(slope === 0 ? new ReLU() : new LeakyReLU({ alpha: slope }));
  },
  layer: ReLU,
  exports: 'ReLU (ReLU)',
  write: (_layer, writer) => void writer.layer('ReLU', {}),
};

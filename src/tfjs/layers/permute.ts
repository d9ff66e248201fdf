/** Permute ↔ Keras Permute (`dims`, the sample's axes counted from 1, in both). */
import { Permute } from '../../layers/permute.js';
import type { TfjsMapping } from '../mapping.js';

export const permuteMapping: TfjsMapping = {
  classNames: ['Permute'],
  imports: 'Permute',
  keys: ['dims'],
  read(reader) {
    const dims = reader.value('dims');
    const n = Array.isArray(dims) ? dims.length : 0;
    if (!Array.isArray(dims) || n === 0 || !dims.every((d) => Number.isInteger(d) && d >= 1 && d <= n) || new Set(dims).size !== n) {
      reader.fail(`expected dims as a permutation of 1 … n (the axes of a sample), got ${JSON.stringify(dims)}`);
    }
    reader.push(new Permute(dims as number[]));
  },
  layer: Permute,
  exports: 'Permute (Permute)',
  write: (layer, writer) => void writer.layer('Permute', { dims: [...(layer as Permute).dims] }),
};

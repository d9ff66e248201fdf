/** Softmax ↔ Keras Softmax over the last axis. */
import { Softmax } from '../../layers/softmax.js';
import type { TfjsMapping } from '../mapping.js';

export const softmaxMapping: TfjsMapping = {
  classNames: ['Softmax'],
  imports: 'Softmax (last axis)',
  keys: ['axis'],
  read(reader) {
    const value = reader.value('axis') ?? -1;
    const axis = Array.isArray(value) && value.length === 1 ? value[0] : value;
    const rank = reader.shape ? reader.shape.length + 1 : null; // with the batch axis
    if (axis !== -1 && !(rank !== null && axis === rank - 1)) {
      reader.fail(`expected axis -1 (the last axis; neurite's Softmax normalises over it), got ${JSON.stringify(value)}`);
    }
    reader.push(new Softmax());
  },
  layer: Softmax,
  exports: 'Softmax (Softmax, axis -1)',
  write: (_layer, writer) => void writer.layer('Softmax', { axis: -1 }),
};

/** Reshape ↔ Keras Reshape (target_shape with at most one −1, which TensorFlow.js saves as null). */
import { Reshape } from '../../layers/reshape.js';
import type { TfjsMapping } from '../mapping.js';

export const reshapeMapping: TfjsMapping = {
  classNames: ['Reshape'],
  imports: 'Reshape',
  keys: ['target_shape'],
  read(reader) {
    const value = reader.value('target_shape');
    const target = Array.isArray(value) ? value.map((d) => (d === null ? -1 : d)) : value;
    if (!Array.isArray(target) || target.length === 0 || !target.every((d) => (Number.isInteger(d) && d > 0) || d === -1) || target.indexOf(-1) !== target.lastIndexOf(-1)) {
      reader.fail(`expected target_shape as positive sizes with at most one -1, got ${JSON.stringify(value)}`);
    }
    reader.push(new Reshape(target as number[]));
  },
  layer: Reshape,
  exports: 'Reshape (Reshape)',
  write: (layer, writer) => void writer.layer('Reshape', { target_shape: [...(layer as Reshape).shape] }),
};

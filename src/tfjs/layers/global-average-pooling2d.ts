/** GlobalAvgPool2D ↔ Keras GlobalAveragePooling2D (channels last, without keepdims). */
import { GlobalAvgPool2D } from '../../layers/global-avg-pool2d.js';
import type { TfjsMapping } from '../mapping.js';
import { channelsLast, imageShape } from './spatial.js';

export const globalAveragePooling2dMapping: TfjsMapping = {
  classNames: ['GlobalAveragePooling2D', 'GlobalAvgPool2D'],
  imports: 'GlobalAveragePooling2D (no keepdims)',
  keys: ['data_format', 'keepdims'],
  read(reader) {
    channelsLast(reader);
    if (reader.boolean('keepdims', false)) reader.fail('keepdims true is not supported (neurite pools to [batch, channels]; add a Reshape after it)');
    imageShape(reader);
    reader.push(new GlobalAvgPool2D());
  },
  layer: GlobalAvgPool2D,
  exports: 'GlobalAvgPool2D (GlobalAveragePooling2D)',
  write: (_layer, writer) => void writer.layer('GlobalAveragePooling2D', { data_format: 'channels_last' }),
};

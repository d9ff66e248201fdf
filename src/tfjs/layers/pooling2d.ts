/** MaxPool2D ↔ Keras MaxPooling2D and AvgPool2D ↔ AveragePooling2D, channels last. */
import { AvgPool2D } from '../../layers/avg-pool2d.js';
import { MaxPool2D } from '../../layers/max-pool2d.js';
import type { Pool2D, Pool2DOptions } from '../../layers/pool2d.js';
import type { Size2D } from '../../layers/spatial.js';
import type { TfjsMapping } from '../mapping.js';
import { channelsLast, imageShape, readPadding, readSize2D } from './spatial.js';

/** The mapping of a pooling layer: `kerasClasses` (the name and its alias) ↔ `layer`, called `name` in messages. */
function pooling(kerasClasses: string[], layer: new (poolSize: Size2D, options?: Pool2DOptions) => Pool2D, name: string): TfjsMapping {
  return {
    classNames: kerasClasses,
    imports: kerasClasses[0],
    keys: ['pool_size', 'strides', 'padding', 'data_format'],
    read(reader) {
      const poolSize = readSize2D(reader, 'pool_size', [2, 2]);
      const stride = readSize2D(reader, 'strides', poolSize); // Keras: strides null means the pool size
      const padding = readPadding(reader);
      channelsLast(reader);
      imageShape(reader);
      reader.push(new layer(poolSize, { stride, padding }));
    },
    layer,
    exports: `${name} (${kerasClasses[0]})`,
    write(pool, writer) {
      const p = pool as Pool2D;
      writer.layer(kerasClasses[0], { pool_size: [...p.poolSize], padding: p.padding, strides: [...p.stride], data_format: 'channels_last' });
    },
  };
}

export const maxPooling2dMapping = pooling(['MaxPooling2D', 'MaxPool2D'], MaxPool2D, 'MaxPool2D');
export const averagePooling2dMapping = pooling(['AveragePooling2D', 'AvgPool2D'], AvgPool2D, 'AvgPool2D');

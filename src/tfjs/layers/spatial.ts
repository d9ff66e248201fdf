/** What the Keras image layers share: 2-D sizes, padding, and channels-last images only. */
import type { LayerReader } from '../mapping.js';

/** Keras's `kernel_size`, `strides` or `pool_size`: `[3, 3]` or `3` (`fallback` when absent). */
export function readSize2D(reader: LayerReader, key: string, fallback?: [number, number]): [number, number] {
  const value = reader.value(key) ?? fallback;
  const pair = typeof value === 'number' ? [value, value] : Array.isArray(value) && value.length === 2 ? value : null;
  if (!pair || !pair.every((v) => Number.isInteger(v) && v > 0)) reader.fail(`expected ${key} as a positive integer or [height, width], got ${JSON.stringify(value)}`);
  return [pair[0], pair[1]];
}

/** `'valid'` or `'same'`, as Keras pads (neurite's Padding). */
export function readPadding(reader: LayerReader): 'valid' | 'same' {
  const padding = reader.value('padding') ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') reader.fail(`expected padding 'valid' or 'same', got ${JSON.stringify(padding)}`);
  return padding;
}

/** Refuses `data_format: 'channels_first'`: neurite's images are NHWC. */
export function channelsLast(reader: LayerReader): void {
  const format = reader.value('data_format') ?? 'channels_last';
  if (format !== 'channels_last') reader.fail(`data_format ${JSON.stringify(format)} is not supported; neurite's images are channels_last ([batch, height, width, channels])`);
}

/** The input's `[height, width, channels]`, when known; a DataError when it is not an image. */
export function imageShape(reader: LayerReader): readonly number[] | null {
  const shape = reader.shape;
  if (shape && shape.length !== 3) reader.fail(`expected images [batch, height, width, channels] as its input, got [batch, ${shape.join(', ')}]`);
  return shape;
}

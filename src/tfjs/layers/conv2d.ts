/**
 * Conv2D ↔ Keras Conv2D, channels last. Keras's kernel is `[kh, kw, in, out]`, neurite's
 * weight `[out, kh, kw, in]` (a row is a filter laid out like its patch): transposed both
 * ways. The activation is read as Dense's is (a layer of its own after the convolution), and
 * an L1/L2 `kernel_regularizer` is the layer's `weightRegularizer`, both ways.
 */
import { Conv2D } from '../../layers/conv2d.js';
import type { TfjsMapping } from '../mapping.js';
import { ACTIVATION_NAMES, readActivation } from './activation.js';
import { readRegularizer, writeRegularizer } from './regularizer.js';
import { channelsLast, imageShape, readPadding, readSize2D } from './spatial.js';

/** `[a, b, c, d]` → `[d, a, b, c]`: Keras's kernel to neurite's weight. */
function lastToFirst(data: Float32Array, outer: number, last: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < outer; i++) for (let o = 0; o < last; o++) out[o * outer + i] = data[i * last + o];
  return out;
}

/** `[d, a, b, c]` → `[a, b, c, d]`: neurite's weight to Keras's kernel. */
function firstToLast(data: Float32Array, first: number, inner: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let o = 0; o < first; o++) for (let i = 0; i < inner; i++) out[i * first + o] = data[o * inner + i];
  return out;
}

export const conv2dMapping: TfjsMapping = {
  classNames: ['Conv2D', 'Convolution2D'],
  imports: `Conv2D (channels_last, no dilation or groups; activation ${ACTIVATION_NAMES}; an L1/L2 kernel_regularizer)`,
  keys: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', 'kernel_regularizer'],
  ignored: ['kernel_initializer', 'bias_initializer', 'kernel_constraint', 'bias_constraint', 'bias_regularizer', 'activity_regularizer'],
  read(reader) {
    const filters = reader.number('filters', Number.NaN, 'to be a positive integer', (f) => Number.isInteger(f) && f > 0);
    const [kh, kw] = readSize2D(reader, 'kernel_size');
    const stride = readSize2D(reader, 'strides', [1, 1]);
    const padding = readPadding(reader);
    channelsLast(reader);
    const dilation = reader.value('dilation_rate') ?? 1;
    if (!(dilation === 1 || (Array.isArray(dilation) && dilation.every((d) => d === 1)))) {
      reader.fail(`dilation_rate ${JSON.stringify(dilation)} is not supported (neurite's Conv2D is not dilated)`);
    }
    reader.number('groups', 1, '1 (neurite has no grouped convolution)', (g) => g === 1);
    const useBias = reader.boolean('use_bias', true);
    const activation = readActivation(reader);
    const weightRegularizer = readRegularizer(reader, 'kernel_regularizer');
    const shape = imageShape(reader);
    const kernel = reader.weight('kernel', 0, [kh, kw, shape ? shape[2] : null, filters]);
    const inChannels = kernel.shape[2];
    const conv = new Conv2D(inChannels, filters, [kh, kw], { stride, padding, useBias, initializer: 'zeros', ...(weightRegularizer ? { weightRegularizer } : {}) });
    conv.weight.value.data.set(lastToFirst(kernel.data, kh * kw * inChannels, filters));
    if (conv.bias) conv.bias.value.data.set(reader.weight('bias', 1, [filters]).data);
    reader.push(conv);
    if (activation) reader.push(activation);
  },
  layer: Conv2D,
  exports: 'Conv2D (Conv2D, activation linear)',
  write(layer, writer) {
    const conv = layer as Conv2D;
    const [kh, kw] = conv.kernelSize;
    writer.layer('Conv2D', {
      filters: conv.outChannels, kernel_size: [kh, kw], strides: [...conv.stride], padding: conv.padding,
      data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: conv.bias !== null, ...writeRegularizer(conv.weightRegularizer),
    });
    writer.weight('kernel', [kh, kw, conv.inChannels, conv.outChannels], firstToLast(conv.weight.value.data, conv.outChannels, kh * kw * conv.inChannels));
    if (conv.bias) writer.weight('bias', [conv.outChannels], conv.bias.value.data);
  },
};

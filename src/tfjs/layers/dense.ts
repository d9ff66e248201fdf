/**
 * Dense ↔ Keras Dense. Keras's kernel is `[in, units]`, neurite's weight `[out, in]`: the
 * kernel is transposed both ways. The Dense's `activation` becomes a separate neurite layer
 * after it on reading; on writing, a neurite activation layer stays a Keras layer of its own
 * (the Dense is written with activation 'linear'). An L1/L2 `kernel_regularizer` is the
 * neurite layer's `weightRegularizer`, both ways.
 */
import { Dense } from '../../layers/dense.js';
import type { TfjsMapping } from '../mapping.js';
import { ACTIVATION_NAMES, readActivation } from './activation.js';
import { readRegularizer, writeRegularizer } from './regularizer.js';

/** `[rows, cols]` → `[cols, rows]`. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

export const denseMapping: TfjsMapping = {
  classNames: ['Dense'],
  imports: `Dense (activation ${ACTIVATION_NAMES}; an L1/L2 kernel_regularizer)`,
  keys: ['units', 'activation', 'use_bias', 'kernel_regularizer'],
  ignored: ['kernel_initializer', 'bias_initializer', 'kernel_constraint', 'bias_constraint', 'bias_regularizer', 'activity_regularizer'],
  read(reader) {
    const units = reader.number('units', Number.NaN, 'to be a positive integer', (u) => Number.isInteger(u) && u > 0);
    const useBias = reader.boolean('use_bias', true);
    const activation = readActivation(reader);
    const weightRegularizer = readRegularizer(reader, 'kernel_regularizer');
    const shape = reader.shape;
    if (shape && shape.length !== 1) {
      reader.fail(`expected its input to be [batch, features], got [batch, ${shape.join(', ')}]; Keras applies Dense to the last axis, neurite's Dense takes flat samples (add a Flatten before it)`);
    }
    const kernel = reader.weight('kernel', 0, [shape ? shape[0] : null, units]);
    const inFeatures = kernel.shape[0];
    // Zeros until the kernel is set (a model that draws it again, for a kernel of zeros, draws zeros).
    const dense = new Dense(inFeatures, units, { useBias, initializer: 'zeros', ...(weightRegularizer ? { weightRegularizer } : {}) });
    dense.weight.value.data.set(transpose(kernel.data, inFeatures, units));
    if (dense.bias) dense.bias.value.data.set(reader.weight('bias', 1, [units]).data);
    reader.push(dense);
    if (activation) reader.push(activation);
  },
  layer: Dense,
  exports: 'Dense (Dense, activation linear)',
  write(layer, writer) {
    const dense = layer as Dense;
    writer.layer('Dense', { units: dense.outFeatures, activation: 'linear', use_bias: dense.bias !== null, ...writeRegularizer(dense.weightRegularizer) });
    writer.weight('kernel', [dense.inFeatures, dense.outFeatures], transpose(dense.weight.value.data, dense.outFeatures, dense.inFeatures));
    if (dense.bias) writer.weight('bias', [dense.outFeatures], dense.bias.value.data);
  },
};

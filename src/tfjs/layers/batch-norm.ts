/**
 * BatchNorm ↔ Keras BatchNormalization over the last axis: gamma, beta and the moving mean
 * and variance, epsilon and momentum (the same meaning in both). Without `scale` (`center`)
 * Keras has no gamma (beta): neurite's BatchNorm gets ones (zeros), which it would go on
 * training.
 */
import { BatchNorm } from '../../layers/batch-norm.js';
import type { TfjsMapping } from '../mapping.js';

export const batchNormMapping: TfjsMapping = {
  classNames: ['BatchNormalization'],
  imports: 'BatchNormalization (last axis)',
  keys: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  ignored: [
    'beta_initializer', 'gamma_initializer', 'moving_mean_initializer', 'moving_variance_initializer',
    'beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint', 'fused',
  ],
  read(reader) {
    const shape = reader.shape;
    const value = reader.value('axis') ?? -1;
    const axis = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (axis !== -1 && !(shape && axis === shape.length)) {
      const last = shape ? ` or ${shape.length}` : '';
      reader.fail(`expected axis -1${last} (the last axis: neurite normalises per channel, NHWC), got ${JSON.stringify(value)}`);
    }
    const momentum = reader.number('momentum', 0.99, 'in [0, 1)', (m) => m >= 0 && m < 1);
    const epsilon = reader.number('epsilon', 1e-3, 'to be > 0', (e) => e > 0);
    const scale = reader.boolean('scale', true), center = reader.boolean('center', true);
    // Keras numbers a layer's weights in order: gamma, beta (those it has), moving_mean, moving_variance.
    const first = Number(scale) + Number(center);
    const mean = reader.weight('moving_mean', first, [shape ? shape[shape.length - 1] : null]);
    const features = mean.shape[0];
    const gamma = scale ? reader.weight('gamma', 0, [features]) : null;
    const beta = center ? reader.weight('beta', first - 1, [features]) : null;
    const variance = reader.weight('moving_variance', first + 1, [features]);
    const negative = variance.data.findIndex((v) => v < 0);
    if (negative >= 0) reader.fail(`expected moving_variance values ≥ 0 (a variance), got ${variance.data[negative]} at index ${negative}`);
    const bn = new BatchNorm(features, { momentum, epsilon });
    if (gamma) bn.gamma.value.data.set(gamma.data);
    if (beta) bn.beta.value.data.set(beta.data);
    bn.runningMean.data.set(mean.data);
    bn.runningVariance.data.set(variance.data);
    reader.push(bn);
  },
  layer: BatchNorm,
  exports: 'BatchNorm (BatchNormalization, axis -1)',
  write(layer, writer) {
    const bn = layer as BatchNorm;
    writer.layer('BatchNormalization', { axis: -1, momentum: bn.momentum, epsilon: bn.epsilon, center: true, scale: true });
    const shape = [bn.features];
    writer.weight('gamma', shape, bn.gamma.value.data);
    writer.weight('beta', shape, bn.beta.value.data);
    writer.weight('moving_mean', shape, bn.runningMean.data, false);
    writer.weight('moving_variance', shape, bn.runningVariance.data, false);
  },
};

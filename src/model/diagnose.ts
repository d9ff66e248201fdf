/**
 * Finding where a training step went non-finite: the first layer whose output, or the
 * first gradient in backpropagation order, holds a NaN or an infinity.
 */
import { DataError } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { firstNonFinite, type Tensor } from '../tensor/tensor.js';
import type { TrainableModel } from './trainable.js';

/** Whether every value is finite (one multiply-add per value when they are). */
export function allFinite(data: Float32Array): boolean {
  return firstNonFinite(data) < 0;
}

/** The first layer whose output (from the last forward) holds a NaN or an infinity, as an error; null if none. */
export function nonFiniteOutput(model: TrainableModel, at: string, remedy: string): DataError | null {
  for (let i = 0; i < model.layers.length; i++) {
    const out = model.layerOutput(i);
    const k = out ? firstNonFinite(out.data) : -1;
    if (out && k >= 0) {
      return new DataError(`${at}, got ${out.data[k]} in the output of layer ${i} (${model.layers[i]}), the first to go non-finite; ${remedy}`);
    }
  }
  return null;
}

/**
 * The first gradient of the last backward pass that holds a NaN or an infinity, in the
 * order backpropagation computed them (the loss's, then from the last layer to the
 * first: each layer's param gradients, then its input gradient), as an error; null if none.
 */
export function nonFiniteGradient(model: TrainableModel, lossGradient: Tensor, loss: Loss, epoch: number, batch: number): DataError | null {
  const at = `Sequential.fit: expected finite gradients at epoch ${epoch}, batch ${batch}, got`;
  const remedy = 'the first to go non-finite; try a lower learning rate or clipNorm';
  let k = firstNonFinite(lossGradient.data);
  if (k >= 0) return new DataError(`${at} ${lossGradient.data[k]} in the gradient of ${loss}, ${remedy}`);
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i];
    for (const p of layer.params()) {
      k = firstNonFinite(p.grad.data);
      if (k >= 0) return new DataError(`${at} ${p.grad.data[k]} in the ${p.name} gradient of layer ${i} (${layer}), ${remedy}`);
    }
    const g = model.layerInputGradient(i);
    k = g ? firstNonFinite(g.data) : -1;
    if (g && k >= 0) return new DataError(`${at} ${g.data[k]} in the input gradient of layer ${i} (${layer}), ${remedy}`);
  }
  return null;
}

/** A DataError raised inside a training step (a layer, the loss, the optimizer), told where in training it happened. */
export function inTraining(error: unknown, epoch: number, batch: number): unknown {
  if (!(error instanceof DataError) || error.message.startsWith('Sequential.fit:')) return error;
  return new DataError(`Sequential.fit: at epoch ${epoch}, batch ${batch}: ${error.message}`);
}

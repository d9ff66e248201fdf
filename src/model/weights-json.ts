/**
 * The weights of a saved model: each param and buffer named `<layer index>.<name>`
 * (nested containers add their own index: `1.0.weight`), as base64 of little-endian
 * float32, checked in full before a single value is copied into a model.
 */
import { DataError, describe, formatShape } from '../errors.js';
import { sublayers, type Layer } from '../layers/layer.js';
import type { Tensor } from '../tensor/tensor.js';
import { base64ToFloats, floatsToBase64 } from './base64.js';

/** One saved tensor: little-endian float32 values in base64. */
export interface WeightJSON {
  /** `<layer index>.<param or buffer name>`, e.g. `0.weight`. */
  name: string;
  /** The tensor's shape, e.g. `[4, 2]`. */
  shape: number[];
  /** The values as little-endian float32, row-major, in base64. */
  data: string;
}

/** Each param and buffer of the layers with its saved name, params first, then buffers, layer by layer. */
export function namedTensors(layers: readonly Layer[], prefix = ''): { name: string; value: Tensor; minimum?: number }[] {
  const out: { name: string; value: Tensor; minimum?: number }[] = [];
  layers.forEach((layer, i) => {
    const inner = sublayers(layer);
    if (inner) out.push(...namedTensors(inner, `${prefix}${i}.`));
    else {
      for (const p of layer.params()) out.push({ name: `${prefix}${i}.${p.name}`, value: p.value });
      for (const b of layer.buffers?.() ?? []) out.push({ name: `${prefix}${i}.${b.name}`, value: b.value, minimum: b.minimum });
    }
  });
  return out;
}

/** How a tensor's values are written: base64 text, or (for a writer that streams them) the values themselves. */
export type Encode = (values: Float32Array) => unknown;

/** The saved form of every param and buffer of `layers`. */
export function weightsToJSON(layers: readonly Layer[], encode: Encode = floatsToBase64): WeightJSON[] {
  return namedTensors(layers).map(({ name, value }) => ({ name, shape: [...value.shape], data: encode(value.data) as string }));
}

/**
 * What a model file may allocate, in float32 values: what its weights' base64 texts
 * can hold, plus 2²⁰ values (4 MB) of slack, so that a model missing a small weight
 * gets the precise "weight … is missing" message rather than this bound.
 */
export function allocationBudget(weights: readonly unknown[]): number {
  let chars = 0;
  for (const w of weights) {
    const data = (w as { data?: unknown } | null)?.data;
    if (typeof data === 'string') chars += data.length;
  }
  return Math.floor((chars * 3) / 4 / 4) + 2 ** 20;
}

/** Decodes and checks every saved weight against `layers`; returns the values to copy, touching nothing. */
export function decodeWeights(layers: readonly Layer[], weights: readonly unknown[], owner: string): [Tensor, Float32Array][] {
  const expected = namedTensors(layers);
  const byName = new Map<string, unknown>();
  for (const [i, w] of weights.entries()) {
    const name = (w as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw new DataError(`${owner}: weights[${i}]: expected a name, got ${describe(name)}`);
    if (byName.has(name)) throw new DataError(`${owner}: weight '${name}' appears twice`);
    byName.set(name, w);
  }
  const known = new Set(expected.map((e) => e.name));
  for (const name of byName.keys()) {
    if (!known.has(name)) throw new DataError(`${owner}: weight '${name}' does not belong to any layer of the model (expected ${[...known].join(', ')})`);
  }
  return expected.map(({ name, value, minimum }) => {
    const w = byName.get(name) as { shape?: unknown; data?: unknown } | undefined;
    if (!w) throw new DataError(`${owner}: weight '${name}' is missing`);
    const shape = w.shape;
    if (!Array.isArray(shape) || shape.length !== value.rank || shape.some((d, i) => d !== value.shape[i])) {
      throw new DataError(`${owner}: weight '${name}': expected shape ${formatShape(value.shape)}, got ${Array.isArray(shape) ? formatShape(shape) : describe(shape)}`);
    }
    const data = base64ToFloats(w.data as string, `${owner}: weight '${name}'`);
    if (data.length !== value.size) throw new DataError(`${owner}: weight '${name}': expected ${value.size} values, got ${data.length}`);
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw new DataError(`${owner}: weight '${name}': expected finite values, got ${data[i]} at index ${i}`);
      if (minimum !== undefined && data[i] < minimum) throw new DataError(`${owner}: weight '${name}': expected values ≥ ${minimum}, got ${data[i]} at index ${i}`);
    }
    return [value, data];
  });
}

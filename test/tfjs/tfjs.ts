/**
 * TensorFlow.js itself (tfjs-core, tfjs-layers, the CPU backend) as the oracle for the
 * neurite/tfjs tests: models are built and saved by tfjs (`tf.io.withSaveHandler`), and
 * models neurite writes are loaded by tfjs (`tf.io.fromMemory`). devDependencies only:
 * neurite/tfjs itself depends on nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { Random, Tensor } from '../../src/index.js';
import type { TfjsModelJson, TfjsWeightSpec } from '../../src/tfjs.js';

export { tf, tfl };

/** tfjs on its CPU backend, quietly (the tfjs-node hint is printed once by tfjs-core on import). */
export async function ready(): Promise<void> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
}

/** What a tfjs model saves: model.json (one shard named `weights.bin`) and the shard's bytes. */
export interface Saved {
  modelJson: TfjsModelJson;
  weightData: ArrayBuffer;
}

/** Saves `model` as tfjs does (`tf.io.withSaveHandler`): the model.json its `model.save('file://…')` would write, and the weights. */
export async function save(model: tfl.LayersModel): Promise<Saved> {
  let saved: Saved | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      saved = {
        modelJson: {
          modelTopology: artifacts.modelTopology as Record<string, unknown>,
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy ?? null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs as TfjsWeightSpec[] }],
        },
        weightData,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // As the file would hold it: plain JSON.
  return { modelJson: JSON.parse(JSON.stringify(saved!.modelJson)) as TfjsModelJson, weightData: saved!.weightData };
}

/** Loads a model.json (its weight specs from every group, in order) and its weights into tfjs. */
export async function load(modelJson: TfjsModelJson, weightData: ArrayBuffer): Promise<tfl.LayersModel> {
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[];
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }));
}

/** tfjs's prediction for `x`, as a flat Float32Array. */
export function predict(model: tfl.LayersModel, x: Tensor): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor(x.data, [...x.shape])) as tf.Tensor).dataSync() as Float32Array);
}

/**
 * Sets every weight of a tfjs model to seeded values, so that no test depends on tfjs's
 * unseeded initializers: uniform in [−1, 1], and in [0.2, 2] for a moving variance.
 */
export function seedWeights(model: tfl.LayersModel, seed: number): void {
  const random = new Random(seed);
  model.setWeights(
    model.weights.map((w) => {
      const size = w.shape.reduce((a, b) => a! * b!, 1)!;
      const [low, high] = /moving_variance/.test(w.originalName) ? [0.2, 2] : [-1, 1];
      return tf.tensor(Float32Array.from({ length: size }, () => low + (high - low) * random.next()), w.shape as number[]);
    }),
  );
}

/** The largest |a − b|, and the largest |a − b| / max(1, |b|). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): { abs: number; rel: number } {
  expect(a.length, 'the number of values').toBe(b.length);
  let abs = 0, rel = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= abs)) abs = d; // NaN propagates
    const r = d / Math.max(1, Math.abs(b[i]));
    if (!(r <= rel)) rel = r;
  }
  return { abs, rel };
}

/**
 * TensorFlow.js itself (tfjs-core, tfjs-layers, the CPU backend) as the oracle for the
 * neurite/tfjs tests: models are built and saved by tfjs (`tf.io.withSaveHandler`), and
 * models neurite writes are loaded by tfjs (`tf.io.fromMemory`). devDependencies only:
 * neurite/tfjs itself depends on nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, expect } from 'vitest';
import { Random, Tensor } from '../../src/index.js';
import type { TfjsModelJson, TfjsWeightSpec } from '../../src/tfjs.js';
import { maxDiff } from '../helpers.js';

export { maxDiff, tf, tfl };

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

/**
 * For a test file of parity checks: `record(name, got, want)` checks that neurite's and
 * TensorFlow.js's values agree within 1e-5 (relative, |b| ≥ 1 counting as absolute) and keeps
 * the largest absolute difference, which the file prints under `title` after its tests.
 */
export function parityRecorder(title: string): (name: string, got: ArrayLike<number>, want: ArrayLike<number>) => void {
  const measured: { name: string; abs: number }[] = [];
  afterAll(() => {
    if (measured.length === 0) return;
    const width = Math.max(...measured.map((m) => m.name.length));
    console.log(`${title} (max |tfjs − neurite|):\n${measured.map((m) => `  ${m.name.padEnd(width)}  ${m.abs.toExponential(2)}`).join('\n')}`);
  });
  return (name, got, want) => {
    const diff = maxDiff(got, want);
    measured.push({ name, abs: diff.abs });
    expect(diff.rel, `${name}: max abs diff ${diff.abs}`).toBeLessThanOrEqual(1e-5);
  };
}


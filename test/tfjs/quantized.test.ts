/**
 * Quantized weights, as `tensorflowjs_converter --quantize_uint8 / --quantize_uint16 /
 * --quantize_float16` stores them: the manifest gives each weight a `quantization`
 * `{ dtype, scale, min }` and the shard holds the stored integers (or half floats).
 * neurite must dequantize exactly as tfjs-core does (`q · scale + min`): the weights
 * are compared bit for bit with `tf.io.decodeWeights`, and the predictions with those of
 * the same file loaded by TensorFlow.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random, Tensor } from '../../src/index.js';
import { fromTfjs, type TfjsModelJson, type TfjsWeightSpec } from '../../src/tfjs.js';
import { decodeWeights } from '../../src/tfjs/weights.js';
import { expectSameValues } from '../helpers.js';
import { load, maxDiff, predict, ready, save, seedWeights, tf, tfl } from './tfjs.js';

beforeAll(ready);

const measured: string[] = [];
afterAll(() => {
  if (measured.length) console.log(`fromTfjs on quantized weights, against TensorFlow.js on the same file (max |tfjs − neurite|):\n${measured.join('\n')}`);
});

type Stored = 'uint8' | 'uint16' | 'float16';

/** A number → the nearest float16's bits (ties away from zero: enough for a test's weights). */
function toHalf(value: number): number {
  const sign = value < 0 ? 0x8000 : 0, a = Math.abs(value);
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24); // subnormal: a multiple of 2⁻²⁴ (rounding up to 0x400 is the smallest normal)
  let e = Math.floor(Math.log2(a)), m = Math.round((a / 2 ** e - 1) * 1024);
  if (m === 1024) [e, m] = [e + 1, 0];
  return sign | ((e + 15) << 10) | m;
}

/**
 * Quantizes every weight of a saved model: affine per weight for uint8/uint16 (scale =
 * (max − min) / levels, the stored integer round((v − min) / scale)), or to half floats.
 */
function quantize(modelJson: TfjsModelJson, weightData: ArrayBuffer, dtype: Stored): { modelJson: TfjsModelJson; weightData: ArrayBuffer } {
  const specs = modelJson.weightsManifest[0].weights;
  const values = new Float32Array(weightData);
  const width = dtype === 'uint8' ? 1 : 2;
  const out = new DataView(new ArrayBuffer((values.length * width)));
  let offset = 0, at = 0;
  const quantized = specs.map((spec): TfjsWeightSpec => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const v = values.subarray(offset, offset + size);
    offset += size;
    if (dtype === 'float16') {
      for (let i = 0; i < size; i++, at += 2) out.setUint16(at, toHalf(v[i]), true);
      return { ...spec, quantization: { dtype } };
    }
    const levels = dtype === 'uint8' ? 255 : 65535;
    let min = Infinity, max = -Infinity;
    for (const x of v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    const scale = max > min ? (max - min) / levels : 1;
    for (let i = 0; i < size; i++, at += width) {
      const q = Math.round((v[i] - min) / scale);
      if (dtype === 'uint8') out.setUint8(at, q);
      else out.setUint16(at, q, true);
    }
    return { ...spec, quantization: { dtype, scale, min } };
  });
  return { modelJson: { ...modelJson, weightsManifest: [{ paths: modelJson.weightsManifest[0].paths, weights: quantized }] }, weightData: out.buffer };
}

const x = Tensor.randn([8, 6], new Random(31));

async function saved(): Promise<{ tfModel: tfl.LayersModel; modelJson: TfjsModelJson; weightData: ArrayBuffer }> {
  const L = tfl.layers;
  const tfModel = tfl.sequential({ layers: [L.dense({ units: 16, inputShape: [6], activation: 'relu' }), L.batchNormalization(), L.dense({ units: 3, activation: 'softmax' })] });
  seedWeights(tfModel, 9);
  return { tfModel, ...(await save(tfModel)) };
}

describe('fromTfjs: quantized weights', () => {
  it.each(['uint8', 'uint16', 'float16'] as const)('%s: the same weights as tfjs-core decodes, bit for bit, and the same predictions', async (dtype) => {
    const original = await saved();
    const { modelJson, weightData } = quantize(original.modelJson, original.weightData, dtype);
    const specs = modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[];
    const want = tf.io.decodeWeights(weightData, specs);
    const got = decodeWeights(modelJson, weightData, 'test');
    for (const spec of specs) expectSameValues(got.get(spec.name)!.data, want[spec.name].dataSync(), spec.name);

    const model = fromTfjs(modelJson, weightData);
    const tfModel = await load(modelJson, weightData);
    const diff = maxDiff(model.predict(x).data, predict(tfModel, x));
    measured.push(`  ${dtype.padEnd(7)}  ${diff.abs.toExponential(2)}`);
    expect(diff.rel).toBeLessThanOrEqual(1e-5);
    // Quantized, the model still predicts close to the float32 original (the quantization is real).
    const drift = maxDiff(model.predict(x).data, predict(original.tfModel, x)).abs;
    expect(drift).toBeGreaterThan(0);
    expect(drift).toBeLessThan(dtype === 'uint8' ? 0.1 : 0.01);
  });

  it('float16: every finite half float decodes as tfjs-core decodes it (subnormals, ±0, the largest)', () => {
    const bits = Uint16Array.from({ length: 0x10000 }, (_, i) => i).filter((h) => ((h >> 10) & 0x1f) !== 0x1f);
    const spec = { name: 'all/halves', shape: [bits.length], dtype: 'float32', quantization: { dtype: 'float16' } };
    const modelJson = { modelTopology: {}, weightsManifest: [{ paths: ['h.bin'], weights: [spec] }] } as TfjsModelJson;
    const got = decodeWeights(modelJson, bits.buffer, 'test').get('all/halves')!.data;
    expectSameValues(got, tf.io.decodeWeights(bits.buffer, [spec as tf.io.WeightsManifestEntry])['all/halves'].dataSync());
  });
});

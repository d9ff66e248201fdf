/**
 * Serialisation round-trips any model built from every layer type bit-exactly: after a
 * little training (so weights, BatchNorm statistics, optimizer state and the Random have
 * all moved), toJSON → JSON text → fromJSON gives the same saved form, the same weights
 * bit for bit, the same predictions bit for bit, and, with includeOptimizer, the same
 * next epoch of training bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sequential, Tensor } from '../../src/index.js';
import { buildModel, layerTypes, modelSpec, randn } from './arbitraries.js';

/** The weights as raw bits, so that -0 and 0 (and NaN payloads) count as different. */
function bits(model: Sequential): number[][] {
  return model.getWeights().map((w) => Array.from(new Uint32Array(w.buffer, w.byteOffset, w.length)));
}

function sameBits(a: Tensor, b: Tensor): boolean {
  const x = new Uint32Array(a.data.buffer, a.data.byteOffset, a.size), y = new Uint32Array(b.data.buffer, b.data.byteOffset, b.size);
  return a.shape.join() === b.shape.join() && x.every((v, i) => v === y[i]);
}

describe('serialisation round trips', () => {
  for (const type of layerTypes) {
    it(`any model including ${type}, trained a little, comes back bit-exact and resumes identically`, async () => {
      await fc.assert(
        fc.asyncProperty(modelSpec(type), fc.constantFrom('sgd', 'adam', 'adamw'), fc.nat(), async (spec, optimizer, seed) => {
          const { model, outFeatures } = buildModel(spec);
          model.compile({ optimizer, loss: 'mse' });
          const x = randn([6, spec.inFeatures], seed), y = randn([6, outFeatures], seed + 1);
          await model.fit(x, y, { epochs: 1, batchSize: 3 });

          const json = model.toJSON({ includeOptimizer: true });
          const copy = Sequential.fromJSON(JSON.stringify(json));
          expect(copy.toJSON({ includeOptimizer: true })).toEqual(json);
          expect(bits(copy)).toEqual(bits(model));
          expect(sameBits(copy.predict(x), model.predict(x))).toBe(true);

          // Without the optimizer, the architecture and weights alone.
          const plain = Sequential.fromJSON(JSON.stringify(model.toJSON()));
          expect(bits(plain)).toEqual(bits(model));

          // Training resumes exactly: the same shuffles, dropout masks and optimizer steps.
          await model.fit(x, y, { epochs: 1, batchSize: 3 });
          await copy.fit(x, y, { epochs: 1, batchSize: 3 });
          expect(bits(copy)).toEqual(bits(model));
        }),
        { numRuns: 12, seed: 31337 + layerTypes.indexOf(type) },
      );
    });
  }
});

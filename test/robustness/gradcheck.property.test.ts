/**
 * gradCheck passes for random small models built from every layer type: for each type,
 * models of 1–4 layers that include it (nested Sequential included), random widths and
 * seeds, in training mode (BatchNorm on batch statistics, Dropout with a fixed mask).
 *
 * Two kinds of case are set aside, because a central difference cannot measure them:
 * a ReLU or LeakyReLU input within 0.02 of its kink (the ±h probe straddles it), and a
 * BatchNorm fed a feature whose batch variance is tiny next to its epsilon-free scale.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchNorm, Dropout, formatGradCheck, gradCheck, LeakyReLU, Random, ReLU, Sequential, type Layer, type Tensor } from '../../src/index.js';
import { buildModel, layerTypes, modelSpec, randn } from './arbitraries.js';

/** Runs the model layer by layer (nested models recursed into), calling `visit` with each layer and its input. */
function walk(model: Sequential, x: Tensor, visit: (layer: Layer, input: Tensor) => void): Tensor {
  for (const layer of model.layers) {
    visit(layer, x);
    x = layer instanceof Sequential ? walk(layer, x, visit) : layer.forward(x, true).clone();
  }
  return x;
}

describe('gradCheck on random small models', () => {
  for (const type of layerTypes) {
    it(`passes for models that include ${type}`, () => {
      fc.assert(
        fc.property(modelSpec(type), fc.integer({ min: 3, max: 5 }), fc.nat(), (spec, batch, seed) => {
          const { model } = buildModel(spec);
          const x = randn([batch, spec.inFeatures], seed);
          const dropouts: Dropout[] = [];
          let measurable = true;
          const reseed = () => dropouts.forEach((d, i) => d.initialize(new Random(seed + i)));
          // Find the dropouts, then look at every activation's input with the masks fixed.
          walk(model, x.clone(), (layer) => void (layer instanceof Dropout && dropouts.push(layer)));
          reseed();
          walk(model, x.clone(), (layer, input) => {
            if (layer instanceof ReLU || layer instanceof LeakyReLU) {
              if (input.data.some((v) => Math.abs(v) < 0.02)) measurable = false;
            }
            if (layer instanceof BatchNorm) {
              const [b, f] = input.shape;
              for (let j = 0; j < f; j++) {
                let mean = 0, variance = 0;
                for (let i = 0; i < b; i++) mean += input.data[i * f + j] / b;
                for (let i = 0; i < b; i++) variance += (input.data[i * f + j] - mean) ** 2 / b;
                if (variance < 1e-2) measurable = false;
              }
            }
          });
          fc.pre(measurable);
          const report = gradCheck(model, x, { beforeForward: reseed, seed });
          if (!report.passed) throw new Error(`${model.layers.map(String).join(' → ')}:\n${formatGradCheck(report)}`);
        }),
        { numRuns: 25, seed: 99 + layerTypes.indexOf(type) },
      );
    });
  }

  it('the generated models cover every layer type, a nested model included', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(modelSpec(), (spec) => void spec.layers.forEach((l) => seen.add(l.type))), { numRuns: 200, seed: 1 });
    expect([...seen].sort()).toEqual([...layerTypes].sort());
  });
});

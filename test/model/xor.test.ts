/**
 * The seeded XOR fit: a 2-4-1 network with a tanh hidden layer learns XOR for every
 * seed, and the same stack without the nonlinearity never does (its two Dense layers
 * collapse into one linear map, and no line separates XOR; at most 3 of 4 points).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Adam, Dense, Sequential, Sigmoid, Tanh, type Layer } from '../../src/index.js';

const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const labels = [0, 1, 1, 0];
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** Measured: 23–41 epochs for these seeds; the budget leaves a wide margin. */
const budget = 300;

function compiled(layers: Layer[], seed: number): Sequential {
  const model = new Sequential(layers, { seed });
  model.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'mse', metrics: ['accuracy'] });
  return model;
}

/** Trains one epoch at a time until every point is right and the MSE is below 0.01, or the budget runs out. */
async function trainUntilSolved(model: Sequential): Promise<{ epochs: number; loss: number; accuracy: number }> {
  let epochs = 0;
  let result = model.evaluate(inputs, labels);
  while (epochs < budget && !(result.accuracy === 1 && result.loss < 0.01)) {
    await model.fit(inputs, labels, { epochs: 1, batchSize: 4 });
    epochs++;
    result = model.evaluate(inputs, labels);
  }
  return { epochs, loss: result.loss, accuracy: result.accuracy };
}

const measured: { seed: number; epochs: number; ms: number }[] = [];

afterAll(() => {
  if (measured.length === 0) return;
  const times = measured.map((m) => m.ms).sort((a, b) => a - b);
  const median = (times[(times.length - 1) >> 1] + times[times.length >> 1]) / 2;
  console.log(`XOR epochs to converge by seed: ${measured.map((m) => `${m.seed}: ${m.epochs}`).join(', ')}; median ${median.toFixed(1)} ms`);
});

describe('XOR', () => {
  it.each(seeds)('a 2-4-1 tanh network learns it (seed %i)', async (seed) => {
    const model = compiled([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], seed);
    const start = performance.now();
    const { epochs, loss, accuracy } = await trainUntilSolved(model);
    measured.push({ seed, epochs, ms: performance.now() - start });
    expect(accuracy).toBe(1);
    expect(loss).toBeLessThan(0.01);
    expect(epochs).toBeLessThan(budget);
    const p = model.predict(inputs).data;
    expect([p[0] < 0.5, p[1] > 0.5, p[2] > 0.5, p[3] < 0.5]).toEqual([true, true, true, true]);
  });

  it.each(seeds)('the same stack without the tanh never gets all four points (seed %i)', async (seed) => {
    const model = compiled([new Dense(2, 4), new Dense(4, 1), new Sigmoid()], seed);
    // With batchSize 4 every epoch is one full-batch step, and the accuracy logged for
    // it is that of the weights before the step: so this covers every weight visited.
    const history = await model.fit(inputs, labels, { epochs: budget, batchSize: 4 });
    expect(history.history.accuracy).toHaveLength(budget);
    expect(Math.max(...history.history.accuracy)).toBeLessThanOrEqual(0.75);
    expect(model.evaluate(inputs, labels).accuracy).toBeLessThanOrEqual(0.75);
  });
});

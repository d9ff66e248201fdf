import { describe, expect, it, vi } from 'vitest';
import { Adam, BatchNorm, Dense, Dropout, ReLU, Random, Sequential, Sigmoid, Tanh, Tensor } from '../../src/index.js';

const xorX = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const xorY = [0, 1, 1, 0];

/** Dense(2, 8) → BatchNorm(8) → Tanh → Dropout(0.1) → Dense(8, 1) → Sigmoid, compiled for BCE. */
function xorModel(seed: number): { model: Sequential; bn: BatchNorm } {
  const bn = new BatchNorm(8);
  const model = new Sequential([new Dense(2, 8), bn, new Tanh(), new Dropout(0.1), new Dense(8, 1), new Sigmoid()], { seed });
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return { model, bn };
}

/**
 * Two Gaussian blobs in 2-D, 100 samples each, centred at (−1, −1) (class 0) and (1, 1)
 * (class 1), std 0.5 per axis. Each centre is √2 ≈ 1.41 from the boundary x₁ + x₂ = 0,
 * and the spread across it is also σ = 0.5, so 1.41/0.5 = 2.83σ: Φ(−2.83) ≈ 0.2% of
 * the samples lie on the wrong side, and a good model reaches well over 95%.
 */
function blobs(seed: number): { x: Tensor; y: number[] } {
  const random = new Random(seed);
  const x = Tensor.zeros([200, 2]);
  const y: number[] = [];
  for (let i = 0; i < 200; i++) {
    const label = i % 2;
    const centre = label ? 1 : -1;
    x.data[2 * i] = random.normal(centre, 0.5);
    x.data[2 * i + 1] = random.normal(centre, 0.5);
    y.push(label);
  }
  return { x, y };
}

describe('a model with BatchNorm and Dropout', () => {
  it('learns XOR (seeded, full batch)', async () => {
    const { model } = xorModel(1);
    await model.fit(xorX, xorY, { epochs: 300, batchSize: 4 });
    const p = model.predict(xorX).data;
    // Classified right with a margin: 0 → below 0.1, 1 → above 0.9.
    expect(p[0]).toBeLessThan(0.1);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[2]).toBeGreaterThan(0.9);
    expect(p[3]).toBeLessThan(0.1);
    expect(model.evaluate(xorX, xorY).accuracy).toBe(1);
  });

  it('learns two Gaussian blobs with shuffled mini-batches', async () => {
    const { x, y } = blobs(3);
    const model = new Sequential(
      [new Dense(2, 16), new BatchNorm(16), new ReLU(), new Dropout(0.2), new Dense(16, 1), new Sigmoid()],
      { seed: 2 },
    );
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 20, batchSize: 16 });
    expect(model.evaluate(x, y).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('predict is deterministic: dropout is off and the running statistics are used', async () => {
    const { model, bn } = xorModel(2);
    await model.fit(xorX, xorY, { epochs: 20, batchSize: 4 });
    const running = [bn.runningMean.data.slice(), bn.runningVariance.data.slice()];
    const a = model.predict(xorX).data.slice();
    const b = model.predict(xorX).data.slice();
    expect(b).toEqual(a);
    // predict left the running statistics alone
    expect(bn.runningMean.data).toEqual(running[0]);
    expect(bn.runningVariance.data).toEqual(running[1]);
    // A training-mode forward draws masks and uses batch statistics: it differs from predict
    // (and from itself, since every call draws a new mask).
    const t1 = model.forward(Tensor.from(xorX), true).data.slice();
    const t2 = model.forward(Tensor.from(xorX), true).data.slice();
    expect(t1).not.toEqual(a);
    expect(t2).not.toEqual(t1);
    // Predicting one sample at a time gives the same values as the batch (no batch statistics at inference).
    for (let i = 0; i < 4; i++) expect(model.predict([xorX[i]]).data[0]).toBe(model.predict(xorX).data[i]);
  });

  it('fit passes training = true; predict and evaluate pass false', async () => {
    const { model, bn } = xorModel(3);
    const spy = vi.spyOn(bn, 'forward');
    await model.fit(xorX, xorY, { epochs: 3, batchSize: 2 });
    // 3 epochs × 2 batches of 2
    expect(spy.mock.calls.map((c) => c[1])).toEqual([true, true, true, true, true, true]);
    spy.mockClear();
    model.predict(xorX);
    model.evaluate(xorX, xorY);
    expect(spy.mock.calls.map((c) => c[1])).toEqual([false, false]);
  });

  it('running statistics change during fit and not during predict or evaluate', async () => {
    const { model, bn } = xorModel(4);
    const before = [bn.runningMean.data.slice(), bn.runningVariance.data.slice()];
    await model.fit(xorX, xorY, { epochs: 5, batchSize: 4 });
    const after = [bn.runningMean.data.slice(), bn.runningVariance.data.slice()];
    expect(after[0]).not.toEqual(before[0]);
    expect(after[1]).not.toEqual(before[1]);
    model.predict(xorX);
    model.evaluate(xorX, xorY);
    expect(bn.runningMean.data).toEqual(after[0]);
    expect(bn.runningVariance.data).toEqual(after[1]);
  });

  it('the same seed trains to the same weights, masks and running statistics', async () => {
    const a = xorModel(5), b = xorModel(5);
    await a.model.fit(xorX, xorY, { epochs: 10, batchSize: 2 });
    await b.model.fit(xorX, xorY, { epochs: 10, batchSize: 2 });
    expect(b.model.getWeights()).toEqual(a.model.getWeights());
  });

  it('summary lists BatchNorm’s buffers as non-trainable', () => {
    const { model } = xorModel(1);
    const summary = model.summary();
    expect(summary).toContain('gamma [8], beta [8], runningMean [8] (non-trainable), runningVariance [8] (non-trainable)');
    // Dense(2 → 8): 8·2 + 8 = 24; BatchNorm: γ, β 16 trainable + 16 buffered; Dense(8 → 1): 8 + 1 = 9
    expect(summary).toContain('Trainable params: 49');
    expect(summary).toContain('Non-trainable params: 16');
    expect(summary).toContain('Total params: 65');
    expect(summary).toMatch(/3 Dropout\(0\.1\)\s+\[batch, 8\]\s+-\s+0/);
  });
});

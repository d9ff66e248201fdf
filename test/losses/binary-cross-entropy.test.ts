import { afterAll, describe, expect, it } from 'vitest';
import { BinaryCrossEntropy, DataError, Random, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** Uniform draws in [low, high). */
function uniform(shape: number[], random: Random, low: number, high: number): Tensor {
  return Tensor.uniform(shape, random, low, high);
}

/** Hard 0/1 targets. */
function labels(shape: number[], random: Random): Tensor {
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = random.int(2);
  return t;
}

describe('BinaryCrossEntropy on probabilities', () => {
  it('forward is −mean[t log p + (1 − t) log(1 − p)] (worked by hand)', () => {
    // p = [0.5, 0.8], t = [1, 0]: −(log 0.5 + log 0.2) / 2 = (ln 2 + ln 5) / 2 = ln(10) / 2 ≈ 1.151293
    const loss = new BinaryCrossEntropy();
    expect(loss.forward(Tensor.from([0.5, 0.8]), Tensor.from([1, 0]))).toBeCloseTo(Math.log(10) / 2, 6);
  });

  it('backward is (p − t) / (p (1 − p) n) (worked by hand)', () => {
    // p = 0.5, t = 1: (0.5 − 1) / (0.25 · 2) = −1;   p = 0.8, t = 0: 0.8 / (0.16 · 2) = 2.5
    const loss = new BinaryCrossEntropy();
    loss.forward(Tensor.from([0.5, 0.8]), Tensor.from([1, 0]));
    const g = loss.backward();
    expect(g.get(0)).toBeCloseTo(-1, 6);
    expect(g.get(1)).toBeCloseTo(2.5, 5);
  });

  it('clips p to [ε, 1 − ε], so certainty that is wrong costs −log ε, not Infinity', () => {
    // p = 0 with t = 1 and p = 1 with t = 0 both cost −ln(1e-7) ≈ 16.118; the clip holds p, so the gradient is 0.
    const loss = new BinaryCrossEntropy();
    const value = loss.forward(Tensor.from([0, 1]), Tensor.from([1, 0]));
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(-Math.log(1e-7), 4);
    expect(Array.from(loss.backward().data)).toEqual([0, 0]);
    // A larger epsilon clips harder: −ln(0.01).
    expect(new BinaryCrossEntropy({ epsilon: 0.01 }).forward(Tensor.from([0]), Tensor.from([1]))).toBeCloseTo(-Math.log(0.01), 6);
  });

  it('matches finite differences with hard and soft targets (p kept inside (ε, 1 − ε))', () => {
    const random = new Random(81);
    const report = expectGradientsToMatch(new BinaryCrossEntropy(), uniform([4, 3], random, 0.05, 0.95), {
      target: labels([4, 3], random),
    });
    expect(report.entries.map((e) => e.name)).toEqual(['prediction']);
    expectGradientsToMatch(new BinaryCrossEntropy(), uniform([6], random, 0.05, 0.95), {
      target: uniform([6], random, 0, 1),
      label: 'BinaryCrossEntropy (soft targets)',
    });
  });

  it('rejects an epsilon outside (0, 0.5)', () => {
    expect(() => new BinaryCrossEntropy({ epsilon: 0 })).toThrow(RangeError);
    expect(() => new BinaryCrossEntropy({ epsilon: 0 })).toThrow('BinaryCrossEntropy: expected epsilon in (0, 0.5), got 0');
    expect(() => new BinaryCrossEntropy({ epsilon: 0.5 })).toThrow('BinaryCrossEntropy: expected epsilon in (0, 0.5), got 0.5');
  });
});

describe('BinaryCrossEntropy from logits', () => {
  it('forward applies the sigmoid inside the loss (worked by hand)', () => {
    // z = [0, ln 3] → σ = [1/2, 3/4]; t = [1, 0]: −(ln 1/2 + ln 1/4) / 2 = (ln 2 + ln 4) / 2 = 1.5 ln 2 ≈ 1.039721
    const loss = new BinaryCrossEntropy({ fromLogits: true });
    expect(loss.fromLogits).toBe(true);
    expect(String(loss)).toBe('BinaryCrossEntropy(fromLogits)');
    expect(loss.forward(Tensor.from([0, Math.log(3)]), Tensor.from([1, 0]))).toBeCloseTo(1.5 * Math.log(2), 6);
  });

  it('backward is (σ(z) − t) / n (worked by hand)', () => {
    // (1/2 − 1) / 2 = −1/4;  (3/4 − 0) / 2 = 3/8
    const loss = new BinaryCrossEntropy({ fromLogits: true });
    loss.forward(Tensor.from([0, Math.log(3)]), Tensor.from([1, 0]));
    const g = loss.backward();
    expect(g.get(0)).toBeCloseTo(-0.25, 7);
    expect(g.get(1)).toBeCloseTo(0.375, 7);
  });

  it('agrees with the probability form where no clipping happens', () => {
    const random = new Random(82);
    const z = Tensor.randn([5, 2], random, 0, 2);
    const t = labels([5, 2], random);
    const p = z.clone();
    for (let i = 0; i < p.size; i++) p.data[i] = 1 / (1 + Math.exp(-z.data[i]));
    expect(new BinaryCrossEntropy({ fromLogits: true }).forward(z, t)).toBeCloseTo(new BinaryCrossEntropy().forward(p, t), 5);
  });

  it('is stable at z = ±100: finite loss and gradient', () => {
    // Right and confident: max(z, 0) − z t + log(1 + e^(−|z|)) = log(1 + e^(−100)) ≈ 3.7e-44.
    // Wrong and confident: 100 + log(1 + e^(−100)) ≈ 100. Mean over [right, right, wrong, wrong] = 50.
    const loss = new BinaryCrossEntropy({ fromLogits: true });
    const value = loss.forward(Tensor.from([100, -100, 100, -100]), Tensor.from([1, 0, 0, 1]));
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeCloseTo(50, 10);
    // (σ(z) − t) / 4 = [0, 0, 1/4, −1/4] up to e^(−100)
    const g = loss.backward();
    expect(Array.from(g.data).every(Number.isFinite)).toBe(true);
    expect(g.get(0)).toBeCloseTo(0, 10);
    expect(g.get(1)).toBeCloseTo(0, 10);
    expect(g.get(2)).toBeCloseTo(0.25, 10);
    expect(g.get(3)).toBeCloseTo(-0.25, 10);
  });

  it('matches finite differences with hard and soft targets', () => {
    const random = new Random(83);
    expectGradientsToMatch(new BinaryCrossEntropy({ fromLogits: true }), Tensor.randn([4, 3], random, 0, 3), {
      target: labels([4, 3], random),
    });
    expectGradientsToMatch(new BinaryCrossEntropy({ fromLogits: true }), Tensor.randn([6], random), {
      target: uniform([6], random, 0, 1),
      label: 'BinaryCrossEntropy(fromLogits) (soft targets)',
    });
  });
});

describe('BinaryCrossEntropy errors', () => {
  it('rejects a target of another shape', () => {
    const loss = new BinaryCrossEntropy();
    expect(() => loss.forward(Tensor.full([2], 0.5), Tensor.zeros([3]))).toThrow(ShapeError);
    expect(() => loss.forward(Tensor.full([2], 0.5), Tensor.zeros([3]))).toThrow(
      "BinaryCrossEntropy: expected target shape [2] (the prediction's), got [3]",
    );
  });

  it('rejects targets outside [0, 1], and NaN', () => {
    const loss = new BinaryCrossEntropy({ fromLogits: true });
    expect(() => loss.forward(Tensor.zeros([3]), Tensor.from([0, 1.5, 1]))).toThrow(DataError);
    expect(() => loss.forward(Tensor.zeros([3]), Tensor.from([0, 1.5, 1]))).toThrow(
      'BinaryCrossEntropy(fromLogits): expected targets in [0, 1], got 1.5 at index 1',
    );
    expect(() => new BinaryCrossEntropy().forward(Tensor.full([2], 0.5), Tensor.from([-1, 0]))).toThrow(
      'BinaryCrossEntropy: expected targets in [0, 1], got -1 at index 0',
    );
    expect(() => new BinaryCrossEntropy().forward(Tensor.full([2], 0.5), Tensor.from([0, NaN]))).toThrow(
      'BinaryCrossEntropy: expected targets in [0, 1], got NaN at index 1',
    );
  });

  it('throws when backward comes before forward, including after a rejected forward', () => {
    const loss = new BinaryCrossEntropy();
    expect(() => loss.backward()).toThrow(StateError);
    expect(() => loss.backward()).toThrow('BinaryCrossEntropy: backward called before forward');
    expect(() => loss.forward(Tensor.zeros([1]), Tensor.from([2]))).toThrow(DataError);
    expect(() => loss.backward()).toThrow('BinaryCrossEntropy: backward called before forward');
  });
});

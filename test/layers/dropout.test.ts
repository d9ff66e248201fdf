import { afterAll, describe, expect, it } from 'vitest';
import { Dense, Dropout, gradCheck, Random, Sequential, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('Dropout construction', () => {
  it('rejects a rate outside [0, 1)', () => {
    expect(() => new Dropout(1)).toThrow(RangeError);
    expect(() => new Dropout(1)).toThrow('Dropout: expected rate in [0, 1), got 1');
    expect(() => new Dropout(-0.1)).toThrow('Dropout: expected rate in [0, 1), got -0.1');
    expect(() => new Dropout(1.5)).toThrow('Dropout: expected rate in [0, 1), got 1.5');
    expect(() => new Dropout(NaN)).toThrow('Dropout: expected rate in [0, 1), got NaN');
  });

  it('accepts 0 and rates just below 1', () => {
    expect(new Dropout(0).rate).toBe(0);
    expect(new Dropout(0.999).rate).toBe(0.999);
  });

  it('names itself with its rate', () => {
    expect(String(new Dropout(0.25))).toBe('Dropout(0.25)');
    expect(new Dropout(0.25).params()).toEqual([]);
  });
});

describe('Dropout at inference', () => {
  it('is the identity (training = false)', () => {
    const layer = new Dropout(0.5, { random: new Random(1) });
    const x = Tensor.randn([4, 5], new Random(2));
    const before = x.data.slice();
    const y = layer.forward(x, false);
    expect(y.data).toEqual(before);
    // and backward passes the gradient through untouched
    const g = Tensor.randn([4, 5], new Random(3));
    expect(layer.backward(g).data).toEqual(g.data);
  });

  it('is the identity in training when rate = 0', () => {
    const layer = new Dropout(0, { random: new Random(1) });
    const x = Tensor.randn([3, 3], new Random(2));
    expect(layer.forward(x, true).data).toEqual(x.data);
  });
});

describe('Dropout in training', () => {
  it('drops a fraction ≈ rate and keeps the mean (binomial tolerances)', () => {
    // n = 100 000 elements, each dropped independently with probability p = 0.3.
    // The dropped count is Binomial(n, p): the fraction has mean p and
    //   std = √(p(1 − p)/n) = √(0.3·0.7/1e5) = √2.1e-6 ≈ 1.449e-3;  5σ ≈ 7.25e-3.
    // With every input x = 2, an output is 2/(1 − p) with probability 1 − p, else 0:
    //   E[y] = 2,  Var[y] = 2²·p/(1 − p) = 4·0.3/0.7 ≈ 1.714,
    //   std of the mean over n = √(1.714/1e5) ≈ 4.14e-3;  5σ ≈ 2.07e-2.
    const n = 100_000, p = 0.3;
    const layer = new Dropout(p, { random: new Random(11) });
    const y = layer.forward(Tensor.full([1000, 100], 2), true).data;
    let dropped = 0, sum = 0;
    for (let k = 0; k < n; k++) {
      if (y[k] === 0) dropped++;
      sum += y[k];
    }
    const fractionStd = Math.sqrt((p * (1 - p)) / n);
    const meanStd = Math.sqrt((4 * p) / (1 - p) / n);
    expect(Math.abs(dropped / n - p)).toBeLessThan(5 * fractionStd);
    expect(Math.abs(sum / n - 2)).toBeLessThan(5 * meanStd);
  });

  it('scales kept elements by exactly 1/(1 − rate)', () => {
    // rate 0.2: 1/(1 − 0.2) = 1.25, exact in float32, and 1.25·k is exact for small integers k.
    const layer = new Dropout(0.2, { random: new Random(4) });
    const x = Tensor.from([Array.from({ length: 64 }, (_, k) => k + 1)]);
    const y = layer.forward(x, true).data;
    let kept = 0;
    for (let k = 0; k < 64; k++) {
      if (y[k] !== 0) {
        kept++;
        expect(y[k]).toBe(1.25 * (k + 1));
      }
    }
    // Both outcomes occur (P(all 64 kept) = 0.8⁶⁴ ≈ 6e-7; P(none kept) = 0.2⁶⁴).
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(64);
  });

  it('backward applies the same mask: dx = g ⊙ m / (1 − rate)', () => {
    // rate 0.5: kept elements are x·2, so y/x is the mask value (0 or 2) and dx must be g·(y/x).
    const layer = new Dropout(0.5, { random: new Random(5) });
    const x = Tensor.from([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    const y = layer.forward(x, true).data.slice();
    const g = Tensor.from([
      [0.5, -1, 2, 3, -4, 1.5],
      [1, 1, -1, -1, 0.25, 8],
    ]);
    const dx = layer.backward(g).data;
    for (let k = 0; k < 12; k++) {
      const mask = y[k] / x.data[k];
      expect([0, 2]).toContain(mask);
      expect(dx[k]).toBe(g.data[k] * mask);
    }
  });

  it('backward matches finite differences with the mask fixed by reseeding', () => {
    const dropout = new Dropout(0.3);
    expectGradientsToMatch(dropout, Tensor.randn([4, 6], new Random(8)), {
      beforeForward: () => dropout.initialize(new Random(5)),
    });
  });

  it('without reseeding, each probe draws a new mask and the check fails', () => {
    // The reseed above is what makes the check meaningful: the checker does see the masks.
    const report = gradCheck(new Dropout(0.3, { random: new Random(5) }), Tensor.randn([4, 6], new Random(8)));
    expect(report.passed).toBe(false);
  });

  it('draws the same mask from the same seed and another from another seed', () => {
    const x = Tensor.ones([8, 8]);
    const a = new Dropout(0.5, { random: new Random(42) }).forward(x, true).data.slice();
    const b = new Dropout(0.5, { random: new Random(42) }).forward(x, true).data.slice();
    const c = new Dropout(0.5, { random: new Random(43) }).forward(x, true).data.slice();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('draws a fresh mask on each forward', () => {
    const layer = new Dropout(0.5, { random: new Random(42) });
    const x = Tensor.ones([8, 8]);
    const first = layer.forward(x, true).data.slice();
    const second = layer.forward(x, true).data.slice();
    expect(second).not.toEqual(first);
  });

  it('in a Sequential, the model’s seed drives the mask', () => {
    const run = (seed: number) => {
      const model = new Sequential([new Dense(4, 16), new Dropout(0.5)], { seed });
      return model.forward(Tensor.ones([3, 4]), true).data.slice();
    };
    expect(run(3)).toEqual(run(3));
    // Seeds 3 and 4 differ in Dense's weights too; so compare masks, not values:
    const zeros = (v: Float32Array) => Array.from(v, (e) => e === 0);
    expect(zeros(run(3))).toEqual(zeros(run(3)));
    expect(zeros(run(3))).not.toEqual(zeros(run(4)));
  });

  it('takes the model’s Random, unless it was given one', () => {
    // Two Dropouts built without a Random draw the same masks once same-seeded models own them.
    const x = Tensor.ones([6, 6]);
    const a = new Sequential([new Dropout(0.5)], { seed: 9 });
    const b = new Sequential([new Dropout(0.5)], { seed: 9 });
    expect(b.forward(x, true).data).toEqual(a.forward(x, true).data);
    // A Random given to the layer is kept: its masks are those of that Random, whatever the model's seed.
    const c = new Sequential([new Dropout(0.5, { random: new Random(1) })], { seed: 9 });
    const d = new Sequential([new Dropout(0.5, { random: new Random(1) })], { seed: 10 });
    const alone = new Dropout(0.5, { random: new Random(1) });
    const mask = alone.forward(x, true).data;
    expect(c.forward(x, true).data).toEqual(mask);
    expect(d.forward(x, true).data).toEqual(mask);
  });
});

describe('Dropout errors', () => {
  it('backward before forward throws', () => {
    expect(() => new Dropout(0.5).backward(Tensor.ones([2, 2]))).toThrow(StateError);
    expect(() => new Dropout(0.5).backward(Tensor.ones([2, 2]))).toThrow('Dropout(0.5): backward called before forward');
  });

  it('rejects a gradient of the wrong size', () => {
    const layer = new Dropout(0.5, { random: new Random(1) });
    layer.forward(Tensor.ones([2, 3]), true);
    expect(() => layer.backward(Tensor.ones([2, 2]))).toThrow(ShapeError);
    expect(() => layer.backward(Tensor.ones([2, 2]))).toThrow('Dropout(0.5): expected gradOutput shape [2, 3], got [2, 2]');
  });
});

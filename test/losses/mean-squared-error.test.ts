import { afterAll, describe, expect, it } from 'vitest';
import { MeanSquaredError, Random, ShapeError, StateError, Tensor, gradCheck } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('MeanSquaredError', () => {
  it('forward is the mean of squared differences (worked by hand)', () => {
    // p − t = [1 − 0, 2 − 4, 3 − 3, 4 − 1] = [1, −2, 0, 3]; squares [1, 4, 0, 9], Σ = 14, n = 4 → 3.5
    const loss = new MeanSquaredError();
    const p = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    const t = Tensor.from([
      [0, 4],
      [3, 1],
    ]);
    expect(loss.forward(p, t)).toBe(3.5);
    // The docs' example: ((1 − 0)² + (2 − 4)²) / 2 = 2.5
    expect(loss.forward(Tensor.from([[1, 2]]), Tensor.from([[0, 4]]))).toBe(2.5);
  });

  it('backward is 2 (p − t) / n (worked by hand)', () => {
    // 2·[1, −2, 0, 3] / 4 = [0.5, −1, 0, 1.5]
    const loss = new MeanSquaredError();
    loss.forward(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[0, 4], [3, 1]]));
    const g = loss.backward();
    expect(g.shape).toEqual([2, 2]);
    expect(Array.from(g.data)).toEqual([0.5, -1, 0, 1.5]);
  });

  it('is zero, with zero gradient, when prediction equals target', () => {
    const loss = new MeanSquaredError();
    const p = Tensor.randn([3, 4], new Random(71));
    expect(loss.forward(p, p.clone())).toBe(0);
    expect(Array.from(loss.backward().data).every((v) => v === 0)).toBe(true);
  });

  it('matches finite differences', () => {
    const random = new Random(72);
    const report = expectGradientsToMatch(new MeanSquaredError(), Tensor.randn([4, 3], random), {
      target: Tensor.randn([4, 3], random),
    });
    expect(report.entries.map((e) => e.name)).toEqual(['prediction']);
    expectGradientsToMatch(new MeanSquaredError(), Tensor.randn([5], random, 0, 3), { target: Tensor.randn([5], random) });
  });

  it('the gradient check catches a backward that forgets the factor 2', () => {
    class HalfMSE extends MeanSquaredError {
      override backward(): Tensor {
        const g = super.backward();
        for (let i = 0; i < g.size; i++) g.data[i] /= 2;
        return g;
      }
    }
    const random = new Random(73);
    const report = gradCheck(new HalfMSE(), Tensor.randn([3, 3], random), { target: Tensor.randn([3, 3], random) });
    expect(report.passed).toBe(false);
  });

  it('rejects a target of another shape', () => {
    const loss = new MeanSquaredError();
    expect(() => loss.forward(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow(ShapeError);
    expect(() => loss.forward(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]))).toThrow(
      "MeanSquaredError: expected target shape [2, 3] (the prediction's), got [3, 2]",
    );
    expect(() => loss.forward(Tensor.zeros([2, 3]), Tensor.zeros([6]))).toThrow(
      "MeanSquaredError: expected target shape [2, 3] (the prediction's), got [6]",
    );
  });

  it('throws when backward comes before forward', () => {
    expect(() => new MeanSquaredError().backward()).toThrow(StateError);
    expect(() => new MeanSquaredError().backward()).toThrow('MeanSquaredError: backward called before forward');
  });

  it('reuses its gradient buffer while the shape stays', () => {
    const loss = new MeanSquaredError();
    loss.forward(Tensor.zeros([2, 2]), Tensor.ones([2, 2]));
    const g1 = loss.backward();
    loss.forward(Tensor.ones([2, 2]), Tensor.zeros([2, 2]));
    const g2 = loss.backward();
    expect(g2).toBe(g1);
    expect(Array.from(g2.data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    loss.forward(Tensor.zeros([3, 2]), Tensor.ones([3, 2]));
    expect(loss.backward()).not.toBe(g1);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { BatchNorm, Random, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** The 3×2 batch of the hand derivations. */
const batch = () =>
  Tensor.from([
    [1, 2],
    [3, 2],
    [5, 8],
  ]);

/** BatchNorm(2) with γ = [2, 0.5] and β = [1, −1]. */
function handLayer(options: { momentum?: number } = {}): BatchNorm {
  const layer = new BatchNorm(2, options);
  layer.gamma.value.data.set([2, 0.5]);
  layer.beta.value.data.set([1, -1]);
  return layer;
}

function expectCloseArray(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i], `index ${i}`).toBeCloseTo(expected[i], digits);
}

describe('BatchNorm construction', () => {
  it('has params gamma (ones) and beta (zeros), and buffers runningMean (zeros) and runningVariance (ones)', () => {
    const layer = new BatchNorm(3);
    expect(layer.params().map((p) => p.name)).toEqual(['gamma', 'beta']);
    expect(layer.params()).toEqual([layer.gamma, layer.beta]);
    expect(layer.gamma.value.shape).toEqual([3]);
    expect(Array.from(layer.gamma.value.data)).toEqual([1, 1, 1]);
    expect(Array.from(layer.beta.value.data)).toEqual([0, 0, 0]);
    const buffers = layer.buffers();
    expect(buffers.map((b) => b.name)).toEqual(['runningMean', 'runningVariance']);
    expect(buffers[0].value).toBe(layer.runningMean);
    expect(buffers[1].value).toBe(layer.runningVariance);
    expect(Array.from(layer.runningMean.data)).toEqual([0, 0, 0]);
    expect(Array.from(layer.runningVariance.data)).toEqual([1, 1, 1]);
  });

  it('defaults to momentum 0.99 and epsilon 1e-3', () => {
    const layer = new BatchNorm(2);
    expect(layer.momentum).toBe(0.99);
    expect(layer.epsilon).toBe(1e-3);
    expect(String(layer)).toBe('BatchNorm(2)');
    expect(layer.inFeatures).toBe(2);
    expect(layer.outFeatures).toBe(2);
  });

  it('validates features, momentum and epsilon', () => {
    expect(() => new BatchNorm(0)).toThrow('BatchNorm: expected features to be a positive integer, got 0');
    expect(() => new BatchNorm(2.5)).toThrow('BatchNorm: expected features to be a positive integer, got 2.5');
    expect(() => new BatchNorm(2, { momentum: 1 })).toThrow(RangeError);
    expect(() => new BatchNorm(2, { momentum: 1 })).toThrow('BatchNorm(2): expected momentum in [0, 1), got 1');
    expect(() => new BatchNorm(2, { momentum: -0.5 })).toThrow('BatchNorm(2): expected momentum in [0, 1), got -0.5');
    expect(() => new BatchNorm(2, { epsilon: 0 })).toThrow('BatchNorm(2): expected epsilon to be > 0, got 0');
    expect(() => new BatchNorm(2, { epsilon: -1e-5 })).toThrow('BatchNorm(2): expected epsilon to be > 0, got -0.00001');
    expect(new BatchNorm(2, { momentum: 0 }).momentum).toBe(0);
  });
});

describe('BatchNorm forward', () => {
  it('normalises with the batch mean and biased variance in training (worked by hand)', () => {
    // x = [[1, 2], [3, 2], [5, 8]], ε = 1e-3, γ = [2, 0.5], β = [1, −1]
    // feature 0: μ = (1 + 3 + 5)/3 = 3,  σ² = ((−2)² + 0² + 2²)/3 = 8/3 (biased: divide by B = 3)
    //   x̂ = [−2, 0, 2] / √(8/3 + 0.001) = [−1.2245153, 0, 1.2245153]
    //   y = 1 + 2·x̂ = [−1.4490306, 1, 3.4490306]
    // feature 1: μ = (2 + 2 + 8)/3 = 4,  σ² = ((−2)² + (−2)² + 4²)/3 = 8
    //   x̂ = [−2, −2, 4] / √8.001 = [−0.7070626, −0.7070626, 1.4141252]
    //   y = −1 + 0.5·x̂ = [−1.3535313, −1.3535313, −0.2929374]
    const y = handLayer().forward(batch(), true);
    expect(y.shape).toEqual([3, 2]);
    const s0 = Math.sqrt(8 / 3 + 1e-3), s1 = Math.sqrt(8 + 1e-3);
    expectCloseArray(y.data, [1 + (2 * -2) / s0, -1 + (0.5 * -2) / s1, 1, -1 + (0.5 * -2) / s1, 1 + (2 * 2) / s0, -1 + (0.5 * 4) / s1], 6);
    expectCloseArray(y.data, [-1.4490306, -1.3535313, 1, -1.3535313, 3.4490306, -0.2929374], 6);
  });

  it('gives each feature mean β and std ≈ γ in training', () => {
    const layer = handLayer();
    const y = layer.forward(Tensor.randn([50, 2], new Random(3), 5, 3), true);
    for (let j = 0; j < 2; j++) {
      let mean = 0, sq = 0;
      for (let i = 0; i < 50; i++) mean += y.get(i, j) / 50;
      for (let i = 0; i < 50; i++) sq += (y.get(i, j) - mean) ** 2 / 50;
      // mean = β exactly (up to rounding); variance = γ²·σ²/(σ² + ε), σ² ≈ 9, so γ²·(1 − 1e-4)
      expect(mean).toBeCloseTo([1, -1][j], 5);
      expect(Math.sqrt(sq)).toBeCloseTo([2, 0.5][j], 3);
    }
  });

  it('uses the running statistics at inference (worked by hand)', () => {
    // runningMean = [1, −1], runningVariance = [4, 0.25], ε = 1e-3, γ = [2, 0.5], β = [1, −1]
    // feature 0: x̂ = (x − 1)/√4.001 = [0, 2, 4]·0.4999375 → y = 1 + 2x̂ = [1, 2.9997500, 4.9995001]
    // feature 1: x̂ = (x + 1)/√0.251 = [3, 3, 9]·1.9960120 → y = −1 + 0.5x̂ = [1.9940179, 1.9940179, 7.9820538]
    const layer = handLayer();
    layer.runningMean.data.set([1, -1]);
    layer.runningVariance.data.set([4, 0.25]);
    const y = layer.forward(batch(), false);
    expectCloseArray(y.data, [1, 1.9940179, 2.99975, 1.9940179, 4.9995001, 7.9820538], 5);
    // Inference leaves the running statistics alone.
    expect(Array.from(layer.runningMean.data)).toEqual([1, -1]);
    expect(Array.from(layer.runningVariance.data)).toEqual([4, 0.25]);
  });

  it('accepts a batch of 1 at inference', () => {
    // Defaults: running mean 0, variance 1, so y = x/√1.001.
    const y = new BatchNorm(2).forward(Tensor.from([[2, -3]]), false);
    expectCloseArray(y.data, [2 / Math.sqrt(1.001), -3 / Math.sqrt(1.001)], 6);
  });

  it('rejects a batch of 1 in training', () => {
    const layer = new BatchNorm(2);
    expect(() => layer.forward(Tensor.from([[2, -3]]), true)).toThrow(ShapeError);
    expect(() => layer.forward(Tensor.from([[2, -3]]), true)).toThrow(
      'BatchNorm(2): expected a batch of at least 2 samples in training (the variance of one sample is undefined), got 1',
    );
  });

  it('rejects input with the wrong feature count', () => {
    expect(() => new BatchNorm(2).forward(Tensor.zeros([3, 3]), false)).toThrow(ShapeError);
    expect(() => new BatchNorm(2).forward(Tensor.zeros([3, 3]), false)).toThrow('BatchNorm(2): expected input shape [batch, 2], got [3, 3]');
    expect(() => new BatchNorm(2).forward(Tensor.zeros([3, 2, 1]), true)).toThrow(
      'BatchNorm(2): expected input shape [batch, 2], got [3, 2, 1]',
    );
  });
});

describe('BatchNorm running statistics', () => {
  it('move by running = momentum·running + (1 − momentum)·batch (momentum 0.5, three steps)', () => {
    const layer = handLayer({ momentum: 0.5 });
    const x = batch();
    // start: mean [0, 0], variance [1, 1]
    // step 1, x (μ = [3, 4], σ² = [8/3, 8]):
    //   mean = 0.5·0 + 0.5·[3, 4] = [1.5, 2];  variance = 0.5·1 + 0.5·[8/3, 8] = [11/6, 4.5]
    layer.forward(x, true);
    expectCloseArray(layer.runningMean.data, [1.5, 2], 6);
    expectCloseArray(layer.runningVariance.data, [11 / 6, 4.5], 6);
    // step 2, x + 1 (μ = [4, 5], σ² unchanged [8/3, 8]):
    //   mean = [0.75 + 2, 1 + 2.5] = [2.75, 3.5];  variance = [11/12 + 4/3, 2.25 + 4] = [2.25, 6.25]
    layer.forward(new Tensor(x.data.map((v) => v + 1), [3, 2]), true);
    expectCloseArray(layer.runningMean.data, [2.75, 3.5], 6);
    expectCloseArray(layer.runningVariance.data, [2.25, 6.25], 6);
    // step 3, 2x (μ = [6, 8], σ² = 4·[8/3, 8] = [32/3, 32]):
    //   mean = [1.375 + 3, 1.75 + 4] = [4.375, 5.75];  variance = [1.125 + 16/3, 3.125 + 16] = [6.4583333, 19.125]
    layer.forward(new Tensor(x.data.map((v) => 2 * v), [3, 2]), true);
    expectCloseArray(layer.runningMean.data, [4.375, 5.75], 6);
    expectCloseArray(layer.runningVariance.data, [1.125 + 16 / 3, 19.125], 5);
  });

  it('move by 1% per step with the default momentum 0.99', () => {
    const layer = handLayer();
    const x = batch();
    // step 1: mean = 0.01·[3, 4] = [0.03, 0.04];  variance = 0.99 + 0.01·[8/3, 8] = [1.0166667, 1.07]
    layer.forward(x, true);
    expectCloseArray(layer.runningMean.data, [0.03, 0.04], 6);
    expectCloseArray(layer.runningVariance.data, [0.99 + 0.08 / 3, 1.07], 6);
    // step 2 (same batch): mean = 0.99·[0.03, 0.04] + [0.03, 0.04] = [0.0597, 0.0796]
    //   variance = 0.99·[1.0166667, 1.07] + 0.01·[8/3, 8] = [1.0331667, 1.1393]
    layer.forward(x, true);
    expectCloseArray(layer.runningMean.data, [0.0597, 0.0796], 6);
    expectCloseArray(layer.runningVariance.data, [0.99 * (0.99 + 0.08 / 3) + 0.08 / 3, 1.1393], 6);
  });

  it('initialize() resets γ, β and the running statistics', () => {
    const layer = handLayer();
    layer.forward(batch(), true);
    layer.initialize();
    expect(Array.from(layer.gamma.value.data)).toEqual([1, 1]);
    expect(Array.from(layer.beta.value.data)).toEqual([0, 0]);
    expect(Array.from(layer.runningMean.data)).toEqual([0, 0]);
    expect(Array.from(layer.runningVariance.data)).toEqual([1, 1]);
  });
});

describe('BatchNorm backward', () => {
  /** BatchNorm(3) with non-trivial γ, β and running statistics. */
  function checkedLayer(): BatchNorm {
    const layer = new BatchNorm(3);
    layer.gamma.value.data.set([1.5, -0.7, 0.4]);
    layer.beta.value.data.set([0.2, -0.3, 1.1]);
    layer.runningMean.data.set([0.5, -0.25, 1]);
    layer.runningVariance.data.set([2, 0.5, 1.5]);
    return layer;
  }

  it('matches finite differences in training mode (input, gamma, beta)', () => {
    const report = expectGradientsToMatch(checkedLayer(), Tensor.randn([5, 3], new Random(21), 0.5, 2), {
      training: true,
      label: 'BatchNorm(3) training',
    });
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'gamma', 'beta']);
  });

  it('matches finite differences in inference mode (input, gamma, beta)', () => {
    const report = expectGradientsToMatch(checkedLayer(), Tensor.randn([4, 3], new Random(22), 0.5, 2), {
      training: false,
      label: 'BatchNorm(3) inference',
    });
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'gamma', 'beta']);
  });

  it('in training, the input gradient sums to zero per feature (the mean is subtracted)', () => {
    // y depends on x only through x − μ, so shifting a whole column leaves y alone: Σᵢ dxᵢⱼ = 0.
    const layer = checkedLayer();
    layer.forward(Tensor.randn([6, 3], new Random(4)), true);
    const dx = layer.backward(Tensor.randn([6, 3], new Random(5)));
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let i = 0; i < 6; i++) sum += dx.get(i, j);
      expect(Math.abs(sum)).toBeLessThan(1e-5);
    }
  });

  it('dγ = Σ g·x̂ and dβ = Σ g, accumulated (worked by hand)', () => {
    // x̂ of feature 0 of the hand batch is [−a, 0, a] with a = 2/√(8/3 + 0.001) = 1.2245153, and of
    // feature 1 [−b, −b, 2b] with b = 2/√8.001 = 0.7070626. With g = [[1, 1], [1, 2], [3, 3]]:
    //   dγ = [−a + 0 + 3a, −b − 2b + 6b] = [2a, 3b] = [2.4490306, 2.1211878],  dβ = [5, 6]
    const layer = handLayer();
    layer.forward(batch(), true);
    const g = Tensor.from([
      [1, 1],
      [1, 2],
      [3, 3],
    ]);
    layer.backward(g);
    expectCloseArray(layer.gamma.grad.data, [2.4490306, 2.1211878], 5);
    expectCloseArray(layer.beta.grad.data, [5, 6], 6);
    layer.backward(g); // gradients accumulate
    expectCloseArray(layer.gamma.grad.data, [4.8980612, 4.2423756], 5);
    expectCloseArray(layer.beta.grad.data, [10, 12], 6);
  });

  it('in inference mode, dx = γ·g/√(running variance + ε)', () => {
    // γ = [2, 0.5], running variance [1, 1] (default): dx = g·[2, 0.5]/√1.001
    const layer = handLayer();
    layer.forward(batch(), false);
    const dx = layer.backward(Tensor.ones([3, 2]));
    const s = Math.sqrt(1.001);
    expectCloseArray(dx.data, [2 / s, 0.5 / s, 2 / s, 0.5 / s, 2 / s, 0.5 / s], 6);
  });

  it('throws when backward comes before forward, or the gradient has the wrong shape', () => {
    expect(() => new BatchNorm(2).backward(Tensor.ones([3, 2]))).toThrow(StateError);
    expect(() => new BatchNorm(2).backward(Tensor.ones([3, 2]))).toThrow('BatchNorm(2): backward called before forward');
    const layer = handLayer();
    layer.forward(batch(), true);
    expect(() => layer.backward(Tensor.ones([2, 2]))).toThrow('BatchNorm(2): expected gradOutput shape [3, 2], got [2, 2]');
  });
});

import { describe, expect, it } from 'vitest';
import { Random, glorotNormal, glorotUniform, heNormal, heUniform, initializers, zeros } from '../src/index.js';

/** Mean and mean square (the variance about the known mean 0) in doubles. */
function stats(values: Float32Array): { mean: number; meanSquare: number; maxAbs: number } {
  let sum = 0, sq = 0, maxAbs = 0;
  for (const v of values) {
    sum += v;
    sq += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  return { mean: sum / values.length, meanSquare: sq / values.length, maxAbs };
}

// A weight of fanIn × fanOut, large enough that sample statistics settle: N = 200·300 = 60 000.
const fanIn = 200, fanOut = 300, N = fanIn * fanOut;

describe('glorotUniform', () => {
  const limit = Math.sqrt(6 / (fanIn + fanOut)); // √(6/500) ≈ 0.1095

  it('stays within ±√(6 / (fanIn + fanOut)) and reaches near both ends', () => {
    const w = new Float32Array(N);
    glorotUniform(w, fanIn, fanOut, new Random(1));
    let min = Infinity, max = -Infinity;
    for (const v of w) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(-limit);
    expect(max).toBeLessThanOrEqual(limit);
    // Each draw lands in the end band [−l, −0.999·l) with probability 5e-4; all 60 000 missing it
    // has probability (1 − 5e-4)^60000 ≈ e^−30. Likewise at the top.
    expect(min).toBeLessThan(-limit * 0.999);
    expect(max).toBeGreaterThan(limit * 0.999);
  });

  it('has mean 0 and variance limit²/3 = 2 / (fanIn + fanOut)', () => {
    const w = new Float32Array(N);
    glorotUniform(w, fanIn, fanOut, new Random(2));
    const { mean, meanSquare } = stats(w);
    // U(−l, l): E[x] = 0, Var x = E[x²] = l²/3, E[x⁴] = l⁴/5, so Var(x²) = l⁴/5 − l⁴/9 = 4l⁴/45.
    // The mean of N squares then has standard error l²·√(4/45)/√N, and the mean l/√(3N).
    // Allow 5 standard errors.
    const variance = (limit * limit) / 3;
    expect(variance).toBeCloseTo(2 / (fanIn + fanOut), 12);
    expect(Math.abs(mean)).toBeLessThan((5 * limit) / Math.sqrt(3 * N));
    expect(Math.abs(meanSquare - variance)).toBeLessThan((5 * limit * limit * Math.sqrt(4 / 45)) / Math.sqrt(N));
  });

  it('is reproducible for a seed', () => {
    const a = new Float32Array(100), b = new Float32Array(100), c = new Float32Array(100);
    glorotUniform(a, 10, 10, new Random(3));
    glorotUniform(b, 10, 10, new Random(3));
    glorotUniform(c, 10, 10, new Random(4));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('heNormal', () => {
  it('has mean 0 and std √(2 / fanIn), independent of fanOut', () => {
    const w = new Float32Array(N);
    heNormal(w, fanIn, fanOut, new Random(5));
    const { mean, meanSquare } = stats(w);
    // N(0, σ²) with σ² = 2/fanIn = 0.01: the mean has standard error σ/√N; E[x²] = σ² and
    // Var(x²) = 2σ⁴, so the mean of squares has standard error σ²·√2/√N. Allow 5 standard errors.
    const sigma2 = 2 / fanIn;
    expect(Math.abs(mean)).toBeLessThan((5 * Math.sqrt(sigma2)) / Math.sqrt(N));
    expect(Math.abs(meanSquare - sigma2)).toBeLessThan((5 * sigma2 * Math.SQRT2) / Math.sqrt(N));

    // fanOut does not enter: the same draws for another fanOut.
    const other = new Float32Array(N);
    heNormal(other, fanIn, 7, new Random(5));
    expect(Array.from(other)).toEqual(Array.from(w));
  });
});

describe('glorotNormal and heUniform', () => {
  it('glorotNormal has variance 2 / (fanIn + fanOut)', () => {
    const w = new Float32Array(N);
    glorotNormal(w, fanIn, fanOut, new Random(6));
    const sigma2 = 2 / (fanIn + fanOut);
    // As for heNormal: standard error of the mean of squares σ²·√2/√N; 5 of them.
    expect(Math.abs(stats(w).meanSquare - sigma2)).toBeLessThan((5 * sigma2 * Math.SQRT2) / Math.sqrt(N));
  });

  it('heUniform stays within ±√(6 / fanIn) with variance 2 / fanIn', () => {
    const w = new Float32Array(N);
    heUniform(w, fanIn, fanOut, new Random(7));
    const limit = Math.sqrt(6 / fanIn);
    const { maxAbs, meanSquare } = stats(w);
    expect(maxAbs).toBeLessThanOrEqual(limit);
    // l²/3 = 2/fanIn; standard error l²·√(4/45)/√N as for glorotUniform.
    expect(Math.abs(meanSquare - 2 / fanIn)).toBeLessThan((5 * limit * limit * Math.sqrt(4 / 45)) / Math.sqrt(N));
  });
});

describe('zeros and the registry', () => {
  it('zeros overwrites every value with 0 and draws nothing', () => {
    const w = new Float32Array([1, -2, 3, NaN]);
    const random = new Random(8);
    zeros(w, 2, 2, random);
    expect(Array.from(w)).toEqual([0, 0, 0, 0]);
    expect(random.next()).toBe(new Random(8).next());
  });

  it('initializers maps each name to its function', () => {
    expect(initializers).toEqual({ glorotUniform, glorotNormal, heNormal, heUniform, zeros });
  });
});

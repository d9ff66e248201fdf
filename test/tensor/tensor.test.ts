import { describe, expect, it } from 'vitest';
import { DataError, Random, ShapeError, Tensor, shapeSize } from '../../src/index.js';
import { assertFinite, reuse } from '../../src/tensor/tensor.js';

/** Mean and (population) standard deviation of `data`, in doubles. */
function moments(data: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of data) sum += v;
  const mean = sum / data.length;
  let sq = 0;
  for (const v of data) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / data.length) };
}

describe('Tensor construction', () => {
  it('wraps a Float32Array without copying and records shape, size and rank', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = new Tensor(data, [2, 3]);
    expect(t.data).toBe(data);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(String(t)).toBe('Tensor[2, 3]');
  });

  it('copies a number[] into float32 storage', () => {
    const values = [0.1, 2, 3];
    const t = new Tensor(values, [3]);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([Math.fround(0.1), 2, 3]);
    values[1] = 99;
    expect(t.data[1]).toBe(2);
  });

  it('keeps its own frozen copy of the shape', () => {
    const shape = [2, 2];
    const t = new Tensor(new Float32Array(4), shape);
    shape[0] = 7;
    expect(t.shape).toEqual([2, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('treats [] as a scalar of one element', () => {
    const t = new Tensor([5], []);
    expect(t.size).toBe(1);
    expect(t.rank).toBe(0);
    expect(t.get()).toBe(5);
    expect(t.toArray()).toBe(5);
  });

  it('rejects data whose length does not match the shape', () => {
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(ShapeError);
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow('Tensor: expected 6 values for shape [2, 3], got 5');
    expect(() => new Tensor([1, 2, 3, 4, 5, 6, 7], [2, 3])).toThrow('Tensor: expected 6 values for shape [2, 3], got 7');
  });

  it('rejects zero, negative and fractional dimensions', () => {
    expect(() => new Tensor([], [0])).toThrow(ShapeError);
    expect(() => new Tensor([], [0])).toThrow('Tensor: expected a shape of positive integers, got [0]');
    expect(() => new Tensor([1, 2], [2, -1])).toThrow('Tensor: expected a shape of positive integers, got [2, -1]');
    expect(() => new Tensor([1, 2], [1.5])).toThrow('Tensor: expected a shape of positive integers, got [1.5]');
    expect(() => Tensor.zeros([3, 0])).toThrow('Tensor.zeros: expected a shape of positive integers, got [3, 0]');
  });

  it('rejects a shape that is not an array, and data that is neither Float32Array nor number[]', () => {
    expect(() => new Tensor([1], 1 as unknown as number[])).toThrow(
      'Tensor: expected a shape (an array of positive integers), got 1',
    );
    expect(() => new Tensor('abc' as unknown as number[], [3])).toThrow(TypeError);
    expect(() => new Tensor('abc' as unknown as number[], [3])).toThrow(
      'Tensor: expected data as a Float32Array or number[], got "abc"',
    );
  });

  it('computes shapeSize as the product of the dimensions', () => {
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([7])).toBe(7);
    expect(shapeSize([2, 3, 4])).toBe(24);
  });
});

describe('Tensor.zeros / ones / full', () => {
  it('fills with 0, 1 or the given value', () => {
    const z = Tensor.zeros([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expect(Array.from(z.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(Tensor.ones([4]).data)).toEqual([1, 1, 1, 1]);
    const f = Tensor.full([2, 2], -2.5);
    expect(f.shape).toEqual([2, 2]);
    expect(Array.from(f.data)).toEqual([-2.5, -2.5, -2.5, -2.5]);
  });

  it('rejects bad shapes, naming the factory', () => {
    expect(() => Tensor.ones([-1])).toThrow('Tensor.full: expected a shape of positive integers, got [-1]');
    expect(() => Tensor.full([2.5], 1)).toThrow('Tensor.full: expected a shape of positive integers, got [2.5]');
  });
});

describe('Tensor.from', () => {
  it('reads a scalar, and 1, 2 and 3 dimensions, row-major', () => {
    const s = Tensor.from(3);
    expect(s.shape).toEqual([]);
    expect(Array.from(s.data)).toEqual([3]);

    const v = Tensor.from([1, 2, 3]);
    expect(v.shape).toEqual([3]);
    expect(Array.from(v.data)).toEqual([1, 2, 3]);

    const m = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);

    const c = Tensor.from([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ]);
    expect(c.shape).toEqual([2, 3, 2]);
    // element (i, j, k) at i·6 + j·2 + k
    expect(Array.from(c.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(c.get(1, 2, 0)).toBe(11);
  });

  it('rejects ragged arrays, naming the row that is off', () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => Tensor.from([[1, 2], [3]])).toThrow('Tensor.from: ragged array: expected row [1] to have length 2, got length 1');
    expect(() =>
      Tensor.from([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9, 10],
      ]),
    ).toThrow('Tensor.from: ragged array: expected row [2] to have length 3, got length 4');
    expect(() =>
      Tensor.from([
        [
          [1, 2],
          [3, 4],
        ],
        [[5, 6], [7]],
      ]),
    ).toThrow('Tensor.from: ragged array: expected row [1][1] to have length 2, got length 1');
    // A number where a row should be.
    expect(() => Tensor.from([[1, 2], 3] as unknown as number[][])).toThrow(
      'Tensor.from: ragged array: expected row [1] to have length 2, got 3',
    );
  });

  it('rejects non-numbers, naming where they are', () => {
    expect(() => Tensor.from([[1, 'x']] as unknown as number[][])).toThrow(TypeError);
    expect(() => Tensor.from([[1, 'x']] as unknown as number[][])).toThrow('Tensor.from: expected a number at [0][1], got "x"');
    expect(() => Tensor.from([1, null] as unknown as number[])).toThrow('Tensor.from: expected a number at [1], got null');
    expect(() => Tensor.from([1, [2]] as unknown as number[])).toThrow(
      'Tensor.from: expected a number at [1], got an array of length 1',
    );
  });

  it('rejects empty arrays', () => {
    expect(() => Tensor.from([])).toThrow('Tensor.from: expected non-empty arrays, got an empty array at depth 0');
    expect(() => Tensor.from([[]])).toThrow('Tensor.from: expected non-empty arrays, got an empty array at depth 1');
  });

  it('round-trips through toArray', () => {
    const values = [
      [
        [1, -2],
        [0.5, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ];
    expect(Tensor.from(values).toArray()).toEqual(values);
    expect(Tensor.from([1, 2, 3]).toArray()).toEqual([1, 2, 3]);
  });
});

describe('Tensor.randn and Tensor.uniform', () => {
  // Tolerances for N independent draws: the sample mean has standard error σ/√N, and
  // for a normal sample the sample std has standard error ≈ σ/√(2N). We allow 5
  // standard errors (a chance of about 6e-7 of a false failure for a fresh seed; with
  // a fixed seed the test is deterministic, the bound only says the draws are plausible).
  const N = 20_000;

  it('randn is reproducible with a seeded Random and differs between seeds', () => {
    const a = Tensor.randn([3, 4], new Random(11));
    const b = Tensor.randn([3, 4], new Random(11));
    const c = Tensor.randn([3, 4], new Random(12));
    expect(a.shape).toEqual([3, 4]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it('randn has the requested mean and std', () => {
    const mean = 2, std = 3;
    const m = moments(Tensor.randn([N], new Random(1), mean, std).data);
    expect(Math.abs(m.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(N));
    expect(Math.abs(m.std - std)).toBeLessThan((5 * std) / Math.sqrt(2 * N));
    const standard = moments(Tensor.randn([N], new Random(2)).data);
    expect(Math.abs(standard.mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(standard.std - 1)).toBeLessThan(5 / Math.sqrt(2 * N));
  });

  it('uniform is reproducible and stays in [low, high) with mean (low + high)/2 and std (high − low)/√12', () => {
    const low = -1, high = 3;
    const a = Tensor.uniform([N], new Random(3), low, high);
    const b = Tensor.uniform([N], new Random(3), low, high);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    let min = Infinity, max = -Infinity;
    for (const v of a.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(low);
    expect(max).toBeLessThanOrEqual(high);
    // Uniform on [low, high) of width w: σ = w/√12, and the sample mean has standard error σ/√N.
    // The sample variance has Var(s²) ≈ (μ₄ − σ⁴)/N with μ₄ = w⁴/80 and σ⁴ = w⁴/144, so
    // Var(s²) ≈ (4/5)σ⁴/N; by the delta method s = √(s²) has standard error σ·√(1/5)/√N.
    const sigma = (high - low) / Math.sqrt(12);
    const m = moments(a.data);
    expect(Math.abs(m.mean - (low + high) / 2)).toBeLessThan((5 * sigma) / Math.sqrt(N));
    expect(Math.abs(m.std - sigma)).toBeLessThan((5 * sigma * Math.sqrt(1 / 5)) / Math.sqrt(N));
  });

  it('uniform defaults to [0, 1)', () => {
    const t = Tensor.uniform([1000], new Random(4));
    expect(Math.min(...t.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...t.data)).toBeLessThan(1);
  });
});

describe('Tensor methods', () => {
  it('clone copies the data', () => {
    const t = Tensor.from([1, 2, 3]);
    const c = t.clone();
    c.data[0] = 9;
    expect(t.data[0]).toBe(1);
    expect(c.shape).toEqual([3]);
  });

  it('reshape shares the data under a new shape', () => {
    const t = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const r = t.reshape([3, 2]);
    expect(r.shape).toEqual([3, 2]);
    expect(r.data).toBe(t.data);
    expect(r.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    r.data[5] = 60;
    expect(t.get(1, 2)).toBe(60);
    expect(t.reshape([6]).shape).toEqual([6]);
  });

  it('reshape rejects a different size and bad dimensions', () => {
    const t = Tensor.zeros([2, 3]);
    expect(() => t.reshape([4])).toThrow(ShapeError);
    expect(() => t.reshape([4])).toThrow('Tensor.reshape: expected a shape of 6 elements, got [4]');
    expect(() => t.reshape([6, 0])).toThrow('Tensor.reshape: expected a shape of positive integers, got [6, 0]');
  });

  it('get reads element (i, j) at i·cols + j', () => {
    const t = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.get(0, 0)).toBe(1);
    expect(t.get(0, 2)).toBe(3);
    expect(t.get(1, 0)).toBe(4);
    expect(t.get(1, 2)).toBe(6);
  });

  it('get rejects the wrong number of indices and out-of-range or fractional indices', () => {
    const t = Tensor.zeros([2, 3]);
    expect(() => t.get(1)).toThrow(ShapeError);
    expect(() => t.get(1)).toThrow('Tensor.get: expected 2 indices for shape [2, 3], got 1');
    expect(() => t.get(0, 3)).toThrow(RangeError);
    expect(() => t.get(0, 3)).toThrow('Tensor.get: expected index 1 in [0, 2], got 3');
    expect(() => t.get(-1, 0)).toThrow('Tensor.get: expected index 0 in [0, 1], got -1');
    expect(() => t.get(0.5, 0)).toThrow('Tensor.get: expected index 0 in [0, 1], got 0.5');
  });

  it('toArray returns plain nested numbers', () => {
    const t = new Tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    const a = t.toArray();
    expect(a).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(Array.isArray((a as number[][])[0])).toBe(true);
    // Not a view: changing the tensor leaves the array alone.
    t.data[0] = 100;
    expect((a as number[][])[0][0]).toBe(1);
  });
});

describe('reuse', () => {
  it('returns the same buffer when the shape matches, contents untouched', () => {
    const buffer = Tensor.full([4, 3], 7);
    expect(reuse(buffer, [4, 3])).toBe(buffer);
    expect(buffer.data[0]).toBe(7);
  });

  it('allocates a new zero tensor when the shape differs or there is no buffer', () => {
    const buffer = Tensor.full([4, 3], 7);
    for (const shape of [[5, 3], [4, 2], [12], [4, 3, 1]]) {
      const fresh = reuse(buffer, shape);
      expect(fresh).not.toBe(buffer);
      expect(fresh.shape).toEqual(shape);
      expect(Array.from(fresh.data).every((v) => v === 0)).toBe(true);
    }
    expect(reuse(null, [2]).shape).toEqual([2]);
    expect(reuse(undefined, [2]).shape).toEqual([2]);
  });
});

describe('assertFinite', () => {
  it('accepts finite values', () => {
    expect(() => assertFinite(Tensor.from([0, -1e30, 3.5]), 'Dense(3 → 1)')).not.toThrow();
  });

  it('names the owner, the first bad value and its index', () => {
    expect(() => assertFinite(Tensor.from([1, NaN, Infinity]), 'Dense(3 → 1)')).toThrow(DataError);
    expect(() => assertFinite(Tensor.from([1, NaN, Infinity]), 'Dense(3 → 1)')).toThrow(
      'Dense(3 → 1): expected finite values in input, got NaN at index 1',
    );
    expect(() => assertFinite(Tensor.from([1, 2, -Infinity]), 'fit', 'labels')).toThrow(
      'fit: expected finite values in labels, got -Infinity at index 2',
    );
  });
});

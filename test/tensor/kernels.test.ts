import { describe, expect, it } from 'vitest';
import {
  Random,
  ShapeError,
  Tensor,
  add,
  addRowVector,
  dot,
  gemm,
  matmul,
  matmulTransA,
  matmulTransB,
  mul,
  scale,
  sub,
  sumRows,
} from '../../src/index.js';

/**
 * The naive reference, in double precision: C[i, j] = Σₖ op(A)[i, k]·op(B)[k, j] (+ C₀[i, j]),
 * with op(A) = A stored m×k or, transposed, Aᵀ with A stored k×m; likewise op(B).
 * Also returns S[i, j] = Σₖ |op(A)[i, k]·op(B)[k, j]| (+ |C₀[i, j]|), the magnitude that
 * rounding errors scale with.
 */
function reference(
  a: Float32Array,
  b: Float32Array,
  c0: Float32Array | null,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): { c: Float64Array; magnitude: Float64Array } {
  const c = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 ? c0[i * n + j] : 0;
      let mag = c0 ? Math.abs(c0[i * n + j]) : 0;
      for (let kk = 0; kk < k; kk++) {
        const av = transA ? a[kk * m + i] : a[i * k + kk];
        const bv = transB ? b[j * k + kk] : b[kk * n + j];
        s += av * bv;
        mag += Math.abs(av * bv);
      }
      c[i * n + j] = s;
      magnitude[i * n + j] = mag;
    }
  }
  return { c, magnitude };
}

/**
 * Tolerance: a relative 1e-5 of the magnitude S[i, j] = Σₖ |aᵢₖ bₖⱼ|, which grows
 * with k, so the bound scales with k like the worst-case float32 rounding
 * (k·2⁻²⁴·S ≈ 6e-8·k·S). The kernel in fact sums in doubles and rounds once to float32,
 * so its error is near 2⁻²⁴·|C|; any indexing mistake is off by O(S), far beyond this.
 */
function expectClose(got: Float32Array, want: { c: Float64Array; magnitude: Float64Array }, what: string): void {
  expect(got.length, what).toBe(want.c.length);
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want.c[i]);
    if (!(err <= 1e-5 * want.magnitude[i] + 1e-30)) {
      expect.fail(`${what}: element ${i} is ${got[i]}, expected ${want.c[i]} (error ${err}, magnitude ${want.magnitude[i]})`);
    }
  }
}

function randomData(size: number, random: Random): Float32Array {
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = random.normal();
  return data;
}

type Variant = 'matmul' | 'matmulTransA' | 'matmulTransB';
const products = { matmul, matmulTransA, matmulTransB };

/** Runs one product through the Tensor API and compares it with the reference, with and without accumulate. */
function checkProduct(variant: Variant, m: number, n: number, k: number, random: Random): void {
  const transA = variant === 'matmulTransA';
  const transB = variant === 'matmulTransB';
  const a = new Tensor(randomData(m * k, random), transA ? [k, m] : [m, k]);
  const b = new Tensor(randomData(k * n, random), transB ? [n, k] : [k, n]);
  const what = `${variant} m=${m} n=${n} k=${k}`;

  // Overwrite: start from NaN so that any element left unwritten fails.
  const out = Tensor.full([m, n], NaN);
  expect(products[variant](a, b, out)).toBe(out);
  expectClose(out.data, reference(a.data, b.data, null, m, n, k, transA, transB), what);

  // Accumulate: start from random values, which must be kept and added to.
  const c0 = randomData(m * n, random);
  const acc = new Tensor(c0.slice(), [m, n]);
  products[variant](a, b, acc, { accumulate: true });
  expectClose(acc.data, reference(a.data, b.data, c0, m, n, k, transA, transB), `${what} (accumulate)`);

  // accumulate: false overwrites like the default.
  const over = new Tensor(c0.slice(), [m, n]);
  products[variant](a, b, over, { accumulate: false });
  expectClose(over.data, reference(a.data, b.data, null, m, n, k, transA, transB), `${what} (accumulate: false)`);
}

// Sizes around the 4×4 register tile: 1, odd sizes, non-multiples of 4, and multiples of 4 ± 1.
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 31, 33, 64, 65];
const VARIANTS: Variant[] = ['matmul', 'matmulTransA', 'matmulTransB'];

describe('matrix products against a double-precision reference', () => {
  for (const variant of VARIANTS) {
    it(`${variant}: every m, n, k in 1..6 (every edge-tile combination)`, () => {
      const random = new Random(`${variant}-small`);
      for (let m = 1; m <= 6; m++) for (let n = 1; n <= 6; n++) for (let k = 1; k <= 6; k++) checkProduct(variant, m, n, k, random);
    });

    it(`${variant}: 80 random shapes with m, n, k drawn from {${SIZES.join(', ')}}`, () => {
      const random = new Random(`${variant}-shapes`);
      for (let t = 0; t < 80; t++) {
        const m = SIZES[random.int(SIZES.length)];
        const n = SIZES[random.int(SIZES.length)];
        const k = SIZES[random.int(SIZES.length)];
        checkProduct(variant, m, n, k, random);
      }
    });

    it(`${variant}: larger and lopsided shapes, then small ones again (scratch space grows and is reused)`, () => {
      const random = new Random(`${variant}-large`);
      const shapes: [number, number, number][] = [
        [37, 129, 11],
        [129, 37, 11],
        [11, 37, 129],
        [3, 301, 257],
        [257, 3, 301],
        [70, 70, 1],
        [5, 3, 1500], // k·4 beyond the initial 4096-float scratch for packed A
        [6, 9, 1100],
        [1, 1, 300],
        [2, 3, 5],
        [1, 1, 1],
      ];
      for (const [m, n, k] of shapes) checkProduct(variant, m, n, k, random);
    });
  }

  it('gemm on raw arrays, in all four transpose combinations', () => {
    const random = new Random('gemm');
    for (let t = 0; t < 60; t++) {
      const m = SIZES[random.int(SIZES.length)];
      const n = SIZES[random.int(SIZES.length)];
      const k = SIZES[random.int(SIZES.length)];
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = randomData(m * k, random);
          const b = randomData(k * n, random);
          const what = `gemm m=${m} n=${n} k=${k} transA=${transA} transB=${transB}`;
          const c = new Float32Array(m * n).fill(NaN);
          gemm(a, b, c, m, n, k, transA, transB, false);
          expectClose(c, reference(a, b, null, m, n, k, transA, transB), what);
          const c0 = randomData(m * n, random);
          const acc = c0.slice();
          gemm(a, b, acc, m, n, k, transA, transB, true);
          expectClose(acc, reference(a, b, c0, m, n, k, transA, transB), `${what} (accumulate)`);
        }
      }
    }
  });

  it('gemm writes only the m×n block of a larger output', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]); // 2×3
    const b = new Float32Array([1, 0, 0, 1, 1, 1]); // 3×2
    const c = new Float32Array(6).fill(-7);
    gemm(a, b, c, 2, 2, 3, false, false, false);
    // [1 2 3]·[[1 0] [0 1] [1 1]] = [4 5]; [4 5 6]·… = [10 11]
    expect(Array.from(c)).toEqual([4, 5, 10, 11, -7, -7]);
  });

  it('matmul on a small case worked by hand', () => {
    // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]] = [[19, 22], [43, 50]]
    const a = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    const b = Tensor.from([
      [5, 6],
      [7, 8],
    ]);
    expect(matmul(a, b, Tensor.zeros([2, 2])).toArray()).toEqual([
      [19, 22],
      [43, 50],
    ]);
    // aᵀ·b = [[1, 3], [2, 4]]·b = [[5 + 21, 6 + 24], [10 + 28, 12 + 32]] = [[26, 30], [38, 44]]
    expect(matmulTransA(a, b, Tensor.zeros([2, 2])).toArray()).toEqual([
      [26, 30],
      [38, 44],
    ]);
    // a·bᵀ = a·[[5, 7], [6, 8]] = [[5 + 12, 7 + 16], [15 + 24, 21 + 32]] = [[17, 23], [39, 53]]
    expect(matmulTransB(a, b, Tensor.zeros([2, 2])).toArray()).toEqual([
      [17, 23],
      [39, 53],
    ]);
  });
});

describe('matrix product shape errors', () => {
  it('rejects inner dimensions that do not agree', () => {
    const call = () => matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]), Tensor.zeros([2, 5]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow('matmul: expected inner dimensions to agree, got a [2, 3] and b [4, 5] (3 vs 4)');
    // aᵀ is [2, 3] for a stored [3, 2]: k = 3 against b's 4 rows.
    expect(() => matmulTransA(Tensor.zeros([3, 2]), Tensor.zeros([4, 5]), Tensor.zeros([2, 5]))).toThrow(
      'matmulTransA: expected inner dimensions to agree, got a [3, 2] and b [4, 5] (3 vs 4)',
    );
    // bᵀ is [4, 5] for b stored [5, 4]: k = 3 against bᵀ's 4 rows.
    expect(() => matmulTransB(Tensor.zeros([2, 3]), Tensor.zeros([5, 4]), Tensor.zeros([2, 5]))).toThrow(
      'matmulTransB: expected inner dimensions to agree, got a [2, 3] and b [5, 4] (3 vs 4)',
    );
  });

  it('rejects an out tensor of the wrong shape', () => {
    expect(() => matmul(Tensor.zeros([2, 3]), Tensor.zeros([3, 5]), Tensor.zeros([5, 2]))).toThrow(
      'matmul: expected out shape [2, 5], got [5, 2]',
    );
    expect(() => matmul(Tensor.zeros([2, 3]), Tensor.zeros([3, 5]), Tensor.zeros([10]))).toThrow(
      'matmul: expected out shape [2, 5], got [10]',
    );
    expect(() => matmulTransA(Tensor.zeros([3, 2]), Tensor.zeros([3, 5]), Tensor.zeros([3, 5]))).toThrow(
      'matmulTransA: expected out shape [2, 5], got [3, 5]',
    );
    expect(() => matmulTransB(Tensor.zeros([2, 3]), Tensor.zeros([5, 3]), Tensor.zeros([2, 3]))).toThrow(
      'matmulTransB: expected out shape [2, 5], got [2, 3]',
    );
  });

  it('rejects operands that are not matrices', () => {
    expect(() => matmul(Tensor.zeros([6]), Tensor.zeros([6, 1]), Tensor.zeros([1, 1]))).toThrow(
      'matmul: expected a to be a matrix [rows, columns], got [6]',
    );
    expect(() => matmul(Tensor.zeros([2, 3]), Tensor.zeros([3, 1, 1]), Tensor.zeros([2, 1]))).toThrow(
      'matmul: expected b to be a matrix [rows, columns], got [3, 1, 1]',
    );
  });
});

describe('addRowVector and sumRows', () => {
  it('addRowVector adds v to every row, in place by default', () => {
    const x = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const v = Tensor.from([10, 20, 30]);
    const out = Tensor.zeros([2, 3]);
    expect(addRowVector(x, v, out)).toBe(out);
    expect(out.toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(addRowVector(x, v)).toBe(x);
    expect(x.toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
  });

  it('addRowVector rejects a vector of the wrong length and an out of the wrong size', () => {
    expect(() => addRowVector(Tensor.zeros([2, 3]), Tensor.zeros([2]))).toThrow(ShapeError);
    expect(() => addRowVector(Tensor.zeros([2, 3]), Tensor.zeros([2]))).toThrow(
      'addRowVector: expected a vector of 3 elements, got [2]',
    );
    expect(() => addRowVector(Tensor.zeros([2, 3]), Tensor.zeros([3]), Tensor.zeros([3]))).toThrow(
      'addRowVector: expected out of 6 elements [2, 3], got [3]',
    );
  });

  it('sumRows sums over rows, overwriting or accumulating', () => {
    const x = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const out = Tensor.full([3], 100);
    // Column sums: [1 + 4 + 7, 2 + 5 + 8, 3 + 6 + 9] = [12, 15, 18].
    sumRows(x, out);
    expect(Array.from(out.data)).toEqual([12, 15, 18]);
    sumRows(x, out, { accumulate: true });
    expect(Array.from(out.data)).toEqual([24, 30, 36]);
    sumRows(x, out, { accumulate: false });
    expect(Array.from(out.data)).toEqual([12, 15, 18]);
  });

  it('sumRows rejects an out of the wrong length', () => {
    expect(() => sumRows(Tensor.zeros([4, 3]), Tensor.zeros([4]))).toThrow('sumRows: expected a vector of 3 elements, got [4]');
  });
});

describe('elementwise kernels and dot', () => {
  const a = () => Tensor.from([1, -2, 3, 0.5]);
  const b = () => Tensor.from([4, 5, -6, 2]);

  it('add, sub, mul write into out (a by default)', () => {
    const out = Tensor.zeros([4]);
    expect(add(a(), b(), out)).toBe(out);
    expect(Array.from(out.data)).toEqual([5, 3, -3, 2.5]);
    expect(Array.from(sub(a(), b(), out).data)).toEqual([-3, -7, 9, -1.5]);
    expect(Array.from(mul(a(), b(), out).data)).toEqual([4, -10, -18, 1]);

    const x = a();
    expect(add(x, b())).toBe(x);
    expect(Array.from(x.data)).toEqual([5, 3, -3, 2.5]);
  });

  it('accept out aliasing b', () => {
    const y = b();
    sub(a(), y, y);
    expect(Array.from(y.data)).toEqual([-3, -7, 9, -1.5]);
  });

  it('scale multiplies by a scalar', () => {
    const x = a();
    expect(scale(x, -2)).toBe(x);
    expect(Array.from(x.data)).toEqual([-2, 4, -6, -1]);
    const out = Tensor.zeros([2, 2]);
    scale(a(), 3, out);
    expect(Array.from(out.data)).toEqual([3, -6, 9, 1.5]);
  });

  it('dot sums the products in double precision', () => {
    // 1·4 − 2·5 − 3·6 + 0.5·2 = 4 − 10 − 18 + 1 = −23
    expect(dot(a(), b())).toBe(-23);
    // 2²⁴ + 1 + 1: summed one term at a time in float32, each + 1 rounds back down to 2²⁴
    // (2²⁴ + 1 is not representable); in doubles the sum is exactly 2²⁴ + 2.
    const big = new Tensor(new Float32Array([2 ** 24, 1, 1]), [3]);
    expect(dot(big, Tensor.ones([3]))).toBe(2 ** 24 + 2);
  });

  it('reject operands of different sizes, naming the kernel', () => {
    expect(() => add(Tensor.zeros([4]), Tensor.zeros([3]))).toThrow('add: expected b of 4 elements [4], got [3]');
    expect(() => sub(Tensor.zeros([4]), Tensor.zeros([4]), Tensor.zeros([5]))).toThrow('sub: expected out of 4 elements [4], got [5]');
    expect(() => mul(Tensor.zeros([2, 2]), Tensor.zeros([3]))).toThrow('mul: expected b of 4 elements [2, 2], got [3]');
    expect(() => scale(Tensor.zeros([4]), 2, Tensor.zeros([2]))).toThrow('scale: expected out of 4 elements [4], got [2]');
    expect(() => dot(Tensor.zeros([4]), Tensor.zeros([2]))).toThrow('dot: expected b of 4 elements [4], got [2]');
  });
});

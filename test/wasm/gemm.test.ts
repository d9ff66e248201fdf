// The WebAssembly SIMD gemm against the TypeScript reference kernel (gemmJs), whatever
// backend the suite runs on: property tests on random shapes around the 4×8 tile, every
// form, accumulate on and off; raw arrays larger than the matrices; memory growth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackend, matmul, matmulTransA, matmulTransB, Random, setBackend, Tensor, type Backend } from '../../src/index.js';
import { gemm, gemmJs } from '../../src/tensor/kernels.js';
import { wasmMemoryBytes } from '../../src/wasm/backend.js';

let initial: Backend;
beforeAll(() => {
  initial = getBackend();
  setBackend('wasm');
});
afterAll(() => setBackend(initial));

function randomData(size: number, random: Random): Float32Array {
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = random.normal();
  return data;
}

/** S[i, j] = Σₖ |op(A)[i, k]·op(B)[k, j]| (+ |C₀[i, j]|): the scale float32 rounding errors grow with. */
function magnitude(a: Float32Array, b: Float32Array, c0: Float32Array | null, m: number, n: number, k: number, transA: boolean, transB: boolean): Float64Array {
  const s = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = c0 ? Math.abs(c0[i * n + j]) : 0;
      for (let kk = 0; kk < k; kk++) sum += Math.abs((transA ? a[kk * m + i] : a[i * k + kk]) * (transB ? b[j * k + kk] : b[kk * n + j]));
      s[i * n + j] = sum;
    }
  }
  return s;
}

/** Agreement within 1e-5 relative to S (float32 sums over k terms: the error scales with S, not |C|). */
function expectAgree(got: Float32Array, want: Float32Array, scale: Float64Array, what: string): void {
  for (let i = 0; i < scale.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= 1e-5 * scale[i] + 1e-30)) {
      expect.fail(`${what}: element ${i} is ${got[i]} (wasm), ${want[i]} (js): error ${err}, scale ${scale[i]}`);
    }
  }
}

const forms: [string, boolean, boolean][] = [
  ['A·B', false, false],
  ['Aᵀ·B', true, false],
  ['A·Bᵀ', false, true],
  ['Aᵀ·Bᵀ', true, true],
];

/** wasm gemm vs gemmJs on one shape, overwriting (from NaN) and accumulating. */
function check(m: number, n: number, k: number, transA: boolean, transB: boolean, random: Random, what: string): void {
  const a = randomData(m * k, random);
  const b = randomData(k * n, random);
  const want = new Float32Array(m * n);
  gemmJs(a, b, want, m, n, k, transA, transB, false);
  const got = new Float32Array(m * n).fill(NaN);
  gemm(a, b, got, m, n, k, transA, transB, false);
  expectAgree(got, want, magnitude(a, b, null, m, n, k, transA, transB), what);

  const c0 = randomData(m * n, random);
  const wantAcc = c0.slice();
  gemmJs(a, b, wantAcc, m, n, k, transA, transB, true);
  const gotAcc = c0.slice();
  gemm(a, b, gotAcc, m, n, k, transA, transB, true);
  expectAgree(gotAcc, wantAcc, magnitude(a, b, c0, m, n, k, transA, transB), `${what} (accumulate)`);
}

// 1, odd sizes, and sizes around multiples of the 4-row and 8-column tiles (and of the 4-wide last panel).
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 23, 31, 33, 63, 65, 127];

describe('WebAssembly gemm agrees with the TypeScript gemm', () => {
  it('runs on the wasm backend here', () => {
    expect(getBackend()).toBe('wasm');
  });

  for (const [name, transA, transB] of forms) {
    it(`${name}: every m, n in 1..17 with k in {1, 2, 3, 4, 5, 8, 9}`, () => {
      const random = new Random(`exhaustive ${name}`);
      for (let m = 1; m <= 17; m++) {
        for (let n = 1; n <= 17; n++) {
          for (const k of [1, 2, 3, 4, 5, 8, 9]) check(m, n, k, transA, transB, random, `${name} m=${m} n=${n} k=${k}`);
        }
      }
    });

    it(`${name}: 150 random shapes`, () => {
      const random = new Random(`random ${name}`);
      for (let t = 0; t < 150; t++) {
        const m = SIZES[random.int(SIZES.length)];
        const n = SIZES[random.int(SIZES.length)];
        const k = SIZES[random.int(SIZES.length)];
        check(m, n, k, transA, transB, random, `${name} m=${m} n=${n} k=${k}`);
      }
    });
  }

  it('the benchmark shapes: 128×784 @ 784×128 and 128×128 @ 128×10 in every form, and lopsided ones', () => {
    const random = new Random('dense shapes');
    const shapes: [number, number, number][] = [
      [128, 128, 784],
      [128, 10, 128],
      [10, 128, 128],
      [128, 784, 10],
      [3, 301, 257],
      [257, 3, 301],
      [1, 1, 1500],
    ];
    for (const [m, n, k] of shapes) {
      for (const [name, transA, transB] of forms.slice(0, 3)) check(m, n, k, transA, transB, random, `${name} m=${m} n=${n} k=${k}`);
    }
  });

  it('through matmul, matmulTransA and matmulTransB (the Tensor API that layers call)', () => {
    const random = new Random('tensor api');
    const m = 13, n = 11, k = 29;
    const x = new Tensor(randomData(m * k, random), [m, k]);
    const xt = new Tensor(randomData(k * m, random), [k, m]);
    const y = new Tensor(randomData(k * n, random), [k, n]);
    const yt = new Tensor(randomData(n * k, random), [n, k]);
    const cases: [string, () => Tensor, Float32Array, Float32Array, boolean, boolean][] = [
      ['matmul', () => matmul(x, y, Tensor.zeros([m, n])), x.data, y.data, false, false],
      ['matmulTransA', () => matmulTransA(xt, y, Tensor.zeros([m, n])), xt.data, y.data, true, false],
      ['matmulTransB', () => matmulTransB(x, yt, Tensor.zeros([m, n])), x.data, yt.data, false, true],
    ];
    for (const [name, run, a, b, transA, transB] of cases) {
      const want = new Float32Array(m * n);
      gemmJs(a, b, want, m, n, k, transA, transB, false);
      expectAgree(run().data, want, magnitude(a, b, null, m, n, k, transA, transB), name);
    }
  });

  it('reads only the leading m·k and k·n values and writes only the m×n block of larger arrays', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6, 99, 99]); // 2×3, then values that must be ignored
    const b = new Float32Array([1, 0, 0, 1, 1, 1, 99]); // 3×2
    const c = new Float32Array(6).fill(-7);
    gemm(a, b, c, 2, 2, 3, false, false, false);
    // [1 2 3]·[[1 0] [0 1] [1 1]] = [4 5]; [4 5 6]·… = [10 11]
    expect(Array.from(c)).toEqual([4, 5, 10, 11, -7, -7]);
    gemm(a, b, c, 2, 2, 3, false, false, true);
    expect(Array.from(c)).toEqual([8, 10, 20, 22, -7, -7]);
  });

  it('k = 0 gives zeros (or leaves an accumulated output alone), as the TypeScript gemm does', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    gemm(new Float32Array(0), new Float32Array(0), c, 2, 2, 0, false, false, true);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
    gemm(new Float32Array(0), new Float32Array(0), c, 2, 2, 0, false, false, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
  });

  it('is deterministic: the same product twice gives identical bits', () => {
    const random = new Random('deterministic');
    const a = randomData(37 * 53, random), b = randomData(53 * 29, random);
    const c1 = new Float32Array(37 * 29), c2 = new Float32Array(37 * 29);
    gemm(a, b, c1, 37, 29, 53, false, true, false);
    gemm(a, b, c2, 37, 29, 53, false, true, false);
    expect(c2).toEqual(c1);
  });
});

describe('WebAssembly memory growth', () => {
  it('a product too large for the memory grows it, and smaller ones stay correct after (no stale views)', () => {
    const random = new Random('growth');
    // Small products first: their copy-out views are cached by length.
    check(7, 9, 5, false, false, random, 'small before growth');
    check(7, 9, 5, true, false, random, 'small before growth (Aᵀ·B)');
    const before = wasmMemoryBytes();

    // 1000×1000 by 1000×1000: 4 MB per operand (A, B, C) plus packed B (4 MB on one thread, a
    // tile's worth per thread on several), more than the memory held.
    const size = 1000;
    const a = randomData(size * size, random), b = randomData(size * size, random);
    const c = new Float32Array(size * size).fill(NaN);
    gemm(a, b, c, size, size, size, false, true, false);
    expect(wasmMemoryBytes()).toBeGreaterThan(before);
    expect(wasmMemoryBytes()).toBeGreaterThanOrEqual(3 * 4 * size * size);
    // Spot-check rows and columns against double-precision dot products.
    for (let t = 0; t < 300; t++) {
      const i = random.int(size), j = random.int(size);
      let s = 0, mag = 0;
      for (let kk = 0; kk < size; kk++) {
        s += a[i * size + kk] * b[j * size + kk];
        mag += Math.abs(a[i * size + kk] * b[j * size + kk]);
      }
      expect(Math.abs(c[i * size + j] - s), `c[${i}, ${j}]`).toBeLessThanOrEqual(1e-5 * mag);
    }

    // The same small shapes again (same output lengths as the cached views), then others.
    check(7, 9, 5, false, false, random, 'small after growth');
    check(7, 9, 5, true, false, random, 'small after growth (Aᵀ·B)');
    for (let t = 0; t < 20; t++) {
      check(1 + random.int(40), 1 + random.int(40), 1 + random.int(40), random.next() < 0.5, random.next() < 0.5, random, `after growth #${t}`);
    }
  });
});

/**
 * The kernels against naive references, on arbitrary shapes (edges of the 4×4 tiles
 * included) and values: the three matrix products, with and without accumulate, and
 * the elementwise and row kernels. Products are summed in doubles by the reference and
 * compared within float32 rounding of Σ|a||b|; elementwise kernels must match exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, addRowVector, dot, matmul, matmulTransA, matmulTransB, mul, Random, scale, sub, sumRows, Tensor } from '../../src/index.js';

const runs = { numRuns: 120, seed: 424242 };
const dim = fc.integer({ min: 1, max: 19 });

/** A tensor of `shape` with values spanning magnitudes (seeded), some exact zeros. */
function values(shape: number[], seed: number): Tensor {
  const r = new Random(seed);
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.size; i++) {
    const u = r.next();
    t.data[i] = u < 0.1 ? 0 : r.normal(0, 1) * 10 ** Math.floor(r.next() * 4 - 2);
  }
  return t;
}

/** op(A)[m×k] · op(B)[k×n] in doubles, and Σ|op(A)||op(B)| for the tolerance. */
function naiveProduct(a: Tensor, b: Tensor, m: number, n: number, k: number, transA: boolean, transB: boolean): [Float64Array, Float64Array] {
  const out = new Float64Array(m * n), mag = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, g = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a.data[p * m + i] : a.data[i * k + p];
        const bv = transB ? b.data[j * k + p] : b.data[p * n + j];
        s += av * bv;
        g += Math.abs(av * bv);
      }
      out[i * n + j] = s;
      mag[i * n + j] = g;
    }
  }
  return [out, mag];
}

const products = [
  ['matmul', matmul, false, false],
  ['matmulTransA', matmulTransA, true, false],
  ['matmulTransB', matmulTransB, false, true],
] as const;

describe('matrix products against a naive reference', () => {
  for (const [name, kernel, transA, transB] of products) {
    it(`${name} on any shape, with and without accumulate`, () => {
      fc.assert(
        fc.property(dim, dim, dim, fc.boolean(), fc.nat(), (m, n, k, accumulate, seed) => {
          const a = values(transA ? [k, m] : [m, k], seed);
          const b = values(transB ? [n, k] : [k, n], seed + 1);
          const start = values([m, n], seed + 2);
          const out = start.clone();
          kernel(a, b, out, { accumulate });
          const [ref, mag] = naiveProduct(a, b, m, n, k, transA, transB);
          for (let i = 0; i < m * n; i++) {
            const want = (accumulate ? start.data[i] : 0) + ref[i];
            const tolerance = 1e-5 * (mag[i] + Math.abs(accumulate ? start.data[i] : 0)) + 1e-30;
            if (!(Math.abs(out.data[i] - want) <= tolerance)) {
              throw new Error(`${name} [${m}×${k}]·[${k}×${n}] at ${i}: got ${out.data[i]}, want ${want} ± ${tolerance}`);
            }
          }
        }),
        runs,
      );
    });
  }
});

describe('row and elementwise kernels against naive references', () => {
  const shape = fc.tuple(dim, dim);

  it('addRowVector adds the vector to every row', () => {
    fc.assert(
      fc.property(shape, fc.nat(), ([r, c], seed) => {
        const x = values([r, c], seed), v = values([c], seed + 1);
        const out = addRowVector(x, v, Tensor.zeros([r, c]));
        for (let i = 0; i < r * c; i++) expect(out.data[i]).toBe(Math.fround(x.data[i] + v.data[i % c]));
      }),
      runs,
    );
  });

  it('sumRows sums over rows (and accumulates)', () => {
    fc.assert(
      fc.property(shape, fc.boolean(), fc.nat(), ([r, c], accumulate, seed) => {
        const x = values([r, c], seed), start = values([c], seed + 1);
        const out = sumRows(x, start.clone(), { accumulate });
        for (let j = 0; j < c; j++) {
          let s = accumulate ? start.data[j] : 0, g = Math.abs(s);
          for (let i = 0; i < r; i++) {
            s += x.data[i * c + j];
            g += Math.abs(x.data[i * c + j]);
          }
          expect(Math.abs(out.data[j] - s)).toBeLessThanOrEqual(1e-6 * g + 1e-30);
        }
      }),
      runs,
    );
  });

  it('add, sub, mul and scale are exact float32 operations; dot sums in doubles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.nat(), (n, s, seed) => {
        const a = values([n], seed), b = values([n], seed + 1);
        const sum = add(a, b, Tensor.zeros([n])), diff = sub(a, b, Tensor.zeros([n])), prod = mul(a, b, Tensor.zeros([n]));
        const scaled = scale(a, s, Tensor.zeros([n]));
        let d = 0;
        for (let i = 0; i < n; i++) {
          expect(sum.data[i]).toBe(Math.fround(a.data[i] + b.data[i]));
          expect(diff.data[i]).toBe(Math.fround(a.data[i] - b.data[i]));
          expect(prod.data[i]).toBe(Math.fround(a.data[i] * b.data[i]));
          expect(scaled.data[i]).toBe(Math.fround(s * a.data[i]));
          d += a.data[i] * b.data[i];
        }
        expect(dot(a, b)).toBe(d);
      }),
      runs,
    );
  });
});

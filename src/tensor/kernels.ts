/**
 * Kernels: plain, monomorphic loops over Float32Array that write into a
 * caller-provided output. The matrix products share one packed, register-tiled
 * core, so the transposed forms that backprop needs run as fast as the plain one.
 */
import { ShapeError, formatShape } from '../errors.js';
import { assertTensor, Tensor } from './tensor.js';
import { activeWasm, wasmGemm } from '../wasm/backend.js';

/** Options of the matrix products. */
export interface MatmulOptions {
  /** Add the product to `out` instead of overwriting it (gradients accumulate). */
  accumulate?: boolean;
}

// Scratch space for packed operands, grown on demand and reused: no allocation in steady state.
let packedA = new Float32Array(4 * 1024);
let packedB = new Float32Array(4 * 1024);
const edgeTile = new Float64Array(16);

/**
 * C[m×n] (+)= op(A)[m×k] · op(B)[k×n] on raw row-major arrays, where op(A) is A
 * (stored m×k) or, with `transA`, Aᵀ (A stored k×m); likewise op(B) is B (k×n) or,
 * with `transB`, Bᵀ (B stored n×k).
 *
 * Runs on the backend in use (see `setBackend`): the WebAssembly SIMD kernels, or
 * `gemmJs`, the TypeScript reference.
 *
 * @example
 * // C (2×2) = A (2×3) · Bᵀ, with B stored 2×3 (transB)
 * const c = new Float32Array(4);
 * gemm(new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, 0, 0, 1, 0]), c, 2, 2, 3, false, true, false);
 * c; // [1, 2, 4, 5]
 */
export function gemm(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  const wasm = activeWasm();
  if (wasm !== null && k > 0 && m > 0 && n > 0 && wasmGemm(wasm, a, b, c, m, n, k, transA, transB, accumulate)) return;
  gemmJs(a, b, c, m, n, k, transA, transB, accumulate);
}

/**
 * The TypeScript `gemm`: the reference the WebAssembly kernels are tested against,
 * and the fallback where WebAssembly SIMD is unavailable.
 *
 * B is packed once into 4-column panels `[⌈n/4⌉][k][4]` and A per 4-row block into
 * `[k][4]`, both zero-padded; a 4×4 tile of C is kept in 16 local accumulators.
 */
export function gemmJs(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  if (k === 0) {
    if (!accumulate) c.fill(0, 0, m * n);
    return;
  }
  const panels = (n + 3) >> 2;
  const bLength = panels * k * 4;
  if (packedB.length < bLength) packedB = new Float32Array(bLength);
  if (packedA.length < k * 4) packedA = new Float32Array(k * 4);
  const bp = packedB;
  const ap = packedA;

  // Pack B: bp[(p·k + kk)·4 + jj] = op(B)[kk, 4p + jj].
  for (let p = 0; p < panels; p++) {
    const j0 = p << 2;
    const cols = Math.min(4, n - j0);
    let o = p * k * 4;
    if (cols === 4) {
      if (transB) {
        const r0 = j0 * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
        for (let kk = 0; kk < k; kk++, o += 4) {
          bp[o] = b[r0 + kk]; bp[o + 1] = b[r1 + kk]; bp[o + 2] = b[r2 + kk]; bp[o + 3] = b[r3 + kk];
        }
      } else {
        for (let kk = 0, r = j0; kk < k; kk++, o += 4, r += n) {
          bp[o] = b[r]; bp[o + 1] = b[r + 1]; bp[o + 2] = b[r + 2]; bp[o + 3] = b[r + 3];
        }
      }
    } else {
      for (let kk = 0; kk < k; kk++, o += 4) {
        for (let jj = 0; jj < 4; jj++) {
          bp[o + jj] = jj < cols ? (transB ? b[(j0 + jj) * k + kk] : b[kk * n + j0 + jj]) : 0;
        }
      }
    }
  }

  for (let i0 = 0; i0 < m; i0 += 4) {
    const rows = Math.min(4, m - i0);
    // Pack A: ap[kk·4 + ii] = op(A)[i0 + ii, kk].
    if (rows === 4) {
      if (transA) {
        for (let kk = 0, r = i0, o = 0; kk < k; kk++, r += m, o += 4) {
          ap[o] = a[r]; ap[o + 1] = a[r + 1]; ap[o + 2] = a[r + 2]; ap[o + 3] = a[r + 3];
        }
      } else {
        const r0 = i0 * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
        for (let kk = 0, o = 0; kk < k; kk++, o += 4) {
          ap[o] = a[r0 + kk]; ap[o + 1] = a[r1 + kk]; ap[o + 2] = a[r2 + kk]; ap[o + 3] = a[r3 + kk];
        }
      }
    } else {
      for (let kk = 0, o = 0; kk < k; kk++, o += 4) {
        for (let ii = 0; ii < 4; ii++) {
          ap[o + ii] = ii < rows ? (transA ? a[kk * m + i0 + ii] : a[(i0 + ii) * k + kk]) : 0;
        }
      }
    }

    for (let p = 0; p < panels; p++) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let bo = p * k * 4;
      const end = k * 4;
      for (let ao = 0; ao < end; ao += 4, bo += 4) {
        const a0 = ap[ao], a1 = ap[ao + 1], a2 = ap[ao + 2], a3 = ap[ao + 3];
        const b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const j0 = p << 2;
      const cols = Math.min(4, n - j0);
      if (rows === 4 && cols === 4) {
        const o0 = i0 * n + j0, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
        if (accumulate) {
          c[o0] += c00; c[o0 + 1] += c01; c[o0 + 2] += c02; c[o0 + 3] += c03;
          c[o1] += c10; c[o1 + 1] += c11; c[o1 + 2] += c12; c[o1 + 3] += c13;
          c[o2] += c20; c[o2 + 1] += c21; c[o2 + 2] += c22; c[o2 + 3] += c23;
          c[o3] += c30; c[o3 + 1] += c31; c[o3 + 2] += c32; c[o3 + 3] += c33;
        } else {
          c[o0] = c00; c[o0 + 1] = c01; c[o0 + 2] = c02; c[o0 + 3] = c03;
          c[o1] = c10; c[o1 + 1] = c11; c[o1 + 2] = c12; c[o1 + 3] = c13;
          c[o2] = c20; c[o2 + 1] = c21; c[o2 + 2] = c22; c[o2 + 3] = c23;
          c[o3] = c30; c[o3 + 1] = c31; c[o3 + 2] = c32; c[o3 + 3] = c33;
        }
      } else {
        // Edge tile: write only the rows and columns that exist.
        const tile = edgeTile;
        tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
        tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
        tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
        tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
        for (let ii = 0; ii < rows; ii++) {
          const o = (i0 + ii) * n + j0;
          for (let jj = 0; jj < cols; jj++) {
            c[o + jj] = accumulate ? c[o + jj] + tile[ii * 4 + jj] : tile[ii * 4 + jj];
          }
        }
      }
    }
  }
}

function assertMatrix(t: Tensor, owner: string, name: string): void {
  assertTensor(t, owner, name);
  if (t.rank !== 2) throw new ShapeError(`${owner}: expected ${name} to be a matrix [rows, columns], got ${formatShape(t.shape)}`);
}

// No tuples or destructuring here: this runs several times per training step, which allocates nothing.
function product(
  owner: string,
  a: Tensor,
  b: Tensor,
  out: Tensor,
  transA: boolean,
  transB: boolean,
  options: MatmulOptions | undefined,
): Tensor {
  assertMatrix(a, owner, 'a');
  assertMatrix(b, owner, 'b');
  assertTensor(out, owner, 'out');
  const m = a.shape[transA ? 1 : 0], k = a.shape[transA ? 0 : 1];
  const kb = b.shape[transB ? 1 : 0], n = b.shape[transB ? 0 : 1];
  if (k !== kb) {
    throw new ShapeError(
      `${owner}: expected inner dimensions to agree, got a ${formatShape(a.shape)} and b ${formatShape(b.shape)} (${k} vs ${kb})`,
    );
  }
  if (out.rank !== 2 || out.shape[0] !== m || out.shape[1] !== n) {
    throw new ShapeError(`${owner}: expected out shape ${formatShape([m, n])}, got ${formatShape(out.shape)}`);
  }
  gemm(a.data, b.data, out.data, m, n, k, transA, transB, options?.accumulate === true);
  return out;
}

/**
 * out[m×n] (+)= a[m×k] · b[k×n]: the matrix product, written into `out` (added to it
 * with `{ accumulate: true }`), which it returns.
 * @throws ShapeError when the inner dimensions or the shape of `out` do not fit.
 *
 * @example
 * matmul(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[5], [6]]), Tensor.zeros([2, 1])).data; // [17, 39]
 */
export function matmul(a: Tensor, b: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  return product('matmul', a, b, out, false, false, options);
}

/**
 * out[m×n] (+)= aᵀ · b, with a stored [k×m] and b [k×n] (a Dense weight gradient:
 * gradOutputᵀ · input). Transposes by packing, so it runs as fast as {@link matmul}.
 *
 * @example
 * const a = Tensor.from([[1, 2], [3, 4]]);
 * matmulTransA(a, a, Tensor.zeros([2, 2])).data; // aᵀa = [10, 14, 14, 20]
 */
export function matmulTransA(a: Tensor, b: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  return product('matmulTransA', a, b, out, true, false, options);
}

/**
 * out[m×n] (+)= a · bᵀ, with a stored [m×k] and b [n×k] (a Dense forward: x · Wᵀ with
 * W stored [out, in]).
 *
 * @example
 * const a = Tensor.from([[1, 2], [3, 4]]);
 * matmulTransB(a, a, Tensor.zeros([2, 2])).data; // a·aᵀ = [5, 11, 11, 25]
 */
export function matmulTransB(a: Tensor, b: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  return product('matmulTransB', a, b, out, false, true, options);
}

function sameSize(owner: string, a: Tensor, b: Tensor, what = 'b'): void {
  if (a.size !== b.size) {
    throw new ShapeError(`${owner}: expected ${what} of ${a.size} elements ${formatShape(a.shape)}, got ${formatShape(b.shape)}`);
  }
}

/** The row length of `x` (its last dimension), after checking that `v` holds one row. */
function rowLength(owner: string, x: Tensor, v: Tensor): number {
  const cols = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  if (v.size !== cols) {
    throw new ShapeError(`${owner}: expected a vector of ${cols} elements, got ${formatShape(v.shape)}`);
  }
  return cols;
}

/**
 * out[i, j] = x[i, j] + v[j]: adds the row vector `v` (as many elements as x's last
 * dimension) to every row. `out` defaults to `x` (in place).
 *
 * @example
 * addRowVector(Tensor.from([[1, 2], [3, 4]]), Tensor.from([10, 20])).data; // [11, 22, 13, 24]
 */
export function addRowVector(x: Tensor, v: Tensor, out: Tensor = x): Tensor {
  const cols = rowLength('addRowVector', x, v), rows = x.size / cols;
  sameSize('addRowVector', x, out, 'out');
  const xd = x.data, vd = v.data, od = out.data;
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, o++) od[o] = xd[o] + vd[j];
  }
  return out;
}

/**
 * out[j] (+)= Σᵢ x[i, j]: sums over rows (a bias gradient), into `out` of as many
 * elements as x's last dimension.
 *
 * @example
 * sumRows(Tensor.from([[1, 2], [3, 4]]), Tensor.zeros([2])).data; // [4, 6]
 */
export function sumRows(x: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  const cols = rowLength('sumRows', x, out), rows = x.size / cols;
  const xd = x.data, od = out.data;
  if (!options?.accumulate) od.fill(0);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, o++) od[j] += xd[o];
  }
  return out;
}

/**
 * out = a + b, elementwise, over tensors of the same size. `out` defaults to `a` (in place).
 *
 * @example
 * add(Tensor.from([1, 2]), Tensor.from([3, 4]), Tensor.zeros([2])).data; // [4, 6]
 */
export function add(a: Tensor, b: Tensor, out: Tensor = a): Tensor {
  sameSize('add', a, b);
  sameSize('add', a, out, 'out');
  const ad = a.data, bd = b.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] + bd[i];
  return out;
}

/**
 * out = a − b, elementwise, over tensors of the same size. `out` defaults to `a` (in place).
 *
 * @example
 * sub(Tensor.from([1, 2]), Tensor.from([3, 4]), Tensor.zeros([2])).data; // [-2, -2]
 */
export function sub(a: Tensor, b: Tensor, out: Tensor = a): Tensor {
  sameSize('sub', a, b);
  sameSize('sub', a, out, 'out');
  const ad = a.data, bd = b.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] - bd[i];
  return out;
}

/**
 * out = a ⊙ b, the elementwise product, over tensors of the same size. `out` defaults to `a` (in place).
 *
 * @example
 * mul(Tensor.from([1, 2]), Tensor.from([3, 4]), Tensor.zeros([2])).data; // [3, 8]
 */
export function mul(a: Tensor, b: Tensor, out: Tensor = a): Tensor {
  sameSize('mul', a, b);
  sameSize('mul', a, out, 'out');
  const ad = a.data, bd = b.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] * bd[i];
  return out;
}

/**
 * out = s · a, every element times the number `s`. `out` defaults to `a` (in place).
 *
 * @example
 * scale(Tensor.from([1, 2]), 3, Tensor.zeros([2])).data; // [3, 6]
 */
export function scale(a: Tensor, s: number, out: Tensor = a): Tensor {
  sameSize('scale', a, out, 'out');
  const ad = a.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = s * ad[i];
  return out;
}

/**
 * Σ a ⊙ b over tensors of the same size, summed in double precision.
 *
 * @example
 * dot(Tensor.from([1, 2]), Tensor.from([3, 4])); // 11
 */
export function dot(a: Tensor, b: Tensor): number {
  sameSize('dot', a, b);
  const ad = a.data, bd = b.data;
  let s = 0;
  for (let i = 0; i < ad.length; i++) s += ad[i] * bd[i];
  return s;
}

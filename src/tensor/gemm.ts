/**
 * The matrix product every layer runs on, `gemm`, and its TypeScript kernel, `gemmJs`: B
 * packed once into 4-column panels, A per 4-row block, a 4×4 tile of C in 16 locals. On
 * the WebAssembly backend the product runs in the module (see src/wasm/backend.ts), in
 * blocks when it is very large.
 */
import { activeWasm, wasmGemm } from '../wasm/backend.js';

// Scratch space for packed operands, grown on demand and reused: no allocation in steady state.
let packedA = new Float32Array(4 * 1024);
let packedB = new Float32Array(4 * 1024);

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
  if (wasm !== null && k > 0 && m > 0 && n > 0) {
    if (m * k + k * n + m * n > BLOCK && blockedWasmGemm(a, b, c, m, n, k, transA, transB, accumulate)) return;
    if (wasmGemm(wasm, a, b, c, m, n, k, transA, transB, accumulate)) return;
  }
  gemmJs(a, b, c, m, n, k, transA, transB, accumulate);
}

/**
 * The most float32 values of A, B and C the WebAssembly module holds for one product
 * (64 MiB): a larger product runs in blocks, so the module's memory stays bounded however
 * large a batch `predict` or `fit` is given.
 */
let BLOCK = 2 ** 24;

/** For tests: the block size in float32 values (default 2²⁴); returns the previous one. */
export function setProductBlock(values: number): number {
  const previous = BLOCK;
  BLOCK = values;
  return previous;
}

/**
 * C (+)= op(A)·op(B) in blocks that each fit in {@link BLOCK}: blocks of rows of A and C
 * when A is not transposed (each output element is summed exactly as in one product), or
 * else blocks of the shared dimension k, accumulated in order; each block is a `gemm` of its
 * own, which fits. False when it cannot split (the caller then runs one product).
 */
function blockedWasmGemm(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): boolean {
  if (transA && transB) return false; // Aᵀ·Bᵀ: no form of neurite's needs it
  // Rows of A and C, a multiple of 4 (≤ 0: cannot split), or depths of k.
  const step = transA ? Math.floor((BLOCK - m * n) / (m + n)) : Math.floor((BLOCK - k * n) / (k + n) / 4) * 4;
  if (step < 1) return false;
  const total = transA ? k : m;
  for (let s = 0; s < total; s += step) {
    const h = Math.min(step, total - s);
    if (transA) gemm(a.subarray(s * m, (s + h) * m), b.subarray(s * n, (s + h) * n), c, m, n, h, true, false, accumulate || s > 0);
    else gemm(a.subarray(s * k, (s + h) * k), b, c.subarray(s * n, (s + h) * n), h, n, k, false, transB, accumulate);
  }
  return true;
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
    pack4(bp, p * k * 4, b, transB ? j0 * k : j0, transB ? k : 1, transB ? 1 : n, Math.min(4, n - j0), k);
  }

  for (let i0 = 0; i0 < m; i0 += 4) {
    const rows = Math.min(4, m - i0);
    // Pack A: ap[kk·4 + ii] = op(A)[i0 + ii, kk].
    pack4(ap, 0, a, transA ? i0 : i0 * k, transA ? 1 : k, transA ? m : 1, rows, k);

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
      // Only the rows and columns that exist (fewer in an edge tile).
      const o = i0 * n + j0;
      storeRow(c, o, cols, accumulate, c00, c01, c02, c03);
      if (rows > 1) storeRow(c, o + n, cols, accumulate, c10, c11, c12, c13);
      if (rows > 2) storeRow(c, o + 2 * n, cols, accumulate, c20, c21, c22, c23);
      if (rows > 3) storeRow(c, o + 3 * n, cols, accumulate, c30, c31, c32, c33);
    }
  }
}

/**
 * Packs four lanes of k steps: dst[o + 4·kk + l] = src[base + l·ls + kk·ks] for the first
 * `lanes` lanes, 0 for the others (a partial panel or block).
 */
function pack4(dst: Float32Array, o: number, src: Float32Array, base: number, ls: number, ks: number, lanes: number, k: number): void {
  if (lanes === 4) {
    const l2 = 2 * ls, l3 = 3 * ls;
    for (let kk = 0, r = base; kk < k; kk++, o += 4, r += ks) {
      dst[o] = src[r]; dst[o + 1] = src[r + ls]; dst[o + 2] = src[r + l2]; dst[o + 3] = src[r + l3];
    }
  } else {
    for (let kk = 0; kk < k; kk++, o += 4) {
      for (let l = 0; l < 4; l++) dst[o + l] = l < lanes ? src[base + l * ls + kk * ks] : 0;
    }
  }
}

/** Writes (or adds) the first `cols` of x0…x3 to c from o: a row of a tile (fewer than 4 columns at the right edge). */
function storeRow(c: Float32Array, o: number, cols: number, accumulate: boolean, x0: number, x1: number, x2: number, x3: number): void {
  if (accumulate) {
    c[o] += x0;
    if (cols > 1) c[o + 1] += x1;
    if (cols > 2) c[o + 2] += x2;
    if (cols > 3) c[o + 3] += x3;
  } else {
    c[o] = x0;
    if (cols > 1) c[o + 1] = x1;
    if (cols > 2) c[o + 2] = x2;
    if (cols > 3) c[o + 3] = x3;
  }
}

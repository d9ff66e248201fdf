// WebAssembly SIMD matrix products for neurite, in AssemblyScript.
//
// Compiled by scripts/build-wasm.ts into src/wasm/module.ts (as a string). The module imports its
// memory (shared, so that worker threads run the same code on the same bytes), and the JS
// side (src/wasm/backend.ts) owns the layout: it copies the operands in, calls `gemm` with
// byte addresses (or, on several threads, `packB` once and `gemmTile` per tile on each
// thread: src/wasm/threads.ts), and copies the result out. Nothing here allocates.
//
// C[m×n] (+)= op(A)[m×k] · op(B)[k×n], every matrix row-major, with
//   op(A)[i, kk] = transA ? a[kk·m + i] : a[i·k + kk]
//   op(B)[kk, j] = transB ? b[j·k + kk] : b[kk·n + j].
//
// Technique (see the perf notes): op(B) is packed once per call into 8-column panels
// [⌈n/8⌉][k][8] (a last panel of 1–4 columns is packed 4 wide), op(A) per 4-row block
// into [k][4], both zero-padded. On several threads the caller packs op(B) once and each
// thread computes tiles of C (`gemmTile`), packing its own blocks of op(A). One micro-kernel keeps a 4×8 tile of C in eight f32x4
// accumulators: each k step splats four A values and loads two B vectors. The three
// forms differ only in packing, so the transposed ones run as fast as the plain one.
// One k step per loop iteration: unrolling by hand made binaryen and V8 spill.

/** The first byte past the module's static data: the JS side lays out operands from here. */
export function heapBase(): usize {
  return __heap_base;
}

// Copies `lanes` (≤ width) elements of each of k rows, element (kk, l) read at
// src + 4·(l·ls + kk·ks), to dst + kk·dstStride + 4·l, zero-filling lanes up to `width`.
function packEdge(src: usize, ls: i32, ks: i32, lanes: i32, width: i32, dst: usize, dstStride: i32, k: i32): void {
  for (let kk = 0; kk < k; kk++) {
    const d = dst + <usize>(kk * dstStride);
    for (let l = 0; l < width; l++) {
      store<f32>(d + (<usize>l << 2), l < lanes ? load<f32>(src + (<usize>(l * ls + kk * ks) << 2)) : 0);
    }
  }
}

// Packs four lanes: element (kk, l) at src + 4·(l·ls + kk·ks), for l < 4, to
// dst + kk·dstStride + 4·l. Either the lanes are contiguous (ls = 1: one vector per
// k step) or the k steps are (ks = 1: 4×4 blocks transposed in registers).
function pack4(src: usize, ls: i32, ks: i32, dst: usize, dstStride: i32, k: i32): void {
  if (ls == 1) {
    const step = <usize>ks << 2;
    for (let kk = 0; kk < k; kk++) {
      v128.store(dst, v128.load(src));
      src += step;
      dst += <usize>dstStride;
    }
    return;
  }
  if (ks != 1) {
    packEdge(src, ls, ks, 4, 4, dst, dstStride, k);
    return;
  }
  const rs = <usize>ls << 2;
  const r0 = src, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
  const s = <usize>dstStride;
  let kk = 0;
  for (; kk + 4 <= k; kk += 4) {
    const o = <usize>kk << 2;
    const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o), x3 = v128.load(r3 + o);
    const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
    const t2 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
    const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
    v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
    v128.store(dst + s, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
    v128.store(dst + 2 * s, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
    v128.store(dst + 3 * s, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
    dst += 4 * s;
  }
  for (; kk < k; kk++) {
    const o = <usize>kk << 2;
    store<f32>(dst, load<f32>(r0 + o));
    store<f32>(dst, load<f32>(r1 + o), 4);
    store<f32>(dst, load<f32>(r2 + o), 8);
    store<f32>(dst, load<f32>(r3 + o), 12);
    dst += s;
  }
}

// Writes a tile of C held in `tile` (rows of `width` floats) to its rows × cols part of C.
function storeEdge(tile: usize, width: i32, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    const t = tile + (<usize>(r * width) << 2);
    const o = c + <usize>r * ldc;
    for (let j = 0; j < cols; j++) {
      const q = o + (<usize>j << 2);
      const v = load<f32>(t + (<usize>j << 2));
      store<f32>(q, accumulate ? load<f32>(q) + v : v);
    }
  }
}

// c (+)= one row of a tile, full width: two vectors.
// @ts-ignore: decorator
@inline function storeRow8(q: usize, lo: v128, hi: v128, accumulate: bool): void {
  if (accumulate) {
    lo = f32x4.add(lo, v128.load(q));
    hi = f32x4.add(hi, v128.load(q, 16));
  }
  v128.store(q, lo);
  v128.store(q, hi, 16);
}

// The 4×8 micro-kernel: packed A [k][4] at ap, a packed B panel [k][8] at bp.
function kernel4x8(ap: usize, bp: usize, k: i32, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let kk = 0; kk < k; kk++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  if (rows == 4 && cols == 8) {
    storeRow8(c, c00, c01, accumulate);
    storeRow8(c + ldc, c10, c11, accumulate);
    storeRow8(c + 2 * ldc, c20, c21, accumulate);
    storeRow8(c + 3 * ldc, c30, c31, accumulate);
  } else {
    v128.store(tile, c00); v128.store(tile, c01, 16);
    v128.store(tile, c10, 32); v128.store(tile, c11, 48);
    v128.store(tile, c20, 64); v128.store(tile, c21, 80);
    v128.store(tile, c30, 96); v128.store(tile, c31, 112);
    storeEdge(tile, 8, c, ldc, rows, cols, accumulate);
  }
}

// The 4×4 kernel for a last panel of 1–4 columns: packed B [k][4] at bp.
function kernel4x4(ap: usize, bp: usize, k: i32, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool, tile: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  for (let kk = 0; kk < k; kk++) {
    const b = v128.load(bp);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(ap), b));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(ap, 4), b));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(ap, 8), b));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(ap, 12), b));
    ap += 16;
    bp += 16;
  }
  v128.store(tile, c0); v128.store(tile, c1, 16); v128.store(tile, c2, 32); v128.store(tile, c3, 48);
  storeEdge(tile, 4, c, ldc, rows, cols, accumulate);
}

/**
 * Packs op(B)[k×n] at byte address b into 8-column panels at `packed`: [⌈n/8⌉][k][8], the
 * last panel zero-padded, or [k][4] when it has 1–4 columns; 4·8⌈n/8⌉·k bytes.
 */
export function packB(b: usize, n: i32, k: i32, transB: bool, packed: usize): void {
  const full = n >> 3;
  const rest = n & 7;
  // op(B)[kk, j] sits at b + 4·(j·bls + kk·bks).
  const bls = transB ? k : 1;
  const bks = transB ? 1 : n;
  const panelBytes = <usize>(8 * k) << 2;
  for (let p = 0; p < full; p++) {
    const src = b + (<usize>(p * 8 * bls) << 2);
    const dst = packed + <usize>p * panelBytes;
    pack4(src, bls, bks, dst, 32, k);
    pack4(src + (<usize>(4 * bls) << 2), bls, bks, dst + 16, 32, k);
  }
  const last = b + (<usize>(full * 8 * bls) << 2);
  if (rest > 4) packEdge(last, bls, bks, rest, 8, packed + <usize>full * panelBytes, 32, k);
  else if (rest > 0) packEdge(last, bls, bks, rest, 4, packed + <usize>full * panelBytes, 16, k);
}

/**
 * The tile C[i0:i1, j0:j1] (+)= op(A)[i0:i1, :]·op(B)[:, j0:j1] of C[m×n] (+)= op(A)·op(B),
 * with op(B) packed by `packB` at `packedB`, A and C at byte addresses a and c. j0 is a
 * multiple of 8 (a panel's first column), and j1 one too unless it is n. `work` holds
 * 4·(4k + 32) bytes of scratch (one region per thread): a packed 4-row block of A, a tile of C.
 * k ≥ 1, 0 ≤ i0 < i1 ≤ m, 0 ≤ j0 < j1 ≤ n.
 *
 * Every element of C is summed the same way whatever the tile around it: one f32x4 lane,
 * k products added in order from zero (then added to C when accumulating). So any split of
 * C into tiles, on any number of threads, gives the bits of the whole product on one.
 */
export function gemmTile(
  a: usize, packedB: usize, c: usize, m: i32, n: i32, k: i32, transA: bool, accumulate: bool, work: usize,
  i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  const rest = j1 == n ? n & 7 : 0; // columns in a last, partial panel
  const full = (j1 - j0 - rest) >> 3; // full 8-column panels
  const wide = rest > 4 ? 1 : 0; // a zero-padded 8-wide last panel
  const narrow = rest > 0 && rest <= 4; // a 4-wide last panel
  const cols = j1 - j0;
  const panelBytes = <usize>(8 * k) << 2;
  const panels = packedB + <usize>(j0 >> 3) * panelBytes; // the tile's first panel
  const packedA = work;
  const tile = packedA + (<usize>(4 * k) << 2);

  // op(A)[i, kk] sits at a + 4·(i·als + kk·aks).
  const als = transA ? 1 : k;
  const aks = transA ? m : 1;
  const ldc = <usize>n << 2;
  const c0 = c + (<usize>j0 << 2); // column j0 of C
  const last = full * 8; // the last panel's first column, from j0
  for (let r = i0; r < i1; r += 4) {
    const rows = min(4, i1 - r);
    const src = a + (<usize>(r * als) << 2);
    if (rows == 4) pack4(src, als, aks, packedA, 16, k);
    else packEdge(src, als, aks, rows, 4, packedA, 16, k);
    const cRow = c0 + <usize>r * ldc;
    for (let p = 0; p < full + wide; p++) {
      kernel4x8(packedA, panels + <usize>p * panelBytes, k, cRow + (<usize>(p * 8) << 2), ldc, rows, min(8, cols - p * 8), accumulate, tile);
    }
    if (narrow) kernel4x4(packedA, panels + <usize>full * panelBytes, k, cRow + (<usize>last << 2), ldc, rows, rest, accumulate, tile);
  }
}

/**
 * C[m×n] (+)= op(A)·op(B) at byte addresses a, b, c, on one thread: op(B) packed into
 * `work`, then the whole of C as one tile. `work` holds 4·(8⌈n/8⌉·k + 4k + 32) bytes.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, transA: bool, transB: bool, accumulate: bool, work: usize): void {
  packB(b, n, k, transB, work);
  gemmTile(a, work, c, m, n, k, transA, accumulate, work + (<usize>(((n + 7) >> 3) * 8 * k) << 2), 0, m, 0, n);
}

/**
 * One Adam step on n weights, all float32 arrays at byte addresses, computed exactly as
 * the TypeScript Adam does: in double precision, rounding m, v and the weight to float32
 * as they are stored, so both backends give bit-identical weights.
 *   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g·g;  w ← w − (lr·m)/c₁/(√(v/c₂) + ε)
 */
export function adam(value: usize, grad: usize, m: usize, v: usize, n: i32, lr: f64, beta1: f64, beta2: f64, c1: f64, c2: f64, epsilon: f64): void {
  const b1 = f64x2.splat(beta1), nb1 = f64x2.splat(1 - beta1);
  const b2 = f64x2.splat(beta2), nb2 = f64x2.splat(1 - beta2);
  const l = f64x2.splat(lr), k1 = f64x2.splat(c1), k2 = f64x2.splat(c2), e = f64x2.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const g4 = v128.load(grad + o), m4 = v128.load(m + o), v4 = v128.load(v + o), w4 = v128.load(value + o);
    // Lanes 0–1 and 2–3 in double precision, each pair through the same expressions.
    const gl = f64x2.promote_low_f32x4(g4), gh = f64x2.promote_low_f32x4(v128.shuffle<f32>(g4, g4, 2, 3, 0, 1));
    const ml = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(b1, f64x2.promote_low_f32x4(m4)), f64x2.mul(nb1, gl)));
    const mh = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(b1, f64x2.promote_low_f32x4(v128.shuffle<f32>(m4, m4, 2, 3, 0, 1))), f64x2.mul(nb1, gh)));
    const vl = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(b2, f64x2.promote_low_f32x4(v4)), f64x2.mul(f64x2.mul(nb2, gl), gl)));
    const vh = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(b2, f64x2.promote_low_f32x4(v128.shuffle<f32>(v4, v4, 2, 3, 0, 1))), f64x2.mul(f64x2.mul(nb2, gh), gh)));
    v128.store(m + o, v128.shuffle<f32>(ml, mh, 0, 1, 4, 5));
    v128.store(v + o, v128.shuffle<f32>(vl, vh, 0, 1, 4, 5));
    const sl = f64x2.div(f64x2.div(f64x2.mul(l, f64x2.promote_low_f32x4(ml)), k1), f64x2.add(f64x2.sqrt(f64x2.div(f64x2.promote_low_f32x4(vl), k2)), e));
    const sh = f64x2.div(f64x2.div(f64x2.mul(l, f64x2.promote_low_f32x4(mh)), k1), f64x2.add(f64x2.sqrt(f64x2.div(f64x2.promote_low_f32x4(vh), k2)), e));
    const wl = f32x4.demote_f64x2_zero(f64x2.sub(f64x2.promote_low_f32x4(w4), sl));
    const wh = f32x4.demote_f64x2_zero(f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(w4, w4, 2, 3, 0, 1)), sh));
    v128.store(value + o, v128.shuffle<f32>(wl, wh, 0, 1, 4, 5));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const g = <f64>load<f32>(grad + o);
    const m1 = <f32>(beta1 * <f64>load<f32>(m + o) + (1 - beta1) * g);
    const v1 = <f32>(beta2 * <f64>load<f32>(v + o) + (1 - beta2) * g * g);
    store<f32>(m + o, m1);
    store<f32>(v + o, v1);
    store<f32>(value + o, <f32>(<f64>load<f32>(value + o) - (lr * <f64>m1) / c1 / (Math.sqrt(<f64>v1 / c2) + epsilon)));
  }
}

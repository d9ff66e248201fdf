/**
 * The products and Adam steps that neurite/threads takes on several threads, when the work
 * is large enough to pay for the hand-off (tiles of C, ranges of weights: bit-identical to
 * one thread; see src/wasm/threads.ts). Everything else stays with the core's single-thread
 * path (src/wasm/products.ts). The module's memory and views are reached through
 * `wasmState` only, so that a separate bundle of neurite/threads works on the core's module.
 */
import { align, align64 } from '../align.js';
import { wasmState, type KernelExports, type WasmMemory } from '../instance.js';
import { awaitTask, beginJob, drainJob, finishJob, inputsReady, jobFailed, runProduct, threadsAdvised } from './jobs.js';
import { control, controlF64, ensurePool, getThreads } from './pool.js';
import { layout, maxStreamedTasks } from './worker.js';

// Work too small to pay for the hand-off runs on the calling thread. Measured with
// `npx tsx bench/threshold.ts` (Node 20, 2 vCPUs of an Intel Xeon VM shared with other
// engineers' jobs; one thread and two alternated in 20 ms blocks, 9 blocks each; the three
// runs during which the machine stayed ≥ 98% idle otherwise), two threads' time over one's,
// median (fastest block):
//   product 2·m·n·k          run 1         run 2         run 3
//   64³, 0.5 MFLOP           1.41 (1.42)   2.09 (1.98)   1.12 (1.08)
//   96³, 1.8 MFLOP           0.93 (1.12)   1.89 (1.60)   0.81 (0.80)
//   128×128 @ 128×64, 2.1    1.07 (0.99)   1.78 (1.67)   1.04 (0.96)
//   128³, 4.2 MFLOP          0.88 (0.93)   1.52 (1.47)   0.87 (0.97)
//   32×784 @ 784×128, 6.4    0.97 (0.99)   1.03 (0.89)   0.88 (1.05)
//   128×784 @ 784×128, 25.7  0.70 (0.71)   1.10 (0.82)   0.71 (0.77)
//   Adam, 16,384 weights     1.22 (1.18)   1.24 (1.17)   1.21 (1.13)
//   Adam, 32,768             0.83 (0.91)   1.13 (0.79)   0.84 (0.87)
//   Adam, 65,536             0.76 (0.74)   0.80 (0.75)   0.77 (0.74)
//   Adam, 131,072            0.64 (0.68)   0.69 (0.65)   0.76 (0.69)
// Products break even around 4–6 MFLOP and gain at 25.7 (a Dense layer at batch 128) in
// every run's fastest block; Adam steps gain from 32,768 weights in most runs and from
// 65,536 in all. The thresholds sit at or above the break-even: 6 MFLOP, 65,536 weights. The
// product threshold is below 8.4 MFLOP on purpose: Conv2D multiplies its patches in blocks of
// about 2¹⁶ values (src/layers/conv2d.ts), so a layer with 64 filters runs products of
// 2·227·288·64 = 8.37 MFLOP, which a threshold of 2²³ (8.39) would keep on one thread. (Under
// other jobs' load every size loses: that is the contention back-off's business, in threads/jobs.ts.)
const defaultThresholds = { gemm: 6e6, adam: 2 ** 16 }; // 6 MFLOP (2·m·n·k), 65,536 weights
let gemmThreshold = defaultThresholds.gemm;
let adamThreshold = defaultThresholds.adam;

/**
 * For measurements (bench/threshold.ts): the smallest product (flops) and Adam step (weights)
 * that go to threads; Infinity keeps everything on the calling thread with the workers alive.
 * No argument restores the defaults.
 */
export function setThreadThresholds(thresholds: { gemm?: number; adam?: number } = {}): void {
  gemmThreshold = thresholds.gemm ?? defaultThresholds.gemm;
  adamThreshold = thresholds.adam ?? defaultThresholds.adam;
}

/** Threads for `work` units of work above `threshold`: 1 unless threads can and should run. */
function threadsFor(work: number, threshold: number): number {
  if (work < threshold || wasmState.compiled === null || !threadsAdvised()) return 1;
  return getThreads();
}

// The tiles of the product in the control block's terms, chosen per call by `planTiles`.
let rowChunk = 0, colChunk = 0, colChunks = 0, tasks = 0;

/**
 * Cuts C[m×n] into tiles for `threads` threads. Op(B) is packed once for all of them, and
 * each tile packs its own rows of op(A), as one thread would, so small tiles cost nothing
 * more but a claim: tiles are single 4-row blocks (up to 256 tiles; larger blocks beyond),
 * so that whichever thread finishes last has at most a small tile left. Only when C has
 * fewer than 8 blocks of rows per thread are its columns split too (in multiples of 8),
 * where packing op(A) once per column block costs little.
 */
function planTiles(m: number, n: number, threads: number): void {
  const blocks = Math.ceil(m / 4); // 4-row blocks
  const want = 8 * threads;
  let rows = Math.min(blocks, 256);
  colChunks = rows >= want ? 1 : Math.min(Math.ceil(want / rows), Math.ceil(n / 8));
  colChunk = Math.ceil(n / colChunks / 8) * 8;
  colChunks = Math.ceil(n / colChunk);
  rowChunk = Math.ceil(blocks / rows) * 4;
  rows = Math.ceil(m / rowChunk);
  tasks = rows * colChunks;
}

// What the caller does on several threads while the workers wake up: copy the operands in
// and pack op(B) (a preallocated function and record: a steady training step allocates nothing).
const emptyArray: Float32Array = new Float32Array(0);
const prepared = {
  wasm: null as KernelExports | null,
  a: emptyArray,
  b: emptyArray,
  c: null as Float32Array | null,
  aSize: 0,
  bSize: 0,
  cSize: 0,
  aOffset: 0,
  bOffset: 0,
  cOffset: 0,
  n: 0,
  k: 0,
  transB: 0,
  packed: 0,
};
function prepare(): void {
  const p = prepared;
  wasmState.put(p.a, p.aSize, p.aOffset);
  wasmState.put(p.b, p.bSize, p.bOffset);
  if (p.c !== null) wasmState.put(p.c, p.cSize, p.cOffset);
  (p.wasm as KernelExports).packB(p.bOffset, p.n, p.k, p.transB, p.packed);
  p.a = p.b = emptyArray; // hold no caller's array after the product
  p.c = null;
}

/**
 * C[m×n] (+)= op(A)·op(B) on several threads (tiles of C; bit-identical to one thread), with
 * the contract of `wasmGemm` (src/wasm/products.ts). Returns false, having done nothing,
 * when the product is too small to share, threads cannot run, or the operands do not fit:
 * the core then runs it on the calling thread.
 */
export function threadedGemm(
  wasm: KernelExports,
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
  let threads = threadsFor(2 * m * n * k, gemmThreshold);
  if (threads === 1) return false;
  const cSize = m * n, aSize = m * k, bSize = k * n;
  const cOffset = wasmState.dataBase;
  const aOffset = cOffset + align(cSize * 4);
  const bOffset = aOffset + align(aSize * 4);
  const work = bOffset + align(bSize * 4);
  const packed = 4 * Math.ceil(n / 8) * 8 * k; // bytes of op(B) in panels
  const scratch = align64(4 * (4 * k + 32)); // per thread: a packed 4-row block of op(A), a 4×8 tile of C
  planTiles(m, n, threads);
  threads = Math.min(threads, tasks);
  if (threads < 2 || !ensurePool(wasmState.compiled as object, wasmState.memory as WasmMemory, wasmState.heapBase, getThreads())) return false;
  if (!wasmState.ensure(work + align64(packed) + threads * scratch)) return false; // one thread needs less scratch
  const ctrl = control(wasmState.heap.buffer, wasmState.heapBase), L = layout;
  ctrl[L.a] = aOffset;
  ctrl[L.b] = work; // op(B), packed
  ctrl[L.c] = cOffset;
  ctrl[L.m] = m;
  ctrl[L.n] = n;
  ctrl[L.k] = k;
  ctrl[L.flags] = (transA ? 1 : 0) | (accumulate ? 4 : 0);
  ctrl[L.rowChunk] = rowChunk;
  ctrl[L.colChunk] = colChunk;
  ctrl[L.colChunks] = colChunks;
  ctrl[L.work] = work + align64(packed);
  ctrl[L.stride] = scratch;
  const p = prepared;
  p.wasm = wasm;
  p.a = a;
  p.b = b;
  p.c = accumulate ? c : null;
  p.aSize = aSize;
  p.bSize = bSize;
  p.cSize = cSize;
  p.aOffset = aOffset;
  p.bOffset = bOffset;
  p.cOffset = cOffset;
  p.n = n;
  p.k = k;
  p.transB = transB ? 1 : 0;
  p.packed = work;
  runProduct(wasm, tasks, threads, prepare);
  wasmState.copyOut(c, cSize);
  return true;
}

// Views of [value | m | v] in the module's memory, cut into the job's ranges, by length, and the buffer they view.
const adamChunkViews = new Map<number, Float32Array[][]>();
let chunkViewsOf: ArrayBufferLike | null = null;

// On several threads: views of the caller's arrays, cut into the job's ranges.
const callerChunks = new WeakMap<Float32Array, Float32Array[]>();

/** Weights per Adam task on several threads: at least this many, and at most 64 tasks. */
const adamChunk = 16 * 1024;

/** `x` cut into ranges of `chunk` (views, cached per array: a steady step allocates nothing). */
function rangesOf(x: Float32Array, chunk: number): Float32Array[] {
  let views = callerChunks.get(x);
  if (views === undefined || views[0].length !== Math.min(chunk, x.length) || views.length !== Math.ceil(x.length / chunk)) {
    views = [];
    for (let s = 0; s < x.length; s += chunk) views.push(x.subarray(s, Math.min(x.length, s + chunk)));
    callerChunks.set(x, views);
  }
  return views;
}

/**
 * One Adam step on several threads (see `adam` in assembly/gemm.ts), bit-identical to the
 * TypeScript loop: each range of weights is updated by one thread, while the caller copies
 * the next ranges in and the finished ones out. False, having done nothing, when the arrays
 * are too small to share, threads cannot run, or the arrays do not fit: the core then runs it.
 */
export function threadedAdam(
  wasm: KernelExports,
  value: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  lr: number,
  beta1: number,
  beta2: number,
  c1: number,
  c2: number,
  epsilon: number,
): boolean {
  const n = value.length;
  const threads = threadsFor(n, adamThreshold);
  if (threads === 1) return false;
  const stride = align(n * 4);
  const vo = wasmState.dataBase, go = vo + stride, mo = go + stride, wo = mo + stride, end = wo + stride;
  if (!wasmState.ensure(end)) return false;
  const h = wasmState.heap;
  if (chunkViewsOf !== h.buffer) {
    adamChunkViews.clear(); // the memory grew: views of the old buffer
    chunkViewsOf = h.buffer;
  }
  if (ensurePool(wasmState.compiled as object, wasmState.memory as WasmMemory, wasmState.heapBase, getThreads())) {
    const chunk = Math.max(adamChunk, Math.ceil(n / maxStreamedTasks / 4) * 4);
    const tasks = Math.ceil(n / chunk);
    const ctrl = control(h.buffer, wasmState.heapBase), f64 = controlF64(), L = layout;
    ctrl[L.value] = vo;
    ctrl[L.grad] = go;
    ctrl[L.mean] = mo;
    ctrl[L.variance] = wo;
    ctrl[L.length] = n;
    ctrl[L.chunk] = chunk;
    f64[L.f64] = lr;
    f64[L.f64 + 1] = beta1;
    f64[L.f64 + 2] = beta2;
    f64[L.f64 + 3] = c1;
    f64[L.f64 + 4] = c2;
    f64[L.f64 + 5] = epsilon;
    const values = rangesOf(value, chunk), grads = rangesOf(grad, chunk), ms = rangesOf(m, chunk), vs = rangesOf(v, chunk);
    let out = adamChunkViews.get(n);
    if (out === undefined) {
      if (adamChunkViews.size >= 64) adamChunkViews.clear();
      out = [vo, mo, wo].map((at) => values.map((_, t) => new Float32Array(h.buffer, at + 4 * t * chunk, values[t].length)));
      adamChunkViews.set(n, out);
    }
    // Other threads update the ranges already copied in while the caller copies the next...
    beginJob(1, tasks, threads, 0);
    for (let t = 0; t < tasks; t++) {
      const at = t * chunk;
      h.set(values[t], (vo >> 2) + at);
      h.set(grads[t], (go >> 2) + at);
      h.set(ms[t], (mo >> 2) + at);
      h.set(vs[t], (wo >> 2) + at);
      inputsReady(t + 1);
    }
    drainJob(wasm);
    // ...and the caller copies each range out as soon as it is done.
    for (let t = 0; t < tasks; t++) {
      awaitTask('Adam', t);
      if (jobFailed()) break; // finishJob throws it
      values[t].set(out[0][t]);
      ms[t].set(out[1][t]);
      vs[t].set(out[2][t]);
    }
    finishJob('Adam');
    return true;
  }
  return false;
}

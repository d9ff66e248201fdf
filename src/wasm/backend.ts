/**
 * The kernel backends: the TypeScript kernels (`'js'`, the reference, one thread) and
 * WebAssembly SIMD128 kernels compiled from AssemblyScript (`'wasm'`, assembly/ at the repo
 * root), which run large products and Adam steps on several threads where they can
 * (src/wasm/threads.ts, `setThreads`).
 *
 * By default neurite uses `'wasm'` where `WebAssembly` exists and validates a tiny SIMD
 * module (Node ≥ 20, current browsers), else `'js'`. The module is embedded as hex text
 * (src/wasm/module.ts) and compiled synchronously on first use; it stays under 4 KB, the
 * size up to which every browser allows synchronous compilation on the main thread.
 *
 * Memory: each product copies its operands into the module's memory and the result out.
 * Measured against operands already resident there, the copies cost 2–5% at 128×784 @ 784×128,
 * 7–9% at 128×128 @ 128×10 and 2–3% at 512³; in exchange tensors stay plain Float32Arrays,
 * which no `memory.grow` can detach. The layout at the module's heap base is
 * [control block | C | A | B | packed op(B) | scratch per thread], with C first so that the view used to
 * copy it out depends only on its length; those views are cached, and every view is
 * re-created after `memory.grow`, so a steady training step allocates nothing.
 *
 * The memory is created here and imported by the module: shared (a SharedArrayBuffer
 * underneath) where worker threads can run, so that every worker instantiates the same
 * module on the same bytes; not shared elsewhere (the module's one import flag patched).
 */
import { wasmMemoryFlagsOffset, wasmModuleHex } from './module.js';
import {
  awaitTask,
  beginJob,
  control,
  controlF64,
  drainJob,
  ensurePool,
  finishJob,
  inputsReady,
  jobFailed,
  maxStreamedTasks,
  getThreads,
  layout,
  noteNoSharedMemory,
  runProduct,
  threadsFailure,
  threadsPossible,
  threadsAdvised,
  threadsReady,
  threadsUnavailable,
} from './threads.js';

/** The kernel implementations neurite can run on. */
export type Backend = 'js' | 'wasm';

// The parts of the WebAssembly JS API used here, typed locally: the library compiles against
// lib ES2022 alone (no DOM), and reaches WebAssembly through globalThis so that a runtime
// without it simply falls back.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  heapBase(): number;
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, transB: number, accumulate: number, work: number): void;
  packB(b: number, n: number, k: number, transB: number, packed: number): void;
  gemmTile(
    a: number, packedB: number, c: number, m: number, n: number, k: number, transA: number, accumulate: number, work: number,
    i0: number, i1: number, j0: number, j1: number,
  ): void;
  adam(value: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, c1: number, c2: number, epsilon: number): void;
}

// The smallest module that needs SIMD128: one function returning i8x16.popcnt(i8x16.splat(0)).
// (popcnt came last into the standard, so prototype SIMD implementations reject it.)
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let simulateUnavailable = false;
let supported: boolean | null = null;
let chosen: Backend | null = null; // null until first asked: then the default
let kernels: KernelExports | null = null; // set while the backend is 'wasm'
let instance: KernelExports | null = null; // the instantiated module, kept across switches
let compiled: object | null = null; // its WebAssembly.Module, which the workers instantiate too
let memory: WasmMemory | null = null; // its memory (shared where threads can run)
let maxBytes = 2 ** 32 - 2 ** 16; // a 32-bit memory's last page stays unused: offsets fit in u32

// Views of the module's memory, re-created whenever memory.buffer changes (memory.grow).
let heap = new Float32Array(0);
let heapBase = 0; // the control block of the threads (src/wasm/threads.ts), 2 KB
let dataBase = 0; // operands from here
// Views of the C region [heapBase, heapBase + 4·length), by length: copies the result out without allocating.
const outViews = new Map<number, Float32Array>();

/** Whether this runtime can run the WebAssembly SIMD kernels. */
export function wasmSimdSupported(): boolean {
  if (simulateUnavailable) return false;
  if (supported === null) {
    try {
      const api = wasmApi();
      supported = typeof api === 'object' && typeof api.validate === 'function' && api.validate(simdProbe);
    } catch {
      supported = false;
    }
  }
  return supported;
}

function instantiate(): KernelExports {
  if (instance) return instance;
  const bytes = new Uint8Array(wasmModuleHex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(wasmModuleHex.slice(2 * i, 2 * i + 2), 16);
  const api = wasmApi() as WasmApi;
  const mem = createMemory(api);
  bytes[wasmMemoryFlagsOffset] = mem.shared ? 3 : 1; // limits with a maximum, shared or not
  // The module imports only its memory: no allocator, no runtime (--runtime stub), no assertions (--noAssert).
  const module = new api.Module(bytes);
  const exports = new api.Instance(module, { env: { memory: mem.memory } }).exports as KernelExports;
  instance = exports;
  compiled = module;
  memory = mem.memory;
  maxBytes = Math.min(2 ** 32 - 2 ** 16, (mem.pages - 1) * 65536);
  heapBase = (exports.heapBase() + 63) & ~63;
  dataBase = heapBase + 4 * layout.size;
  refreshViews(mem.memory);
  if (mem.shared) control(mem.memory.buffer, heapBase);
  return exports;
}

/** The module's memory: shared (up to 4 GiB, else 1 GiB) where threads can run, else not shared. */
function createMemory(api: WasmApi): { memory: WasmMemory; shared: boolean; pages: number } {
  if (threadsPossible()) {
    let reason = '';
    for (const pages of [65536, 16384]) {
      try {
        return { memory: new api.Memory({ initial: 1, maximum: pages, shared: true }), shared: true, pages };
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error); // e.g. no address space for 4 GiB
      }
    }
    noteNoSharedMemory(reason);
  }
  return { memory: new api.Memory({ initial: 1, maximum: 65536 }), shared: false, pages: 65536 };
}

function refreshViews(memory: WasmMemory): void {
  heap = new Float32Array(memory.buffer);
  outViews.clear();
  adamViews.clear();
  adamChunkViews.clear();
}

/**
 * Chooses the kernels every matrix product runs on: `'wasm'` (WebAssembly SIMD) or
 * `'js'` (the TypeScript reference kernels). Results agree to float32 rounding; within
 * one backend they are deterministic.
 * @throws Error when `'wasm'` is asked for where WebAssembly SIMD is unavailable.
 *
 * @example
 * setBackend('js');   // the TypeScript kernels, e.g. to compare against
 * setBackend('wasm'); // back to WebAssembly SIMD
 */
export function setBackend(name: Backend): void {
  if (name === 'js') {
    chosen = 'js';
    kernels = null;
  } else if (name === 'wasm') {
    if (!wasmSimdSupported()) {
      throw new Error("setBackend: expected a runtime with WebAssembly SIMD for 'wasm', got none (use 'js')");
    }
    try {
      kernels = instantiate();
    } catch (error) {
      // e.g. a content security policy without 'wasm-unsafe-eval'
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`setBackend: could not compile the WebAssembly kernels (${reason}); use 'js'`, { cause: error });
    }
    chosen = 'wasm';
  } else {
    throw new RangeError(`setBackend: expected 'js' or 'wasm', got ${JSON.stringify(name)}`);
  }
}

/**
 * The backend in use: `'wasm'` by default where WebAssembly SIMD is available, else `'js'`.
 *
 * @example
 * getBackend(); // 'wasm' in Node 20 and current browsers
 */
export function getBackend(): Backend {
  if (chosen === null) chooseDefault();
  return chosen as Backend;
}

function chooseDefault(): void {
  chosen = 'js';
  if (!wasmSimdSupported()) return;
  try {
    kernels = instantiate();
    chosen = 'wasm';
  } catch {
    kernels = null; // e.g. a content security policy without 'wasm-unsafe-eval': stay on 'js'
  }
}

/** The WebAssembly kernels when they are the backend in use, else null (cheap: called per product). */
export function activeWasm(): KernelExports | null {
  if (chosen === null) chooseDefault();
  return kernels;
}

/**
 * For tests: behave as if this runtime had no WebAssembly SIMD (`true`), or restore the
 * real detection (`false`). Either way the backend goes back to its default.
 */
export function simulateNoWasmSimd(flag: boolean): void {
  simulateUnavailable = flag;
  chosen = null;
  kernels = null;
}

/** The size of the module's memory in bytes, 0 before it is instantiated (for tests of memory growth). */
export function wasmMemoryBytes(): number {
  return memory ? memory.buffer.byteLength : 0;
}

/** What {@link getBackendInfo} reports. */
export interface BackendInfo {
  /** The backend in use (see {@link setBackend}). */
  backend: Backend;
  /**
   * Threads large matrix products and Adam steps may run on: {@link getThreads} on `'wasm'`;
   * 1 on `'js'`, which is single-threaded. (Small products always run on the calling
   * thread, and so do all of them for a while when busy cores make threads a loss.)
   */
  threads: number;
  /** Whether this runtime can run the WebAssembly SIMD kernels. */
  simd: boolean;
  /** Why the products run on one thread, when they do (e.g. a page that is not cross-origin isolated). */
  reason?: string;
}

/**
 * The kernels in use: the backend, how many threads its products run on, whether
 * WebAssembly SIMD is available here, and, when there is a single thread, why.
 *
 * Threads need the `'wasm'` backend and `SharedArrayBuffer`: Node 20.16 or later, or a
 * page served cross-origin isolated (the headers `Cross-Origin-Opener-Policy: same-origin`
 * and `Cross-Origin-Embedder-Policy: require-corp`). The `'js'` backend always runs on one thread.
 *
 * @example
 * getBackendInfo(); // { backend: 'wasm', threads: 2, simd: true } in Node on 2 cores
 * // in a page without COOP/COEP headers:
 * // { backend: 'wasm', threads: 1, simd: true, reason: 'the page is not cross-origin isolated (…)' }
 */
export function getBackendInfo(): BackendInfo {
  const backend = getBackend();
  const simd = wasmSimdSupported();
  if (backend === 'js') return { backend, threads: 1, simd, reason: "the 'js' backend runs on one thread" };
  instantiate(); // the memory decides: shared or not
  const threads = getThreads();
  const reason = threads === 1 ? threadsUnavailable() : threadsFailure();
  return reason === null ? { backend, threads, simd } : { backend, threads, simd, reason };
}

/**
 * Starts the worker threads now rather than at the first large product, and resolves
 * once every worker runs: true, or false where products run on one thread. For tests
 * and benchmarks, which need the workers up before they measure or compare.
 */
export async function startThreads(): Promise<boolean> {
  if (!wasmSimdSupported()) return false;
  instantiate();
  if (getThreads() === 1 || compiled === null || memory === null || !ensurePool(compiled, memory, heapBase, getThreads())) return false;
  return threadsReady();
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;
const align64 = (bytes: number): number => Math.ceil(bytes / 64) * 64; // a cache line: no false sharing between threads

/**
 * Grows the memory to at least `end` bytes, re-creating the views whenever the buffer
 * changed. False when the memory cannot hold that much: the caller runs the TypeScript kernel.
 */
function ensure(memory: WasmMemory | null, end: number): boolean {
  if (memory === null) return false;
  if (heap.length === 0 || heap.buffer !== memory.buffer) refreshViews(memory); // grown elsewhere
  if (memory.buffer.byteLength < end) {
    if (end > maxBytes) return false;
    try {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
    } catch {
      return false; // RangeError: the engine refused the pages
    }
    refreshViews(memory);
  }
  return true;
}

/** Copies the first `length` values of `x` to byte `offset` (a subarray only for arrays longer than the matrix). */
function put(x: Float32Array, length: number, offset: number): void {
  heap.set(x.length === length ? x : x.subarray(0, length), offset / 4);
}

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
// 65,536 in all. The thresholds sit above the break-even: 8.4 MFLOP, 65,536 weights. (Under
// other jobs' load every size loses: that is the contention back-off's business, in threads.ts.)
const defaultThresholds = { gemm: 2 ** 23, adam: 2 ** 16 }; // 8.4 MFLOP (2·m·n·k), 65,536 weights
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
  if (work < threshold || compiled === null || !threadsAdvised()) return 1;
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
  put(p.a, p.aSize, p.aOffset);
  put(p.b, p.bSize, p.bOffset);
  if (p.c !== null) put(p.c, p.cSize, p.cOffset);
  (p.wasm as KernelExports).packB(p.bOffset, p.n, p.k, p.transB, p.packed);
  p.a = p.b = emptyArray; // hold no caller's array after the product
  p.c = null;
}

/**
 * C[m×n] (+)= op(A)·op(B) on the WebAssembly kernels, with the same contract as `gemm`
 * (k ≥ 1, m ≥ 1, n ≥ 1 here; the caller handles the empty cases), on several threads when
 * the product is large enough (tiles of C; bit-identical to one thread). Returns false,
 * having done nothing, when the operands do not fit in a 32-bit memory.
 */
export function wasmGemm(
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
  const cSize = m * n, aSize = m * k, bSize = k * n;
  const cOffset = dataBase;
  const aOffset = cOffset + align(cSize * 4);
  const bOffset = aOffset + align(aSize * 4);
  const work = bOffset + align(bSize * 4);
  let threads = threadsFor(2 * m * n * k, gemmThreshold);
  const packed = 4 * Math.ceil(n / 8) * 8 * k; // bytes of op(B) in panels
  const scratch = align64(4 * (4 * k + 32)); // per thread: a packed 4-row block of op(A), a 4×8 tile of C
  if (threads > 1) {
    planTiles(m, n, threads);
    threads = Math.min(threads, tasks);
    if (threads < 2 || !ensurePool(compiled as object, memory as WasmMemory, heapBase, getThreads())) threads = 1;
  }
  const end = work + align64(packed) + threads * scratch;
  if (!ensure(memory, end)) {
    if (threads === 1 || !ensure(memory, work + align64(packed) + scratch)) return false;
    threads = 1; // less scratch on one thread
  }
  if (threads > 1) {
    const ctrl = control(heap.buffer, heapBase), L = layout;
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
  } else {
    put(a, aSize, aOffset);
    put(b, bSize, bOffset);
    if (accumulate) put(c, cSize, cOffset);
    wasm.gemm(aOffset, bOffset, cOffset, m, n, k, transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0, work);
  }
  let out = outViews.get(cSize);
  if (out === undefined) {
    if (outViews.size >= 64) outViews.clear();
    out = new Float32Array(heap.buffer, cOffset, cSize);
    outViews.set(cSize, out);
  }
  c.set(out);
  return true;
}

// Views of [value | m | v] at the heap base, by length (the arrays an Adam step copies out).
const adamViews = new Map<number, Float32Array[]>();
// On several threads: views of the same, and of the caller's arrays, cut into the job's ranges.
const adamChunkViews = new Map<number, Float32Array[][]>();
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
 * One Adam step on the WebAssembly kernels (see `adam` in assembly/gemm.ts), bit-identical
 * to the TypeScript loop, on several threads for large arrays: each range of weights is
 * updated by one thread, while the caller copies the next ranges in and the finished ones
 * out. False, having done nothing, when the arrays do not fit in memory.
 */
export function wasmAdam(
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
  const stride = align(n * 4);
  const vo = dataBase, go = vo + stride, mo = go + stride, wo = mo + stride, end = wo + stride;
  if (!ensure(memory, end)) return false;
  const h = heap;
  const threads = threadsFor(n, adamThreshold);
  if (threads > 1 && ensurePool(compiled as object, memory as WasmMemory, heapBase, getThreads())) {
    const chunk = Math.max(adamChunk, Math.ceil(n / maxStreamedTasks / 4) * 4);
    const tasks = Math.ceil(n / chunk);
    const ctrl = control(h.buffer, heapBase), f64 = controlF64(), L = layout;
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
  h.set(value, vo / 4);
  h.set(grad, go / 4);
  h.set(m, mo / 4);
  h.set(v, wo / 4);
  wasm.adam(vo, go, mo, wo, n, lr, beta1, beta2, c1, c2, epsilon);
  let views = adamViews.get(n);
  if (views === undefined) {
    if (adamViews.size >= 64) adamViews.clear();
    views = [new Float32Array(h.buffer, vo, n), new Float32Array(h.buffer, mo, n), new Float32Array(h.buffer, wo, n)];
    adamViews.set(n, views);
  }
  value.set(views[0]);
  m.set(views[1]);
  v.set(views[2]);
  return true;
}

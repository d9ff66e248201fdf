/**
 * The kernel backends: the TypeScript kernels (`'js'`, the reference) and WebAssembly
 * SIMD128 kernels compiled from AssemblyScript (`'wasm'`, assembly/ at the repo root).
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
 * [C | A | B | scratch], with C first so that the view used to copy it out depends only on
 * its length; those views are cached, and every view is re-created after `memory.grow`,
 * so a steady training step allocates nothing.
 */
import { wasmModuleHex } from './module.js';

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
}
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, transB: number, accumulate: number, work: number): void;
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

// Views of the module's memory, re-created whenever memory.buffer changes (memory.grow).
let heap = new Float32Array(0);
let heapBase = 0;
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
  // The module imports nothing: no allocator, no runtime (--runtime stub), no assertions (--noAssert).
  instance = new api.Instance(new api.Module(bytes), {}).exports as KernelExports;
  heapBase = (instance.heapBase() + 15) & ~15;
  refreshViews(instance.memory);
  return instance;
}

function refreshViews(memory: WasmMemory): void {
  heap = new Float32Array(memory.buffer);
  outViews.clear();
  adamViews.clear();
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
  return instance ? instance.memory.buffer.byteLength : 0;
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;
const maxBytes = 2 ** 32 - 2 ** 16; // a 32-bit memory's last page stays unused: offsets fit in u32

/**
 * Grows the memory to at least `end` bytes, re-creating the views whenever the buffer
 * changed. False when the memory cannot hold that much: the caller runs the TypeScript kernel.
 */
function ensure(memory: WasmMemory, end: number): boolean {
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

/**
 * C[m×n] (+)= op(A)·op(B) on the WebAssembly kernels, with the same contract as `gemm`
 * (k ≥ 1, m ≥ 1, n ≥ 1 here; the caller handles the empty cases). Returns false, having
 * done nothing, when the operands do not fit in a 32-bit memory.
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
  const cOffset = heapBase;
  const aOffset = cOffset + align(cSize * 4);
  const bOffset = aOffset + align(aSize * 4);
  const work = bOffset + align(bSize * 4);
  // Scratch of the kernels: B packed in 8-column panels, one packed 4-row block of A, a 4×8 tile.
  const end = work + 4 * (Math.ceil(n / 8) * 8 * k + 4 * k + 32);
  if (!ensure(wasm.memory, end)) return false;
  put(a, aSize, aOffset);
  put(b, bSize, bOffset);
  if (accumulate) put(c, cSize, cOffset);
  wasm.gemm(aOffset, bOffset, cOffset, m, n, k, transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0, work);
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

/**
 * One Adam step on the WebAssembly kernels (see `adam` in assembly/gemm.ts), bit-identical
 * to the TypeScript loop. False, having done nothing, when the arrays do not fit in memory.
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
  const vo = heapBase, go = vo + stride, mo = go + stride, wo = mo + stride, end = wo + stride;
  if (!ensure(wasm.memory, end)) return false;
  const h = heap;
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

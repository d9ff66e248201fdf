/**
 * The WebAssembly module, instantiated once and kept across backend switches (and again on a
 * shared memory when neurite/threads is turned on after it ran): its memory (not shared,
 * unless neurite/threads' hook gives a shared one, so that every worker instantiates the same
 * module on the same bytes), the views the
 * products copy through (re-created after `memory.grow`), and the layout at its heap base:
 * [control block of the threads | operands …] (see src/wasm/backend.ts).
 */
import { wasmModuleKey, wasmModuleText } from './module.js';

// The parts of the WebAssembly JS API used here, typed locally: the library compiles against
// lib ES2022 alone (no DOM), and reaches WebAssembly through globalThis so that a runtime
// without it simply falls back.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
}
export const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

export interface KernelExports {
  heapBase(): number;
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, transA: number, transB: number, accumulate: number, work: number): void;
  packB(b: number, n: number, k: number, transB: number, packed: number): void;
  gemmTile(
    a: number, packedB: number, c: number, m: number, n: number, k: number, transA: number, accumulate: number, work: number,
    i0: number, i1: number, j0: number, j1: number,
  ): void;
  adam(value: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, c1: number, c2: number, epsilon: number): void;
}

/**
 * What neurite/threads installs (src/wasm/threads/hook.ts): products and Adam steps on
 * worker threads. Null by default: everything runs on the calling thread.
 */
export interface ThreadsHook {
  /**
   * A shared memory for the module where threads can run (up to 4 GiB, else 1 GiB; it sets
   * `wasmState.maxBytes` and marks the module's memory import shared in `bytes`), else null.
   */
  memory(api: WasmApi, bytes: Uint8Array): WasmMemory | null;
  /** Runs the product on threads and returns true, or returns false having done nothing. */
  gemm(wasm: KernelExports, a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean): boolean;
  /** Runs the Adam step on threads and returns true, or returns false having done nothing. */
  adam(wasm: KernelExports, value: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, c1: number, c2: number, epsilon: number): boolean;
  /** The thread count, and why it is 1 (or a worker's failure), else null. */
  info(): { threads: number; reason: string | null };
}

/** Bytes at the heap base kept for the threads' control block (512 Int32s; src/wasm/threads/worker.ts). */
export const controlBytes = 2048;

/**
 * The instantiated module and its memory (null before `instantiate`), the views of that
 * memory, and what neurite/threads needs of them (it reaches them through this one object,
 * which the main entry exports for it, so that a separate bundle of neurite/threads works on
 * the same module: dist/threads.browser.min.js).
 * @internal
 */
export const wasmState = {
  threads: null as ThreadsHook | null, // neurite/threads' hook
  instantiate,
  ensure,
  put,
  copyOut,
  // Views of the C region [dataBase, dataBase + 4·length), by length: copies the result out without allocating.
  outViews: new Map<number, Float32Array>(),
  instance: null as KernelExports | null, // kept across switches
  compiled: null as object | null, // its WebAssembly.Module, which the workers instantiate too
  memory: null as WasmMemory | null, // shared where threads can run
  maxBytes: 2 ** 32 - 2 ** 16, // a 32-bit memory's last page stays unused: offsets fit in u32 (a shared one of 1 GiB: its last page)
  // Views of the module's memory, re-created whenever memory.buffer changes (memory.grow).
  heap: new Float32Array(0),
  heapBase: 0, // the control block of the threads (src/wasm/threads.ts), 2 KB
  dataBase: 0, // operands from here
};

const { outViews } = wasmState;
// Views of [value | m | v] at the data base, by length (the arrays an Adam step copies out).
export const adamViews = new Map<number, Float32Array[]>();

/** The module, instantiated on first use. */
export function instantiate(): KernelExports {
  if (wasmState.instance) return wasmState.instance;
  const bytes = Uint8Array.from(wasmModuleText, (c) => c.charCodeAt(0) ^ wasmModuleKey);
  const api = wasmApi() as WasmApi;
  // Not shared, unless neurite/threads' hook gives a shared one (the module's one import flag patched).
  const memory = wasmState.threads?.memory(api, bytes) ?? new api.Memory({ initial: 1, maximum: 65536 });
  // The module imports only its memory: no allocator, no runtime (--runtime stub), no assertions (--noAssert).
  const module = new api.Module(bytes);
  const exports = new api.Instance(module, { env: { memory } }).exports as KernelExports;
  wasmState.instance = exports;
  wasmState.compiled = module;
  wasmState.memory = memory;
  wasmState.heapBase = (exports.heapBase() + 63) & ~63;
  wasmState.dataBase = wasmState.heapBase + controlBytes;
  refreshViews(memory);
  return exports;
}

function refreshViews(memory: WasmMemory): void {
  wasmState.heap = new Float32Array(memory.buffer);
  outViews.clear();
  adamViews.clear();
}

/**
 * Grows the memory to at least `end` bytes, re-creating the views whenever the buffer
 * changed. False when the memory cannot hold that much: the caller runs the TypeScript kernel.
 */
export function ensure(end: number): boolean {
  const memory = wasmState.memory;
  if (memory === null) return false;
  if (wasmState.heap.length === 0 || wasmState.heap.buffer !== memory.buffer) refreshViews(memory); // grown elsewhere
  if (memory.buffer.byteLength < end) {
    if (end > wasmState.maxBytes) return false;
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
export function put(x: Float32Array, length: number, offset: number): void {
  wasmState.heap.set(x.length === length ? x : x.subarray(0, length), offset / 4);
}

/** Copies C (`cSize` values at the data base) out of the module's memory into `c`, through a cached view. */
export function copyOut(c: Float32Array, cSize: number): void {
  let out = outViews.get(cSize);
  if (out === undefined) {
    if (outViews.size >= 64) outViews.clear();
    out = new Float32Array(wasmState.heap.buffer, wasmState.dataBase, cSize);
    outViews.set(cSize, out);
  }
  c.set(out);
}

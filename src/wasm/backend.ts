/**
 * The kernel backends: the TypeScript kernels (`'js'`, the reference, one thread) and
 * WebAssembly SIMD128 kernels compiled from AssemblyScript (`'wasm'`, assembly/ at the repo
 * root), which run large products and Adam steps on several threads once neurite/threads'
 * `setThreads` has installed its hook (src/wasm/threads.ts).
 *
 * By default neurite uses `'wasm'` where `WebAssembly` exists and validates a tiny SIMD
 * module (Node ≥ 20, current browsers), else `'js'`. The module is embedded as a string
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
 * The memory is created (src/wasm/instance.ts) and imported by the module: not shared, unless
 * neurite/threads' hook (`wasmState.threads`) gives a shared one (a SharedArrayBuffer
 * underneath, the module's one import flag patched) where worker threads can run, so that
 * every worker instantiates the same module on the same bytes.
 *
 * The parts: this file chooses the backend and reports it; src/wasm/instance.ts holds the
 * module, its memory and views; src/wasm/products.ts the products and Adam steps on the
 * calling thread (after asking the hook); src/wasm/threads.ts the worker pool, which only
 * neurite/threads loads.
 */
import { instantiate, wasmState, wasmApi, type KernelExports } from './instance.js';

export { wasmAdam, wasmGemm } from './products.js';

/** The kernel implementations neurite can run on. */
export type Backend = 'js' | 'wasm';

// The smallest module that needs SIMD128: one function returning i8x16.popcnt(i8x16.splat(0)).
// (popcnt came last into the standard, so prototype SIMD implementations reject it.)
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let simulateUnavailable = false;
let supported: boolean | null = null;

/**
 * The choice of backend, one per process: kept on `globalThis` under `Symbol.for('neurite.backend')`,
 * so that every copy of neurite loaded (an app's ES module import beside a dependency's CommonJS
 * require) follows one `setBackend`. Each copy compiles its own module when it needs it.
 */
interface BackendChoice {
  /** null until first asked: then the default. */
  name: Backend | null;
  /** Why the WebAssembly kernels could not be compiled, when the default fell back to 'js'. */
  fallback: string | null;
}
const choiceKey = Symbol.for('neurite.backend');
function choice(): BackendChoice {
  return ((globalThis as unknown as Record<symbol, BackendChoice | undefined>)[choiceKey] ??= { name: null, fallback: null });
}

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
    choice().name = 'js';
  } else if (name === 'wasm') {
    if (!wasmSimdSupported()) {
      throw new Error("setBackend: expected a runtime with WebAssembly SIMD for 'wasm', got none (use 'js')");
    }
    try {
      instantiate();
    } catch (error) {
      // e.g. a content security policy without 'wasm-unsafe-eval'
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`setBackend: could not compile the WebAssembly kernels (${reason}); use 'js'`, { cause: error });
    }
    choice().name = 'wasm';
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
  const c = choice();
  if (c.name === null) chooseDefault(c);
  return c.name as Backend;
}

function chooseDefault(c: BackendChoice): void {
  c.name = 'js';
  if (!wasmSimdSupported()) return;
  try {
    instantiate();
    c.name = 'wasm';
  } catch (error) {
    // E.g. a Content-Security-Policy without 'wasm-unsafe-eval'. Said once, not silently 4–5× slower.
    const first = c.fallback === null;
    c.fallback = error instanceof Error ? error.message : String(error);
    if (first) console.warn(`neurite: ${fallbackReason(c.fallback)}`);
  }
}

function fallbackReason(reason: string): string {
  return (
    `the WebAssembly kernels could not be compiled here (${reason}), so the 'js' kernels run, 4–5× slower; ` +
    "where a Content-Security-Policy blocks WebAssembly, allow it with script-src 'wasm-unsafe-eval'"
  );
}

/** The WebAssembly kernels when they are the backend in use, else null (cheap: called per product). */
export function activeWasm(): KernelExports | null {
  const c = choice();
  if (c.name === null) chooseDefault(c);
  return c.name === 'wasm' ? (wasmState.instance ?? instantiate()) : null; // instantiated again when neurite/threads shares the memory
}

/**
 * For tests: behave as if this runtime had no WebAssembly SIMD (`true`), or restore the
 * real detection (`false`). Either way the backend goes back to its default.
 */
export function simulateNoWasmSimd(flag: boolean): void {
  simulateUnavailable = flag;
  choice().name = null;
}

/** The size of the module's memory in bytes, 0 before it is instantiated (for tests of memory growth). */
export function wasmMemoryBytes(): number {
  return wasmState.memory ? wasmState.memory.buffer.byteLength : 0;
}

/** What {@link getBackendInfo} reports. */
export interface BackendInfo {
  /** The backend in use (see {@link setBackend}). */
  backend: Backend;
  /**
   * Threads large matrix products and Adam steps may run on: 1 unless neurite/threads'
   * `setThreads` turned them on (then its `getThreads()`) and the backend is `'wasm'`.
   * (Small products always run on the calling thread, and so do all of them for a while
   * when busy cores make threads a loss.)
   */
  threads: number;
  /** Whether this runtime can run the WebAssembly SIMD kernels. */
  simd: boolean;
  /** Why the products run on one thread, when they do (e.g. threads are off, or a page is not cross-origin isolated). */
  reason?: string;
}

/**
 * The kernels in use: the backend, how many threads its products run on, whether
 * WebAssembly SIMD is available here, and, when there is a single thread, why.
 *
 * Threads are opt-in, from `neurite/threads` (`setThreads`), and need the `'wasm'` backend
 * and `SharedArrayBuffer`: Node 20.16 or later, or a page served cross-origin isolated (the
 * headers `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
 * require-corp`). The `'js'` backend always runs on one thread.
 *
 * @example
 * getBackendInfo();
 * // { backend: 'wasm', threads: 1, simd: true, reason: "threads are off: import { setThreads } from 'neurite/threads'" }
 * // after setThreads() from 'neurite/threads', in Node on 2 cores: { backend: 'wasm', threads: 2, simd: true }
 */
export function getBackendInfo(): BackendInfo {
  const backend = getBackend();
  const simd = wasmSimdSupported();
  if (backend === 'js') {
    const { fallback } = choice();
    const reason = fallback === null ? "the 'js' backend runs on one thread" : `${fallbackReason(fallback)}; the 'js' backend runs on one thread`;
    return { backend, threads: 1, simd, reason };
  }
  const hook = wasmState.threads;
  if (hook === null) return { backend, threads: 1, simd, reason: "threads are off: import { setThreads } from 'neurite/threads'" };
  instantiate(); // the memory decides: shared or not
  const { threads, reason } = hook.info();
  return reason === null ? { backend, threads, simd } : { backend, threads, simd, reason };
}

/**
 * neurite/threads' public functions and the hook they install in the core
 * (`wasmState.threads`, src/wasm/instance.ts): until `setThreads` is called, the core's
 * products and Adam steps run on the calling thread and the pool's code is not even loaded
 * by an app that does not import neurite/threads.
 */
import { getBackend } from '../backend.js';
import { wasmState, type ThreadsHook, type WasmApi, type WasmMemory } from '../instance.js';
import { wasmMemoryFlagsOffset } from '../module.js';
import { ensurePool, getThreads as threadCount, noteNoSharedMemory, requestThreads, threadsReady, threadsUnavailable } from './pool.js';
import { threadedAdam, threadedGemm } from './products.js';
import { threadsFailure, threadsPossible } from './support.js';
import { maxThreads } from './worker.js';

/**
 * A shared memory for the module (up to 4 GiB, else 1 GiB) where threads can run, its import
 * in `bytes` marked shared; else null, and threads stay off, with the reason.
 */
function sharedMemory(api: WasmApi, bytes: Uint8Array): WasmMemory | null {
  if (!threadsPossible()) return null;
  let reason = '';
  for (const pages of [65536, 16384]) {
    try {
      const memory = new api.Memory({ initial: 1, maximum: pages, shared: true });
      bytes[wasmMemoryFlagsOffset] = 3; // limits with a maximum, shared
      wasmState.maxBytes = Math.min(2 ** 32 - 2 ** 16, (pages - 1) * 65536);
      return memory;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error); // e.g. no address space for 4 GiB
    }
  }
  noteNoSharedMemory(reason);
  return null;
}

const hook: ThreadsHook = {
  memory: sharedMemory,
  gemm: threadedGemm,
  adam: threadedAdam,
  info: () => {
    const threads = threadCount();
    return { threads, reason: threads === 1 ? threadsUnavailable() : threadsFailure() };
  },
};

/** Installs the hook; a module instantiated earlier on a memory that is not shared is instantiated again on a shared one. */
function install(): void {
  if (wasmState.threads === hook) return;
  wasmState.threads = hook;
  const memory = wasmState.memory;
  if (memory !== null && threadsPossible() && !(memory.buffer instanceof SharedArrayBuffer)) {
    // The module holds nothing between products (operands are copied in and out), so a new
    // instance loses nothing; the backend instantiates it at the next product.
    wasmState.instance = null;
    wasmState.compiled = null;
    wasmState.memory = null;
  }
}

/**
 * Turns threads on: the WebAssembly matrix products (and Adam steps) large enough to pay
 * for the hand-off run on the calling thread and `n − 1` workers. 1 runs everything on the
 * calling thread and terminates the workers. Results are bit-identical for every `n`.
 *
 * Without `n`, the available parallelism, at most 8: `os.availableParallelism()` in Node,
 * `navigator.hardwareConcurrency` in a cross-origin isolated page. Where threads cannot run
 * (a page that is not cross-origin isolated, no SharedArrayBuffer, the `'js'` backend),
 * products run on one thread whatever `n` is, and `getBackendInfo()` says why.
 * Products too small to pay for the hand-off stay on the calling thread, and where other
 * work keeps the cores busy so that threads turn out slower, all products do for a while.
 * Workers start at the first product large enough to share, never keep a Node process
 * alive, and survive `setBackend` switches. Until this is called, everything runs on one
 * thread.
 * @param n The thread count, the calling one included: an integer from 1 to 64; by default
 *   the available parallelism, at most 8.
 * @throws RangeError unless `n` is an integer from 1 to 64.
 *
 * @example
 * import { setThreads } from 'neurite/threads';
 * setThreads();  // the available parallelism (at most 8)
 * setThreads(4); // the caller and three workers
 * setThreads(1); // one thread: workers terminated
 */
export function setThreads(n?: number): void {
  if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxThreads)) {
    throw new RangeError(`setThreads: expected a positive integer up to ${maxThreads}, got ${typeof n === 'number' ? n : typeof n}`);
  }
  install();
  requestThreads(n ?? null);
}

/**
 * The number of threads the WebAssembly products run on: the value given to
 * {@link setThreads}, or the default (the available parallelism, at most 8); 1 before
 * `setThreads` is called and where threads cannot run (`getBackendInfo()` says why).
 *
 * @example
 * import { getThreads, setThreads } from 'neurite/threads';
 * setThreads();
 * getThreads(); // 2 in Node on a 2-core machine
 */
export function getThreads(): number {
  return wasmState.threads === null ? 1 : threadCount();
}

/**
 * Starts the worker threads now rather than at the first large product, and resolves
 * once every worker runs: true, or false where products run on one thread (also before
 * {@link setThreads}). For tests and benchmarks, which need the workers up before they
 * measure or compare.
 *
 * @example
 * import { setThreads, startThreads } from 'neurite/threads';
 * setThreads(2);
 * await startThreads(); // true in Node on 2 or more cores
 */
export async function startThreads(): Promise<boolean> {
  if (wasmState.threads === null || getBackend() !== 'wasm') return false;
  wasmState.instantiate();
  const threads = getThreads();
  if (threads === 1 || wasmState.compiled === null || wasmState.memory === null || !ensurePool(wasmState.compiled, wasmState.memory, wasmState.heapBase, threads)) return false;
  return threadsReady();
}

/**
 * The thread count (`setThreads`, `getThreads`, why there is one thread) and the pool of
 * workers on the module's shared memory: started lazily by the first product large enough
 * to share, ended by `disposeThreads` or a change of the thread count. The control block the
 * threads share lives at the module's heap base (views made by `control`).
 */
import { noteFailure, threadSupport, threadsFailure, type WorkerHandle } from './support.js';
import { closed, layout, maxThreads, workerSource, type WorkerInit } from './worker.js';

let requested: number | null = null; // setThreads; null: the default
let unavailable: string | null = null; // set when the memory could not be shared, or the pool broke

/** Called by the backend when it could not create a shared memory: threads stay off. */
export function noteNoSharedMemory(reason: string): void {
  unavailable = `the WebAssembly memory could not be shared (${reason})`;
  disposeThreads();
}

/** Called when the pool broke (a worker stopped responding): threads stay off, and why. */
export function breakThreads(reason: string): void {
  disposeThreads();
  unavailable = reason;
}

/** The thread count asked for (`setThreads` in src/wasm/threads/hook.ts): 1 to 64, or null for the default. */
export function requestThreads(n: number | null): void {
  requested = n;
  if (pool !== null && pool.size !== (n ?? threadSupport().threads)) disposeThreads();
}

/** The thread count: the one asked for, or the default; 1 where threads cannot run. */
export function getThreads(): number {
  return threadsUnavailable() === null ? (requested ?? threadSupport().threads) : 1;
}

/** Why the products run on one thread, or null when they may use more. */
export function threadsUnavailable(): string | null {
  const s = threadSupport();
  if (s.reason !== null) return s.reason;
  if (unavailable !== null) return unavailable;
  if (requested === 1) return 'setThreads(1)';
  if (requested === null && s.threads === 1) return 'one core is available';
  return null;
}

/**
 * Terminates the worker threads now. Products go on working: the next one large enough
 * to share starts them again (at the thread count of `getThreads`). A Node process
 * never needs this to exit (the workers do not keep it alive); call it to free the
 * threads, e.g. in a page that is done training.
 *
 * @example
 * import { disposeThreads } from 'neurite/threads';
 * await model.fit(x, y, { epochs: 10 });
 * disposeThreads(); // the workers end; a later fit starts them again
 */
export function disposeThreads(): void {
  const old = pool;
  pool = null;
  if (old === null) return;
  Atomics.store(old.ctrl, layout.epoch, old.epoch + 1); // workers of this pool return...
  Atomics.notify(old.ctrl, layout.gen); // ...once woken
  for (const worker of old.workers) {
    try {
      const ended = worker.terminate() as Promise<unknown> | undefined;
      if (ended && typeof ended.catch === 'function') ended.catch(() => {});
    } catch {
      // already gone
    }
  }
}

// ---------------------------------------------------------------- the pool

interface Pool {
  size: number;
  epoch: number;
  ctrl: Int32Array;
  workers: WorkerHandle[];
}

let pool: Pool | null = null;
let epochs = 0;
/** How long a worker spins for the next job before sleeping, µs (measured: see backend.ts). */
let workerSpinMicros = 200;

/** The control block at byte `control` of `memory`, and a Float64 view of it. */
let ctrlView: Int32Array | null = null;
let f64View: Float64Array | null = null;

/** Views of the control block at byte `control` of the shared memory (created once: low bytes of a shared memory never move). */
export function control(buffer: ArrayBufferLike, at: number): Int32Array {
  if (ctrlView === null || ctrlView.byteOffset !== at) {
    ctrlView = new Int32Array(buffer, at, layout.size);
    f64View = new Float64Array(buffer, at, layout.size / 2);
    ctrlView[layout.next] = closed;
    ctrlView[layout.slot] = closed;
  }
  return ctrlView;
}

/** The Float64 view of the control block (Adam's hyperparameters). */
export function controlF64(): Float64Array {
  return f64View as Float64Array;
}

/**
 * The pool of `threads − 1` workers on `module` and `memory`, started if needed. Returns
 * false, leaving products on the calling thread, when workers cannot be started.
 */
export function ensurePool(module: object, memory: { readonly buffer: ArrayBufferLike }, at: number, threads: number): boolean {
  if (pool !== null && pool.size === threads) return true;
  disposeThreads();
  const s = threadSupport();
  if (s.start === null) return false;
  const ctrl = control(memory.buffer, at);
  const epoch = ++epochs;
  Atomics.store(ctrl, layout.epoch, epoch);
  ctrl[layout.ready] = 0;
  ctrl[layout.spin] = workerSpinMicros;
  ctrl.fill(0, layout.counts, layout.counts + maxThreads);
  const workers: WorkerHandle[] = [];
  pool = { size: threads, epoch, ctrl, workers };
  try {
    const source = workerSource();
    for (let i = 1; i < threads; i++) {
      const worker = s.start(source, `neurite-${i}`);
      workers.push(worker);
      worker.postMessage({ module, memory, control: at, epoch } satisfies WorkerInit);
    }
  } catch (error) {
    noteFailure(error);
    disposeThreads();
    unavailable = threadsFailure();
    return false;
  }
  return true;
}

/** The control block's Int32 view (after {@link control} made it). */
export function controlView(): Int32Array {
  return ctrlView as Int32Array;
}

// ---------------------------------------------------------------- for tests and the benchmark

/** Sets how long workers spin for the next job before sleeping, µs (for measurements). */
export function setWorkerSpin(micros: number): void {
  workerSpinMicros = micros;
  if (pool !== null) pool.ctrl[layout.spin] = micros;
}

/** Resolves once every worker of the pool has started (polls; for tests). False when there is no pool. */
export async function threadsReady(timeoutMs = 20_000): Promise<boolean> {
  const start = Date.now();
  while (pool !== null && Atomics.load(pool.ctrl, layout.ready) < pool.size - 1) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return pool !== null;
}

/** Tasks each thread ran since the pool started (index 0: the caller), for tests and the benchmark. */
export function threadTaskCounts(): number[] {
  if (pool === null) return [];
  return Array.from(pool.ctrl.subarray(layout.counts, layout.counts + pool.size));
}

/** The pool's workers, or null without a pool (tests: to make one fail outside a task). */
export function poolSize(): number {
  return pool?.size ?? 0;
}


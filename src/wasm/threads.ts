/**
 * Worker threads for the WebAssembly kernels: a pool of workers that instantiate the same
 * module on the same shared `WebAssembly.Memory` and take part in the products the calling
 * thread starts.
 *
 * A job (one matrix product, or one Adam step) is cut into tasks: tiles of C (blocks of
 * whole rows, or of rows by columns when C has few rows) or ranges of weights. For a
 * product the caller packs op(B) once while the workers wake up; each tile then packs its
 * own rows of op(A), as one thread does. Every thread, the caller included,
 * claims the next task with a compare-and-swap on a shared counter and runs it to the end,
 * so each output element is computed by exactly one thread, by the same code in the same
 * floating-point order as on one thread: the results are bit-identical for any thread count.
 * Claiming (rather than a fixed share per thread) also means the caller never waits for a
 * worker that has not started or is descheduled: it does the tasks nobody took, then waits
 * only for tasks already under way.
 *
 * An Adam step streams: the caller copies ranges of weights into the shared memory one by
 * one while the other threads update the ranges already there, then copies each range out
 * as soon as it is done (tensors are plain Float32Arrays that only the caller can reach).
 *
 * Waits: a worker spins briefly after a job it took part in (the next product of a
 * training step usually follows within microseconds), then sleeps in `Atomics.wait`. The
 * caller, once no task is left to claim, spins on the count of finished tasks, then sleeps
 * in `Atomics.wait` where it may block (Node, a worker) or keeps spinning where it may not
 * (a browser's main thread). Where other work keeps the cores busy, threads can cost more
 * than they give; the caller notices and runs on its own for a while (see `judge`).
 *
 * Errors: an exception in a task (in any thread) is caught there, its message written to
 * the shared control block, and the remaining tasks are skipped; the caller then throws it.
 * The workers stay usable. A worker that stops making progress for a long time (a safety
 * net, never reached in normal use) makes the caller shut the pool down and throw.
 *
 * The pool is opt-in: only neurite/threads (src/threads.ts) loads these files, and its
 * `setThreads` installs the hook through which the core's products reach them
 * (threads/hook.ts; `wasmState.threads` in src/wasm/instance.ts).
 *
 * The worker code is `workerMain` and `drain` (threads/worker.ts) as source text, started
 * from a string (Node: `new Worker(code, { eval: true })`) or a Blob URL (browsers): nothing
 * to fetch.
 *
 * The parts: threads/worker.ts (the control block's layout and what every thread runs),
 * threads/support.ts (where threads can run and how a worker starts), threads/pool.ts (the
 * thread count and the pool), threads/jobs.ts (publishing, waiting, errors, contention),
 * threads/products.ts (products and Adam steps cut into tasks), threads/hook.ts (the public
 * functions and the hook).
 */
export { layout, maxStreamedTasks, maxThreads, type TaskKernels } from './threads/worker.js';
export { threadsFailure, threadsPossible } from './threads/support.js';
export {
  control,
  controlF64,
  disposeThreads,
  ensurePool,
  noteNoSharedMemory,
  poolSize,
  setWorkerSpin,
  threadsReady,
  threadsUnavailable,
  threadTaskCounts,
} from './threads/pool.js';
export {
  awaitTask,
  beginJob,
  drainJob,
  finishJob,
  inputsReady,
  jobFailed,
  runProduct,
  setContentionBackoff,
  setThreadTestHooks,
  threadsAdvised,
} from './threads/jobs.js';
export { setThreadThresholds, threadedAdam, threadedGemm } from './threads/products.js';
export { getThreads, setThreads, startThreads } from './threads/hook.js';

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
 * The worker code is this file's `workerMain` and `drain` as source text, started from a
 * string (Node: `new Worker(code, { eval: true })`) or a Blob URL (browsers): nothing to fetch.
 */

/** Int32 indices into the control block (2 KB at the start of the heap), shared with workers. */
export const layout = {
  gen: 0, // job generation: bumped to publish a job, waited on by workers
  next: 1, // claim word: (generation tag << 11) | next task; 2047 closes the job
  slot: 2, // slot word: (generation tag << 11) | next free thread slot (scratch region)
  done: 3, // tasks finished
  error: 4, // 1 once a task has failed (its message at `message`)
  epoch: 5, // the pool's identity: workers of an older pool return when it changes
  ready: 6, // workers started
  test: 7, // test hooks: 1 = a worker throws in every task it takes, 2 = tasks dealt out by slot
  spin: 8, // how long a worker spins before sleeping, µs
  kind: 9, // 0 = gemm tiles, 1 = Adam ranges
  tasks: 10,
  threads: 11, // slots that may take part, the caller's included
  work: 12, // byte address of slot 0's scratch
  stride: 13, // bytes of scratch per slot
  inputs: 14, // tasks whose inputs are ready (gemm: none until op(B) is packed; Adam: ranges copied in)
  // gemm: byte addresses (A, packed op(B), C), sizes, flags (1 transA, 4 accumulate), tiles
  a: 16,
  b: 17,
  c: 18,
  m: 19,
  n: 20,
  k: 21,
  flags: 22,
  rowChunk: 23,
  colChunk: 24,
  colChunks: 25,
  // Adam: byte addresses of the weights, gradients, first and second moments; weights in all and per task
  value: 16,
  grad: 17,
  mean: 18,
  variance: 19,
  length: 26,
  chunk: 27,
  f64: 16, // Float64 index of lr, beta1, beta2, c1, c2, epsilon (Int32 32–43)
  counts: 64, // tasks run per slot (64 slots), for tests and the benchmark
  finished: 128, // per task of a job of at most 64 (Adam): the job's tag once the task is done
  message: 192, // the first error: its length, then its UTF-16 code units
  size: 512,
} as const;

type Layout = typeof layout;

/** The most threads a product can use (slots in the control block). */
export const maxThreads = 64;
/** The most tasks of a job whose tasks are copied in and out one by one (Adam). */
export const maxStreamedTasks = 64;
const closed = 2047; // a claim index past any job's tasks (≤ 1024 + maxThreads)

/** What `drain` calls: the module's exports (in the caller and in every worker). */
export interface TaskKernels {
  gemmTile(a: number, packedB: number, c: number, m: number, n: number, k: number, transA: number, accumulate: number, work: number, i0: number, i1: number, j0: number, j1: number): void;
  adam(value: number, grad: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number, c1: number, c2: number, epsilon: number): void;
}

/**
 * Claims and runs tasks of the current job (generation `tag`) until none is left; counts
 * each finished task in `done`, and returns how many this thread ran. The caller and every worker run this same function (the
 * workers from its source text, so it must not refer to anything outside itself).
 */
export function drain(w: TaskKernels, ctrl: Int32Array, f64: Float64Array, L: Layout, slot: number, tag: number, inWorker: boolean): number {
  const tasks = ctrl[L.tasks], threads = ctrl[L.threads], test = ctrl[L.test];
  let ran = 0;
  for (let turn = 0; ; turn++) {
    let task: number;
    if ((test & 2) !== 0) {
      task = slot + turn * threads; // dealt out by slot (tests: every thread takes part)
      if (task >= tasks) return ran;
    } else {
      const claim = Atomics.load(ctrl, L.next);
      if (claim >>> 11 !== tag || (claim & 2047) >= tasks) return ran;
      const inputs = Atomics.load(ctrl, L.inputs);
      if ((claim & 2047) >= inputs) {
        // The caller is still preparing this task's inputs (packing op(B), copying Adam's
        // ranges in): wait for it without taking its core, then look again.
        if (inWorker) Atomics.wait(ctrl, L.inputs, inputs, 1);
        continue;
      }
      if (Atomics.compareExchange(ctrl, L.next, claim, claim + 1) !== claim) continue;
      task = claim & 2047;
    }
    if (Atomics.load(ctrl, L.error) === 0) {
      try {
        if (inWorker && (test & 1) !== 0) throw new Error('a failure simulated for tests');
        if (ctrl[L.kind] === 0) {
          const m = ctrl[L.m], n = ctrl[L.n], flags = ctrl[L.flags];
          const rowChunk = ctrl[L.rowChunk], colChunk = ctrl[L.colChunk];
          const row = (task / ctrl[L.colChunks]) | 0, col = task - row * ctrl[L.colChunks];
          const i0 = row * rowChunk, j0 = col * colChunk;
          while (Atomics.load(ctrl, L.inputs) === 0) Atomics.wait(ctrl, L.inputs, 0, 1); // dealt out (tests): op(B) being packed
          w.gemmTile(
            ctrl[L.a], ctrl[L.b], ctrl[L.c], m, n, ctrl[L.k], flags & 1, (flags >> 2) & 1,
            ctrl[L.work] + slot * ctrl[L.stride], i0, Math.min(m, i0 + rowChunk), j0, Math.min(n, j0 + colChunk),
          );
        } else {
          while (Atomics.load(ctrl, L.inputs) <= task) Atomics.wait(ctrl, L.inputs, Atomics.load(ctrl, L.inputs), 1); // dealt out (tests)
          const start = task * ctrl[L.chunk], bytes = start * 4;
          const count = Math.min(ctrl[L.length] - start, ctrl[L.chunk]);
          const x = L.f64;
          w.adam(
            ctrl[L.value] + bytes, ctrl[L.grad] + bytes, ctrl[L.mean] + bytes, ctrl[L.variance] + bytes, count,
            f64[x], f64[x + 1], f64[x + 2], f64[x + 3], f64[x + 4], f64[x + 5],
          );
        }
        Atomics.add(ctrl, L.counts + slot, 1);
      } catch (error) {
        if (Atomics.compareExchange(ctrl, L.error, 0, 1) === 0) {
          const text = String(error instanceof Error ? error.message : error).slice(0, L.size - L.message - 1);
          for (let i = 0; i < text.length; i++) ctrl[L.message + 1 + i] = text.charCodeAt(i);
          ctrl[L.message] = text.length;
        }
      }
    }
    if (ctrl[L.kind] === 1) Atomics.store(ctrl, L.finished + task, tag); // the caller may copy this range out
    Atomics.add(ctrl, L.done, 1);
    Atomics.notify(ctrl, L.done);
    ran++;
  }
}

/** The data a worker starts from: the module, the memory, where the control block is, the pool it belongs to. */
interface WorkerInit {
  module: object;
  memory: { readonly buffer: ArrayBufferLike };
  control: number;
  epoch: number;
}

/**
 * A worker's whole life: instantiate the module on the shared memory, then wait for jobs and
 * drain them, until the pool it belongs to is disposed. `port` is Node's `parentPort`, or
 * null in a browser worker. Runs from source text: nothing outside itself but its arguments.
 */
function workerMain(
  run: typeof drain,
  L: Layout,
  port: { once(event: 'message', listener: (data: WorkerInit) => void): void } | null,
): void {
  const scope = globalThis as unknown as {
    WebAssembly: { Instance: new (module: object, imports: object) => { exports: unknown } };
    performance: { now(): number };
    onmessage: ((event: { data: WorkerInit }) => void) | null;
  };
  (function (listen: (start: (init: WorkerInit) => void) => void) {
    listen(function (init) {
      const w = new scope.WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports as TaskKernels;
      const ctrl = new Int32Array(init.memory.buffer, init.control, L.size);
      const f64 = new Float64Array(init.memory.buffer, init.control, L.size / 2);
      Atomics.add(ctrl, L.ready, 1);
      let seen = Atomics.load(ctrl, L.gen) - 1; // join a job under way, if any
      let busy = false; // whether the last job gave this worker tasks
      for (;;) {
        let gen = Atomics.load(ctrl, L.gen);
        if (gen === seen) {
          // After a job it took part in, spin a little (the next product of a training step
          // comes soon); after one it came too late for (busy cores), sleep at once.
          const until = scope.performance.now() + (busy ? ctrl[L.spin] / 1000 : 0);
          for (let i = 1; gen === seen; i++) {
            if ((i & 1023) === 0 && scope.performance.now() > until) break;
            gen = Atomics.load(ctrl, L.gen);
          }
          while (gen === seen && Atomics.load(ctrl, L.epoch) === init.epoch) {
            Atomics.wait(ctrl, L.gen, seen);
            gen = Atomics.load(ctrl, L.gen);
          }
        }
        if (Atomics.load(ctrl, L.epoch) !== init.epoch) return; // disposed: the worker ends
        seen = gen;
        busy = false;
        const tag = gen & 0xfffff;
        const claim = Atomics.load(ctrl, L.slot);
        if (claim >>> 11 !== tag || (claim & 2047) >= ctrl[L.threads]) continue;
        if (Atomics.compareExchange(ctrl, L.slot, claim, claim + 1) !== claim) {
          seen = gen - 1; // lost the slot to another worker: try again
          continue;
        }
        busy = run(w, ctrl, f64, L, claim & 2047, tag, true) > 0;
      }
    });
  })(function (start) {
    if (port) port.once('message', start);
    else {
      scope.onmessage = function (event) {
        scope.onmessage = null;
        start(event.data);
      };
    }
  });
}

/** The worker's source: `workerMain` called with `drain`, the layout and (in Node) its port. */
function workerSource(): string {
  const nodePort = "globalThis.process?.getBuiltinModule?.('node:worker_threads').parentPort ?? null";
  return `(${workerMain.toString()})(${drain.toString()}, ${JSON.stringify(layout)}, ${nodePort});\n`;
}

// ---------------------------------------------------------------- where threads can run

// The parts of Node's and the browsers' APIs used here, typed locally (the library compiles
// against lib ES2022 alone, and its main entry imports no Node built-in: Node's modules are
// reached through process.getBuiltinModule when a pool starts).
interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}
interface NodeWorker extends WorkerHandle {
  unref(): void;
  on(event: 'error', listener: (error: unknown) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; name?: string; execArgv?: string[] }) => NodeWorker;
}
interface BrowserWorker extends WorkerHandle {
  onerror: ((event: { message?: string }) => void) | null;
}
interface Environment {
  process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown };
  navigator?: { hardwareConcurrency?: number };
  crossOriginIsolated?: boolean;
  Worker?: new (url: string, options?: { name?: string }) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL?(blob: object): string; revokeObjectURL?(url: string): void };
  performance?: { now(): number };
}
const env = globalThis as unknown as Environment;

interface Support {
  /** Why threads cannot run here, or null. */
  reason: string | null;
  /** The default thread count: the available parallelism, at most `defaultCap`. */
  threads: number;
  start: ((source: string, name: string) => WorkerHandle) | null;
}

/** The default is the available parallelism, capped: beyond 8 threads the copies in and out of the module dominate. */
const defaultCap = 8;
let support: Support | null = null;

function detect(): Support {
  const node = env.process?.versions?.node;
  if (typeof node !== 'string' && env.crossOriginIsolated === false) {
    // A page that is not isolated (where browsers also hide SharedArrayBuffer): say what fixes it.
    return {
      reason:
        'the page is not cross-origin isolated (serve it with the headers Cross-Origin-Opener-Policy: same-origin ' +
        'and Cross-Origin-Embedder-Policy: require-corp)',
      threads: 1,
      start: null,
    };
  }
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return { reason: 'SharedArrayBuffer is unavailable here', threads: 1, start: null };
  }
  if (typeof node === 'string') {
    const builtin = env.process?.getBuiltinModule;
    if (typeof builtin !== 'function') {
      return { reason: `Node ${node} is older than 20.16 (it has no getBuiltinModule to start workers with)`, threads: 1, start: null };
    }
    const os = builtin('node:os') as { availableParallelism?(): number; cpus(): unknown[] };
    const { Worker } = builtin('node:worker_threads') as NodeWorkerThreads;
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return {
      reason: null,
      threads: Math.max(1, Math.min(defaultCap, cores)),
      start: (source, name) => {
        const worker = new Worker(source, { eval: true, name, execArgv: [] }); // not the parent's flags (e.g. a loader)
        worker.unref(); // never keeps the process alive
        worker.on('error', (error) => noteFailure(error));
        return worker;
      },
    };
  }
  if (env.crossOriginIsolated !== true) return { reason: 'this runtime is neither Node nor a cross-origin isolated page', threads: 1, start: null };
  const { Worker, Blob, URL } = env;
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    return { reason: 'this runtime has no Worker', threads: 1, start: null };
  }
  let url: string | null = null;
  return {
    reason: null,
    threads: Math.max(1, Math.min(defaultCap, env.navigator?.hardwareConcurrency ?? 1)),
    start: (source, name) => {
      url ??= URL.createObjectURL!(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(url, { name });
      worker.onerror = (event) => noteFailure(new Error(event.message ?? 'the worker script failed'));
      return worker;
    },
  };
}

function threadSupport(): Support {
  return (support ??= detect());
}

/** Whether worker threads can run here at all (the backend then creates a shared memory). */
export function threadsPossible(): boolean {
  return threadSupport().reason === null;
}

// ---------------------------------------------------------------- settings

let requested: number | null = null; // setThreads; null: the default
let unavailable: string | null = null; // set when the memory could not be shared, or the pool broke
let failure: string | null = null; // a worker that failed outside a task (reported, not fatal)

/** Called by the backend when it could not create a shared memory: threads stay off. */
export function noteNoSharedMemory(reason: string): void {
  unavailable = `the WebAssembly memory could not be shared (${reason})`;
  disposeThreads();
}

function noteFailure(error: unknown): void {
  failure = `a worker thread failed: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Sets how many threads the WebAssembly matrix products (and Adam steps) run on: the
 * calling thread and `n − 1` workers. 1 runs everything on the calling thread and
 * terminates the workers. Results are bit-identical for every `n`.
 *
 * The default is the available parallelism, at most 8: `os.availableParallelism()` in
 * Node, `navigator.hardwareConcurrency` in a cross-origin isolated page. Where threads
 * cannot run (a page that is not cross-origin isolated, no SharedArrayBuffer, the `'js'`
 * backend), products run on one thread whatever `n` is, and {@link getBackendInfo} says why.
 * Products too small to pay for the hand-off stay on the calling thread, and where other
 * work keeps the cores busy so that threads turn out slower, all products do for a while.
 * Workers start at the first product large enough to share, never keep a Node process
 * alive, and survive `setBackend` switches.
 * @throws RangeError unless `n` is an integer from 1 to 64.
 *
 * @example
 * setThreads(1); // one thread: workers terminated
 * setThreads(4); // the caller and three workers
 */
export function setThreads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxThreads) {
    throw new RangeError(`setThreads: expected a positive integer up to ${maxThreads}, got ${typeof n === 'number' ? n : typeof n}`);
  }
  requested = n;
  if (pool !== null && pool.size !== n) disposeThreads();
}

/**
 * The number of threads the WebAssembly products run on: the value given to
 * {@link setThreads}, or the default (the available parallelism, at most 8); 1 where
 * threads cannot run (see {@link getBackendInfo} for why).
 *
 * @example
 * getThreads(); // 2 in Node on a 2-core machine
 */
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

/** A worker's failure outside a task (e.g. it could not start), if any: reported, the others carry on. */
export function threadsFailure(): string | null {
  return failure;
}

/**
 * Terminates the worker threads now. Products go on working: the next one large enough
 * to share starts them again (at the thread count of {@link getThreads}). A Node process
 * never needs this to exit (the workers do not keep it alive); call it to free the
 * threads, e.g. in a page that is done training.
 *
 * @example
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
let generation = 0;
let canBlock: boolean | null = null; // may this thread Atomics.wait? (not a browser's main thread)
let testHooks = 0;
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
    unavailable = failure;
    return false;
  }
  return true;
}

const stallMs = 30_000;
let jobTag = 0;

/**
 * Publishes the job whose parameters are in the control block (written after the previous
 * job closed): `tasks` tasks of `kind` for up to `threads` threads, the caller included.
 * `inputs` tasks have their inputs in memory already (all of them, except for a job whose
 * caller copies inputs in as others compute: see {@link inputsReady}).
 */
export function beginJob(kind: number, tasks: number, threads: number, inputs = tasks): void {
  const ctrl = ctrlView as Int32Array;
  const L = layout;
  ctrl[L.kind] = kind;
  ctrl[L.tasks] = tasks;
  ctrl[L.threads] = threads;
  ctrl[L.test] = testHooks;
  ctrl[L.done] = 0;
  ctrl[L.error] = 0;
  if (kind === 1) ctrl.fill(-1, L.finished, L.finished + tasks); // no tag is -1
  Atomics.store(ctrl, L.inputs, inputs);
  generation = (generation + 1) | 0;
  jobTag = generation & 0xfffff;
  Atomics.store(ctrl, L.next, jobTag << 11);
  Atomics.store(ctrl, L.slot, (jobTag << 11) | 1); // slot 0 is the caller's
  Atomics.store(ctrl, L.gen, generation);
  Atomics.notify(ctrl, L.gen);
}

/** Marks the inputs of the first `tasks` tasks as copied in (and wakes a worker waiting for them). */
export function inputsReady(tasks: number): void {
  Atomics.store(ctrlView as Int32Array, layout.inputs, tasks);
  Atomics.notify(ctrlView as Int32Array, layout.inputs);
}

/** The caller's part of the job: claims and runs tasks until none is left. */
export function drainJob(w: TaskKernels): void {
  drain(w, ctrlView as Int32Array, f64View as Float64Array, layout, 0, jobTag, false);
}

/**
 * Waits until `done()` holds: spinning first (other threads' tasks are short), then sleeping
 * on the count of finished tasks where this thread may block; a stall is an error.
 */
function waitFor(owner: string, done: (ctrl: Int32Array) => boolean): void {
  const ctrl = ctrlView as Int32Array;
  if (done(ctrl)) return;
  canBlock ??= probeBlocking(ctrl);
  let count = Atomics.load(ctrl, layout.done);
  let since = 0;
  for (let spins = 0; !done(ctrl); ) {
    const now = Atomics.load(ctrl, layout.done);
    if (now !== count) {
      count = now;
      since = 0;
      continue;
    }
    if (++spins < 1 << 14) continue;
    spins = 0;
    if (since === 0) since = Date.now();
    else if (Date.now() - since > stallMs) stalled(owner);
    if (canBlock) Atomics.wait(ctrl, layout.done, count, 50);
  }
}

const allDone = (ctrl: Int32Array): boolean => Atomics.load(ctrl, layout.done) >= ctrl[layout.tasks];
let awaited = 0;
const taskDone = (ctrl: Int32Array): boolean => Atomics.load(ctrl, layout.finished + awaited) === jobTag;

/** Waits until task `task` of the current job (one of at most 64, e.g. Adam's) is done. */
export function awaitTask(owner: string, task: number): void {
  awaited = task;
  waitFor(owner, taskDone);
}

/**
 * Waits for the tasks other threads hold, closes the job (a late worker can no longer
 * claim in it) and throws the first error a task raised, in any thread.
 */
export function finishJob(owner: string): void {
  const ctrl = ctrlView as Int32Array;
  const L = layout;
  waitFor(owner, allDone);
  Atomics.store(ctrl, L.next, (jobTag << 11) | closed);
  Atomics.store(ctrl, L.slot, (jobTag << 11) | closed);
  if (Atomics.load(ctrl, L.error) !== 0) {
    const length = ctrl[L.message];
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(ctrl[L.message + 1 + i]);
    ctrl[L.error] = 0;
    throw new Error(`${owner}: expected every thread to finish its part, got an error in one: ${text}`);
  }
}

/** Whether a task of the current job has failed (the caller then stops copying results out). */
export function jobFailed(): boolean {
  return Atomics.load(ctrlView as Int32Array, layout.error) !== 0;
}

// Contention. Where the cores are busy with other work, threads can cost more than they give
// (measured on these shared 2-core machines under a load of 6 or more: MNIST epochs 20–25%
// slower on 2 threads): a worker descheduled while it holds a tile keeps the caller waiting,
// a woken worker can push the caller off its core, a worker may not run at all. So the caller
// judges each threaded product that took longer than a wake-up (0.2 ms): it was a gain if
// both the caller and a worker took tiles and it ended no later than the caller's own pace
// says one thread would have (its time per tile × the tiles). After two products in a row
// that were not, products run on the calling thread for a while (64 products, doubling up to
// 4,096 while this goes on, halving again with gains), then threads are tried again. Only
// speed depends on this, never a result.
let oneThreadFor = 0; // products left to run on the calling thread
let backoff = 64;
let losses = 0; // threaded products in a row that were no gain
const clock = (): number => (env.performance as { now(): number }).now();

let judging = true;

/** For measurements (bench/threshold.ts): whether products are judged and threads backed off from (default true). */
export function setContentionBackoff(on: boolean): void {
  judging = on;
  oneThreadFor = losses = 0;
}

/** Whether the next product should use threads (false while backing off from contention). */
export function threadsAdvised(): boolean {
  if (oneThreadFor === 0 || testHooks !== 0 || !judging) return true;
  oneThreadFor--;
  return false;
}

/** Records a threaded product: whether it was a gain over one thread. */
function judge(gain: boolean): void {
  if (gain) {
    losses = 0;
    backoff = Math.max(64, backoff >> 1);
  } else if (++losses >= 2) {
    losses = 0;
    oneThreadFor = backoff;
    backoff = Math.min(4096, backoff << 1);
  }
}

/**
 * A product on several threads, whose parameters are in the control block: publishes it,
 * runs `prepare` (the caller packs op(B) while the workers wake up), lets the tiles go,
 * takes part, waits, closes, and judges whether threads were a gain.
 */
export function runProduct(w: TaskKernels, tasks: number, threads: number, prepare: () => void): void {
  const ctrl = ctrlView as Int32Array;
  const start = clock(), before = ctrl[layout.counts];
  beginJob(0, tasks, threads, 0);
  prepare();
  inputsReady(tasks);
  const prepared = clock();
  drainJob(w);
  const own = ctrl[layout.counts] - before, drained = clock();
  finishJob('gemm');
  const took = clock() - start;
  // One thread would have prepared the same, then taken the caller's time per tile for every tile.
  if (took > 0.2) judge(own > 0 && own < tasks && took <= prepared - start + ((drained - prepared) * tasks) / own);
}

function stalled(owner: string): never {
  disposeThreads();
  unavailable = `a worker thread stopped responding for ${stallMs / 1000} s`;
  throw new Error(`${owner}: expected the worker threads to finish within ${stallMs / 1000} s, got no progress; threads are off (getBackendInfo says why)`);
}

function probeBlocking(ctrl: Int32Array): boolean {
  try {
    Atomics.wait(ctrl, layout.size - 1, 1, 0); // throws where this thread may not block
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- for tests and the benchmark

/**
 * For tests: `failInWorker` makes a worker throw in every task it takes; `spread` deals
 * tasks out by thread (task t to thread t mod threads) instead of letting threads claim
 * them, so that every thread takes part (the workers must have started: see
 * {@link threadsReady}). Both off by default. With either on, products use threads
 * whatever contention was seen; any call forgets what was seen.
 */
export function setThreadTestHooks(hooks: { failInWorker?: boolean; spread?: boolean }): void {
  testHooks = (hooks.failInWorker ? 1 : 0) | (hooks.spread ? 2 : 0);
  oneThreadFor = losses = 0; // and forget any contention seen so far (with a hook on, it is ignored)
  backoff = 64;
}

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

/**
 * What every thread runs, the calling one included: the control block's layout, `drain`
 * (claim the next task of the current job, run it, count it) and, in a worker, `workerMain`
 * (instantiate the module on the shared memory, then wait for jobs and drain them). A worker
 * runs these from source text (`workerSource`), so `drain` and `workerMain` refer to nothing
 * outside themselves but their arguments.
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

export type Layout = typeof layout;

/** The most threads a product can use (slots in the control block). */
export const maxThreads = 64;
/** The most tasks of a job whose tasks are copied in and out one by one (Adam). */
export const maxStreamedTasks = 64;
/** A claim index past any job's tasks (≤ 1024 + maxThreads): a closed job. */
export const closed = 2047;

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
export interface WorkerInit {
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
export function workerSource(): string {
  const nodePort = "globalThis.process?.getBuiltinModule?.('node:worker_threads').parentPort ?? null";
  return `(${workerMain.toString()})(${drain.toString()}, ${JSON.stringify(layout)}, ${nodePort});\n`;
}

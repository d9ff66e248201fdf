/**
 * Jobs on the pool: publishing one (`beginJob`), the caller's part (`drainJob`), waiting for
 * the other threads (spinning, then sleeping where this thread may block; a stall is an
 * error), closing it and raising a task's error (`finishJob`), and the contention back-off
 * that keeps products on the calling thread while threads are a loss (`runProduct`).
 */
import { breakThreads, controlF64, controlView } from './pool.js';
import { closed, drain, layout, type TaskKernels } from './worker.js';

let generation = 0;
let canBlock: boolean | null = null; // may this thread Atomics.wait? (not a browser's main thread)
let testHooks = 0;
const stallMs = 30_000;
let jobTag = 0;

/**
 * Publishes the job whose parameters are in the control block (written after the previous
 * job closed): `tasks` tasks of `kind` for up to `threads` threads, the caller included.
 * `inputs` tasks have their inputs in memory already (all of them, except for a job whose
 * caller copies inputs in as others compute: see {@link inputsReady}).
 */
export function beginJob(kind: number, tasks: number, threads: number, inputs = tasks): void {
  const ctrl = controlView();
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
  Atomics.store(controlView(), layout.inputs, tasks);
  Atomics.notify(controlView(), layout.inputs);
}

/** The caller's part of the job: claims and runs tasks until none is left. */
export function drainJob(w: TaskKernels): void {
  drain(w, controlView(), controlF64(), layout, 0, jobTag, false);
}

/**
 * Waits until `done()` holds: spinning first (other threads' tasks are short), then sleeping
 * on the count of finished tasks where this thread may block; a stall is an error.
 */
function waitFor(owner: string, done: (ctrl: Int32Array) => boolean): void {
  const ctrl = controlView();
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
  const ctrl = controlView();
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
  return Atomics.load(controlView(), layout.error) !== 0;
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
const clock = (): number => (globalThis as unknown as { performance: { now(): number } }).performance.now();

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
  const ctrl = controlView();
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
  breakThreads(`a worker thread stopped responding for ${stallMs / 1000} s`);
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

// ---------------------------------------------------------------- for tests

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

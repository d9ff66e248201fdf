// One benchmark child: runs its tasks (in timed modes one library's one workload), then
// reports the results and its peak RSS (process.resourceUsage().maxRSS) to the parent over
// IPC and exits. Started by index.ts as `node --import tsx bench/worker.ts '<tasks as JSON>'`,
// so that libraries never share a process and each RSS is that library's own.
import { viewRows } from '../src/index.js';
import { loadMnist } from '../src/node.js';
import type { Library, MnistSlice } from './libs/library.js';
import type {
  ConvnetResult,
  ConvnetTask,
  LibraryId,
  MatmulResult,
  MatmulSamples,
  MatmulTask,
  MnistResult,
  MnistRun,
  MnistTask,
  Task,
  TaskOutcome,
  TaskResult,
  WorkerMessage,
  XorResult,
  XorRun,
  XorTask,
} from './types.js';
import { xorTargetMse } from './libs/library.js';

async function loadLibrary(id: LibraryId): Promise<Library> {
  switch (id) {
    case 'neurite':
      return (await import('./libs/neurite.js')).createNeurite();
    case 'neurite-js':
      return (await import('./libs/neurite.js')).createNeurite('js');
    case 'tfjs-cpu':
      return (await import('./libs/tfjs.js')).createTfjs('cpu');
    case 'tfjs-wasm':
      return (await import('./libs/tfjs.js')).createTfjs('wasm');
    case 'convnetjs':
      return (await import('./libs/convnetjs.js')).convnetjs;
    case 'brain.js':
      return (await import('./libs/brain.js')).brainjs;
  }
}

function unsupported(id: LibraryId, what: string): Error {
  return new Error(`${id} cannot run the ${what} workload`);
}

/**
 * The thread counts in the order round `round` runs them: forwards in even rounds, backwards
 * in odd ones, so that neither count always runs first (or always right after a warm-up).
 */
function order(threads: readonly number[], round: number): number[] {
  return round % 2 === 0 ? [...threads] : [...threads].reverse();
}

/** Switches `library` to `n` threads (a no-op for libraries without a thread setting). */
async function useThreads(library: Library, n: number): Promise<void> {
  if (library.threads) await library.threads(n);
  else if (n !== 1) throw new Error(`this library has no thread setting, got ${n} threads to run on`);
}

async function runMatmul(library: Library, task: MatmulTask): Promise<MatmulResult> {
  if (!library.matmul) throw unsupported(task.lib, 'matmul');
  const results: MatmulSamples[] = [];
  for (const size of task.sizes) {
    const flops = 2 * size.m * size.n * size.k;
    for (const form of task.forms) {
      const kernel = library.matmul(size, form);
      const warm = async (threads: number, ms: number): Promise<number> => {
        await useThreads(library, threads);
        let calls = 0;
        const start = performance.now();
        do {
          kernel.run();
          calls++;
        } while (calls < 2 || performance.now() - start < ms);
        return (performance.now() - start) / calls;
      };
      // Repetitions per sample, from the slowest thread count's warm-up.
      let perCall = 0;
      for (const threads of task.threads) perCall = Math.max(perCall, await warm(threads, task.warmupMs));
      const reps = Math.max(1, Math.ceil(task.sampleMs / Math.max(perCall, 1e-3)));
      const gflops = new Map<number, number[]>(task.threads.map((t) => [t, []]));
      for (let s = 0; s < task.samples; s++) {
        for (const threads of order(task.threads, s)) {
          if (task.threads.length > 1) await warm(threads, 0); // after a switch: workers up, caches warm
          const t0 = performance.now();
          for (let r = 0; r < reps; r++) kernel.run();
          const ms = performance.now() - t0;
          gflops.get(threads)!.push((flops * reps) / ms / 1e6);
        }
      }
      kernel.dispose();
      for (const threads of task.threads) results.push({ size, form, threads, gflops: gflops.get(threads)! });
    }
  }
  return { kind: 'matmul', results };
}

async function runMnist(library: Library, task: MnistTask): Promise<MnistResult> {
  const mnist = library.mnist;
  if (!mnist) throw unsupported(task.lib, 'MNIST');
  const { train } = await loadMnist();
  const slice = (n: number): MnistSlice => ({ images: viewRows(train.images, 0, n), labels: viewRows(train.labels, 0, n) });
  const options = { hidden: task.hidden, batchSize: task.batchSize, learningRate: task.learningRate, seed: task.seed };
  const runs: MnistRun[] = [];
  for (const threads of order(task.threads, task.seed)) {
    await useThreads(library, threads);
    if (task.warmupImages > 0) {
      const warmup = await mnist(slice(task.warmupImages), { ...options, seed: task.seed + 1000 });
      await warmup.epoch();
      warmup.dispose();
    }
    const trainer = await mnist(slice(task.images), options);
    const t0 = performance.now();
    const loss = await trainer.epoch();
    const seconds = (performance.now() - t0) / 1000;
    trainer.dispose();
    runs.push({ threads, seconds, loss });
  }
  return { kind: 'mnist', images: task.images, runs };
}

async function runConvnet(library: Library, task: ConvnetTask): Promise<ConvnetResult> {
  const convnet = library.convnet;
  if (!convnet) throw unsupported(task.lib, 'convnet');
  const { train } = await loadMnist();
  const slice = (n: number): MnistSlice => ({ images: viewRows(train.images, 0, n), labels: viewRows(train.labels, 0, n) });
  const options = { batchSize: task.batchSize, learningRate: task.learningRate, seed: task.seed };
  const runs: MnistRun[] = [];
  try {
    for (const threads of order(task.threads, task.seed)) {
      await useThreads(library, threads);
      if (task.warmupImages > 0) {
        const warmup = await convnet(slice(task.warmupImages), { ...options, seed: task.seed + 1000 });
        await warmup.epoch();
        warmup.dispose();
      }
      const trainer = await convnet(slice(task.images), options);
      const t0 = performance.now();
      const loss = await trainer.epoch();
      const seconds = (performance.now() - t0) / 1000;
      trainer.dispose();
      runs.push({ threads, seconds, loss });
    }
    return { kind: 'convnet', images: task.images, runs };
  } catch (error) {
    // A library without the kernels this network needs (TensorFlow.js wasm 4.22 has no
    // Conv2DBackpropFilter) is a row that says so, not a failure of the benchmark.
    const message = error instanceof Error ? error.message : String(error);
    if (/not registered for backend/.test(message)) return { kind: 'convnet', images: 0, runs: [], unsupported: message.split('\n')[0] };
    throw error;
  }
}

async function runXor(library: Library, task: XorTask): Promise<XorResult> {
  const xor = library.xor;
  if (!xor) throw unsupported(task.lib, 'XOR');
  const once = async (seed: number, threads: number): Promise<XorRun> => {
    const trainer = await xor(seed, task.maxEpochs);
    const t0 = performance.now();
    const { epochs, mse } = await trainer.train();
    const ms = performance.now() - t0;
    trainer.dispose();
    return { threads, ms, epochs, mse, converged: mse < xorTargetMse };
  };
  const runs: XorRun[] = [];
  for (const threads of task.threads) {
    await useThreads(library, threads);
    await once(task.seed + 1000, threads); // untimed
  }
  for (let i = 0; i < task.runs; i++) {
    for (const threads of order(task.threads, i)) {
      await useThreads(library, threads);
      runs.push(await once(task.seed + i, threads));
    }
  }
  return { kind: 'xor', runs };
}

async function run(task: Task): Promise<{ result: TaskResult; info: Record<string, string> }> {
  if (task.kind === 'baseline') {
    await loadMnist();
    return { result: { kind: 'baseline' }, info: {} };
  }
  if (task.kind === 'alloc') {
    const { runAlloc } = await import('./alloc.js');
    return { result: await runAlloc(task), info: {} };
  }
  if (task.kind === 'convLayers') {
    const { runConvLayers } = await import('./conv-layers.js');
    return { result: await runConvLayers(task), info: {} };
  }
  const library = await loadLibrary(task.lib);
  const result =
    task.kind === 'matmul'
      ? await runMatmul(library, task)
      : task.kind === 'mnist'
        ? await runMnist(library, task)
        : task.kind === 'convnet'
          ? await runConvnet(library, task)
          : await runXor(library, task);
  return { result, info: library.info() };
}

function send(message: WorkerMessage): void {
  if (process.send) process.send(message, () => process.exit(0));
  else {
    console.log(JSON.stringify(message, null, 2));
    process.exit(message.outcomes.every((o) => o.ok) ? 0 : 1);
  }
}

const argument = process.argv[2];
if (!argument) {
  console.log('usage: node --import tsx bench/worker.ts \'[{"kind":"matmul",…}]\' (started by bench/index.ts)');
  process.exit(2);
}
const outcomes: TaskOutcome[] = [];
for (const task of JSON.parse(argument) as Task[]) {
  try {
    outcomes.push({ ok: true, ...(await run(task)) });
  } catch (error) {
    outcomes.push({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
send({ outcomes, maxRssBytes: process.resourceUsage().maxRSS * 1024 });

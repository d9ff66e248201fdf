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

async function runMatmul(library: Library, task: MatmulTask): Promise<MatmulResult> {
  if (!library.matmul) throw unsupported(task.lib, 'matmul');
  const results: MatmulSamples[] = [];
  for (const size of task.sizes) {
    const flops = 2 * size.m * size.n * size.k;
    for (const form of task.forms) {
      const kernel = library.matmul(size, form);
      let calls = 0;
      const start = performance.now();
      do {
        kernel.run();
        calls++;
      } while (calls < 2 || performance.now() - start < task.warmupMs);
      const perCall = (performance.now() - start) / calls;
      const reps = Math.max(1, Math.ceil(task.sampleMs / Math.max(perCall, 1e-3)));
      const gflops: number[] = [];
      for (let s = 0; s < task.samples; s++) {
        const t0 = performance.now();
        for (let r = 0; r < reps; r++) kernel.run();
        const ms = performance.now() - t0;
        gflops.push((flops * reps) / ms / 1e6);
      }
      kernel.dispose();
      results.push({ size, form, gflops });
    }
  }
  return { kind: 'matmul', results };
}

async function runMnist(library: Library, task: MnistTask): Promise<MnistResult> {
  if (!library.mnist) throw unsupported(task.lib, 'MNIST');
  const { train } = await loadMnist();
  const slice = (n: number): MnistSlice => ({ images: viewRows(train.images, 0, n), labels: viewRows(train.labels, 0, n) });
  const options = { hidden: task.hidden, batchSize: task.batchSize, learningRate: task.learningRate, seed: task.seed };
  if (task.warmupImages > 0) {
    const warmup = await library.mnist(slice(task.warmupImages), { ...options, seed: task.seed + 1000 });
    await warmup.epoch();
    warmup.dispose();
  }
  const trainer = await library.mnist(slice(task.images), options);
  const t0 = performance.now();
  const loss = await trainer.epoch();
  const seconds = (performance.now() - t0) / 1000;
  trainer.dispose();
  return { kind: 'mnist', seconds, images: task.images, loss };
}

async function runConvnet(library: Library, task: ConvnetTask): Promise<ConvnetResult> {
  if (!library.convnet) throw unsupported(task.lib, 'convnet');
  const { train } = await loadMnist();
  const slice = (n: number): MnistSlice => ({ images: viewRows(train.images, 0, n), labels: viewRows(train.labels, 0, n) });
  const options = { batchSize: task.batchSize, learningRate: task.learningRate, seed: task.seed };
  try {
    if (task.warmupImages > 0) {
      const warmup = await library.convnet(slice(task.warmupImages), { ...options, seed: task.seed + 1000 });
      await warmup.epoch();
      warmup.dispose();
    }
    const trainer = await library.convnet(slice(task.images), options);
    const t0 = performance.now();
    const loss = await trainer.epoch();
    const seconds = (performance.now() - t0) / 1000;
    trainer.dispose();
    return { kind: 'convnet', seconds, images: task.images, loss };
  } catch (error) {
    // A library without the kernels this network needs (TensorFlow.js wasm 4.22 has no
    // Conv2DBackpropFilter) is a row that says so, not a failure of the benchmark.
    const message = error instanceof Error ? error.message : String(error);
    if (/not registered for backend/.test(message)) return { kind: 'convnet', seconds: 0, images: 0, loss: NaN, unsupported: message.split('\n')[0] };
    throw error;
  }
}

async function runXor(library: Library, task: XorTask): Promise<XorResult> {
  const xor = library.xor;
  if (!xor) throw unsupported(task.lib, 'XOR');
  const once = async (seed: number): Promise<XorRun> => {
    const trainer = await xor(seed, task.maxEpochs);
    const t0 = performance.now();
    const { epochs, mse } = await trainer.train();
    const ms = performance.now() - t0;
    trainer.dispose();
    return { ms, epochs, mse, converged: mse < xorTargetMse };
  };
  await once(task.seed + 1000);
  const runs: XorRun[] = [];
  for (let i = 0; i < task.runs; i++) runs.push(await once(task.seed + i));
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

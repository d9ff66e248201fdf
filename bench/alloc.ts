// Does a neurite training step allocate in steady state? Runs in a child started with
// --expose-gc: heap after global.gc() before and after N steps, the garbage collections V8
// ran meanwhile (PerformanceObserver 'gc' entries), and bytes per step from heapUsed sampled
// around every step.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Adam, BatchNorm, CategoricalCrossEntropy, Dropout, getBackend, ReLU, Sequential, viewRows, type Tensor } from '../src/index.js';
import { loadMnist } from '../src/node.js';
import { convnetLayers, createNeurite, mnistLayers } from './libs/neurite.js';
import type { AllocProbe, AllocResult, AllocTask, GcCounts } from './types.js';

interface GcEntry {
  start: number;
  kind: number;
  forced: boolean;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('the alloc probe needs --expose-gc');
  gc();
  gc();
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/** Runs `body` between two full collections and reports what stayed and what V8 had to collect. */
async function probe(label: string, steps: number, body: () => Promise<void> | void): Promise<AllocProbe> {
  const entries: GcEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      // GC entries carry { kind, flags } in `detail` (Node ≥ 16), which @types/node leaves untyped.
      const detail = (e as unknown as { detail?: { kind?: number; flags?: number } }).detail;
      entries.push({
        start: e.startTime,
        kind: detail?.kind ?? 0,
        forced: ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0,
      });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  await settle();
  collect();
  const before = process.memoryUsage();
  const t0 = performance.now();
  await body();
  const t1 = performance.now();
  collect();
  const after = process.memoryUsage();
  await settle();
  observer.disconnect();
  const gc: GcCounts = { minor: 0, major: 0, incremental: 0, weakcb: 0 };
  for (const e of entries) {
    if (e.forced || e.start < t0 || e.start > t1) continue;
    if (e.kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
    else if (e.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    else if (e.kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gc.incremental++;
    else if (e.kind === constants.NODE_PERFORMANCE_GC_WEAKCB) gc.weakcb++;
  }
  return {
    label,
    steps,
    heapGrowthBytes: after.heapUsed - before.heapUsed,
    arrayBufferGrowthBytes: after.arrayBuffers - before.arrayBuffers,
    gc,
    bytesPerStep: null,
    ms: t1 - t0,
  };
}

/**
 * Bytes allocated per call of `step`, from the V8 heap size read before and after each call
 * (a collection in between makes a negative difference, which is skipped), less what reading
 * the heap size itself allocates, measured the same way around an empty call.
 */
function bytesPerCall(calls: number, step: () => void): number {
  const measure = (fn: () => void): number => {
    let total = 0;
    let counted = 0;
    let previous = getHeapStatistics().used_heap_size;
    for (let i = 0; i < calls; i++) {
      fn();
      const now = getHeapStatistics().used_heap_size;
      if (now >= previous) {
        total += now - previous;
        counted++;
      }
      previous = now;
    }
    return counted === 0 ? 0 : total / counted;
  };
  const noop = (): void => {};
  measure(noop);
  const overhead = measure(noop);
  return Math.max(0, measure(step) - overhead);
}

export async function runAlloc(task: AllocTask): Promise<AllocResult> {
  createNeurite(); // neurite's default kernels, or NEURITE_BACKEND's
  const mnist = await loadMnist();
  const { batchSize, steps, warmupSteps } = task;
  const available = mnist.train.images.shape[0];
  const batches: { x: Tensor; y: Tensor }[] = [];
  for (let i = 0; i < 64; i++) {
    const from = (i * batchSize) % (available - batchSize);
    batches.push({ x: viewRows(mnist.train.images, from, batchSize), y: viewRows(mnist.train.labels, from, batchSize) });
  }

  // The step fit() takes, through the public Layer API: zero the gradients, forward, loss, backward, Adam.
  const model = new Sequential(mnistLayers(task.hidden), { seed: 1 });
  const loss = new CategoricalCrossEntropy({ fromLogits: true });
  const optimizer = new Adam({ learningRate: 1e-3 });
  model.compile({ optimizer, loss });
  const params = model.params();
  let next = 0;
  const step = (): void => {
    const batch = batches[next];
    next = (next + 1) % batches.length;
    for (let i = 0; i < params.length; i++) params[i].zeroGrad();
    const prediction = model.forward(batch.x, true);
    loss.forward(prediction, batch.y);
    model.backward(loss.backward());
    optimizer.step(params);
  };
  for (let i = 0; i < warmupSteps; i++) step();

  const probes: AllocProbe[] = [];
  const raw = await probe('training step (forward, loss, backward, Adam)', steps, () => {
    for (let i = 0; i < steps; i++) step();
  });
  raw.bytesPerStep = bytesPerCall(Math.min(steps, 200), step);
  probes.push(raw);

  // The same steps through model.fit: one epoch of `steps` batches.
  const images = Math.min(steps * batchSize, available);
  const x = viewRows(mnist.train.images, 0, images), y = viewRows(mnist.train.labels, 0, images);
  const fitModel = new Sequential(mnistLayers(task.hidden), { seed: 2 });
  fitModel.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
  await fitModel.fit(viewRows(x, 0, Math.min(images, warmupSteps * batchSize)), viewRows(y, 0, Math.min(images, warmupSteps * batchSize)), {
    epochs: 1,
    batchSize,
  });
  probes.push(
    await probe(`model.fit, 1 epoch of ${Math.ceil(images / batchSize)} batches`, Math.ceil(images / batchSize), async () => {
      await fitModel.fit(x, y, { epochs: 1, batchSize });
    }),
  );
  // A rank-4 model: images [batch, 28, 28, 1] through per-channel BatchNorm, ReLU and Dropout, fitted to themselves.
  const images4 = mnist.train.images.reshape([available, 28, 28, 1]);
  const imageModel = new Sequential([new BatchNorm(1), new ReLU(), new Dropout(0.1)], { seed: 3, inputShape: [28, 28, 1] });
  imageModel.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'mse' });
  const imageBatches = batches.map((_, i) => viewRows(images4, (i * batchSize) % (available - batchSize), batchSize));
  const imageParams = imageModel.params();
  const mse = imageModel.loss!;
  let nextImage = 0;
  const imageStep = (): void => {
    const batch = imageBatches[nextImage];
    nextImage = (nextImage + 1) % imageBatches.length;
    for (let i = 0; i < imageParams.length; i++) imageParams[i].zeroGrad();
    mse.forward(imageModel.forward(batch, true), batch);
    imageModel.backward(mse.backward());
    imageModel.optimizer!.step(imageParams);
  };
  for (let i = 0; i < 10 * warmupSteps; i++) imageStep(); // its kernels are new to the JIT here: a longer warm-up
  const imageProbe = await probe('training step on images [batch, 28, 28, 1] (BatchNorm, ReLU, Dropout)', steps, () => {
    for (let i = 0; i < steps; i++) imageStep();
  });
  imageProbe.bytesPerStep = bytesPerCall(Math.min(steps, 200), imageStep);
  probes.push(imageProbe);

  // The benchmark's convnet on MNIST images [batch, 28, 28, 1]: conv, pooling and Flatten layers.
  const convnet = new Sequential(convnetLayers(), { seed: 4, inputShape: [28, 28, 1] });
  const convLoss = new CategoricalCrossEntropy({ fromLogits: true });
  const convOptimizer = new Adam({ learningRate: 1e-3 });
  convnet.compile({ optimizer: convOptimizer, loss: convLoss });
  const convParams = convnet.params();
  const convBatches = batches.map((b) => ({ x: b.x.reshape([batchSize, 28, 28, 1]), y: b.y }));
  let nextConv = 0;
  const convStep = (): void => {
    const batch = convBatches[nextConv];
    nextConv = (nextConv + 1) % convBatches.length;
    for (let i = 0; i < convParams.length; i++) convParams[i].zeroGrad();
    convLoss.forward(convnet.forward(batch.x, true), batch.y);
    convnet.backwardParams(convLoss.backward());
    convOptimizer.step(convParams);
  };
  for (let i = 0; i < warmupSteps; i++) convStep();
  const convSteps = Math.max(1, Math.round(steps / 5)); // a convnet step costs some 20 Dense steps
  const convProbe = await probe('convnet training step on images [batch, 28, 28, 1] (Conv2D, MaxPool2D, Flatten, Dense)', convSteps, () => {
    for (let i = 0; i < convSteps; i++) convStep();
  });
  convProbe.bytesPerStep = bytesPerCall(Math.min(convSteps, 200), convStep);
  probes.push(convProbe);
  return { kind: 'alloc', backend: getBackend(), batchSize, hidden: task.hidden, probes };
}

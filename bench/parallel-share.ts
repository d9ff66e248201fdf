// How much of a training epoch can threads speed up? neurite/threads splits the WebAssembly
// products and Adam steps over the pool; everything else in a step (the operand copies in
// and out of the module's memory, elementwise layers, im2col and col2im, pooling, the
// optimizer's finite-value scan, batching) runs on the calling thread. This times one-thread
// epochs of the benchmark's MNIST networks on real MNIST and the part of them spent inside
// the product and Adam kernels (the share p that threads can split; packing op(B), inside
// the product here, is the caller's alone on several threads, so p is an upper bound), and
// prints Amdahl's bound on the time with t threads over one thread: 1 − p + p / t.
//
//   npx tsx bench/parallel-share.ts [--images 12800] [--rounds 3]
import { Adam, CategoricalCrossEntropy, Sequential, viewRows, type Layer } from '../src/index.js';
import { loadMnist } from '../src/node.js';
import { wasmState, type KernelExports } from '../src/wasm/instance.js';
import { activeWasm } from '../src/wasm/backend.js';
import { convnetLayers, mnistLayers } from './libs/neurite.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const images = arg('--images', 12_800); // as `npm run bench -- --quick` times
const rounds = arg('--rounds', 3);

// One thread (neurite/threads is not imported, so products stay on this thread), the wasm kernels.
const kernels = activeWasm();
if (kernels === null) throw new Error('parallel-share: expected the wasm backend (NEURITE_BACKEND unset or wasm)');
let inKernels = 0;
const timed = (run: (...args: number[]) => void) => (...args: number[]): void => {
  const t0 = performance.now();
  run(...args);
  inKernels += performance.now() - t0;
};
wasmState.instance = { ...kernels, gemm: timed(kernels.gemm), adam: timed(kernels.adam) } as KernelExports;

const { train } = await loadMnist();
const x = viewRows(train.images, 0, images), y = viewRows(train.labels, 0, images);

async function share(name: string, layers: Layer[], inputShape?: number[]): Promise<void> {
  const model = new Sequential(layers, { seed: 1, ...(inputShape ? { inputShape } : {}) });
  model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
  const data = inputShape ? x.reshape([images, ...inputShape]) : x;
  await model.fit(data, y, { epochs: 1, batchSize: 128 }); // warm-up
  const shares: number[] = [];
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    inKernels = 0;
    const t0 = performance.now();
    await model.fit(data, y, { epochs: 1, batchSize: 128 });
    const took = performance.now() - t0;
    total += took;
    shares.push(inKernels / took);
  }
  shares.sort((a, b) => a - b);
  const p = shares[shares.length >> 1];
  const bound = (t: number): string => (1 - p + p / t).toFixed(3);
  console.log(
    `${name}: ${((total / rounds / images) * 60_000 / 1000).toFixed(1)} s per 60,000 images on one thread; ` +
      `products and Adam ${(100 * p).toFixed(1)}% of it (median of ${rounds}: ${shares.map((s) => (100 * s).toFixed(1)).join(', ')}); ` +
      `Amdahl's bound on t threads over one: t = 2 ≥ ${bound(2)}×, t = 4 ≥ ${bound(4)}×, t = 8 ≥ ${bound(8)}×`,
  );
}

await share('784-128-10', mnistLayers([128]));
await share('784-512-256-10', mnistLayers([512, 256]));
await share('convnet', convnetLayers(), [28, 28, 1]);

// The soak (outside CI): a long training run that must neither leak nor drift.
//
// Trains the MNIST model of examples/mnist.ts (Dense 784→256, BatchNorm, ReLU,
// Dropout 0.2, Dense 256→128, ReLU, Dense 128→10; softmax cross-entropy from logits,
// Adam) with Sequential.fit on shuffled random batches of real MNIST digits, for --steps
// steps. After every epoch of --epoch-steps steps it forces a full garbage collection and
// records the heap, and checks that every weight is finite. It also counts the garbage
// collections V8 ran on its own: a training step that allocated in steady state would
// show as young-generation collections growing with the step count.
//
//   npm run soak                                  # 100,000 steps, batch 32
//   npm run soak -- --steps 20000 --model small   # 784-128-10, fewer steps
//   flags: --steps N --batch-size N --epoch-steps N --model mnist|small --seed N
//
// Exits 1 if the heap grows by more than 5% (and 1 MB) from the first sample after
// warm-up to the last, or if a weight goes non-finite.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import * as neurite from '../src/index.js';
import { Adam, BatchNorm, CategoricalCrossEntropy, Dense, Dropout, Random, ReLU, Sequential, Tensor, gatherRows } from '../src/index.js';
import { loadMnist } from '../src/node.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`soak: expected --${name} to be a positive integer, got ${process.argv[i + 1]}`);
  return value;
}
function option(name: string, fallback: string, allowed: string[]): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? fallback : process.argv[i + 1];
  if (!allowed.includes(value)) throw new RangeError(`soak: expected --${name} to be one of ${allowed.join(', ')}, got ${value}`);
  return value;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (typeof gc !== 'function') throw new Error('soak: run with node --expose-gc (npm run soak does)');
const collect = () => {
  gc();
  gc();
};

const steps = flag('steps', 100_000);
const batchSize = flag('batch-size', 32);
const epochSteps = Math.min(flag('epoch-steps', 1000), steps);
const seed = flag('seed', 1);
const kind = option('model', 'mnist', ['mnist', 'small']);
const epochs = Math.ceil(steps / epochSteps);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

// Random batches: each epoch fit shuffles a pool of epochSteps × batchSize digits, drawn at random from the 60,000.
const { train } = await loadMnist();
const pool = epochSteps * batchSize;
const picks = new Int32Array(pool);
const random = new Random(seed);
for (let i = 0; i < pool; i++) picks[i] = random.int(train.images.shape[0]);
const x = Tensor.zeros([pool, 784]), y = Tensor.zeros([pool]);
gatherRows(train.images.data, 784, picks, 0, pool, x.data);
gatherRows(train.labels.data, 1, picks, 0, pool, y.data);

const layers =
  kind === 'mnist'
    ? [new Dense(784, 256), new BatchNorm(256), new ReLU(), new Dropout(0.2), new Dense(256, 128), new ReLU(), new Dense(128, 10)]
    : [new Dense(784, 128), new ReLU(), new Dense(128, 10)];
const model = new Sequential(layers, { seed });
model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }), metrics: ['accuracy'] });
const backend = typeof (neurite as { getBackend?: () => string }).getBackend === 'function' ? (neurite as { getBackend: () => string }).getBackend() : 'js';

let minorGcs = 0, majorGcs = 0;
let counting = false;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const detail = (entry as unknown as { detail?: { kind?: number; flags?: number } }).detail;
    if (!counting || ((detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0) continue;
    if (detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGcs++;
    else majorGcs++;
  }
});
observer.observe({ entryTypes: ['gc'] });

interface Sample {
  step: number;
  heap: number;
  arrayBuffers: number;
  loss: number;
  minorGcs: number;
  seconds: number;
}
const samples: Sample[] = [];
let nonFinite = false;
const start = performance.now();
console.log(
  `soak: ${kind === 'mnist' ? 'the MNIST model (784-256-BN-ReLU-Dropout-128-10)' : '784-128-10'}, ${steps} steps of batch ${batchSize}, ` +
    `${epochs} epochs of ${epochSteps} steps, backend ${backend}, Node ${process.version}`,
);
collect();
counting = true;
await model.fit(x, y, {
  epochs,
  batchSize,
  callbacks: [
    {
      onEpochEnd: (epoch, logs) => {
        counting = false;
        collect();
        const memory = process.memoryUsage();
        if (!model.getWeights().every((w) => w.every(Number.isFinite))) nonFinite = true;
        const sample = {
          step: (epoch + 1) * epochSteps,
          heap: memory.heapUsed,
          arrayBuffers: memory.arrayBuffers,
          loss: logs.loss,
          minorGcs,
          seconds: (performance.now() - start) / 1000,
        };
        samples.push(sample);
        if (epoch === 0 || (epoch + 1) % Math.max(1, Math.floor(epochs / 20)) === 0 || epoch === epochs - 1) {
          console.log(
            `step ${String(sample.step).padStart(7)}  heap ${mb(sample.heap)} MB  arrayBuffers ${mb(sample.arrayBuffers)} MB  ` +
              `loss ${sample.loss.toFixed(4)}  acc ${(logs.accuracy * 100).toFixed(1)}%  minor GCs ${minorGcs}  ${sample.seconds.toFixed(0)} s`,
          );
        }
        counting = true;
      },
    },
  ],
});
counting = false;
observer.disconnect();

// Warm-up: the first epoch (buffers sized, code optimised). Heap compared from its end on.
const first = samples[0], last = samples[samples.length - 1];
const peak = Math.max(...samples.map((s) => s.heap));
const growth = last.heap - first.heap;
const steadySteps = last.step - first.step;
const gcsPer1000 = steadySteps > 0 ? ((last.minorGcs - first.minorGcs) / steadySteps) * 1000 : 0;
const seconds = (performance.now() - start) / 1000;
console.log(
  `\nsoak: ${last.step} steps in ${seconds.toFixed(0)} s (${((last.step / seconds) | 0)} steps/s); ` +
    `heap after warm-up ${mb(first.heap)} MB, last ${mb(last.heap)} MB (${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KB), peak ${mb(peak)} MB; ` +
    `young-generation GCs after warm-up: ${last.minorGcs - first.minorGcs} (${gcsPer1000.toFixed(2)} per 1000 steps), other GCs ${majorGcs}; ` +
    `weights ${nonFinite ? 'WENT NON-FINITE' : 'finite throughout'}; final loss ${last.loss.toFixed(4)}`,
);
const leaked = growth > Math.max(0.05 * first.heap, 2 ** 20);
if (leaked) console.log('soak: FAIL: the heap grew after warm-up');
process.exitCode = leaked || nonFinite ? 1 : 0;

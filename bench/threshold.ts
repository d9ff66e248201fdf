// How large must a product (or an Adam step) be before threads pay for the hand-off? Times
// each size on one thread and on neurite's default thread count, alternating blocks inside
// this one process (the workers stay up; one thread means a threshold that keeps
// everything on the caller), and prints the median and the fastest block of each, with
// their ratios. On a machine whose cores are busy with other work the medians mostly
// measure that work; the fastest blocks show what the hand-off itself costs. The
// thresholds in src/wasm/backend.ts come from this.
//
//   npx tsx bench/threshold.ts [--rounds 15] [--threads 2] [--spin µs]
import { getThreads, setThreads, startThreads } from '../src/threads.js';
import { gemm } from '../src/tensor/kernels.js';
import { wasmAdam, activeWasm } from '../src/wasm/backend.js';
import { setContentionBackoff, setThreadThresholds, setWorkerSpin } from '../src/wasm/threads.js';
import { summarize } from './stats.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('--rounds', 15);
setThreads();
const threads = arg('--threads', getThreads());
setThreads(threads);
if (process.argv.includes('--spin')) setWorkerSpin(arg('--spin', 0));
setContentionBackoff(false); // the hand-off itself, not the back-off from busy cores
if (!(await startThreads())) throw new Error('threshold: expected worker threads to start');

interface Times {
  one: number;
  many: number;
  oneFastest: number;
  manyFastest: number;
}

/** Median and fastest time of `run` per call on one thread and on `threads`, alternating blocks of about 20 ms. */
function compare(run: () => void): Times {
  const times = { one: [] as number[], many: [] as number[] };
  const block = (): number => {
    let calls = 0;
    const t0 = performance.now();
    do {
      run();
      calls++;
    } while (performance.now() - t0 < 20);
    return (performance.now() - t0) / calls;
  };
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 === 0 ? (['one', 'many'] as const) : (['many', 'one'] as const)) {
      setThreadThresholds(which === 'one' ? { gemm: Infinity, adam: Infinity } : { gemm: 0, adam: 0 });
      block(); // warm: a block untimed after each switch
      times[which].push(block());
    }
  }
  setThreadThresholds();
  const one = summarize(times.one)!, many = summarize(times.many)!;
  return { one: one.median, many: many.median, oneFastest: one.min, manyFastest: many.min };
}

const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
/** The columns of one line: medians, their ratio, fastest blocks, their ratio. */
function columns(t: Times): string {
  return [us(t.one), us(t.many), (t.many / t.one).toFixed(2), us(t.oneFastest), us(t.manyFastest), (t.manyFastest / t.oneFastest).toFixed(2)]
    .map((c, i) => c.padStart(i % 3 === 2 ? 6 : 10))
    .join(' ');
}

const fill = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i));
console.log(`threshold: one thread vs ${threads}, ${rounds} alternated blocks of 20 ms each; time per call, median and fastest block`);
console.log(`${'product (m×k @ k×n, A·Bᵀ)'.padEnd(23)} ${'flops'.padStart(9)} ${'1 thread'.padStart(10)} ${`${threads} threads`.padStart(10)} ${'ratio'.padStart(6)} ${'fastest 1'.padStart(10)} ${`fastest ${threads}`.padStart(10)} ${'ratio'.padStart(6)}`);
const shapes: [number, number, number][] = [
  [16, 16, 16], [24, 24, 24], [32, 32, 32], [40, 40, 40], [48, 48, 48], [56, 56, 56], [64, 64, 64], [80, 80, 80], [96, 96, 96], [128, 128, 128],
  [128, 16, 16], [128, 32, 32], [128, 64, 32], [128, 64, 64], [128, 128, 64], [32, 784, 16], [32, 784, 32], [32, 784, 128], [128, 784, 128],
];
for (const [m, k, n] of shapes) {
  const a = fill(m * k), b = fill(n * k), c = new Float32Array(m * n);
  console.log(`${`${m}×${k} @ ${k}×${n}`.padEnd(23)} ${String(2 * m * n * k).padStart(9)} ${columns(compare(() => gemm(a, b, c, m, n, k, false, true, false)))}`);
}
console.log(`${'Adam step (weights)'.padEnd(33)}`);
const wasm = activeWasm();
if (wasm === null) throw new Error('threshold: expected the wasm backend');
for (const n of [4096, 8192, 16384, 32768, 65536, 131072]) {
  const value = fill(n), grad = fill(n), m = new Float32Array(n), v = new Float32Array(n);
  console.log(`${String(n).padEnd(33)} ${columns(compare(() => wasmAdam(wasm, value, grad, m, v, 1e-3, 0.9, 0.999, 0.1, 0.001, 1e-7)))}`);
}

// How large must a product (or an Adam step) be before threads pay for the hand-off? Times
// each size on one thread and on neurite's default thread count, alternating blocks inside
// this one process (the workers stay up; one thread means a threshold that keeps
// everything on the caller), and prints medians and their ratio. The thresholds in
// src/wasm/backend.ts come from this.
//
//   npx tsx bench/threshold.ts [--rounds 15] [--threads 2] [--spin µs]
import { getThreads, setThreads } from '../src/index.js';
import { gemm } from '../src/tensor/kernels.js';
import { setThreadThresholds, startThreads, wasmAdam, activeWasm } from '../src/wasm/backend.js';
import { setWorkerSpin } from '../src/wasm/threads.js';
import { summarize } from './stats.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('--rounds', 15);
const threads = arg('--threads', getThreads());
setThreads(threads);
if (process.argv.includes('--spin')) setWorkerSpin(arg('--spin', 0));
if (!(await startThreads())) throw new Error('threshold: expected worker threads to start');

/** Median time of `run` per call on one thread and on `threads`, alternating blocks of about 20 ms. */
function compare(run: () => void): { one: number; many: number } {
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
  return { one: summarize(times.one)!.median, many: summarize(times.many)!.median };
}

const fill = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i));
console.log(`threshold: one thread vs ${threads}, ${rounds} alternated blocks of 20 ms each, medians`);
console.log('product (m×k @ k×n, A·Bᵀ)        flops      1 thread   threads   ratio');
const shapes: [number, number, number][] = [
  [16, 16, 16], [24, 24, 24], [32, 32, 32], [40, 40, 40], [48, 48, 48], [56, 56, 56], [64, 64, 64], [80, 80, 80], [96, 96, 96], [128, 128, 128],
  [128, 16, 16], [128, 32, 32], [128, 64, 32], [128, 64, 64], [128, 128, 64], [32, 784, 16], [32, 784, 32], [32, 784, 128], [128, 784, 128],
];
for (const [m, k, n] of shapes) {
  const a = fill(m * k), b = fill(n * k), c = new Float32Array(m * n);
  const { one, many } = compare(() => gemm(a, b, c, m, n, k, false, true, false));
  const flops = 2 * m * n * k;
  console.log(
    `${`${m}×${k} @ ${k}×${n}`.padEnd(30)} ${String(flops).padStart(9)} ${`${(one * 1000).toFixed(1)} µs`.padStart(11)} ${`${(many * 1000).toFixed(1)} µs`.padStart(10)} ${(many / one).toFixed(2).padStart(7)}`,
  );
}
console.log('Adam step (weights)                         1 thread   threads   ratio');
const wasm = activeWasm();
if (wasm === null) throw new Error('threshold: expected the wasm backend');
for (const n of [4096, 8192, 16384, 32768, 65536, 131072]) {
  const value = fill(n), grad = fill(n), m = new Float32Array(n), v = new Float32Array(n);
  const { one, many } = compare(() => wasmAdam(wasm, value, grad, m, v, 1e-3, 0.9, 0.999, 0.1, 0.001, 1e-7));
  console.log(`${String(n).padEnd(41)} ${`${(one * 1000).toFixed(1)} µs`.padStart(11)} ${`${(many * 1000).toFixed(1)} µs`.padStart(10)} ${(many / one).toFixed(2).padStart(7)}`);
}

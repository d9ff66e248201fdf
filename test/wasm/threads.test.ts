// Worker threads for the WebAssembly kernels (src/wasm/threads.ts): products and Adam steps
// give the same bits on any number of threads, a seeded fit the same weights, a worker's
// error reaches the caller, and the pool starts, stops and survives backend switches.
// Runs in Node and, cross-origin isolated, in Chromium (npm run test:browser).
//
// Whether a worker takes part in a product depends on timing when threads claim tiles, so
// the comparisons run both ways: claimed (as in use), and dealt out by thread (a test hook),
// where every worker must compute its share. Nothing here depends on timing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  CategoricalCrossEntropy,
  Conv2D,
  Dense,
  Flatten,
  getBackend,
  getBackendInfo,
  MaxPool2D,
  Param,
  Random,
  ReLU,
  Sequential,
  setBackend,
  Tensor,
  type Backend,
} from '../../src/index.js';
import { gemm } from '../../src/tensor/kernels.js';
import { disposeThreads, getThreads, setThreads, startThreads } from '../../src/threads.js';
import { wasmSimdSupported } from '../../src/wasm/backend.js';
import { poolSize, setThreadTestHooks, setThreadThresholds, threadsPossible, threadTaskCounts } from '../../src/wasm/threads.js';

const threaded = wasmSimdSupported() && threadsPossible();
let initial: Backend;
beforeAll(() => {
  initial = getBackend();
  setBackend('wasm');
});
afterEach(() => {
  setThreadTestHooks({});
  setThreadThresholds();
});
afterAll(() => {
  setThreads(2);
  disposeThreads();
  setBackend(initial);
});

/** Sets `n` threads and waits for the workers; `spread` deals tasks out by thread. */
async function onThreads(n: number, spread = false): Promise<void> {
  setThreads(n);
  if (n > 1) expect(await startThreads(), 'the workers started').toBe(true);
  setThreadTestHooks({ spread: spread && n > 1 });
}

function randomData(size: number, random: Random): Float32Array {
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = random.normal();
  return data;
}

/** Fails with the first element whose bits differ (a loop, not toEqual on large arrays). */
function expectSameBits(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) expect.fail(`${what}: element ${i} is ${got[i]}, on one thread ${want[i]}`);
  }
}

const forms: [string, boolean, boolean][] = [
  ['A·B', false, false],
  ['Aᵀ·B', true, false],
  ['A·Bᵀ', false, true],
  ['Aᵀ·Bᵀ', true, true],
];

// [m, n, k]: odd sizes, one row, few columns, few rows (sent to threads by lowering the
// threshold), and one above the default threshold (2·m·n·k ≥ 2²³ flops).
const shapes: [number, number, number][] = [
  [131, 257, 129],
  [67, 131, 45],
  [130, 9, 301],
  [5, 517, 129],
  [1, 1000, 300],
  [203, 77, 64],
];

describe.runIf(threaded)('products on several threads', () => {
  it('give the bits of one thread: 2, 3 and 4 threads, every form, odd sizes, overwrite and accumulate', async () => {
    const random = new Random('thread bits');
    const cases = shapes.map(([m, n, k]) => ({ m, n, k, a: randomData(m * k, random), b: randomData(k * n, random), c0: randomData(m * n, random) }));
    const run = (): Float32Array[] =>
      cases.flatMap(({ m, n, k, a, b, c0 }) =>
        forms.flatMap(([, transA, transB]) => {
          const c = new Float32Array(m * n).fill(NaN);
          gemm(a, b, c, m, n, k, transA, transB, false);
          const acc = c0.slice();
          gemm(a, b, acc, m, n, k, transA, transB, true);
          return [c, acc];
        }),
      );
    const names = cases.flatMap(({ m, n, k }) => forms.flatMap(([form]) => [`${form} ${m}×${k} @ ${k}×${n}`, `${form} ${m}×${k} @ ${k}×${n} (accumulate)`]));
    await onThreads(1);
    const want = run();
    for (const threads of [2, 3, 4]) {
      for (const spread of [false, true]) {
        await onThreads(threads, spread);
        setThreadThresholds({ gemm: 0 }); // every product to threads, however small
        const before = threadTaskCounts();
        const got = run();
        got.forEach((c, i) => expectSameBits(c, want[i], `${threads} threads${spread ? ' (dealt out)' : ''}, ${names[i]}`));
        if (spread) {
          const ran = threadTaskCounts().map((count, slot) => count - before[slot]);
          expect(ran.every((count) => count > 0), `tasks per thread ${ran.join(', ')}`).toBe(true);
        }
      }
    }
  });

  it('Adam steps give the bits of one thread (100,003 weights, above the threshold; 2 and 4 threads)', async () => {
    const steps = async (threads: number, spread: boolean): Promise<Float32Array[]> => {
      await onThreads(threads, spread);
      const random = new Random('thread adam');
      const param = new Param('w', Tensor.randn([100_003], random));
      const adam = new Adam({ learningRate: 0.01 });
      for (let s = 0; s < 3; s++) {
        for (let i = 0; i < param.size; i++) param.grad.data[i] = random.normal() * 10 ** (random.int(5) - 2);
        adam.step([param]);
      }
      const state = adam.getState([param]).slots[0];
      return [param.value.data.slice(), state.m, state.v];
    };
    const want = await steps(1, false);
    for (const [threads, spread] of [[2, false], [2, true], [4, true]] as const) {
      const got = await steps(threads, spread);
      ['value', 'm', 'v'].forEach((name, i) => expectSameBits(got[i], want[i], `${threads} threads${spread ? ' (dealt out)' : ''}, Adam ${name}`));
    }
  });

  it('a seeded fit gives the same weights on 1, 2 and 4 threads', async () => {
    // At batch 64, Dense(256 → 320) and Dense(320 → 256) are products of 10.5 MFLOP, above the
    // threshold (6), and Dense(320 → 256)'s 81,920 weights an Adam step above its own (65,536).
    const fit = async (threads: number, spread: boolean): Promise<Float32Array[]> => {
      await onThreads(threads, spread);
      const random = new Random(11);
      const x = Tensor.randn([256, 256], random);
      const labels = new Int32Array(256);
      for (let i = 0; i < labels.length; i++) labels[i] = random.int(10);
      const model = new Sequential([new Dense(256, 320), new ReLU(), new Dense(320, 256), new ReLU(), new Dense(256, 10)], { seed: 5 });
      model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
      await model.fit(x, labels, { epochs: 2, batchSize: 64, shuffle: true });
      return model.getWeights();
    };
    const want = await fit(1, false);
    for (const [threads, spread] of [[2, false], [2, true], [4, false], [4, true]] as const) {
      const got = await fit(threads, spread);
      got.forEach((w, i) => expectSameBits(w, want[i], `${threads} threads${spread ? ' (dealt out)' : ''}, weight array ${i}`));
    }
  });
});

describe.runIf(threaded)('convolutions on several threads', () => {
  it("a Conv2D layer's products go to the workers (forward and backward)", async () => {
    await onThreads(2, true);
    const random = new Random(3);
    // conv2 of the benchmark's convnet: it multiplies blocks of 227 patches (of 288 values) by its
    // 64 filters, 8.37 MFLOP a product, above the threshold (6).
    const conv = new Conv2D(32, 64, 3, { random });
    const x = Tensor.randn([16, 13, 13, 32], random);
    const worker = (): number => threadTaskCounts()[1];
    const before = worker();
    const y = conv.forward(x, true);
    const afterForward = worker();
    expect(afterForward, 'tiles the worker ran in the forward product').toBeGreaterThan(before);
    conv.backward(Tensor.randn(y.shape, random));
    expect(worker(), 'tiles the worker ran in the two backward products').toBeGreaterThan(afterForward);
  });

  it('a seeded convnet fit gives the same weights on 1, 2 and 4 threads', async () => {
    // The benchmark's convnet on 28 × 28 × 1 images at batch 32: the second conv layer's
    // products (blocks of 8.37 MFLOP) and Dense(1600 → 128)'s (13 MFLOP) are above the
    // threshold (6), and so is that layer's Adam step (204,928 weights; the threshold is 65,536).
    const fit = async (threads: number, spread: boolean): Promise<Float32Array[]> => {
      await onThreads(threads, spread);
      const random = new Random(17);
      const x = Tensor.uniform([96, 28, 28, 1], random);
      const labels = new Int32Array(96);
      for (let i = 0; i < labels.length; i++) labels[i] = random.int(10);
      const model = new Sequential(
        [
          new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2),
          new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2),
          new Flatten(), new Dense(1600, 128), new ReLU(), new Dense(128, 10),
        ],
        { seed: 9, inputShape: [28, 28, 1] },
      );
      model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
      await model.fit(x, labels, { epochs: 1, batchSize: 32, shuffle: true });
      return model.getWeights();
    };
    const want = await fit(1, false);
    for (const [threads, spread] of [[2, false], [2, true], [4, false], [4, true]] as const) {
      const got = await fit(threads, spread);
      got.forEach((w, i) => expectSameBits(w, want[i], `convnet on ${threads} threads${spread ? ' (dealt out)' : ''}, weight array ${i}`));
    }
  });
});

describe.runIf(threaded)('a worker that fails', () => {
  it('makes the product throw in the caller, and the pool goes on working', async () => {
    const random = new Random('failure');
    const [m, n, k] = [131, 257, 129]; // above the threshold
    const a = randomData(m * k, random), b = randomData(k * n, random);
    await onThreads(1);
    const want = new Float32Array(m * n);
    gemm(a, b, want, m, n, k, false, true, false);

    await onThreads(2, true);
    setThreadTestHooks({ spread: true, failInWorker: true });
    const c = new Float32Array(m * n);
    expect(() => gemm(a, b, c, m, n, k, false, true, false)).toThrow(
      'gemm: expected every thread to finish its part, got an error in one: a failure simulated for tests',
    );
    const param = new Param('w', Tensor.randn([70_000], random)); // above the threshold
    param.grad.data.fill(0.5);
    expect(() => new Adam().step([param])).toThrow('Adam: expected every thread to finish its part, got an error in one: a failure simulated for tests');

    // The same workers carry on.
    setThreadTestHooks({ spread: true });
    expect(poolSize()).toBe(2);
    const before = threadTaskCounts();
    gemm(a, b, c, m, n, k, false, true, false);
    expectSameBits(c, want, 'after the failure');
    expect(threadTaskCounts()[1]).toBeGreaterThan(before[1]);
  });
});

describe('setThreads, getThreads, disposeThreads and getBackendInfo', () => {
  it('setThreads rejects anything but an integer from 1 to 64', () => {
    for (const [bad, shown] of [[0, '0'], [-1, '-1'], [2.5, '2.5'], [65, '65'], [NaN, 'NaN'], [Infinity, 'Infinity'], ['2', 'string']] as const) {
      expect(() => setThreads(bad as number)).toThrow(new RangeError(`setThreads: expected a positive integer up to 64, got ${shown}`));
    }
  });

  it.runIf(threaded)('getThreads returns what was set; getBackendInfo says the backend, threads, SIMD and why there is one thread', () => {
    setThreads(3);
    expect(getThreads()).toBe(3);
    expect(getBackendInfo()).toEqual({ backend: 'wasm', threads: 3, simd: true });
    setThreads(1);
    expect(getThreads()).toBe(1);
    expect(getBackendInfo()).toEqual({ backend: 'wasm', threads: 1, simd: true, reason: 'setThreads(1)' });
    setThreads(2);
    setBackend('js');
    expect(getBackendInfo()).toEqual({ backend: 'js', threads: 1, simd: true, reason: "the 'js' backend runs on one thread" });
    expect(getThreads()).toBe(2); // what the wasm products will use again
    setBackend('wasm');
    expect(getBackendInfo().threads).toBe(2);
  });

  it.runIf(threaded)('workers start lazily, survive backend switches, and end with setThreads(1) or disposeThreads', async () => {
    setThreads(2);
    disposeThreads();
    expect(poolSize()).toBe(0);
    const random = new Random('lifecycle');
    const small = randomData(16 * 16, random);
    gemm(small, small, new Float32Array(256), 16, 16, 16, false, false, false);
    expect(poolSize(), 'a product below the threshold starts no worker').toBe(0);
    await onThreads(2, true);
    const a = randomData(170 * 170, random); // 2·170³ flops: above the threshold
    const c = new Float32Array(170 * 170);
    gemm(a, a, c, 170, 170, 170, false, false, false);
    const counts = threadTaskCounts();
    expect(counts[1]).toBeGreaterThan(0);

    setBackend('js');
    gemm(a, a, c, 170, 170, 170, false, false, false); // the TypeScript kernels, one thread
    setBackend('wasm');
    expect(poolSize()).toBe(2);
    gemm(a, a, c, 170, 170, 170, false, false, false);
    expect(threadTaskCounts()[1], 'the same pool (its counts go on)').toBeGreaterThan(counts[1]);

    setThreads(1);
    expect(poolSize()).toBe(0);
    setThreads(2);
    expect(await startThreads()).toBe(true);
    expect(poolSize()).toBe(2);
    disposeThreads();
    expect(poolSize()).toBe(0);
    setThreadTestHooks({});
    gemm(a, a, c, 170, 170, 170, false, false, false); // starts them again
    expect(poolSize()).toBe(2);
  });
});

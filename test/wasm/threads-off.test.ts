// Threads are opt-in (neurite/threads): until setThreads is called, the WebAssembly products
// and Adam steps run on the calling thread, on a memory that is not shared, and
// getBackendInfo says how to turn threads on. Calling setThreads later moves the module to a
// shared memory, with the same results.
import { afterAll, describe, expect, it } from 'vitest';
import { Adam, getBackend, getBackendInfo, Param, Random, setBackend, Tensor } from '../../src/index.js';
import { gemm } from '../../src/tensor/kernels.js';
import { disposeThreads, getThreads, setThreads, startThreads } from '../../src/threads.js';
import { wasmSimdSupported } from '../../src/wasm/backend.js';
import { wasmState } from '../../src/wasm/instance.js';
import { poolSize, threadsPossible, threadTaskCounts } from '../../src/wasm/threads.js';

const initial = getBackend();
afterAll(() => {
  disposeThreads();
  setBackend(initial);
});

/** A product of 2·128·256·192 = 12.6 MFLOP (above the threshold for threads) and an Adam step on 131,072 weights. */
function work(): { c: Float32Array; w: Float32Array } {
  const random = new Random(11);
  const a = Tensor.randn([128, 256], random).data, b = Tensor.randn([256, 192], random).data;
  const c = new Float32Array(128 * 192);
  gemm(a, b, c, 128, 192, 256, false, false, false);
  const p = new Param('w', Tensor.randn([512, 256], random));
  p.grad.data.set(Tensor.randn([512, 256], random).data);
  new Adam({ learningRate: 0.01 }).step([p]);
  return { c, w: p.value.data };
}

function firstMismatch(x: Float32Array, y: Float32Array): string | null {
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `index ${i}: ${x[i]} vs ${y[i]}`;
  return x.length === y.length ? null : `lengths ${x.length} vs ${y.length}`;
}

describe.runIf(wasmSimdSupported())('without neurite/threads', () => {
  it('products and Adam steps run on the calling thread, and getBackendInfo says why', () => {
    setBackend('wasm');
    expect(wasmState.threads).toBeNull();
    const info = getBackendInfo();
    expect(info).toEqual({ backend: 'wasm', threads: 1, simd: true, reason: expect.any(String) });
    // (a pattern, not the literal: the browser suite's config would read the literal as an import of neurite/threads)
    expect(info.reason).toMatch(/^threads are off: import \{ setThreads \} from .neurite\/threads.$/);
    expect(getThreads()).toBe(1);
    work();
    expect(poolSize()).toBe(0); // no worker was started
    const shared = typeof SharedArrayBuffer === 'function' && wasmState.memory?.buffer instanceof SharedArrayBuffer;
    expect(shared, 'the memory is not shared').toBe(false);
  });

  it.runIf(threadsPossible())('setThreads later moves the module to a shared memory; results stay bit-identical', async () => {
    setBackend('wasm');
    const before = work();
    setThreads(2);
    expect(await startThreads()).toBe(true);
    expect(wasmState.memory?.buffer instanceof SharedArrayBuffer).toBe(true);
    expect(getBackendInfo()).toEqual({ backend: 'wasm', threads: 2, simd: true });
    const after = work();
    expect(firstMismatch(after.c, before.c), 'product').toBeNull();
    expect(firstMismatch(after.w, before.w), 'Adam step').toBeNull();
    expect(threadTaskCounts().reduce((s, t) => s + t, 0), 'tasks run on threads').toBeGreaterThan(0);
  });
});

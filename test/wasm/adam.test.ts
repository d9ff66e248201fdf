// Adam on the WebAssembly backend computes in double-precision lanes exactly as the
// TypeScript loop does, so both give bit-identical weights and moments.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Adam, AdamW, getBackend, Param, Random, setBackend, Tensor, type Backend } from '../../src/index.js';
import { expectSameValues } from '../helpers.js';

/** The weights, m and v of both backends, bit for bit, reporting the first difference. */
function expectSame(wasm: Float32Array[], js: Float32Array[]): void {
  ['weights', 'm', 'v'].forEach((what, i) => expectSameValues(wasm[i], js[i], what));
}

let initial: Backend;
beforeAll(() => {
  initial = getBackend();
});
afterAll(() => setBackend(initial));

function makeParam(size: number, random: Random): Param {
  return new Param('w', Tensor.randn([size], random));
}

/** Runs `steps` updates of the same param on each backend (fresh optimizer each) and returns both. */
function runBoth(make: () => Adam, size: number, steps: number, seed: string): { js: Float32Array[]; wasm: Float32Array[] } {
  const out = {} as { js: Float32Array[]; wasm: Float32Array[] };
  for (const backend of ['js', 'wasm'] as const) {
    setBackend(backend);
    const random = new Random(seed);
    const param = makeParam(size, random);
    const optimizer = make();
    for (let s = 0; s < steps; s++) {
      // Gradients of varied scale, including exact zeros and tiny values.
      for (let i = 0; i < size; i++) {
        const r = random.next();
        param.grad.data[i] = r < 0.1 ? 0 : r < 0.2 ? random.normal() * 1e-30 : random.normal() * 10 ** (random.int(7) - 4);
      }
      optimizer.step([param]);
    }
    const state = optimizer.getState([param]).slots[0];
    out[backend] = [param.value.data.slice(), state.m, state.v];
  }
  return out;
}

describe('Adam on the wasm backend', () => {
  for (const size of [1, 2, 3, 4, 5, 7, 8, 9, 1000, 100_480]) {
    it(`is bit-identical to the TypeScript Adam on ${size} weights over 20 steps`, () => {
      const { js, wasm } = runBoth(() => new Adam({ learningRate: 1e-3 }), size, 20, `adam ${size}`);
      expectSame(wasm, js);
    });
  }

  it('AdamW (decay, then the Adam step) and other hyperparameters too', () => {
    const make = () => new AdamW({ learningRate: 0.01, beta1: 0.5, beta2: 0.9, epsilon: 1e-3, weightDecay: 0.1 });
    const { js, wasm } = runBoth(make, 37, 30, 'adamw');
    expectSame(wasm, js);
  });

  it('a learning-rate schedule', () => {
    const make = () => new Adam({ learningRate: (step) => 0.01 / (1 + step) });
    const { js, wasm } = runBoth(make, 13, 10, 'schedule');
    expectSame(wasm, js);
  });
});

describe('Adam on the wasm backend after the memory grew', () => {
  it('still matches (its cached views are re-created)', async () => {
    const { gemm } = await import('../../src/tensor/kernels.js');
    const first = runBoth(() => new Adam(), 33, 3, 'before growth');
    expectSame(first.wasm, first.js);
    setBackend('wasm');
    const size = 1100; // 4.8 MB per operand: more than any earlier test needed
    gemm(new Float32Array(size * size), new Float32Array(size * size), new Float32Array(size * size), size, size, size, false, false, false);
    const after = runBoth(() => new Adam(), 33, 3, 'after growth');
    expectSame(after.wasm, after.js);
  });
});

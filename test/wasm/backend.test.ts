// setBackend / getBackend, the default choice, and the fallback to the TypeScript kernels
// where WebAssembly SIMD is unavailable (simulated).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Adam, Dense, getBackend, MeanSquaredError, Random, Sequential, setBackend, Sigmoid, Tensor, type Backend } from '../../src/index.js';
import { gemm, gemmJs } from '../../src/tensor/kernels.js';
import { simulateNoWasmSimd, wasmSimdSupported } from '../../src/wasm/backend.js';

let initial: Backend;
beforeAll(() => {
  initial = getBackend();
});
afterEach(() => {
  simulateNoWasmSimd(false);
  setBackend(initial);
});

function randomData(size: number, random: Random): Float32Array {
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = random.normal();
  return data;
}

/** gemm on the backend in use, and whether its result has the TypeScript kernel's exact bits. */
function matchesJsBits(): boolean {
  const random = new Random('bits');
  // k = 300 sums: float32 (wasm) and double (js) accumulation round differently somewhere.
  const a = randomData(16 * 300, random), b = randomData(300 * 16, random);
  const c = new Float32Array(256), want = new Float32Array(256);
  gemm(a, b, c, 16, 16, 300, false, false, false);
  gemmJs(a, b, want, 16, 16, 300, false, false, false);
  return c.every((v, i) => Object.is(v, want[i]));
}

async function trainXor(): Promise<Float32Array> {
  const model = new Sequential([new Dense(2, 8), new Sigmoid(), new Dense(8, 1), new Sigmoid()], { seed: 3 });
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: new MeanSquaredError() });
  const x = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = Tensor.from([[0], [1], [1], [0]]);
  await model.fit(x, y, { epochs: 50, batchSize: 4 });
  return model.predict(x).data.slice();
}

describe('setBackend and getBackend', () => {
  it("defaults to 'wasm' where WebAssembly SIMD is available (Node 20 has it)", () => {
    expect(wasmSimdSupported()).toBe(true);
    simulateNoWasmSimd(false); // forget any choice: back to the default
    expect(getBackend()).toBe('wasm');
  });

  it('switches between the kernels', () => {
    setBackend('js');
    expect(getBackend()).toBe('js');
    expect(matchesJsBits()).toBe(true);
    setBackend('wasm');
    expect(getBackend()).toBe('wasm');
    expect(matchesJsBits()).toBe(false);
    setBackend('js');
    expect(matchesJsBits()).toBe(true);
  });

  it('rejects an unknown backend, keeping the one in use', () => {
    setBackend('js');
    expect(() => setBackend('webgpu' as Backend)).toThrow(/setBackend: expected 'js' or 'wasm', got "webgpu"/);
    expect(getBackend()).toBe('js');
  });

  it('trains the same model to the same predictions on both backends (to float32 rounding)', async () => {
    setBackend('js');
    const js = await trainXor();
    setBackend('wasm');
    const wasm = await trainXor();
    for (let i = 0; i < js.length; i++) expect(Math.abs(wasm[i] - js[i])).toBeLessThan(1e-4);
  });
});

describe('without WebAssembly SIMD (simulated)', () => {
  it("falls back to 'js' by default, and products still work", async () => {
    simulateNoWasmSimd(true);
    expect(wasmSimdSupported()).toBe(false);
    expect(getBackend()).toBe('js');
    expect(matchesJsBits()).toBe(true);
    const predictions = await trainXor();
    expect(predictions.every(Number.isFinite)).toBe(true);
  });

  it("refuses setBackend('wasm') with a message that names the way out", () => {
    simulateNoWasmSimd(true);
    expect(() => setBackend('wasm')).toThrow(/WebAssembly SIMD.*'js'/);
    expect(getBackend()).toBe('js');
    setBackend('js');
    expect(getBackend()).toBe('js');
  });

  it('a wasm backend in use goes back to js when SIMD turns out unavailable, and returns when it is back', () => {
    setBackend('wasm');
    simulateNoWasmSimd(true);
    expect(getBackend()).toBe('js');
    simulateNoWasmSimd(false);
    expect(getBackend()).toBe('wasm');
  });
});

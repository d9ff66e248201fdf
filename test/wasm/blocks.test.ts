/**
 * A very large product runs on the WebAssembly backend in blocks, so that the module's memory
 * stays bounded (a predict on a huge batch does not leave hundreds of megabytes behind).
 */
import { describe, expect, it } from 'vitest';
import { gemmJs } from '../../src/tensor/kernels.js';
import { gemm, setProductBlock } from '../../src/tensor/gemm.js';
import { getBackend, setBackend } from '../../src/index.js';
import { wasmMemoryBytes } from '../../src/wasm/backend.js';
import { Random } from '../../src/random.js';

const random = new Random(3);
const fill = (n: number) => Float32Array.from({ length: n }, () => random.normal());

/** The first index where two arrays differ by more than `tolerance`, or -1. */
function firstMismatch(a: Float32Array, b: Float32Array, tolerance = 0): number {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= tolerance)) return i;
  return -1;
}

describe.runIf(getBackend() === 'wasm')('products in blocks (wasm backend)', () => {
  it('row blocks give the same bits as one product, and the memory grows by about one block', () => {
    setBackend('wasm');
    const m = 2000, n = 33, k = 67;
    const a = fill(m * k), b = fill(n * k);
    const whole = new Float32Array(m * n), blocked = new Float32Array(m * n);
    gemm(a, b, whole, m, n, k, false, true, false);
    const before = wasmMemoryBytes();
    const previous = setProductBlock(4 * 1024);
    try {
      gemm(a, b, blocked, m, n, k, false, true, false);
      const k2 = 5, big = fill(200_000 * k2), out = new Float32Array(200_000 * 2);
      gemm(big, fill(2 * k2), out, 200_000, 2, k2, false, true, false); // 2.2 M values in all, never in the module at once
    } finally {
      setProductBlock(previous);
    }
    expect(firstMismatch(whole, blocked), 'first differing element').toBe(-1);
    expect(wasmMemoryBytes() - before).toBeLessThanOrEqual(1 << 20);
  });

  it('blocks of the shared dimension (Aᵀ·B, a weight gradient) add up to the product', () => {
    setBackend('wasm');
    const m = 9, n = 14, k = 3000;
    const a = fill(k * m), b = fill(k * n);
    const reference = new Float32Array(m * n), blocked = new Float32Array(m * n).fill(1);
    gemmJs(a, b, reference, m, n, k, true, false, false);
    const previous = setProductBlock(2 * 1024);
    try {
      gemm(a, b, blocked, m, n, k, true, false, true); // accumulates onto ones
    } finally {
      setProductBlock(previous);
    }
    for (let i = 0; i < reference.length; i++) reference[i] += 1;
    expect(firstMismatch(reference, blocked, 1e-3), 'first element off by more than 1e-3').toBe(-1);
  });
});

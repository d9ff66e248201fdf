/**
 * The WebAssembly products and Adam steps: operands copied into the module's memory, the
 * result out. On the calling thread, unless neurite/threads has installed its hook
 * (`wasmState.threads`), which takes the work large enough to share (src/wasm/threads/products.ts).
 */
import { align } from './align.js';
import { adamViews, copyOut, ensure, put, wasmState, type KernelExports } from './instance.js';

/**
 * C[m×n] (+)= op(A)·op(B) on the WebAssembly kernels, with the same contract as `gemm`
 * (k ≥ 1, m ≥ 1, n ≥ 1 here; the caller handles the empty cases), on several threads when
 * neurite/threads is on and the product is large enough (bit-identical to one thread).
 * Returns false, having done nothing, when the operands do not fit in a 32-bit memory.
 */
export function wasmGemm(
  wasm: KernelExports,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): boolean {
  if (wasmState.threads?.gemm(wasm, a, b, c, m, n, k, transA, transB, accumulate)) return true;
  const cSize = m * n, aSize = m * k, bSize = k * n;
  const cOffset = wasmState.dataBase;
  const aOffset = cOffset + align(cSize * 4);
  const bOffset = aOffset + align(aSize * 4);
  const work = bOffset + align(bSize * 4);
  // Scratch of the kernels: op(B) packed in 8-column panels, one packed 4-row block of op(A), a 4×8 tile.
  if (!ensure(work + 4 * (Math.ceil(n / 8) * 8 * k + 4 * k + 32))) return false;
  put(a, aSize, aOffset);
  put(b, bSize, bOffset);
  if (accumulate) put(c, cSize, cOffset);
  wasm.gemm(aOffset, bOffset, cOffset, m, n, k, transA ? 1 : 0, transB ? 1 : 0, accumulate ? 1 : 0, work);
  copyOut(c, cSize);
  return true;
}

/**
 * One Adam step on the WebAssembly kernels (see `adam` in assembly/gemm.ts), bit-identical
 * to the TypeScript loop; on several threads for large arrays when neurite/threads is on.
 * False, having done nothing, when the arrays do not fit in memory.
 */
export function wasmAdam(
  wasm: KernelExports,
  value: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  lr: number,
  beta1: number,
  beta2: number,
  c1: number,
  c2: number,
  epsilon: number,
): boolean {
  if (wasmState.threads?.adam(wasm, value, grad, m, v, lr, beta1, beta2, c1, c2, epsilon)) return true;
  const n = value.length;
  const stride = align(n * 4);
  const vo = wasmState.dataBase, go = vo + stride, mo = go + stride, wo = mo + stride, end = wo + stride;
  if (!ensure(end)) return false;
  const h = wasmState.heap;
  h.set(value, vo / 4);
  h.set(grad, go / 4);
  h.set(m, mo / 4);
  h.set(v, wo / 4);
  wasm.adam(vo, go, mo, wo, n, lr, beta1, beta2, c1, c2, epsilon);
  let views = adamViews.get(n);
  if (views === undefined) {
    if (adamViews.size >= 64) adamViews.clear();
    views = [new Float32Array(h.buffer, vo, n), new Float32Array(h.buffer, mo, n), new Float32Array(h.buffer, wo, n)];
    adamViews.set(n, views);
  }
  value.set(views[0]);
  m.set(views[1]);
  v.set(views[2]);
  return true;
}

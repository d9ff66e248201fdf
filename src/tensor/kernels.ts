/**
 * Kernels: plain, monomorphic loops over Float32Array that write into a
 * caller-provided output. The matrix products share one packed, register-tiled
 * core, so the transposed forms that backprop needs run as fast as the plain one.
 */
import { ShapeError, formatShape } from '../errors.js';
import { assertTensor, Tensor } from './tensor.js';
import { gemm } from './gemm.js';

export { gemm, gemmJs } from './gemm.js';

/** Options of the matrix products. */
export interface MatmulOptions {
  /** Add the product to `out` instead of overwriting it (gradients accumulate). */
  accumulate?: boolean;
}

function assertMatrix(t: Tensor, owner: string, name: string): void {
  assertTensor(t, owner, name);
  if (t.rank !== 2) throw new ShapeError(`${owner}: expected ${name} to be a matrix [rows, columns], got ${formatShape(t.shape)}`);
}

// No tuples or destructuring here: this runs several times per training step, which allocates nothing.
function product(
  owner: string,
  a: Tensor,
  b: Tensor,
  out: Tensor,
  transA: boolean,
  transB: boolean,
  options: MatmulOptions | undefined,
): Tensor {
  assertMatrix(a, owner, 'a');
  assertMatrix(b, owner, 'b');
  assertTensor(out, owner, 'out');
  const m = a.shape[transA ? 1 : 0], k = a.shape[transA ? 0 : 1];
  const kb = b.shape[transB ? 1 : 0], n = b.shape[transB ? 0 : 1];
  if (k !== kb) {
    throw new ShapeError(
      `${owner}: expected inner dimensions to agree, got a ${formatShape(a.shape)} and b ${formatShape(b.shape)} (${k} vs ${kb})`,
    );
  }
  if (out.rank !== 2 || out.shape[0] !== m || out.shape[1] !== n) {
    throw new ShapeError(`${owner}: expected out shape ${formatShape([m, n])}, got ${formatShape(out.shape)}`);
  }
  gemm(a.data, b.data, out.data, m, n, k, transA, transB, options?.accumulate === true);
  return out;
}

/**
 * out[m×n] (+)= a[m×k] · b[k×n]: the matrix product, written into `out` (added to it
 * with `{ accumulate: true }`), which it returns.
 * @throws ShapeError when the inner dimensions or the shape of `out` do not fit.
 *
 * @example
 * matmul(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[5], [6]]), Tensor.zeros([2, 1])).data; // [17, 39]
 */
export function matmul(a: Tensor, b: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  return product('matmul', a, b, out, false, false, options);
}

/**
 * out[m×n] (+)= aᵀ · b, with a stored [k×m] and b [k×n] (a Dense weight gradient:
 * gradOutputᵀ · input). Transposes by packing, so it runs as fast as {@link matmul}.
 *
 * @example
 * const a = Tensor.from([[1, 2], [3, 4]]);
 * matmulTransA(a, a, Tensor.zeros([2, 2])).data; // aᵀa = [10, 14, 14, 20]
 */
export function matmulTransA(a: Tensor, b: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  return product('matmulTransA', a, b, out, true, false, options);
}

/**
 * out[m×n] (+)= a · bᵀ, with a stored [m×k] and b [n×k] (a Dense forward: x · Wᵀ with
 * W stored [out, in]).
 *
 * @example
 * const a = Tensor.from([[1, 2], [3, 4]]);
 * matmulTransB(a, a, Tensor.zeros([2, 2])).data; // a·aᵀ = [5, 11, 11, 25]
 */
export function matmulTransB(a: Tensor, b: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  return product('matmulTransB', a, b, out, false, true, options);
}

function sameSize(owner: string, a: Tensor, b: Tensor, what = 'b'): void {
  if (a.size !== b.size) {
    throw new ShapeError(`${owner}: expected ${what} of ${a.size} elements ${formatShape(a.shape)}, got ${formatShape(b.shape)}`);
  }
}

/** The row length of `x` (its last dimension), after checking that `v` holds one row. */
function rowLength(owner: string, x: Tensor, v: Tensor): number {
  const cols = x.rank === 0 ? 1 : x.shape[x.rank - 1];
  if (v.size !== cols) {
    throw new ShapeError(`${owner}: expected a vector of ${cols} elements, got ${formatShape(v.shape)}`);
  }
  return cols;
}

/**
 * out[i, j] = x[i, j] + v[j]: adds the row vector `v` (as many elements as x's last
 * dimension) to every row. `out` defaults to `x` (in place).
 *
 * @example
 * addRowVector(Tensor.from([[1, 2], [3, 4]]), Tensor.from([10, 20])).data; // [11, 22, 13, 24]
 */
export function addRowVector(x: Tensor, v: Tensor, out: Tensor = x): Tensor {
  const cols = rowLength('addRowVector', x, v), rows = x.size / cols;
  sameSize('addRowVector', x, out, 'out');
  const xd = x.data, vd = v.data, od = out.data;
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, o++) od[o] = xd[o] + vd[j];
  }
  return out;
}

/**
 * out[j] (+)= Σᵢ x[i, j]: sums over rows (a bias gradient), into `out` of as many
 * elements as x's last dimension.
 *
 * @example
 * sumRows(Tensor.from([[1, 2], [3, 4]]), Tensor.zeros([2])).data; // [4, 6]
 */
export function sumRows(x: Tensor, out: Tensor, options?: MatmulOptions): Tensor {
  const cols = rowLength('sumRows', x, out), rows = x.size / cols;
  const xd = x.data, od = out.data;
  if (!options?.accumulate) od.fill(0);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, o++) od[j] += xd[o];
  }
  return out;
}

/**
 * out = a + b, elementwise, over tensors of the same size. `out` defaults to `a` (in place).
 *
 * @example
 * add(Tensor.from([1, 2]), Tensor.from([3, 4]), Tensor.zeros([2])).data; // [4, 6]
 */
export function add(a: Tensor, b: Tensor, out: Tensor = a): Tensor {
  sameSize('add', a, b);
  sameSize('add', a, out, 'out');
  const ad = a.data, bd = b.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] + bd[i];
  return out;
}

/**
 * out = a − b, elementwise, over tensors of the same size. `out` defaults to `a` (in place).
 *
 * @example
 * sub(Tensor.from([1, 2]), Tensor.from([3, 4]), Tensor.zeros([2])).data; // [-2, -2]
 */
export function sub(a: Tensor, b: Tensor, out: Tensor = a): Tensor {
  sameSize('sub', a, b);
  sameSize('sub', a, out, 'out');
  const ad = a.data, bd = b.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] - bd[i];
  return out;
}

/**
 * out = a ⊙ b, the elementwise product, over tensors of the same size. `out` defaults to `a` (in place).
 *
 * @example
 * mul(Tensor.from([1, 2]), Tensor.from([3, 4]), Tensor.zeros([2])).data; // [3, 8]
 */
export function mul(a: Tensor, b: Tensor, out: Tensor = a): Tensor {
  sameSize('mul', a, b);
  sameSize('mul', a, out, 'out');
  const ad = a.data, bd = b.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = ad[i] * bd[i];
  return out;
}

/**
 * out = s · a, every element times the number `s`. `out` defaults to `a` (in place).
 *
 * @example
 * scale(Tensor.from([1, 2]), 3, Tensor.zeros([2])).data; // [3, 6]
 */
export function scale(a: Tensor, s: number, out: Tensor = a): Tensor {
  sameSize('scale', a, out, 'out');
  const ad = a.data, od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = s * ad[i];
  return out;
}

/**
 * Σ a ⊙ b over tensors of the same size, summed in double precision.
 *
 * @example
 * dot(Tensor.from([1, 2]), Tensor.from([3, 4])); // 11
 */
export function dot(a: Tensor, b: Tensor): number {
  sameSize('dot', a, b);
  const ad = a.data, bd = b.data;
  let s = 0;
  for (let i = 0; i < ad.length; i++) s += ad[i] * bd[i];
  return s;
}

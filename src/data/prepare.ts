import { checkInteger, checkNumber, DataError, describe, ShapeError } from '../errors.js';
import { checkRandom } from '../check-random.js';
import type { Random } from '../random.js';
import { assertTensor, Tensor } from '../tensor/tensor.js';

/**
 * One-hot rows from integer class labels: label 2 of 4 classes → [0, 0, 1, 0].
 * Returns `[labels.length, classes]`.
 * @throws DataError for a label that is not an integer in [0, classes).
 *
 * @example
 * oneHot([2, 0], 3).toArray(); // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor {
  checkInteger(classes, 'oneHot', 'classes');
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw new TypeError(`oneHot: expected labels as an array or typed array of integers, got ${describe(labels)}`);
  }
  if (labels.length === 0) throw new ShapeError('oneHot: expected at least one label, got an empty array');
  const out = Tensor.zeros([labels.length, classes]);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new DataError(`oneHot: expected labels as integers in [0, ${classes - 1}], got ${describe(c)} at index ${i}`);
    }
    out.data[i * classes + c] = 1;
  }
  return out;
}

/** A split of samples and their targets. */
export interface Split {
  /** The samples, `[n, …]`. */
  x: Tensor;
  /** Their targets, `[n, …]`. */
  y: Tensor;
}

function rowsOf(t: Tensor, indices: ArrayLike<number>): Tensor {
  const row = t.size / t.shape[0];
  const out = Tensor.zeros([indices.length, ...t.shape.slice(1)]);
  for (let i = 0; i < indices.length; i++) out.data.set(t.data.subarray(indices[i] * row, (indices[i] + 1) * row), i * row);
  return out;
}

/**
 * Splits samples into a training and a test part, shuffled with `random` if given
 * (else the last `testFraction` of the samples are the test part, with no copy).
 *
 * @example
 * const { train, test } = trainTestSplit(x, y, 0.2, new Random(1)); // 80% / 20%, shuffled
 */
export function trainTestSplit(x: Tensor, y: Tensor, testFraction: number, random?: Random): { train: Split; test: Split } {
  assertTensor(x, 'trainTestSplit', 'x');
  assertTensor(y, 'trainTestSplit', 'y');
  checkNumber(testFraction, 'trainTestSplit', 'testFraction', 'in (0, 1)', (v) => v > 0 && v < 1);
  if (random !== undefined) checkRandom(random, 'trainTestSplit');
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new ShapeError(`trainTestSplit: expected y to hold ${n} samples (as x), got ${y.shape[0]}`);
  const testCount = Math.round(n * testFraction);
  if (testCount < 1 || testCount >= n) {
    throw new RangeError(`trainTestSplit: testFraction ${testFraction} of ${n} samples leaves ${testCount} for testing; both parts need ≥ 1`);
  }
  const cut = n - testCount;
  if (!random) {
    return {
      train: { x: viewRows(x, 0, cut), y: viewRows(y, 0, cut) },
      test: { x: viewRows(x, cut, testCount), y: viewRows(y, cut, testCount) },
    };
  }
  const order = random.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  return {
    train: { x: rowsOf(x, order.subarray(0, cut)), y: rowsOf(y, order.subarray(0, cut)) },
    test: { x: rowsOf(x, order.subarray(cut)), y: rowsOf(y, order.subarray(cut)) },
  };
}

/**
 * Rows [start, start + count) of a tensor as a new tensor over the same data (no copy).
 *
 * @example
 * viewRows(Tensor.from([[1, 2], [3, 4], [5, 6]]), 1, 2).toArray(); // [[3, 4], [5, 6]]
 */
export function viewRows(t: Tensor, start: number, count: number): Tensor {
  assertTensor(t, 'viewRows', 't');
  const row = t.size / t.shape[0];
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 1 || start + count > t.shape[0]) {
    throw new RangeError(`viewRows: expected rows within [0, ${t.shape[0]}), got start ${start} and count ${count}`);
  }
  return new Tensor(t.data.subarray(start * row, (start + count) * row), [count, ...t.shape.slice(1)]);
}

/**
 * Consecutive batches of rows as views over the same data (no copy); the last may be smaller.
 * @example for (const { x, y } of batches(images, labels, 128)) model.forward(x, false);
 */
export function* batches(x: Tensor, y: Tensor, batchSize: number): Generator<Split> {
  assertTensor(x, 'batches', 'x');
  assertTensor(y, 'batches', 'y');
  checkInteger(batchSize, 'batches', 'batchSize');
  const n = x.shape[0];
  if (y.shape[0] !== n) throw new ShapeError(`batches: expected y to hold ${n} samples (as x), got ${y.shape[0]}`);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    yield { x: viewRows(x, start, count), y: viewRows(y, start, count) };
  }
}

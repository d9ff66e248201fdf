import { describe, expect, it } from 'vitest';
import { batches, DataError, oneHot, Random, ShapeError, Tensor, trainTestSplit, viewRows } from '../../src/index.js';

/** 10 samples: x row i = [i, 100 + i], y[i] = i, so every row can be traced. */
function traced(n = 10): { x: Tensor; y: Tensor } {
  const x = Tensor.zeros([n, 2]);
  for (let i = 0; i < n; i++) x.data.set([i, 100 + i], 2 * i);
  return { x, y: new Tensor(Float32Array.from({ length: n }, (_, i) => i), [n]) };
}

describe('oneHot', () => {
  it('puts a 1 at each label', () => {
    // label 2 of 4 → [0, 0, 1, 0]; 0 → [1, 0, 0, 0]; 3 → [0, 0, 0, 1]
    const t = oneHot([2, 0, 3, 2], 4);
    expect(t.shape).toEqual([4, 4]);
    expect(t.toArray()).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
    ]);
  });

  it('accepts typed arrays of labels', () => {
    expect(oneHot(new Uint8Array([1, 0]), 2).toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('rejects labels that are not integers in [0, classes), naming the index', () => {
    expect(() => oneHot([0, 3, 1], 3)).toThrow(DataError);
    expect(() => oneHot([0, 3, 1], 3)).toThrow('oneHot: expected labels as integers in [0, 2], got 3 at index 1');
    expect(() => oneHot([0, 1, -1], 3)).toThrow('oneHot: expected labels as integers in [0, 2], got -1 at index 2');
    expect(() => oneHot([1.5], 3)).toThrow('oneHot: expected labels as integers in [0, 2], got 1.5 at index 0');
    expect(() => oneHot([NaN], 3)).toThrow('oneHot: expected labels as integers in [0, 2], got NaN at index 0');
  });

  it('rejects a class count that is not a positive integer', () => {
    expect(() => oneHot([0], 0)).toThrow(RangeError);
    expect(() => oneHot([0], 0)).toThrow('oneHot: expected classes to be a positive integer, got 0');
    expect(() => oneHot([0], 2.5)).toThrow('oneHot: expected classes to be a positive integer, got 2.5');
  });
});

describe('trainTestSplit', () => {
  it('without a Random, takes the last fraction as the test part, as views', () => {
    const { x, y } = traced();
    // 10 samples, testFraction 0.3 → round(3) = 3 test samples (rows 7, 8, 9), 7 training
    const { train, test } = trainTestSplit(x, y, 0.3);
    expect(train.x.shape).toEqual([7, 2]);
    expect(train.y.shape).toEqual([7]);
    expect(test.x.shape).toEqual([3, 2]);
    expect(Array.from(train.y.data)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(test.y.data)).toEqual([7, 8, 9]);
    expect(test.x.toArray()).toEqual([
      [7, 107],
      [8, 108],
      [9, 109],
    ]);
    // views: the same memory, no copy
    expect(train.x.data.buffer).toBe(x.data.buffer);
    x.data[2 * 8] = -1;
    expect(test.x.get(1, 0)).toBe(-1);
  });

  it('rounds the test count: 0.25 of 10 → 3 (round 2.5 up)', () => {
    const { x, y } = traced();
    expect(trainTestSplit(x, y, 0.25).test.x.shape).toEqual([3, 2]);
  });

  it('with a Random, shuffles: every row appears once, x and y stay paired', () => {
    const { x, y } = traced(20);
    const { train, test } = trainTestSplit(x, y, 0.25, new Random(3));
    expect(train.x.shape).toEqual([15, 2]);
    expect(test.x.shape).toEqual([5, 2]);
    const labels = [...train.y.data, ...test.y.data];
    // a permutation of 0..19
    expect([...labels].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // and not the identity (P = 1/20! for a fair shuffle)
    expect(labels).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const part of [train, test]) {
      for (let r = 0; r < part.y.size; r++) {
        const i = part.y.data[r];
        expect([part.x.get(r, 0), part.x.get(r, 1)]).toEqual([i, 100 + i]);
      }
    }
    // copies, not views
    expect(train.x.data.buffer).not.toBe(x.data.buffer);
  });

  it('the same seed gives the same split', () => {
    const { x, y } = traced(20);
    const a = trainTestSplit(x, y, 0.25, new Random(8));
    const b = trainTestSplit(x, y, 0.25, new Random(8));
    const c = trainTestSplit(x, y, 0.25, new Random(9));
    expect(b.test.y.data).toEqual(a.test.y.data);
    expect(c.train.y.data).not.toEqual(a.train.y.data);
  });

  it('rejects a fraction outside (0, 1), mismatched samples, and empty parts', () => {
    const { x, y } = traced();
    expect(() => trainTestSplit(x, y, 0)).toThrow('trainTestSplit: expected testFraction in (0, 1), got 0');
    expect(() => trainTestSplit(x, y, 1)).toThrow('trainTestSplit: expected testFraction in (0, 1), got 1');
    expect(() => trainTestSplit(x, new Tensor(new Float32Array(9), [9]), 0.3)).toThrow(ShapeError);
    expect(() => trainTestSplit(x, new Tensor(new Float32Array(9), [9]), 0.3)).toThrow(
      'trainTestSplit: expected y to hold 10 samples (as x), got 9',
    );
    // 0.01 of 10 → round(0.1) = 0 test samples
    expect(() => trainTestSplit(x, y, 0.01)).toThrow(
      'trainTestSplit: testFraction 0.01 of 10 samples leaves 0 for testing; both parts need ≥ 1',
    );
    // 0.99 of 10 → 10 test samples, none left to train
    expect(() => trainTestSplit(x, y, 0.99)).toThrow('trainTestSplit: testFraction 0.99 of 10 samples leaves 10 for testing');
  });
});

describe('viewRows', () => {
  it('gives rows [start, start + count) over the same data', () => {
    const { x } = traced();
    const v = viewRows(x, 2, 3);
    expect(v.shape).toEqual([3, 2]);
    expect(v.toArray()).toEqual([
      [2, 102],
      [3, 103],
      [4, 104],
    ]);
    v.data[0] = 42;
    expect(x.get(2, 0)).toBe(42);
  });

  it('keeps the trailing dimensions', () => {
    const t = new Tensor(Float32Array.from({ length: 24 }, (_, i) => i), [4, 3, 2]);
    const v = viewRows(t, 3, 1);
    expect(v.shape).toEqual([1, 3, 2]);
    expect(Array.from(v.data)).toEqual([18, 19, 20, 21, 22, 23]);
  });

  it('rejects rows outside the tensor', () => {
    const { x } = traced();
    expect(() => viewRows(x, 8, 3)).toThrow(RangeError);
    expect(() => viewRows(x, 8, 3)).toThrow('viewRows: expected rows within [0, 10), got start 8 and count 3');
    expect(() => viewRows(x, -1, 2)).toThrow('viewRows: expected rows within [0, 10), got start -1 and count 2');
    expect(() => viewRows(x, 0, 0)).toThrow('viewRows: expected rows within [0, 10), got start 0 and count 0');
    expect(() => viewRows(x, 0.5, 1)).toThrow('got start 0.5 and count 1');
  });
});

describe('batches', () => {
  it('yields views covering every row in order, the last batch smaller', () => {
    const { x, y } = traced();
    // 10 rows in batches of 4 → 4, 4, 2
    const all = [...batches(x, y, 4)];
    expect(all.map((b) => b.x.shape)).toEqual([
      [4, 2],
      [4, 2],
      [2, 2],
    ]);
    expect(all.map((b) => Array.from(b.y.data))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(all[2].x.toArray()).toEqual([
      [8, 108],
      [9, 109],
    ]);
    for (const b of all) expect(b.x.data.buffer).toBe(x.data.buffer);
  });

  it('one batch when batchSize ≥ rows; equal batches when it divides them', () => {
    const { x, y } = traced();
    expect([...batches(x, y, 32)].map((b) => b.x.shape[0])).toEqual([10]);
    expect([...batches(x, y, 5)].map((b) => b.x.shape[0])).toEqual([5, 5]);
    expect([...batches(x, y, 1)]).toHaveLength(10);
  });

  it('rejects a bad batch size and mismatched samples', () => {
    const { x, y } = traced();
    expect(() => [...batches(x, y, 0)]).toThrow('batches: expected batchSize to be a positive integer, got 0');
    expect(() => [...batches(x, viewRows(y, 0, 9), 4)]).toThrow('batches: expected y to hold 10 samples (as x), got 9');
  });
});

/**
 * Every error fit, evaluate and predict raise before training, tested by its message.
 * Each is checked before the first step: a rejected fit leaves the weights untouched
 * and calls no callback.
 */
import { describe, expect, it } from 'vitest';
import {
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  DataError,
  Dense,
  Sequential,
  ShapeError,
  Sigmoid,
  StateError,
  Tanh,
  Tensor,
  type FitOptions,
  type Inputs,
  type Targets,
} from '../../src/index.js';

const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [0, 1, 1, 0];

function binaryModel(loss: 'mse' | 'binaryCrossentropy' = 'mse'): Sequential {
  return new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 }).compile({ optimizer: 'sgd', loss });
}

function threeClassModel(): Sequential {
  return new Sequential([new Dense(2, 3)], { seed: 1 }).compile({
    optimizer: 'sgd',
    loss: new CategoricalCrossEntropy({ fromLogits: true }),
  });
}

/** Expects fit to reject with exactly `error`, without a step taken or a callback called. */
async function expectFitToReject(model: Sequential, inputs: Inputs, targets: Targets, options: FitOptions, error: Error): Promise<void> {
  const before = model.getWeights();
  let called = false;
  const callbacks = [{ onTrainBegin: () => void (called = true) }];
  await expect(model.fit(inputs, targets, { ...options, callbacks })).rejects.toThrow(error);
  expect(model.getWeights()).toEqual(before);
  expect(called).toBe(false);
}

describe('fit rejects bad data before training', () => {
  it('sample counts that differ', async () => {
    await expectFitToReject(binaryModel(), x, [0, 1, 1], {}, new ShapeError('Sequential.fit: expected y to hold 4 targets (one per sample of x), got 3'));
    await expectFitToReject(
      binaryModel(),
      Tensor.from(x),
      Tensor.from([[0], [1], [1], [0], [1]]),
      {},
      new ShapeError('Sequential.fit: expected y to hold 4 targets (one per sample of x), got 5'),
    );
  });

  it('the wrong feature count', async () => {
    await expectFitToReject(binaryModel(), [[0, 0, 1], [1, 1, 0]], [0, 1], {}, new ShapeError('Sequential.fit: expected x of shape [samples, 2], got [2, 3]'));
  });

  it('x that is not a matrix', async () => {
    await expectFitToReject(binaryModel(), Tensor.from([1, 2, 3, 4]), y, {}, new ShapeError('Sequential.fit: expected x of shape [samples, 2], got [4]'));
    await expectFitToReject(binaryModel(), 'xor' as unknown as Inputs, y, {}, new TypeError('Sequential.fit: expected x as a Tensor or an array of rows, got "xor"'));
  });

  it('y with the wrong number of outputs', async () => {
    await expectFitToReject(
      binaryModel(),
      x,
      [[0, 1], [1, 0], [1, 0], [0, 1]],
      {},
      new ShapeError("Sequential.fit: expected y of shape [samples, 1] to match the model's output, got [4, 2]"),
    );
  });

  it('NaN or Infinity in x, naming the row', async () => {
    await expectFitToReject(binaryModel(), [[0, 0], [0, 1], [NaN, 0], [1, 1]], y, {}, new DataError('Sequential.fit: expected finite values in x, got NaN in row 2'));
    await expectFitToReject(binaryModel(), [[0, 0], [0, 1], [1, 0], [1, -Infinity]], y, {}, new DataError('Sequential.fit: expected finite values in x, got -Infinity in row 3'));
  });

  it('NaN or Infinity in y, naming the row', async () => {
    await expectFitToReject(binaryModel(), x, [0, NaN, 1, 0], {}, new DataError('Sequential.fit: expected finite values in y, got NaN in row 1'));
    await expectFitToReject(binaryModel(), x, [[0], [1], [1], [Infinity]], {}, new DataError('Sequential.fit: expected finite values in y, got Infinity in row 3'));
  });

  it('targets that are not numbers', async () => {
    await expectFitToReject(binaryModel(), x, [0, 1, '1', 0] as unknown as number[], {}, new TypeError('Sequential.fit: expected y to hold numbers, got "1" at index 2'));
  });

  it.each([0, 2.5, -1])('batchSize %d', async (batchSize) => {
    await expectFitToReject(binaryModel(), x, y, { batchSize }, new RangeError(`Sequential.fit: expected batchSize to be a positive integer, got ${batchSize}`));
  });

  it.each([0, 1.5])('epochs %d', async (epochs) => {
    await expectFitToReject(binaryModel(), x, y, { epochs }, new RangeError(`Sequential.fit: expected epochs to be a positive integer, got ${epochs}`));
  });

  it('class labels out of range, fractional or negative with categorical cross-entropy', async () => {
    await expectFitToReject(threeClassModel(), x, [0, 3, 1, 2], {}, new DataError('Sequential.fit: expected y as integer class labels in [0, 2], got 3 at index 1'));
    await expectFitToReject(threeClassModel(), x, [0, 1, 1.5, 2], {}, new DataError('Sequential.fit: expected y as integer class labels in [0, 2], got 1.5 at index 2'));
    await expectFitToReject(threeClassModel(), x, [-1, 1, 1, 2], {}, new DataError('Sequential.fit: expected y as integer class labels in [0, 2], got -1 at index 0'));
  });

  it('one-hot rows outside [0, 1] with categorical cross-entropy', async () => {
    await expectFitToReject(
      threeClassModel(),
      x,
      [[1, 0, 0], [0, 2, 0], [0, 0, 1], [1, 0, 0]],
      {},
      new DataError('Sequential.fit: expected y in [0, 1] for CategoricalCrossEntropy(fromLogits), got 2 at index 4'),
    );
  });

  it('targets outside [0, 1] with binary cross-entropy', async () => {
    await expectFitToReject(binaryModel('binaryCrossentropy'), x, [0, 2, 1, 0], {}, new DataError('Sequential.fit: expected y in [0, 1] for BinaryCrossEntropy, got 2 at index 1'));
    await expectFitToReject(binaryModel('binaryCrossentropy'), x, [0, 1, -0.5, 0], {}, new DataError('Sequential.fit: expected y in [0, 1] for BinaryCrossEntropy, got -0.5 at index 2'));
    // Regression targets are fine with MSE.
    await expect(binaryModel('mse').fit(x, [0, 2, 1, 0], { epochs: 1 })).resolves.toBeDefined();
  });

  it('binary cross-entropy from logits checks targets too', async () => {
    const model = new Sequential([new Dense(2, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: new BinaryCrossEntropy({ fromLogits: true }) });
    await expectFitToReject(model, x, [0, 1, 3, 0], {}, new DataError('Sequential.fit: expected y in [0, 1] for BinaryCrossEntropy(fromLogits), got 3 at index 2'));
  });

  it('bad validation data, before any training', async () => {
    await expectFitToReject(
      binaryModel(),
      x,
      y,
      { validationData: [[[0, 0, 0]], [1]] },
      new ShapeError('Sequential.fit: expected validationData x of shape [samples, 2], got [1, 3]'),
    );
    await expectFitToReject(
      binaryModel(),
      x,
      y,
      { validationData: [x, [0, 1, NaN, 0]] },
      new DataError('Sequential.fit: expected finite values in validationData y, got NaN in row 2'),
    );
  });
});

describe('calls in the wrong order', () => {
  it('fit and evaluate before compile', async () => {
    const model = new Sequential([new Dense(2, 1)]);
    await expect(model.fit(x, y)).rejects.toThrow(new StateError('Sequential.fit: the model must be compiled first; call compile({ optimizer, loss })'));
    expect(() => model.evaluate(x, y)).toThrow(
      new StateError('Sequential.evaluate: the model must be compiled first; call compile({ optimizer, loss })'),
    );
  });

  it('fit, evaluate and predict on an empty model', async () => {
    const empty = new Sequential().compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(empty.fit(x, y)).rejects.toThrow(new StateError('Sequential.fit: expected at least one layer, got an empty model'));
    expect(() => empty.evaluate(x, y)).toThrow(new StateError('Sequential.evaluate: expected at least one layer, got an empty model'));
    expect(() => new Sequential().predict(x)).toThrow(new StateError('Sequential.predict: expected at least one layer, got an empty model'));
  });

  it('backward before forward', () => {
    expect(() => new Sequential([new Dense(2, 1)]).backward(Tensor.zeros([1, 1]))).toThrow(
      new StateError('Sequential: backward called before forward'),
    );
  });
});

describe('evaluate and predict check their input too', () => {
  it('evaluate', () => {
    expect(() => binaryModel().evaluate(x, [0, 1])).toThrow(
      new ShapeError('Sequential.evaluate: expected y to hold 4 targets (one per sample of x), got 2'),
    );
    expect(() => binaryModel().evaluate(x, y, { batchSize: 0 })).toThrow(
      new RangeError('Sequential.evaluate: expected batchSize to be a positive integer, got 0'),
    );
    expect(() => threeClassModel().evaluate(x, [0, 1, 2, 5])).toThrow(
      new DataError('Sequential.evaluate: expected y as integer class labels in [0, 2], got 5 at index 3'),
    );
  });

  it('predict', () => {
    expect(() => binaryModel().predict([[1, 2, 3]])).toThrow(new ShapeError('Sequential.predict: expected x of shape [samples, 2], got [1, 3]'));
    expect(() => binaryModel().predict([[1, NaN]])).toThrow(new DataError('Sequential.predict: expected finite values in x, got NaN in row 0'));
    expect(() => binaryModel().predict(x, { batchSize: 1.5 })).toThrow(
      new RangeError('Sequential.predict: expected batchSize to be a positive integer, got 1.5'),
    );
  });
});

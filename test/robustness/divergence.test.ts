/**
 * Divergence: when training goes non-finite, fit stops with an error naming the epoch,
 * the batch and the first layer whose output or gradient went non-finite, and the
 * weights are left finite (no non-finite step is applied). The `debug` option checks
 * every layer's output and gradient on every step, and changes nothing else.
 */
import { describe, expect, it } from 'vitest';
import { DataError, Dense, Dropout, BatchNorm, ReLU, Sequential, SGD, Tanh, Tensor } from '../../src/index.js';

const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [0, 1, 1, 0];
const finiteWeights = (model: Sequential) => model.getWeights().every((w) => w.every(Number.isFinite));

describe('divergence', () => {
  it('a learning rate of 1e30: fit names the epoch, batch and layer, and leaves the weights finite', async () => {
    const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1)], { seed: 1 }).compile({ optimizer: new SGD({ learningRate: 1e30 }), loss: 'mse' });
    const error = await model.fit(x, y, { epochs: 20, batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(
      /^Sequential\.fit: expected finite (values|gradients) at epoch \d+, batch \d+, got (NaN|-?Infinity) in the (output|input gradient|weight gradient|bias gradient) of layer \d \((Dense|Tanh)/,
    );
    expect(finiteWeights(model)).toBe(true);
  });

  it('a gradient that overflows is named without debug too, and no step is applied', async () => {
    const model = new Sequential([new Dense(1, 1), new Dense(1, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
    (model.layers[1] as Dense).weight.value.data[0] = 3e38;
    const before = model.getWeights();
    await expect(model.fit([[3e-30], [3e-30]], [1e30, 1e30], { batchSize: 2, shuffle: false })).rejects.toThrow(
      new DataError(
        'Sequential.fit: expected finite gradients at epoch 0, batch 0, got -Infinity in the input gradient of layer 1 (Dense(1 → 1)), the first to go non-finite; try a lower learning rate or clipNorm',
      ),
    );
    expect(model.getWeights()).toEqual(before);
  });

  it('debug finds a non-finite output that a ReLU hides from the loss; without debug training goes on', async () => {
    const make = () => {
      const model = new Sequential([new Dense(1, 1), new ReLU(), new Dense(1, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
      (model.layers[0] as Dense).weight.value.data[0] = -3e38;
      return model;
    };
    await expect(make().fit([[10], [10]], [0, 0], { batchSize: 2, debug: true })).rejects.toThrow(/got -Infinity in the output of layer 0 \(Dense\(1 → 1\)\)/);
    const quiet = make();
    await quiet.fit([[10], [10]], [0, 0], { batchSize: 2 });
    expect(finiteWeights(quiet)).toBe(true);
  });

  it('debug changes nothing when training is healthy: bit-identical weights', async () => {
    const make = () =>
      new Sequential([new Dense(2, 8), new BatchNorm(8), new ReLU(), new Dropout(0.2), new Dense(8, 1)], { seed: 5 }).compile({ optimizer: 'adam', loss: 'mse' });
    const a = make(), b = make();
    await a.fit(x, y, { epochs: 5, batchSize: 2 });
    await b.fit(x, y, { epochs: 5, batchSize: 2, debug: true });
    expect(b.getWeights()).toEqual(a.getWeights());
  });

  it('predict and evaluate name the layer whose output overflowed', () => {
    const model = new Sequential([new Dense(2, 2), new Tanh(), new Dense(2, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
    (model.layers[2] as Dense).weight.value.data.fill(3e38);
    (model.layers[0] as Dense).weight.value.data.fill(10);
    expect(() => model.predict(Tensor.from([[1, 1]]))).toThrow(/^Sequential\.predict: expected finite values on rows 0–0, got Infinity in the output of layer 2 \(Dense\(2 → 1\)\)/);
    expect(() => model.evaluate([[1, 1]], [0])).toThrow(/^Sequential\.evaluate: expected finite values on rows 0–0, got Infinity in the output of layer 2/);
  });
});

describe('a step that would overflow is undone', () => {
  it('the optimizer restores every param and its state, and its step count', () => {
    const model = new Sequential([new Dense(2, 2), new Dense(2, 1)], { seed: 3 });
    const params = model.params();
    const sgd = new SGD({ learningRate: 1e30, momentum: 0.9 });
    params.forEach((p) => p.grad.data.fill(1));
    sgd.step(params); // finite: weights move by ~1e30
    const weights = model.getWeights(), state = sgd.getState(params), iterations = sgd.iterations;
    params[params.length - 1].grad.data.fill(1e10); // the last param's step overflows
    expect(() => sgd.step(params)).toThrow(DataError);
    expect(model.getWeights()).toEqual(weights);
    expect(sgd.getState(params)).toEqual(state);
    expect(sgd.iterations).toBe(iterations);
    expect(finiteWeights(model)).toBe(true);
  });
});

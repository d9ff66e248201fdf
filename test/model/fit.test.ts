import { describe, expect, it, vi } from 'vitest';
import {
  Adam,
  CategoricalCrossEntropy,
  DataError,
  Dense,
  earlyStopping,
  MeanSquaredError,
  Random,
  SGD,
  Sequential,
  Sigmoid,
  Softmax,
  stepDecay,
  Tanh,
  Tensor,
  type Callback,
  type Layer,
  type Logs,
  type Loss,
  type Param,
} from '../../src/index.js';

/**
 * An identity layer that records what passes through: the `training` flag of each
 * forward, and in training the first feature of each row (the tests put the sample's
 * index there), so the order in which fit visits the samples can be read back.
 */
class Recorder implements Layer {
  readonly modes: boolean[] = [];
  readonly seen: number[] = [];
  forward(input: Tensor, training: boolean): Tensor {
    this.modes.push(training);
    const cols = input.size / input.shape[0];
    if (training) for (let r = 0; r < input.shape[0]; r++) this.seen.push(input.data[r * cols]);
    return input;
  }
  backward(gradOutput: Tensor): Tensor {
    return gradOutput;
  }
  params(): Param[] {
    return [];
  }
  toString(): string {
    return 'Recorder';
  }
}

/** n samples of `features` standard-normal inputs and a binary target (x₁ + x₂ > 0), seeded. */
function binaryProblem(n: number, features: number, seed: number): { x: number[][]; y: number[] } {
  const random = new Random(seed);
  const x: number[][] = [], y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: features }, () => random.normal());
    x.push(row);
    y.push(row[0] + row[1] > 0 ? 1 : 0);
  }
  return { x, y };
}

function xorNet(seed: number): Sequential {
  return new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed });
}

function compiledXorNet(seed: number, learningRate = 0.1): Sequential {
  return xorNet(seed).compile({ optimizer: new Adam({ learningRate }), loss: 'mse', metrics: ['accuracy'] });
}

describe('fit accepts its data in several forms', () => {
  const { x, y } = binaryProblem(8, 2, 1);

  it('x as a Tensor or rows; y as a Tensor, rows or a flat array: the same training', async () => {
    const runs = [
      [Tensor.from(x), Tensor.from(y.map((v) => [v]))],
      [x, y.map((v) => [v])],
      [x, y],
      [Tensor.from(x), Float32Array.from(y)],
    ] as const;
    const weights: Float32Array[][] = [];
    for (const [inputs, targets] of runs) {
      const model = compiledXorNet(3);
      await model.fit(inputs, targets, { epochs: 5, batchSize: 3 });
      weights.push(model.getWeights());
    }
    for (const w of weights.slice(1)) expect(w).toEqual(weights[0]);
  });

  it('integer class labels train exactly like one-hot rows (cross-entropy from logits)', async () => {
    const labels = [0, 2, 1, 1, 0, 2, 2, 1];
    const oneHot = labels.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));
    const run = async (targets: number[] | number[][]) => {
      const model = new Sequential([new Dense(2, 5), new Tanh(), new Dense(5, 3)], { seed: 4 });
      model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: new CategoricalCrossEntropy({ fromLogits: true }), metrics: ['accuracy'] });
      const history = await model.fit(x, targets, { epochs: 6, batchSize: 4 });
      return { weights: model.getWeights(), history: history.history, result: model.evaluate(x, targets) };
    };
    const fromLabels = await run(labels), fromOneHot = await run(oneHot);
    expect(fromLabels.weights).toEqual(fromOneHot.weights);
    expect(fromLabels.history).toEqual(fromOneHot.history);
    expect(fromLabels.result).toEqual(fromOneHot.result);
  });

  it('integer labels with a softmax output and the categoricalCrossentropy name', async () => {
    // Three well separated clusters: the labels must be learned, not just accepted.
    const points = [[2, 0], [2.2, 0.1], [-1, 2], [-1.1, 2.1], [-1, -2], [-0.9, -2.2]];
    const labels = [0, 0, 1, 1, 2, 2];
    const model = new Sequential([new Dense(2, 3), new Softmax()], { seed: 2 });
    model.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(points, labels, { epochs: 60, batchSize: 6 });
    expect(history.history.loss.at(-1)!).toBeLessThan(history.history.loss[0] / 4);
    expect(model.evaluate(points, labels).accuracy).toBe(1);
  });
});

describe('determinism', () => {
  const { x, y } = binaryProblem(10, 2, 2);
  async function train(seed: number): Promise<Float32Array[]> {
    const model = compiledXorNet(seed);
    // batchSize 3 with shuffling: the seed decides the initial weights and every batch.
    await model.fit(x, y, { epochs: 20, batchSize: 3 });
    return model.getWeights();
  }

  it('the same seed twice gives bit-identical weights after training', async () => {
    expect(await train(42)).toEqual(await train(42));
  });

  it('a different seed gives different weights', async () => {
    expect(await train(43)).not.toEqual(await train(42));
  });
});

describe('validation', () => {
  const { x, y } = binaryProblem(10, 2, 3);

  it('validationSplit holds out the last samples and reports valLoss and valAccuracy per epoch', async () => {
    const model = compiledXorNet(5);
    const history = await model.fit(x, y, { epochs: 4, batchSize: 4, validationSplit: 0.2 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'learningRate', 'loss', 'valAccuracy', 'valLoss']);
    expect(history.history.valLoss).toHaveLength(4);
    expect(history.history.valAccuracy).toHaveLength(4);
    // 10 · 0.2 = 2 held out: the last two rows. The last epoch's numbers are those of the final weights.
    const held = model.evaluate(x.slice(8), y.slice(8));
    expect(history.history.valLoss[3]).toBe(held.loss);
    expect(history.history.valAccuracy[3]).toBe(held.accuracy);

    // Training saw only the first eight: the same as fitting those alone.
    const alone = compiledXorNet(5);
    await alone.fit(x.slice(0, 8), y.slice(0, 8), { epochs: 4, batchSize: 4 });
    expect(alone.getWeights()).toEqual(model.getWeights());
  });

  it('validationData gives the same as the equivalent validationSplit', async () => {
    const split = compiledXorNet(6), data = compiledXorNet(6);
    const a = await split.fit(x, y, { epochs: 3, batchSize: 4, validationSplit: 0.3 });
    const b = await data.fit(x.slice(0, 7), y.slice(0, 7), { epochs: 3, batchSize: 4, validationData: [x.slice(7), y.slice(7)] });
    expect(b.history).toEqual(a.history);
  });

  it('rejects a split that leaves one side empty', async () => {
    await expect(compiledXorNet(1).fit(x.slice(0, 4), y.slice(0, 4), { validationSplit: 0.1 })).rejects.toThrow(
      new RangeError('Sequential.fit: validationSplit 0.1 of 4 samples leaves 0 for validation and 4 for training; both must be ≥ 1'),
    );
    await expect(compiledXorNet(1).fit(x, y, { validationSplit: 1 })).rejects.toThrow(
      new RangeError('Sequential.fit: expected validationSplit in (0, 1), got 1'),
    );
  });
});

describe('callbacks and History', () => {
  const { x, y } = binaryProblem(10, 2, 4);

  it('calls every hook the right number of times, with loss, accuracy, learningRate and time', async () => {
    // 10 samples in batches of 4: batches of 4, 4 and 2, so 3 per epoch; 3 epochs.
    const calls: string[] = [];
    const batchLogs: Logs[] = [], epochLogs: Logs[] = [];
    let endLogs: Logs | undefined;
    const model = compiledXorNet(7);
    const callback: Callback = {
      onTrainBegin: (m) => {
        calls.push('trainBegin');
        expect(m).toBe(model);
      },
      onEpochBegin: (epoch) => {
        calls.push(`epochBegin ${epoch}`);
      },
      onBatchEnd: (batch, logs) => {
        calls.push(`batch ${batch}`);
        batchLogs.push({ ...logs });
      },
      onEpochEnd: (epoch, logs) => {
        calls.push(`epochEnd ${epoch}`);
        epochLogs.push({ ...logs });
      },
      onTrainEnd: (logs) => {
        calls.push('trainEnd');
        endLogs = logs;
      },
    };
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, callbacks: [callback] });
    const epoch = (e: number) => [`epochBegin ${e}`, 'batch 0', 'batch 1', 'batch 2', `epochEnd ${e}`];
    expect(calls).toEqual(['trainBegin', ...epoch(0), ...epoch(1), ...epoch(2), 'trainEnd']);

    for (const logs of [...batchLogs, ...epochLogs]) {
      expect(Object.keys(logs).sort()).toEqual(['accuracy', 'learningRate', 'loss', 'time']);
      expect(logs.loss).toBeGreaterThan(0);
      expect(logs.accuracy).toBeGreaterThanOrEqual(0);
      expect(logs.accuracy).toBeLessThanOrEqual(1);
      expect(logs.learningRate).toBe(0.1);
      expect(logs.time).toBeGreaterThanOrEqual(0);
    }
    // After the last batch the running mean is the epoch's mean.
    for (let e = 0; e < 3; e++) expect(batchLogs[3 * e + 2].loss).toBe(epochLogs[e].loss);
    expect(endLogs).toEqual(epochLogs[2]);
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history.loss).toEqual(epochLogs.map((l) => l.loss));
    expect(history.history.accuracy).toEqual(epochLogs.map((l) => l.accuracy));
    expect(history.history).not.toHaveProperty('time');
  });

  it('awaits async hooks', async () => {
    const order: string[] = [];
    const slow: Callback = {
      onEpochEnd: async (epoch) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        order.push(`slow ${epoch}`);
      },
    };
    const next: Callback = { onEpochBegin: (epoch) => void order.push(`begin ${epoch}`) };
    await compiledXorNet(1).fit(x, y, { epochs: 2, batchSize: 10, callbacks: [slow, next] });
    expect(order).toEqual(['begin 0', 'slow 0', 'begin 1', 'slow 1']);
  });

  it('the epoch loss is the mean over samples, not over batches', async () => {
    // Zero inputs and no bias: the output is σ(0) = 0.5 whatever the weights, and no
    // gradient reaches them, so every epoch sees the same per-sample losses (0.5 − t)²:
    //   t = [0.5, 1.5, 0.5, 0.5, 2.5] → [0, 1, 0, 0, 4]
    // Without shuffling, batches of 2: means 0.5, 0 and 4 over 2, 2 and 1 samples.
    //   running mean after each batch: 1/2 = 0.5, (1 + 0)/4 = 0.25, (1 + 0 + 4)/5 = 1
    //   (the mean of the batch means would be 4.5/3 = 1.5)
    const model = new Sequential([new Dense(2, 1, { useBias: false }), new Sigmoid()], { seed: 1 });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const running: number[] = [];
    const history = await model.fit(Tensor.zeros([5, 2]), [0.5, 1.5, 0.5, 0.5, 2.5], {
      epochs: 2,
      batchSize: 2,
      shuffle: false,
      callbacks: [{ onBatchEnd: (_batch, logs) => void running.push(logs.loss) }],
    });
    expect(running).toEqual([0.5, 0.25, 1, 0.5, 0.25, 1]);
    expect(history.history.loss).toEqual([1, 1]);
  });

  it('History records the learning rate of each epoch, following a schedule', async () => {
    // 4 samples in batches of 2: two steps per epoch. stepDecay(0.1, 0.5, stepSize 2):
    //   epoch 0 steps 0, 1 → 0.1;  epoch 1 steps 2, 3 → 0.05;  epoch 2 steps 4, 5 → 0.025
    const model = xorNet(1).compile({
      optimizer: new SGD({ learningRate: stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 2 }) }),
      loss: 'mse',
    });
    const perBatch: number[] = [];
    const history = await model.fit(x.slice(0, 4), y.slice(0, 4), {
      epochs: 3,
      batchSize: 2,
      callbacks: [{ onBatchEnd: (_b, logs) => void perBatch.push(logs.learningRate) }],
    });
    expect(history.history.learningRate).toEqual([0.1, 0.05, 0.025]);
    expect(perBatch).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
    expect(model.optimizer!.iterations).toBe(6);
  });

  it('verbose: 1 prints one line per epoch', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await compiledXorNet(1).fit(x, y, { epochs: 2, batchSize: 5, verbose: 1 });
      expect(log).toHaveBeenCalledTimes(2);
      expect(log.mock.calls[0][0]).toMatch(/^Epoch 1\/2 - \d+\.\d\ds - loss: \d\.\d{4} - learningRate: 1\.00e-1 - accuracy: \d\.\d{4}$/);
      expect(log.mock.calls[1][0]).toMatch(/^Epoch 2\/2 /);
    } finally {
      log.mockRestore();
    }
  });
});

describe('earlyStopping', () => {
  // Two training points and the same points with the opposite labels for validation:
  // as training fits the first, the validation loss can only grow, so epoch 0 is the best.
  const x = [[1, 0], [0, 1]], y = [1, 0], flipped = [0, 1];

  /** Fits with earlyStopping, recording the weights at each epoch end (before earlyStopping sees it). */
  async function run(restoreBestWeights: boolean) {
    const model = xorNet(2).compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'mse' });
    const snapshots: Float32Array[][] = [];
    const stopper = earlyStopping({ patience: 2, restoreBestWeights });
    const history = await model.fit(x, y, {
      epochs: 50,
      batchSize: 2,
      validationData: [x, flipped],
      callbacks: [{ onEpochEnd: () => void snapshots.push(model.getWeights()) }, stopper],
    });
    return { model, snapshots, history, stopper };
  }

  it('stops after patience + 1 epochs without improvement', async () => {
    const { history, stopper } = await run(false);
    const valLoss = history.history.valLoss;
    for (let e = 1; e < valLoss.length; e++) expect(valLoss[e]).toBeGreaterThan(valLoss[e - 1]);
    // best at epoch 0; epochs 1 and 2 are waited out (patience 2); epoch 3 stops.
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(stopper.stoppedEpoch).toBe(3);
  });

  it('keeps the last weights unless restoreBestWeights', async () => {
    const { model, snapshots } = await run(false);
    expect(model.getWeights()).toEqual(snapshots[3]);
    expect(snapshots[3]).not.toEqual(snapshots[0]);
  });

  it('restoreBestWeights puts back the weights of the best epoch', async () => {
    const { model, snapshots } = await run(true);
    expect(snapshots).toHaveLength(4);
    expect(model.getWeights()).toEqual(snapshots[0]);
  });

  it('does not stop while the monitored quantity improves', async () => {
    // The training loss of this fit falls on every epoch (checked), so 'loss' never waits.
    const model = xorNet(2).compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'mse' });
    const stopper = earlyStopping({ monitor: 'loss' });
    const history = await model.fit(x, y, { epochs: 8, batchSize: 2, callbacks: [stopper] });
    const loss = history.history.loss;
    for (let e = 1; e < loss.length; e++) expect(loss[e]).toBeLessThan(loss[e - 1]);
    expect(history.epoch).toHaveLength(8);
    expect(stopper.stoppedEpoch).toBeNull();
  });

  it('a callback can stop training by setting stopTraining', async () => {
    const model = compiledXorNet(1);
    const history = await model.fit(x, y, {
      epochs: 10,
      callbacks: [{ onEpochEnd: (e) => void (e === 1 && (model.stopTraining = true)) }],
    });
    expect(history.epoch).toEqual([0, 1]);
  });

  it('says when the monitored quantity is missing', async () => {
    await expect(compiledXorNet(1).fit(x, y, { epochs: 2, callbacks: [earlyStopping()] })).rejects.toThrow(
      new RangeError(
        "earlyStopping: expected logs to contain 'valLoss', got loss, learningRate, time, accuracy (use validationSplit or validationData to get valLoss)",
      ),
    );
  });

  it('validates its options', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(new RangeError('earlyStopping: expected patience to be an integer ≥ 0, got -1'));
    expect(() => earlyStopping({ minDelta: -0.1 })).toThrow(new RangeError('earlyStopping: expected minDelta to be ≥ 0, got -0.1'));
    expect(() => earlyStopping({ mode: 'up' as 'min' })).toThrow(new RangeError('earlyStopping: expected mode \'min\' or \'max\', got "up"'));
  });
});

describe('shuffling', () => {
  // Sample i has features [i, 0]: the Recorder reads the visiting order off the first feature.
  const x = Array.from({ length: 6 }, (_, i) => [i, 0]);
  const y = [0, 1, 0, 1, 0, 1];
  const make = (recorder: Recorder) =>
    new Sequential([recorder, new Dense(2, 1), new Sigmoid()], { seed: 3 }).compile({ optimizer: 'sgd', loss: 'mse' });

  it('shuffle: false visits the samples in order, every epoch, and draws nothing', async () => {
    const recorder = new Recorder();
    const model = make(recorder);
    const before = model.random.getState();
    await model.fit(x, y, { epochs: 2, batchSize: 4, shuffle: false });
    expect(recorder.seen).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
    expect(model.random.getState()).toEqual(before);
  });

  it('by default each epoch visits every sample once, in a shuffled order', async () => {
    const recorder = new Recorder();
    await make(recorder).fit(x, y, { epochs: 3, batchSize: 4 });
    const epochs = [0, 1, 2].map((e) => recorder.seen.slice(6 * e, 6 * e + 6));
    for (const order of epochs) expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(epochs.some((order) => order.some((v, i) => v !== i))).toBe(true);
    expect(new Set(epochs.map((o) => o.join())).size).toBeGreaterThan(1);
  });
});

describe('evaluate and predict', () => {
  const { x, y } = binaryProblem(10, 3, 5);
  const make = (recorder = new Recorder()) =>
    new Sequential([recorder, new Dense(3, 4), new Tanh(), new Dense(4, 3), new Softmax()], { seed: 8 });

  it('run in inference mode; fit in training mode', async () => {
    const recorder = new Recorder();
    const model = make(recorder).compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    model.predict(x);
    model.evaluate(x, y);
    expect(recorder.modes).toEqual([false, false]);
    recorder.modes.length = 0;
    // 10 samples, 8 for training in batches of 4 (2 forward passes), 2 for validation (1 pass).
    await model.fit(x, y, { epochs: 1, batchSize: 4, validationSplit: 0.2 });
    expect(recorder.modes).toEqual([true, true, false]);
  });

  it('predict batches correctly: batchSize 3 on 10 samples equals batchSize 100', () => {
    const model = make();
    const small = model.predict(x, { batchSize: 3 });
    const large = model.predict(Tensor.from(x), { batchSize: 100 });
    expect(small.shape).toEqual([10, 3]);
    expect(small.data).toEqual(large.data);
    // and each is a new tensor, not a layer's reused buffer
    expect(small.data).not.toBe(large.data);
    expect(large.data).toEqual(model.forward(Tensor.from(x), false).data);
  });

  it('evaluate batches correctly and agrees with predict', () => {
    const model = make().compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const p = model.predict(x).data;
    // Cross-entropy on integer labels: mean of −log p[label]; accuracy: argmax = label.
    let loss = 0, correct = 0;
    for (let i = 0; i < 10; i++) {
      const row = Array.from(p.subarray(3 * i, 3 * i + 3));
      loss -= Math.log(row[y[i]]);
      if (row.indexOf(Math.max(...row)) === y[i]) correct++;
    }
    const small = model.evaluate(x, y, { batchSize: 3 }), large = model.evaluate(x, y, { batchSize: 100 });
    expect(small.loss).toBeCloseTo(loss / 10, 6);
    expect(large.loss).toBeCloseTo(loss / 10, 6);
    expect(small.accuracy).toBe(correct / 10);
    expect(large.accuracy).toBe(correct / 10);
  });

  it('predict needs no compile and changes no weights', () => {
    const model = make();
    const before = model.getWeights();
    expect(model.predict([[0, 0, 0]]).shape).toEqual([1, 3]);
    expect(model.getWeights()).toEqual(before);
  });
});

describe('fit yields to the event loop', () => {
  it('a timer set just before a long fit fires before the fit resolves', async () => {
    const { x, y } = binaryProblem(512, 32, 6);
    const model = new Sequential([new Dense(32, 64), new Tanh(), new Dense(64, 1), new Sigmoid()], { seed: 1 });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    // Train for at least 150 ms whatever the machine: a callback ends the fit after that.
    const start = performance.now();
    let epochsDone = 0;
    const stopAfter150ms: Callback = {
      onEpochEnd: () => {
        epochsDone++;
        if (performance.now() - start > 150) model.stopTraining = true;
      },
    };
    let firedAfter: number | null = null;
    const events: string[] = [];
    setTimeout(() => {
      firedAfter = epochsDone;
      events.push('timer');
    }, 0);
    await model.fit(Tensor.from(x), y, { epochs: 1000, batchSize: 16, callbacks: [stopAfter150ms] });
    events.push('fit');
    expect(performance.now() - start).toBeGreaterThan(150);
    expect(events).toEqual(['timer', 'fit']);
    // It fired while training, not after the last epoch.
    expect(firedAfter).toBeLessThan(epochsDone);
  });
});

describe('a loss that goes non-finite', () => {
  const x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [0, 1, 1, 0];

  it('a huge learning rate: fit stops, naming the epoch, the batch and the first non-finite layer', async () => {
    // Two linear layers and SGD at 1e30: after one step the weights are ~1e30 and the
    // second layer's output (~1e60) overflows float32.
    const model = new Sequential([new Dense(2, 4), new Dense(4, 1)], { seed: 1 });
    model.compile({ optimizer: new SGD({ learningRate: 1e30 }), loss: 'mse' });
    const fit = model.fit(x, y, { epochs: 5, batchSize: 2 });
    await expect(fit).rejects.toThrow(DataError);
    await expect(fit).rejects.toThrow(
      /^Sequential\.fit: expected finite values at epoch \d+, batch \d+, got (NaN|-?Infinity) in the output of layer \d+ \(Dense.*, the first to go non-finite; try a lower learning rate or normalised inputs$/,
    );
    // The step that would have written non-finite values was refused: the weights are still finite.
    expect(model.getWeights().every((w) => w.every(Number.isFinite))).toBe(true);
  });

  it('inputs that overflow: layer 0 in the first batch', async () => {
    // 3e38 · w summed over two inputs exceeds float32's 3.4e38 in the first Dense.
    const model = new Sequential([new Dense(2, 4), new Dense(4, 1)], { seed: 1 });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    await expect(model.fit([[3e38, 3e38], [0, 1]], [0, 1], { epochs: 1, batchSize: 2 })).rejects.toThrow(
      new DataError(
        'Sequential.fit: expected finite values at epoch 0, batch 0, got -Infinity in the output of layer 0 (Dense(2 → 4)), the first to go non-finite; try a lower learning rate or normalised inputs',
      ),
    );
  });

  it('a loss that overflows by itself is named when every layer is finite', async () => {
    const exploding: Loss = {
      forward: () => Infinity,
      backward: () => Tensor.zeros([4, 1]),
      toString: () => 'Exploding',
    };
    const model = xorNet(1).compile({ optimizer: 'sgd', loss: exploding });
    await expect(model.fit(x, y, { epochs: 1, batchSize: 4 })).rejects.toThrow(
      new DataError(
        "Sequential.fit: expected a finite loss at epoch 0, batch 0, got Infinity from Exploding, though every layer's output is finite; try a lower learning rate or fromLogits",
      ),
    );
  });

  it('a finite loss passes untouched (MSE itself on large outputs)', async () => {
    // (1e30)² = 1e60 is finite in double precision, where the loss is summed.
    const model = new Sequential([new Dense(1, 1)], { seed: 1 });
    model.params()[0].value.data[0] = 1e30;
    model.compile({ optimizer: new SGD({ learningRate: 1e-70 }), loss: new MeanSquaredError() });
    const history = await model.fit([[1]], [[0]], { epochs: 1, batchSize: 1 });
    expect(history.history.loss[0]).toBeCloseTo(1e60, -55);
  });
});

/**
 * The promises neurite makes, tried as a hostile user would: nothing non-finite reaches the
 * weights by any route, calls do not disturb each other, a resumed run is exact, files are
 * valid. (The error messages themselves are in the bad-input matrix, cases.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  AdamW,
  BatchNorm,
  CategoricalCrossEntropy,
  DataError,
  Dense,
  Dropout,
  gradCheck,
  Param,
  Random,
  ReLU,
  Sequential,
  SGD,
  Sigmoid,
  StateError,
  Tanh,
  Tensor,
  type Optimizer,
} from '../../src/index.js';
import { fromOnnx, toOnnx } from '../../src/onnx.js';
import { writeJSON } from '../../src/model/json-writer.js';
import { expectSameValues } from '../helpers.js';

/** Every param's value and the optimizer's state, copied. */
function snapshot(params: Param[], optimizer: Optimizer): Float32Array[] {
  const state = optimizer.getState(params);
  return [...params.map((p) => p.value.data.slice()), ...state.slots.flatMap((s) => Object.values(s))];
}

describe('nothing non-finite reaches the weights', () => {
  it('a refused step leaves every weight and all of the optimizer’s state as they were', () => {
    const cases: [string, () => Optimizer, number[], number[]][] = [
      // g + λw = 1 + 1e4 · 1e35 overflows float32 in the velocity
      ['SGD with a huge weight decay', () => new SGD({ learningRate: 0.01, weightDecay: 1e4, momentum: 0.5 }), [1e35, -2], [1, 1]],
      ['AdamW with a rate that turns huge', () => new AdamW({ learningRate: (step) => (step === 0 ? 1e-3 : 1e30), weightDecay: 1e10 }), [1, -2], [1, 2]],
      ['Adam with a tiny epsilon', () => new Adam({ epsilon: 1e-300 }), [1, -2], [1e-23, 0]],
    ];
    for (const [what, make, weights, grads] of cases) {
      const params = [new Param('a', Tensor.from([1, -2])), new Param('b', Tensor.from([3]))];
      params[0].grad.data.set(what.startsWith('Adam with') ? [0, 0] : [0.1, 0.2]); // Adam: m and v of 'a' stay 0, v underflows next
      params[1].grad.data.set([0.3]);
      const optimizer = make();
      optimizer.step(params); // a finite first step: the state is no longer zeros
      params[0].value.data.set(weights);
      params[0].grad.data.set(grads);
      params[1].grad.data.set([0.5]);
      const before = snapshot(params, optimizer);
      const iterations = optimizer.iterations;
      expect(() => optimizer.step(params), what).toThrow(DataError);
      snapshot(params, optimizer).forEach((a, i) => expectSameValues(a, before[i], `${what}: array ${i}`));
      expect(optimizer.iterations).toBe(iterations);
    }
  });

  it('for any hyperparameters, weights and gradients, a step leaves only finite values or is refused and undone', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -3e38, max: 3e38 }).map(Math.fround);
    const make = fc.oneof(
      fc.record({ kind: fc.constant('sgd'), lr: fc.double({ min: 1e-30, max: 1e30, noNaN: true }), momentum: fc.double({ min: 0, max: 0.99, noNaN: true }), decay: fc.double({ min: 0, max: 1e12, noNaN: true }) }),
      fc.record({ kind: fc.constant('adam'), lr: fc.double({ min: 1e-30, max: 1e30, noNaN: true }), epsilon: fc.double({ min: 1e-300, max: 1, noNaN: true }), decay: fc.double({ min: 0, max: 1e12, noNaN: true }) }),
    );
    fc.assert(
      fc.property(make, fc.array(finite, { minLength: 1, maxLength: 6 }), fc.array(finite, { minLength: 6, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), (spec, weights, grads, steps) => {
        const param = new Param('w', Tensor.from(weights));
        const optimizer: Optimizer =
          spec.kind === 'sgd'
            ? new SGD({ learningRate: spec.lr, momentum: spec.momentum, weightDecay: spec.decay })
            : new AdamW({ learningRate: spec.lr, epsilon: spec.epsilon, weightDecay: spec.decay });
        for (let s = 0; s < steps; s++) {
          param.grad.data.set(grads.slice(0, weights.length));
          const before = snapshot([param], optimizer);
          try {
            optimizer.step([param]);
          } catch (error) {
            if (!(error instanceof DataError)) throw error;
            snapshot([param], optimizer).forEach((a, i) => expectSameValues(a, before[i]));
            return;
          }
          for (const a of snapshot([param], optimizer)) for (const v of a) if (!Number.isFinite(v)) return false;
        }
        return true;
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('a refused training step puts BatchNorm’s running statistics back', async () => {
    const model = new Sequential([new Dense(2, 3), new BatchNorm(3), new Dense(3, 1)], { seed: 1 });
    model.compile({ optimizer: new SGD({ learningRate: 1e38 }), loss: 'mse' });
    const bn = model.layers[1] as BatchNorm;
    const before = [bn.runningMean.data.slice(), bn.runningVariance.data.slice()];
    await expect(model.fit([[1, 2], [3, 4], [5, 6], [7, 8]], [1, 2, 3, 4], { batchSize: 4 })).rejects.toThrow(DataError);
    expectSameValues(bn.runningMean.data, before[0], 'running mean');
    expectSameValues(bn.runningVariance.data, before[1], 'running variance');
  });
});

describe('calls do not disturb each other', () => {
  const x = Tensor.randn([16, 3], new Random(1));
  const labels = Array.from({ length: 16 }, (_, i) => i % 3);

  function trained(): Sequential {
    const model = new Sequential([new Dense(3, 6), new BatchNorm(6), new ReLU(), new Dropout(0.3), new Dense(6, 3)], { seed: 2 });
    model.compile({ optimizer: 'adam', loss: new CategoricalCrossEntropy({ fromLogits: true }), metrics: ['accuracy'] });
    return model;
  }

  it('gradCheck leaves params, gradients, buffers and the model’s Random as they were', async () => {
    const model = trained();
    await model.fit(x, labels, { epochs: 2, batchSize: 8 });
    model.params()[0].grad.data.fill(0.25); // gradients a user has accumulated
    const weights = model.getWeights(), grads = model.params().map((p) => p.grad.data.slice()), random = model.random.getState();
    gradCheck(model, x.reshape([16, 3]), { beforeForward: () => model.random.setState(random) });
    model.getWeights().forEach((w, i) => expectSameValues(w, weights[i], `weight ${i}`));
    model.params().forEach((p, i) => expectSameValues(p.grad.data, grads[i], `gradient ${i}`));
    expect(model.random.getState()).toEqual(random);
  });

  it('evaluate from onBatchEnd leaves the accuracy fit accumulates alone', async () => {
    const plain = trained(), probed = trained();
    const a = await plain.fit(x, labels, { epochs: 3, batchSize: 4 });
    const b = await probed.fit(x, labels, {
      epochs: 3,
      batchSize: 4,
      callbacks: [{ onBatchEnd: () => void probed.evaluate(x.reshape([16, 3]).clone(), labels.slice().reverse()) }],
    });
    // evaluate runs in inference mode and draws nothing: both runs train alike and log the same accuracy.
    expect(b.history.accuracy).toEqual(a.history.accuracy);
    expect(b.history.loss).toEqual(a.history.loss);
  });

  it('a model inside a model that is training cannot be trained at the same time, nor the other way round', async () => {
    const inner = new Sequential([new Dense(2, 2)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
    const outer = new Sequential([inner, new Dense(2, 1)], { seed: 2 }).compile({ optimizer: 'sgd', loss: 'mse' });
    let refused: unknown = null;
    await outer.fit([[1, 2], [3, 4]], [1, 2], {
      callbacks: [
        {
          onBatchEnd: async () => {
            refused = await inner.fit([[1, 2]], [[1, 2]]).catch((e: unknown) => e);
          },
        },
      ],
    });
    expect(refused).toBeInstanceOf(StateError);
    expect((refused as Error).message).toBe(
      'Sequential.fit: expected one fit at a time, got a call while a model that holds this one, or one inside it, is training; await that fit',
    );
  });

  it('dropRemainder trains on full batches only', async () => {
    const model = new Sequential([new Dense(2, 3), new BatchNorm(3), new Dense(3, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
    const batches: number[] = [];
    await model.fit(Tensor.randn([9, 2], new Random(3)), Tensor.randn([9, 1], new Random(4)), {
      batchSize: 4,
      epochs: 2,
      dropRemainder: true,
      callbacks: [{ onBatchEnd: (batch) => void batches.push(batch) }],
    });
    expect(batches).toEqual([0, 1, 0, 1]);
  });
});

describe('exact resume, valid files', () => {
  it('resumes exactly when a layer was added after training began (per-param step counts are saved)', async () => {
    const random = new Random(9);
    const x = Tensor.randn([12, 3], random), y = Tensor.randn([12, 1], random);
    const make = async () => {
      const model = new Sequential([new Dense(3, 4), new Tanh(), new Dense(4, 1)], { seed: 3 });
      model.compile({ optimizer: 'adam', loss: 'mse' });
      await model.fit(x, y, { epochs: 2, batchSize: 4 });
      model.add(new Dense(1, 1, { random: new Random(4) })); // its params start at step 1 while the others are at 7
      await model.fit(x, y, { epochs: 1, batchSize: 4 });
      return model;
    };
    const straight = await make();
    const resumed = Sequential.fromJSON(JSON.stringify(straight.toJSON({ includeOptimizer: true })));
    expect(resumed.toJSON({ includeOptimizer: true }).training?.optimizer.steps).toEqual([9, 9, 9, 9, 3, 3]);
    await straight.fit(x, y, { epochs: 2, batchSize: 4 });
    await resumed.fit(x, y, { epochs: 2, batchSize: 4 });
    resumed.getWeights().forEach((w, i) => expectSameValues(w, straight.getWeights()[i], `weight ${i}`));
  });

  it('a model of Dropout alone exports and imports again (as the identity)', () => {
    const model = new Sequential([new Dropout(0.5)], { seed: 1 });
    const copy = fromOnnx(toOnnx(model));
    const x = Tensor.randn([3, 4], new Random(2));
    expectSameValues(copy.predict(x).data, x.data);
  });

  it('JSON text that starts with a byte-order mark loads', () => {
    const model = new Sequential([new Dense(2, 1), new Sigmoid()], { seed: 1 });
    const copy = Sequential.fromJSON(`\uFEFF${JSON.stringify(model)}`);
    expectSameValues(copy.getWeights()[0], model.getWeights()[0]);
  });

  it('fromOnnx takes the bytes as an ArrayBuffer or any view of them', () => {
    const model = new Sequential([new Dense(2, 2), new ReLU()], { seed: 1 });
    const bytes = toOnnx(model);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 8);
    for (const given of [bytes.slice().buffer, new DataView(padded.buffer, 8), new Uint8Array(padded.buffer, 8)]) {
      expectSameValues(fromOnnx(given).getWeights()[0], model.getWeights()[0]);
    }
  });

  it('the streaming writer gives the text JSON.stringify gives, in pieces', async () => {
    const model = new Sequential([new Dense(300, 300), new BatchNorm(300)], { seed: 1 });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const pieces: string[] = [];
    await writeJSON(JSON.parse(JSON.stringify(model.toJSON({ includeOptimizer: true }))), async (text) => void pieces.push(text));
    const raw: string[] = [];
    const weights = model.toJSON({ includeOptimizer: true });
    // With the values themselves, as saveModel writes them: base64 made piece by piece.
    const { modelToJSON } = await import('../../src/model/serialization.js');
    await writeJSON(modelToJSON(model, { includeOptimizer: true }, 'saveModel', (v) => v), async (text) => void raw.push(text));
    expect(pieces.join('')).toBe(JSON.stringify(weights));
    expect(raw.join('')).toBe(JSON.stringify(weights));
  });
});

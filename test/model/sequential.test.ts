import { describe, expect, it } from 'vitest';
import {
  Accuracy,
  Adam,
  AdamW,
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  Dense,
  MeanSquaredError,
  Random,
  ReLU,
  SGD,
  Sequential,
  ShapeError,
  Sigmoid,
  Softmax,
  StateError,
  Tanh,
  Tensor,
  type Layer,
  type Loss,
} from '../../src/index.js';
import { expectGradientsToMatch } from '../helpers.js';

describe('Sequential as a layer', () => {
  it('applies its layers in order', () => {
    // Dense(2 → 2) with W = [[1, 2], [−1, 0.5]], b = [0, 1], then ReLU, on x = [1, 1]:
    //   z = W·x + b = [1 + 2, −1 + 0.5 + 1] = [3, 0.5];  then Dense(2 → 1) with W = [[2, −4]], b = [0.5]:
    //   y = 2·3 − 4·0.5 + 0.5 = 4.5
    // and on x = [0, −1]: z = [−2, −0.5 + 1] = [−2, 0.5] → ReLU [0, 0.5] → y = −2 + 0.5 = −1.5
    const first = new Dense(2, 2), second = new Dense(2, 1);
    const model = new Sequential([first, new ReLU(), second]);
    first.weight.value.data.set([1, 2, -1, 0.5]);
    first.bias!.value.data.set([0, 1]);
    second.weight.value.data.set([2, -4]);
    second.bias!.value.data.set([0.5]);
    const y = model.forward(Tensor.from([[1, 1], [0, -1]]), false);
    expect(y.shape).toEqual([2, 1]);
    expect(Array.from(y.data)).toEqual([4.5, -1.5]);
  });

  it('backward matches finite differences for a whole model (input and every param)', () => {
    const random = new Random(3);
    const model = new Sequential([new Dense(3, 4), new Tanh(), new Dense(4, 3), new Softmax()], { seed: 11 });
    const report = expectGradientsToMatch(model, Tensor.randn([5, 3], random), { label: 'Sequential(Dense, Tanh, Dense, Softmax)' });
    // input, then weight and bias of both Dense layers
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias', 'weight', 'bias']);
  });

  it('nests: a model inside a model passes the gradient check and flattens its params', () => {
    const inner = new Sequential([new Dense(4, 3), new Tanh()]);
    const outer = new Sequential([new Dense(2, 4), new Sigmoid(), inner, new Dense(3, 2)], { seed: 5 });
    expect(outer.params()).toHaveLength(6);
    expect(outer.inFeatures).toBe(2);
    expect(outer.outFeatures).toBe(2);
    expectGradientsToMatch(outer, Tensor.randn([3, 2], new Random(9)), { label: 'nested Sequential' });
  });

  describe('a model with its loss', () => {
    /**
     * The gradient of loss(model(x), t) with respect to x and to the first weight,
     * by backprop (model.backward(loss.backward())) and by central differences, with
     * the same float32 care as gradCheck: divide by the perturbation actually stored.
     */
    function compare(model: Sequential, loss: Loss, x: Tensor, target: Tensor): void {
      const first = model.params()[0];
      for (const p of model.params()) p.zeroGrad();
      loss.forward(model.forward(x, true), target);
      const gradInput = model.backward(loss.backward()).data.slice();
      const gradWeight = first.grad.data.slice();
      const probe = () => loss.forward(model.forward(x, true), target);
      for (const [values, analytic] of [
        [x.data, gradInput],
        [first.value.data, gradWeight],
      ] as const) {
        for (let i = 0; i < values.length; i++) {
          const original = values[i];
          values[i] = original + 1e-3;
          const up = values[i], lossUp = probe();
          values[i] = original - 1e-3;
          const down = values[i], lossDown = probe();
          values[i] = original;
          const numeric = (lossUp - lossDown) / (up - down);
          const relative = Math.abs(analytic[i] - numeric) / Math.max(1e-8, Math.abs(analytic[i]) + Math.abs(numeric));
          expect(relative, `element ${i}: analytic ${analytic[i]}, numeric ${numeric}`).toBeLessThan(1e-2);
        }
      }
    }

    it('MSE: dLoss/dx and dLoss/dW by backprop match finite differences', () => {
      const random = new Random(21);
      const model = new Sequential([new Dense(3, 4), new Tanh(), new Dense(4, 2), new Sigmoid()], { seed: 2 });
      compare(model, new MeanSquaredError(), Tensor.randn([4, 3], random), Tensor.uniform([4, 2], random));
    });

    it('cross-entropy from logits with integer labels: the same', () => {
      const random = new Random(22);
      const model = new Sequential([new Dense(3, 5), new Tanh(), new Dense(5, 3)], { seed: 4 });
      compare(model, new CategoricalCrossEntropy({ fromLogits: true }), Tensor.randn([6, 3], random), Tensor.from([0, 2, 1, 1, 0, 2]));
    });
  });

  it('knows its feature counts through activations', () => {
    const model = new Sequential([new Dense(3, 4), new Tanh(), new Dense(4, 2), new Softmax()]);
    expect(model.inFeatures).toBe(3);
    expect(model.outFeatures).toBe(2);
    expect(new Sequential([new Tanh()]).outFeatures).toBeUndefined();
    expect(String(model)).toBe('Sequential(4 layers)');
  });

  it('backward before forward throws', () => {
    const model = new Sequential([new Dense(2, 1)]);
    expect(() => model.backward(Tensor.zeros([1, 1]))).toThrow(new StateError('Sequential: backward called before forward'));
  });

  it('forward on an empty model throws', () => {
    expect(() => new Sequential().forward(Tensor.zeros([1, 1]), false)).toThrow(
      new StateError('Sequential: expected at least one layer, got an empty model'),
    );
  });
});

describe('building a model', () => {
  it('rejects consecutive layers whose sizes do not fit, naming both', () => {
    expect(() => new Sequential([new Dense(3, 4), new Dense(5, 1)])).toThrow(
      new ShapeError('Sequential: layer 1 (Dense(5 → 1)) expects 5 features, but Dense(3 → 4) before it produces 4'),
    );
  });

  it('looks through activations to the layer that fixes the size', () => {
    expect(() => new Sequential([new Dense(3, 4), new Tanh(), new Dense(5, 1)])).toThrow(
      new ShapeError('Sequential: layer 2 (Dense(5 → 1)) expects 5 features, but Dense(3 → 4) before it produces 4'),
    );
  });

  it('add() validates too, and leaves the model as it was', () => {
    const model = new Sequential([new Dense(3, 4), new Tanh()]);
    expect(() => model.add(new Dense(2, 1))).toThrow(
      new ShapeError('Sequential: layer 2 (Dense(2 → 1)) expects 2 features, but Dense(3 → 4) before it produces 4'),
    );
    expect(model.layers).toHaveLength(2);
    expect(model.add(new Dense(4, 1))).toBe(model);
    expect(model.outFeatures).toBe(1);
  });

  it('rejects a layer already used by another model', () => {
    const shared = new Dense(3, 4);
    new Sequential([shared]);
    expect(() => new Sequential([new Dense(2, 3), shared])).toThrow(
      new StateError('Sequential: layer 1 (Dense(3 → 4)) already belongs to another model; create a new layer instance'),
    );
    expect(() => new Sequential().add(shared)).toThrow(StateError);
  });

  it('rejects the same layer twice in one model', () => {
    const tanh = new Tanh();
    expect(() => new Sequential([new Dense(2, 2), tanh, tanh])).toThrow(
      new StateError('Sequential: layer Tanh is already in this model; create a new layer instance'),
    );
  });

  it('frees the layers of a model that failed to build, so they can go into a corrected one', () => {
    const first = new Dense(3, 4);
    expect(() => new Sequential([first, new Dense(5, 1)])).toThrow(ShapeError);
    expect(new Sequential([first, new Dense(4, 1)]).layers[0]).toBe(first);
  });

  it('rejects things that are not layers', () => {
    expect(() => new Sequential([{} as Layer])).toThrow(
      new TypeError('Sequential: expected a layer (with forward, backward and params) at index 0, got an object'),
    );
    expect(() => new Sequential('dense' as unknown as Layer[])).toThrow(
      new TypeError('Sequential: expected an array of layers, got "dense"'),
    );
  });

  it('initialises every layer from its seed: same seed, same weights; other seed, other weights', () => {
    const make = (seed: number) => new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1)], { seed });
    expect(make(7).getWeights()).toEqual(make(7).getWeights());
    expect(make(7).getWeights()).not.toEqual(make(8).getWeights());
    // A layer given its own Random keeps the weights it drew from it: the model does not draw again.
    const a = new Sequential([new Dense(2, 3, { random: new Random(1) })], { seed: 3 });
    const b = new Sequential([new Dense(2, 3, { random: new Random(1) })], { seed: 4 });
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.getWeights()).toEqual(new Sequential([new Dense(2, 3, { random: new Random(1) })]).getWeights());
  });
});

describe('getWeights / setWeights', () => {
  it('copies out and puts back every param', () => {
    const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1)], { seed: 1 });
    const saved = model.getWeights();
    expect(saved.map((w) => w.length)).toEqual([8, 4, 4, 1]);
    model.params()[0].value.data.fill(0);
    expect(saved[0].some((v) => v !== 0)).toBe(true); // a copy, untouched
    model.setWeights(saved);
    expect(model.getWeights()).toEqual(saved);
  });

  it('rejects arrays that do not fit', () => {
    const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1)]);
    expect(() => model.setWeights([new Float32Array(8)])).toThrow(new ShapeError('Sequential.setWeights: expected 4 arrays, got 1'));
    const weights = model.getWeights();
    weights[0] = new Float32Array(3);
    expect(() => model.setWeights(weights)).toThrow(
      new ShapeError('Sequential.setWeights: expected array 0 to hold 8 values [4, 2], got 3'),
    );
  });
});

describe('compile', () => {
  const make = () => new Sequential([new Dense(2, 3), new Softmax()]);

  it.each([
    ['sgd', SGD],
    ['adam', Adam],
    ['adamw', AdamW],
  ] as const)('accepts the optimizer %s', (name, type) => {
    const model = make().compile({ optimizer: name, loss: 'mse' });
    expect(model.optimizer).toBeInstanceOf(type);
  });

  it('gives a named optimizer its defaults', () => {
    expect(make().compile({ optimizer: 'sgd', loss: 'mse' }).optimizer!.learningRate).toBe(0.01);
    expect(make().compile({ optimizer: 'adam', loss: 'mse' }).optimizer!.learningRate).toBe(1e-3);
  });

  it.each([
    ['mse', MeanSquaredError],
    ['meanSquaredError', MeanSquaredError],
    ['binaryCrossentropy', BinaryCrossEntropy],
    ['categoricalCrossentropy', CategoricalCrossEntropy],
    ['sparseCategoricalCrossentropy', CategoricalCrossEntropy],
  ] as const)('accepts the loss %s', (name, type) => {
    expect(make().compile({ optimizer: 'sgd', loss: name }).loss).toBeInstanceOf(type);
  });

  it('accepts the metric accuracy (and acc)', () => {
    // Probabilities [0.7, 0.2, 0.1] and [0.1, 0.1, 0.8] against labels 0 and 1: one of two right.
    const model = make().compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    expect(model.metrics[0]).toBeInstanceOf(Accuracy);
    expect(make().compile({ optimizer: 'sgd', loss: 'mse', metrics: ['acc'] }).metrics[0]).toBeInstanceOf(Accuracy);
    const metric = model.metrics[0];
    metric.reset();
    metric.update(Tensor.from([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]), Tensor.from([0, 1]));
    expect(metric.result()).toBe(0.5);
  });

  it('takes objects as they are', () => {
    const optimizer = new SGD({ learningRate: 0.5 }), loss = new BinaryCrossEntropy({ fromLogits: true });
    const model = new Sequential([new Dense(2, 1)]).compile({ optimizer, loss, metrics: ['accuracy'] });
    expect(model.optimizer).toBe(optimizer);
    expect(model.loss).toBe(loss);
    // On logits, accuracy counts a prediction above 0 as class 1.
    expect((model.metrics[0] as Accuracy).threshold).toBe(0);
  });

  it.each([
    [{ optimizer: 'rmsprop', loss: 'mse' }, 'Sequential.compile: unknown optimizer "rmsprop"; expected one of sgd, adam, adamw'],
    [
      { optimizer: 'sgd', loss: 'hinge' },
      'Sequential.compile: unknown loss "hinge"; expected one of mse, meanSquaredError, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy',
    ],
    [{ optimizer: 'sgd', loss: 'mse', metrics: ['f1'] }, 'Sequential.compile: unknown metric "f1"; expected one of accuracy, acc'],
  ])('rejects an unknown name, listing the valid ones (%#)', (options, message) => {
    expect(() => make().compile(options as never)).toThrow(new RangeError(message));
  });

  it('rejects what is neither a name nor an object', () => {
    expect(() => make().compile({ optimizer: 42 as never, loss: 'mse' })).toThrow(
      new TypeError('Sequential.compile: expected optimizer as an object or one of sgd, adam, adamw, got 42'),
    );
    expect(() => make().compile(undefined as never)).toThrow(
      new TypeError('Sequential.compile: expected options { optimizer, loss, metrics }, got undefined'),
    );
  });
});

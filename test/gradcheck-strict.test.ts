/**
 * The checker's default tolerance catches a gradient 1% off on every built-in layer and
 * loss (a relative error |a − n| / (|a| + |n|) of about 0.005), while the correct ones pass;
 * and every layer with params adds its gradients (+=) rather than overwriting them.
 */
import { describe, expect, it } from 'vitest';
import {
  AvgPool2D,
  BatchNorm,
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  formatGradCheck,
  GlobalAvgPool2D,
  gradCheck,
  LeakyReLU,
  MaxPool2D,
  MeanSquaredError,
  Random,
  ReLU,
  Reshape,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  Tensor,
  type Layer,
  type Loss,
  type Param,
} from '../src/index.js';

/** `layer`, with its input gradient (`'input'`) or one param's gradient scaled by `factor`. */
function skewed(layer: Layer, factor: number, which: string): Layer {
  return {
    forward: (x, training) => layer.forward(x, training),
    backward: (g) => {
      const gradInput = layer.backward(g);
      if (which === 'input') {
        const out = gradInput.clone();
        for (let i = 0; i < out.size; i++) out.data[i] *= factor;
        return out;
      }
      const p = layer.params().find((q) => q.name === which)!;
      for (let i = 0; i < p.grad.size; i++) p.grad.data[i] *= factor;
      return gradInput;
    },
    params: () => layer.params(),
    buffers: () => layer.buffers?.() ?? [],
    toString: () => `${layer}, ${which} gradient × ${factor}`,
  };
}

/** `loss`, with its gradient scaled by `factor`. */
function skewedLoss(loss: Loss, factor: number): Loss {
  return {
    forward: (p, t) => loss.forward(p, t),
    backward: () => {
      const g = loss.backward().clone();
      for (let i = 0; i < g.size; i++) g.data[i] *= factor;
      return g;
    },
    toString: () => `${loss} × ${factor}`,
  };
}

const random = new Random(31);
const x = (shape: number[], away = 0) => {
  // Inputs kept away from ReLU's kink at 0 when asked.
  const t = Tensor.randn(shape, random);
  for (let i = 0; i < t.size; i++) if (Math.abs(t.data[i]) < away) t.data[i] += t.data[i] < 0 ? -away : away;
  return t;
};
const dropoutRandom = new Random(5);
/** Values 0.05 apart in a shuffled order: no two in a pooling window within a perturbation of each other. */
const spread = (shape: number[]) => {
  const t = Tensor.zeros(shape);
  const order = Int32Array.from({ length: t.size }, (_, i) => i);
  new Random(9).shuffle(order);
  for (let i = 0; i < t.size; i++) t.data[order[i]] = 0.05 * i - 1;
  return t;
};

const layers: { name: string; make: () => Layer; input: () => Tensor; options?: Parameters<typeof gradCheck>[2] }[] = [
  { name: 'Dense', make: () => new Dense(4, 3, { random: new Random(1) }), input: () => x([5, 4]) },
  { name: 'Sigmoid', make: () => new Sigmoid(), input: () => x([3, 4]) },
  { name: 'Tanh', make: () => new Tanh(), input: () => x([3, 4]) },
  { name: 'ReLU', make: () => new ReLU(), input: () => x([3, 4], 0.1) },
  { name: 'LeakyReLU', make: () => new LeakyReLU({ alpha: 0.2 }), input: () => x([3, 4], 0.1) },
  { name: 'Softmax', make: () => new Softmax(), input: () => x([3, 4]) },
  {
    name: 'Dropout',
    make: () => new Dropout(0.3, { random: dropoutRandom }),
    input: () => x([3, 4]),
    options: { beforeForward: () => dropoutRandom.setState(new Random(5).getState()) },
  },
  {
    name: 'BatchNorm',
    make: () => {
      const bn = new BatchNorm(3);
      bn.gamma.value.data.set([1.5, -0.7, 0.9]);
      bn.beta.value.data.set([0.1, 0.2, 0.3]);
      return bn;
    },
    input: () => x([6, 3]),
  },
  { name: 'Conv2D', make: () => new Conv2D(2, 3, 3, { stride: 2, padding: 'same', random: new Random(1) }), input: () => x([2, 5, 5, 2]) },
  { name: 'MaxPool2D', make: () => new MaxPool2D(3, { stride: 2, padding: 'same' }), input: () => spread([2, 5, 6, 2]) },
  { name: 'AvgPool2D', make: () => new AvgPool2D(3, { stride: 2, padding: 'same' }), input: () => x([2, 5, 6, 2]) },
  { name: 'GlobalAvgPool2D', make: () => new GlobalAvgPool2D(), input: () => x([2, 3, 4, 2]) },
  { name: 'Flatten', make: () => new Flatten(), input: () => x([2, 3, 2, 2]) },
  { name: 'Reshape', make: () => new Reshape([-1, 2]), input: () => x([2, 3, 4]) },
];

describe('gradCheck’s default tolerance (1e-3)', () => {
  for (const { name, make, input, options } of layers) {
    it(`${name}: passes the correct backward, fails each gradient 1% off`, () => {
      const data = input();
      const ok = gradCheck(make(), data, options);
      expect(ok.passed, formatGradCheck(ok)).toBe(true);
      expect(ok.worstRelativeError).toBeLessThan(1e-4); // ten times below the tolerance
      for (const which of ['input', ...make().params().map((p: Param) => p.name)]) {
        const bad = gradCheck(skewed(make(), 1.01, which), data, options);
        expect(bad.passed, `${name}, ${which} × 1.01 should fail:\n${formatGradCheck(bad)}`).toBe(false);
        expect(bad.entries.find((e) => e.name === which)?.passed).toBe(false);
      }
    });
  }

  const losses: { loss: () => Loss; prediction: () => Tensor; target: Tensor }[] = [
    { loss: () => new MeanSquaredError(), prediction: () => x([4, 3]), target: Tensor.randn([4, 3], new Random(2)) },
    { loss: () => new BinaryCrossEntropy(), prediction: () => Tensor.uniform([4, 2], random, 0.1, 0.9), target: Tensor.from([[0, 1], [1, 1], [0, 0], [1, 0]]) },
    { loss: () => new BinaryCrossEntropy({ fromLogits: true }), prediction: () => x([4, 2]), target: Tensor.from([[0, 1], [1, 1], [0, 0.3], [1, 0]]) },
    { loss: () => new CategoricalCrossEntropy(), prediction: () => new Softmax().forward(x([4, 3]), false).clone(), target: Tensor.from([0, 2, 1, 1]) },
    { loss: () => new CategoricalCrossEntropy({ fromLogits: true }), prediction: () => x([4, 3]), target: Tensor.from([[1, 0, 0], [0, 0.5, 0.5], [0, 0, 1], [0, 1, 0]]) },
  ];
  for (const { loss, prediction, target } of losses) {
    it(`${loss()}: passes the correct gradient, fails one 1% off`, () => {
      const p = prediction();
      const ok = gradCheck(loss(), p, { target });
      expect(ok.passed, formatGradCheck(ok)).toBe(true);
      expect(gradCheck(skewedLoss(loss(), 1.01), p, { target }).passed).toBe(false);
    });
  }
});

describe('gradients accumulate (+=), on every layer with params', () => {
  const withParams: { name: string; make: () => Layer; input: Tensor }[] = [
    { name: 'Dense', make: () => new Dense(3, 2, { random: new Random(3) }), input: Tensor.randn([4, 3], new Random(4)) },
    { name: 'BatchNorm (training)', make: () => new BatchNorm(3), input: Tensor.randn([4, 3], new Random(6)) },
    { name: 'Conv2D', make: () => new Conv2D(2, 3, [3, 2], { stride: [2, 1], padding: 'same', random: new Random(5) }), input: Tensor.randn([2, 5, 4, 2], new Random(9)) },
    { name: 'a Sequential', make: () => new Sequential([new Dense(3, 4), new Tanh(), new Dense(4, 2)], { seed: 2 }), input: Tensor.randn([4, 3], new Random(7)) },
  ];
  for (const { name, make, input } of withParams) {
    it(`${name}: a second backward adds the same gradients again`, () => {
      const layer = make();
      const out = layer.forward(input, true);
      const g = Tensor.randn(out.shape, new Random(8));
      const first = layer.backward(g).data.slice();
      const once = layer.params().map((p) => p.grad.data.slice());
      const second = layer.backward(g).data;
      layer.params().forEach((p, k) => {
        for (let i = 0; i < p.grad.size; i++) {
          if (Math.abs(p.grad.data[i] - 2 * once[k][i]) > 1e-6 * (1 + Math.abs(once[k][i]))) {
            expect.fail(`${p.name}[${i}]: after two backward passes ${p.grad.data[i]}, expected twice ${once[k][i]}`);
          }
        }
      });
      // The input gradient is the layer's answer for this gradOutput, not a running sum.
      for (let i = 0; i < first.length; i++) if (second[i] !== first[i]) expect.fail(`input gradient [${i}]: ${second[i]} then ${first[i]}`);
    });
  }
});

import { afterAll, describe, expect, it } from 'vitest';
import { CategoricalCrossEntropy, DataError, Random, ShapeError, Softmax, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

function oneHot(labels: number[], classes: number): Tensor {
  const t = Tensor.zeros([labels.length, classes]);
  labels.forEach((c, b) => (t.data[b * classes + c] = 1));
  return t;
}

function randomLabels(batch: number, classes: number, random: Random): number[] {
  return Array.from({ length: batch }, () => random.int(classes));
}

/** Positive "probabilities" kept away from the ε clip (rows need not sum to 1 for the check). */
function probabilities(shape: number[], random: Random): Tensor {
  return Tensor.uniform(shape, random, 0.05, 1);
}

describe('CategoricalCrossEntropy on probabilities', () => {
  // p = [[0.5, 0.25, 0.25], [0.1, 0.8, 0.1]], classes [0, 1]:
  //   L = −(ln 0.5 + ln 0.8) / 2 = (ln 2 + ln 1.25) / 2 = ln(2.5) / 2 ≈ 0.458145
  //   dL/dp = −t / (p · batch) = [[−1/(0.5·2), 0, 0], [0, −1/(0.8·2), 0]] = [[−1, 0, 0], [0, −0.625, 0]]
  const p = () =>
    Tensor.from([
      [0.5, 0.25, 0.25],
      [0.1, 0.8, 0.1],
    ]);

  it('one-hot targets: forward and backward (worked by hand)', () => {
    const loss = new CategoricalCrossEntropy();
    expect(loss.forward(p(), oneHot([0, 1], 3))).toBeCloseTo(Math.log(2.5) / 2, 6);
    const g = loss.backward();
    expect(g.shape).toEqual([2, 3]);
    const want = [-1, 0, 0, 0, -0.625, 0];
    for (let i = 0; i < 6; i++) expect(g.data[i]).toBeCloseTo(want[i], 6);
  });

  it('integer labels give the same loss and gradient as one-hot', () => {
    const loss = new CategoricalCrossEntropy();
    expect(loss.forward(p(), Tensor.from([0, 1]))).toBeCloseTo(Math.log(2.5) / 2, 6);
    const want = [-1, 0, 0, 0, -0.625, 0];
    const g = loss.backward();
    for (let i = 0; i < 6; i++) expect(g.data[i]).toBeCloseTo(want[i], 6);
  });

  it('clips p below at ε: a zero probability on the true class costs −ln ε, with gradient 0', () => {
    const loss = new CategoricalCrossEntropy();
    const value = loss.forward(Tensor.from([[0, 1]]), Tensor.from([0]));
    expect(value).toBeCloseTo(-Math.log(1e-7), 5);
    expect(Array.from(loss.backward().data)).toEqual([0, 0]);
  });

  it('matches finite differences with one-hot, integer and soft targets', () => {
    const random = new Random(91);
    const labels = randomLabels(4, 5, random);
    const report = expectGradientsToMatch(new CategoricalCrossEntropy(), probabilities([4, 5], random), {
      target: oneHot(labels, 5),
      label: 'CategoricalCrossEntropy (one-hot)',
    });
    expect(report.entries.map((e) => e.name)).toEqual(['prediction']);
    expectGradientsToMatch(new CategoricalCrossEntropy(), probabilities([4, 5], random), {
      target: Tensor.from(labels),
      label: 'CategoricalCrossEntropy (labels)',
    });
    expectGradientsToMatch(new CategoricalCrossEntropy(), probabilities([3, 4], random), {
      target: Tensor.uniform([3, 4], random),
      label: 'CategoricalCrossEntropy (soft targets)',
    });
  });
});

describe('CategoricalCrossEntropy from logits', () => {
  // z = [[0, ln 2, ln 3], [0, 0, 0]], classes [2, 0]:
  //   softmax rows: e^z / Σ = [1, 2, 3] / 6 = [1/6, 1/3, 1/2] and [1/3, 1/3, 1/3]
  //   L = (−ln(1/2) − ln(1/3)) / 2 = (ln 2 + ln 3) / 2 = ln(6) / 2 ≈ 0.895880
  //   dL/dz = (softmax − onehot) / 2 = [[1/12, 1/6, −1/4], [−1/3, 1/6, 1/6]]
  const z = () =>
    Tensor.from([
      [0, Math.log(2), Math.log(3)],
      [0, 0, 0],
    ]);
  const wantGrad = [1 / 12, 1 / 6, -1 / 4, -1 / 3, 1 / 6, 1 / 6];

  it('integer labels: forward and the gradient (softmax − onehot) / batch (worked by hand)', () => {
    const loss = new CategoricalCrossEntropy({ fromLogits: true });
    expect(String(loss)).toBe('CategoricalCrossEntropy(fromLogits)');
    expect(loss.forward(z(), Tensor.from([2, 0]))).toBeCloseTo(Math.log(6) / 2, 6);
    const g = loss.backward();
    for (let i = 0; i < 6; i++) expect(g.data[i]).toBeCloseTo(wantGrad[i], 6);
  });

  it('one-hot targets: the same loss and gradient', () => {
    const loss = new CategoricalCrossEntropy({ fromLogits: true });
    expect(loss.forward(z(), oneHot([2, 0], 3))).toBeCloseTo(Math.log(6) / 2, 6);
    const g = loss.backward();
    for (let i = 0; i < 6; i++) expect(g.data[i]).toBeCloseTo(wantGrad[i], 6);
  });

  it('the docs example: logits [0, 0] with label 1 cost ln 2', () => {
    expect(new CategoricalCrossEntropy({ fromLogits: true }).forward(Tensor.from([[0, 0]]), Tensor.from([1]))).toBeCloseTo(
      Math.log(2),
      7,
    );
  });

  it('the logits gradient equals (Softmax(z) − onehot) / batch on random logits', () => {
    const random = new Random(92);
    const batch = 6, classes = 5;
    const logits = Tensor.randn([batch, classes], random, 0, 3);
    const labels = randomLabels(batch, classes, random);
    const loss = new CategoricalCrossEntropy({ fromLogits: true });
    loss.forward(logits, Tensor.from(labels));
    const g = loss.backward();
    const s = new Softmax().forward(logits, false);
    for (let b = 0; b < batch; b++) {
      for (let c = 0; c < classes; c++) {
        const want = (s.get(b, c) - (c === labels[b] ? 1 : 0)) / batch;
        expect(g.get(b, c)).toBeCloseTo(want, 6);
      }
    }
  });

  it('agrees with Softmax followed by the probability form', () => {
    const random = new Random(93);
    const logits = Tensor.randn([4, 3], random);
    const target = oneHot(randomLabels(4, 3, random), 3);
    const viaSoftmax = new CategoricalCrossEntropy().forward(new Softmax().forward(logits, false), target);
    expect(new CategoricalCrossEntropy({ fromLogits: true }).forward(logits, target)).toBeCloseTo(viaSoftmax, 5);
  });

  it('is stable for huge logits (±1e4): finite loss and gradient', () => {
    // Row [1e4, −1e4, 0], label 1: logΣexp = 1e4 (the others vanish), loss = 1e4 − (−1e4) = 2e4.
    // Gradient: (softmax − onehot) / 1 = [1, −1, 0].
    const loss = new CategoricalCrossEntropy({ fromLogits: true });
    expect(loss.forward(Tensor.from([[1e4, -1e4, 0]]), Tensor.from([1]))).toBe(2e4);
    expect(Array.from(loss.backward().data)).toEqual([1, -1, 0]);
    // Right and confident: loss ≈ 0, finite.
    expect(loss.forward(Tensor.from([[1e4, -1e4, 0]]), Tensor.from([0]))).toBe(0);
  });

  it('matches finite differences with integer, one-hot and soft targets', () => {
    const random = new Random(94);
    const labels = randomLabels(4, 5, random);
    expectGradientsToMatch(new CategoricalCrossEntropy({ fromLogits: true }), Tensor.randn([4, 5], random, 0, 2), {
      target: Tensor.from(labels),
      label: 'CategoricalCrossEntropy(fromLogits) (labels)',
    });
    expectGradientsToMatch(new CategoricalCrossEntropy({ fromLogits: true }), Tensor.randn([4, 5], random, 0, 2), {
      target: oneHot(labels, 5),
      label: 'CategoricalCrossEntropy(fromLogits) (one-hot)',
    });
    // Soft rows that do not sum to 1 exercise the Σ_c t factor in the gradient.
    expectGradientsToMatch(new CategoricalCrossEntropy({ fromLogits: true }), Tensor.randn([3, 4], random), {
      target: Tensor.uniform([3, 4], random),
      label: 'CategoricalCrossEntropy(fromLogits) (soft targets)',
    });
  });
});

describe('CategoricalCrossEntropy errors', () => {
  it('rejects labels out of range, fractional or NaN, naming the index', () => {
    const loss = new CategoricalCrossEntropy({ fromLogits: true });
    const z = Tensor.zeros([2, 3]);
    expect(() => loss.forward(z, Tensor.from([0, 3]))).toThrow(DataError);
    expect(() => loss.forward(z, Tensor.from([0, 3]))).toThrow(
      'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got 3 at index 1',
    );
    expect(() => loss.forward(z, Tensor.from([-1, 0]))).toThrow(
      'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got -1 at index 0',
    );
    expect(() => new CategoricalCrossEntropy().forward(Tensor.full([2, 3], 0.3), Tensor.from([1.5, 0]))).toThrow(
      'CategoricalCrossEntropy: expected class labels as integers in [0, 2], got 1.5 at index 0',
    );
    expect(() => loss.forward(z, Tensor.from([0, NaN]))).toThrow(
      'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got NaN at index 1',
    );
  });

  it('rejects one-hot targets outside [0, 1]', () => {
    expect(() =>
      new CategoricalCrossEntropy().forward(
        Tensor.full([2, 2], 0.5),
        Tensor.from([
          [1, 0],
          [0, 2],
        ]),
      ),
    ).toThrow('CategoricalCrossEntropy: expected target probabilities in [0, 1], got 2 at index 3');
  });

  it('rejects target and prediction shapes that do not fit', () => {
    const loss = new CategoricalCrossEntropy();
    expect(() => loss.forward(Tensor.full([2, 3], 0.3), Tensor.zeros([3]))).toThrow(ShapeError);
    expect(() => loss.forward(Tensor.full([2, 3], 0.3), Tensor.zeros([3]))).toThrow(
      'CategoricalCrossEntropy: expected target shape [2, 3] (one-hot) or [2] (class labels), got [3]',
    );
    expect(() => loss.forward(Tensor.full([2, 3], 0.3), Tensor.zeros([2, 4]))).toThrow(
      'CategoricalCrossEntropy: expected target shape [2, 3] (one-hot) or [2] (class labels), got [2, 4]',
    );
    expect(() => loss.forward(Tensor.full([3], 0.3), Tensor.zeros([3]))).toThrow(
      'CategoricalCrossEntropy: expected prediction shape [batch, classes], got [3]',
    );
  });

  it('rejects an epsilon outside (0, 0.5)', () => {
    expect(() => new CategoricalCrossEntropy({ epsilon: -1 })).toThrow(RangeError);
    expect(() => new CategoricalCrossEntropy({ epsilon: -1 })).toThrow(
      'CategoricalCrossEntropy: expected epsilon in (0, 0.5), got -1',
    );
  });

  it('throws when backward comes before forward', () => {
    expect(() => new CategoricalCrossEntropy().backward()).toThrow(StateError);
    expect(() => new CategoricalCrossEntropy().backward()).toThrow('CategoricalCrossEntropy: backward called before forward');
    expect(() => new CategoricalCrossEntropy({ fromLogits: true }).backward()).toThrow(
      'CategoricalCrossEntropy(fromLogits): backward called before forward',
    );
  });
});

/**
 * Softmax and the losses on arbitrary finite input: softmax rows are probabilities
 * summing to 1 for any finite logits (±3e38 included) and its gradient stays finite;
 * every loss is ≥ 0, finite, and 0 at a perfect prediction (binary cross-entropy on
 * probabilities: 0 up to its clip, −log(1 − ε)), with a zero gradient there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryCrossEntropy, CategoricalCrossEntropy, MeanSquaredError, Softmax, Tensor } from '../../src/index.js';

const runs = { numRuns: 200, seed: 777 };
/** Any finite float32, the extremes and subnormals included. */
const finite = fc.float({ noNaN: true, noDefaultInfinity: true });
const matrix = (value: fc.Arbitrary<number>, maxRows = 5, maxCols = 8) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([r, c]) => fc.array(value, { minLength: r * c, maxLength: r * c }).map((v) => new Tensor(v, [r, c])));

describe('softmax', () => {
  it('rows are probabilities that sum to 1, for any finite logits', () => {
    fc.assert(
      fc.property(matrix(finite), (logits) => {
        const y = new Softmax().forward(logits, false);
        const [rows, cols] = logits.shape;
        for (let r = 0; r < rows; r++) {
          let sum = 0, argmax = 0;
          for (let c = 0; c < cols; c++) {
            const p = y.data[r * cols + c];
            expect(p >= 0 && p <= 1).toBe(true);
            sum += p;
            if (logits.data[r * cols + c] > logits.data[r * cols + argmax]) argmax = c;
          }
          expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-6 * cols);
          // The largest logit gets the largest probability.
          for (let c = 0; c < cols; c++) expect(y.data[r * cols + argmax]).toBeGreaterThanOrEqual(y.data[r * cols + c]);
        }
      }),
      runs,
    );
  });

  it('is unchanged by adding a constant to a row (it is max-subtracted)', () => {
    fc.assert(
      fc.property(matrix(fc.float({ min: -50, max: 50, noNaN: true })), fc.integer({ min: -1000, max: 1000 }), (logits, shift) => {
        const a = new Softmax().forward(logits, false).data.slice();
        const shifted = new Tensor(logits.data.map((v) => v + shift), logits.shape);
        const b = new Softmax().forward(shifted, false).data;
        // float32 rounding of x + shift moves each logit by up to ulp(|shift|) ≈ 6e-5.
        a.forEach((p, i) => expect(Math.abs(p - b[i])).toBeLessThanOrEqual(1e-4));
      }),
      runs,
    );
  });

  it('its gradient is finite for any finite logits and finite gradOutput', () => {
    fc.assert(
      fc.property(matrix(finite).chain((x) => fc.tuple(fc.constant(x), matrix(fc.float({ min: -1e3, max: 1e3, noNaN: true }))).filter(([a, g]) => a.size === g.size)), ([x, g]) => {
        const s = new Softmax();
        s.forward(x, true);
        const dx = s.backward(new Tensor(g.data, x.shape));
        expect(dx.data.every(Number.isFinite)).toBe(true);
      }),
      { ...runs, numRuns: 100 },
    );
  });
});

describe('losses are ≥ 0, finite, and 0 at a perfect prediction', () => {
  it('MeanSquaredError on any finite values', () => {
    fc.assert(
      fc.property(matrix(finite).chain((p) => fc.tuple(fc.constant(p), fc.array(finite, { minLength: p.size, maxLength: p.size }))), ([p, t]) => {
        const loss = new MeanSquaredError();
        const target = new Tensor(t, p.shape);
        const value = loss.forward(p, target);
        expect(Number.isFinite(value) && value >= 0).toBe(true);
        expect(loss.forward(p, p.clone())).toBe(0);
        expect(loss.backward().data.every((g) => g === 0)).toBe(true);
      }),
      runs,
    );
  });

  it('BinaryCrossEntropy on probabilities and on logits', () => {
    const probability = fc.float({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(matrix(probability).chain((p) => fc.tuple(fc.constant(p), fc.array(probability, { minLength: p.size, maxLength: p.size }))), ([p, t]) => {
        const loss = new BinaryCrossEntropy();
        const value = loss.forward(p, new Tensor(t, p.shape));
        expect(Number.isFinite(value) && value >= 0).toBe(true);
        // Perfect: hard targets predicted exactly. 0 up to the clip of p to [ε, 1 − ε].
        const hard = new Tensor(p.data.map((v) => (v > 0.5 ? 1 : 0)), p.shape);
        expect(loss.forward(hard.clone(), hard)).toBeLessThanOrEqual(-Math.log1p(-loss.epsilon) + 1e-12);
        expect(loss.backward().data.every((g) => g === 0)).toBe(true);
        // On logits: any finite logits give a finite loss ≥ 0; confident right logits give exactly 0.
        const logits = new BinaryCrossEntropy({ fromLogits: true });
        expect(logits.forward(new Tensor(p.data.map((v) => (v - 0.5) * 1e6), p.shape), new Tensor(t, p.shape))).toBeGreaterThanOrEqual(0);
        expect(logits.forward(new Tensor(hard.data.map((v) => (v ? 1e4 : -1e4)), p.shape), hard)).toBe(0);
      }),
      runs,
    );
  });

  it('BinaryCrossEntropy from logits on any finite logits', () => {
    fc.assert(
      fc.property(matrix(finite), fc.nat(), (z, seed) => {
        const t = new Tensor(z.data.map((_, i) => ((seed >> i % 30) & 1)), z.shape);
        const loss = new BinaryCrossEntropy({ fromLogits: true });
        const value = loss.forward(z, t);
        expect(Number.isFinite(value) && value >= 0).toBe(true);
        expect(loss.backward().data.every(Number.isFinite)).toBe(true);
      }),
      runs,
    );
  });

  it('CategoricalCrossEntropy from logits, with labels and one-hot rows, on any finite logits', () => {
    fc.assert(
      fc.property(matrix(finite, 5, 6).chain((z) => fc.tuple(fc.constant(z), fc.array(fc.nat({ max: z.shape[1] - 1 }), { minLength: z.shape[0], maxLength: z.shape[0] }))), ([z, labels]) => {
        const [rows, classes] = z.shape;
        const loss = new CategoricalCrossEntropy({ fromLogits: true });
        const value = loss.forward(z, Tensor.from(labels));
        expect(Number.isFinite(value) && value >= 0).toBe(true);
        const g = loss.backward().data;
        expect(g.every(Number.isFinite)).toBe(true);
        // (softmax − onehot)/batch: each row of the gradient sums to 0.
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let c = 0; c < classes; c++) s += g[r * classes + c];
          expect(Math.abs(s)).toBeLessThanOrEqual(1e-6);
        }
        // Perfect: the right class far ahead of the others.
        const confident = new Tensor(Array.from({ length: rows * classes }, (_, i) => (i % classes === labels[Math.floor(i / classes)] ? 1e4 : -1e4)), z.shape);
        expect(loss.forward(confident, Tensor.from(labels))).toBe(0);
      }),
      runs,
    );
  });

  it('CategoricalCrossEntropy on probabilities: one-hot predictions of one-hot targets cost 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.nat(), (rows, classes, seed) => {
        const labels = Array.from({ length: rows }, (_, i) => (seed + i * 7) % classes);
        const onehot = new Tensor(Array.from({ length: rows * classes }, (_, i) => (i % classes === labels[Math.floor(i / classes)] ? 1 : 0)), [rows, classes]);
        const loss = new CategoricalCrossEntropy();
        expect(loss.forward(onehot.clone(), onehot)).toBe(0);
        expect(loss.forward(onehot.clone(), Tensor.from(labels))).toBe(0);
        const soft = new Softmax().forward(new Tensor(onehot.data.map((v) => v * 3), onehot.shape), false);
        expect(loss.forward(soft, Tensor.from(labels))).toBeGreaterThanOrEqual(0);
      }),
      runs,
    );
  });
});

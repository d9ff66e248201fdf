import { afterAll, describe, expect, it } from 'vitest';
import { Random, ShapeError, Softmax, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('Softmax', () => {
  it('computes e^(xᵢ) / Σⱼ e^(xⱼ) per row (values worked by hand)', () => {
    // Row 0: x = [0, ln 2, ln 3] → eˣ = [1, 2, 3], Σ = 6 → [1/6, 1/3, 1/2].
    // Row 1: x = [100, 100 + ln 2, 100 + ln 3] → the same (softmax ignores a shift of the row).
    // Row 2: x = [5, 5, 5] → [1/3, 1/3, 1/3].
    const x = Tensor.from([
      [0, Math.log(2), Math.log(3)],
      [100, 100 + Math.log(2), 100 + Math.log(3)],
      [5, 5, 5],
    ]);
    const y = new Softmax().forward(x, false);
    expect(y.shape).toEqual([3, 3]);
    const want = [1 / 6, 1 / 3, 1 / 2];
    for (let j = 0; j < 3; j++) expect(y.get(0, j)).toBeCloseTo(want[j], 6);
    // ln 2 is lost to float32 rounding next to 100 (spacing 2⁻¹⁷ ≈ 7.6e-6), hence 4 digits.
    for (let j = 0; j < 3; j++) expect(y.get(1, j)).toBeCloseTo(want[j], 4);
    for (let j = 0; j < 3; j++) expect(y.get(2, j)).toBeCloseTo(1 / 3, 6);
  });

  it('rows sum to 1', () => {
    const y = new Softmax().forward(Tensor.randn([20, 7], new Random(61), 0, 5), false);
    for (let r = 0; r < 20; r++) {
      let sum = 0;
      for (let j = 0; j < 7; j++) {
        expect(y.get(r, j)).toBeGreaterThanOrEqual(0);
        sum += y.get(r, j);
      }
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('stays finite for huge logits (±1e4)', () => {
    // Subtracting the row max: [1e4, −1e4, 0] → e^[0, −2e4, −1e4] = [1, 0, 0]; [1e4, 1e4] rows split evenly.
    const layer = new Softmax();
    const y = layer.forward(
      Tensor.from([
        [1e4, -1e4, 0, 0],
        [1e4, 1e4, -1e4, -1e4],
        [-1e4, -1e4, -1e4, -1e4],
      ]),
      true,
    );
    expect(y.toArray()).toEqual([
      [1, 0, 0, 0],
      [0.5, 0.5, 0, 0],
      [0.25, 0.25, 0.25, 0.25],
    ]);
    const dx = layer.backward(Tensor.randn([3, 4], new Random(62)));
    expect(Array.from(dx.data).every(Number.isFinite)).toBe(true);
  });

  it('backward is dxᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ) (worked by hand)', () => {
    // y = [1/6, 1/3, 1/2], g = [1, 0, 0]: Σ g y = 1/6, so
    //   dx = [1/6 · (1 − 1/6), 1/3 · (0 − 1/6), 1/2 · (0 − 1/6)] = [5/36, −1/18, −1/12], which sums to 0.
    const layer = new Softmax();
    layer.forward(Tensor.from([[0, Math.log(2), Math.log(3)]]), true);
    const dx = layer.backward(Tensor.from([[1, 0, 0]]));
    expect(dx.get(0, 0)).toBeCloseTo(5 / 36, 6);
    expect(dx.get(0, 1)).toBeCloseTo(-1 / 18, 6);
    expect(dx.get(0, 2)).toBeCloseTo(-1 / 12, 6);
    // A gradient constant along the row changes nothing (softmax is shift-invariant).
    const flat = layer.backward(Tensor.from([[4, 4, 4]]));
    for (const v of flat.data) expect(Math.abs(v)).toBeLessThan(1e-6);
  });

  it('matches finite differences on 2-D and 3-D inputs, and has no params', () => {
    const random = new Random(63);
    const layer = new Softmax();
    expect(layer.params()).toEqual([]);
    const report = expectGradientsToMatch(layer, Tensor.randn([4, 5], random, 0, 2));
    expect(report.entries.map((e) => e.name)).toEqual(['input']);
    expectGradientsToMatch(layer, Tensor.randn([2, 3, 4], random));
    expectGradientsToMatch(layer, Tensor.randn([3, 2], random));
  });

  it('works over the last axis of a 3-D input', () => {
    const x = Tensor.randn([2, 3, 4], new Random(64));
    const y = new Softmax().forward(x, false);
    for (let o = 0; o < 24; o += 4) {
      const row = Array.from(y.data.subarray(o, o + 4));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    }
  });

  it('is the same in training and inference', () => {
    const x = Tensor.randn([3, 4], new Random(65));
    const layer = new Softmax();
    const a = Array.from(layer.forward(x, true).data);
    expect(Array.from(layer.forward(x, false).data)).toEqual(a);
  });

  it('throws when backward comes before forward', () => {
    expect(() => new Softmax().backward(Tensor.zeros([2, 3]))).toThrow(StateError);
    expect(() => new Softmax().backward(Tensor.zeros([2, 3]))).toThrow('Softmax: backward called before forward');
  });

  it('rejects a gradOutput whose shape differs from the input', () => {
    const layer = new Softmax();
    layer.forward(Tensor.zeros([2, 3]), true);
    expect(() => layer.backward(Tensor.zeros([3, 2]))).toThrow(ShapeError);
    expect(() => layer.backward(Tensor.zeros([3, 2]))).toThrow('Softmax: expected gradOutput shape [2, 3], got [3, 2]');
  });

  it('reuses its buffers while the shape stays, and replaces them when the batch size changes', () => {
    const layer = new Softmax();
    const y1 = layer.forward(Tensor.zeros([4, 2]), true);
    const d1 = layer.backward(Tensor.ones([4, 2]));
    const y2 = layer.forward(Tensor.from([[0, Math.log(3)], [0, 0], [0, 0], [0, 0]]), true);
    const d2 = layer.backward(Tensor.ones([4, 2]));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);
    // e^[0, ln 3] = [1, 3] → [1/4, 3/4]
    expect(y2.get(0, 1)).toBeCloseTo(0.75, 6);

    const y3 = layer.forward(Tensor.zeros([3, 2]), true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([3, 2]);
    expect(layer.backward(Tensor.ones([3, 2]))).not.toBe(d1);
  });
});

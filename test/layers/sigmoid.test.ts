import { afterAll, describe, expect, it } from 'vitest';
import { Random, ShapeError, Sigmoid, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('Sigmoid', () => {
  it('computes σ(x) = 1 / (1 + e^(−x)) (values worked by hand)', () => {
    // σ(0) = 1/2; σ(ln 3) = 1 / (1 + 1/3) = 3/4; σ(−ln 3) = 1 / (1 + 3) = 1/4;
    // σ(±40) rounds to 1 and to e^(−40) ≈ 4.25e-18 (no overflow, no NaN).
    const y = new Sigmoid().forward(Tensor.from([[0, Math.log(3), -Math.log(3)], [40, -40, 0]]), false);
    expect(y.shape).toEqual([2, 3]);
    expect(y.get(0, 0)).toBe(0.5);
    expect(y.get(0, 1)).toBeCloseTo(0.75, 6);
    expect(y.get(0, 2)).toBeCloseTo(0.25, 6);
    expect(y.get(1, 0)).toBe(1);
    expect(y.get(1, 1)).toBeCloseTo(Math.exp(-40), 22);
    expect(y.get(1, 1)).toBeGreaterThan(0);
  });

  it('stays finite for huge inputs', () => {
    const layer = new Sigmoid();
    const y = layer.forward(Tensor.from([1e4, -1e4, 3e38, -3e38]), true);
    expect(Array.from(y.data)).toEqual([1, 0, 1, 0]);
    const g = layer.backward(Tensor.ones([4]));
    expect(Array.from(g.data)).toEqual([0, 0, 0, 0]);
  });

  it("backward is σ'(x) = σ(x)(1 − σ(x)) times gradOutput (worked by hand)", () => {
    // At x = 0: σ = 1/2, σ' = 1/4; at x = ln 3: σ = 3/4, σ' = 3/4 · 1/4 = 3/16.
    const layer = new Sigmoid();
    layer.forward(Tensor.from([[0, Math.log(3)]]), true);
    const dx = layer.backward(Tensor.from([[2, -1]]));
    expect(dx.get(0, 0)).toBeCloseTo(2 * 0.25, 7); // 1/2
    expect(dx.get(0, 1)).toBeCloseTo(-3 / 16, 7);
  });

  it('matches finite differences and has no params', () => {
    const random = new Random(21);
    const layer = new Sigmoid();
    expect(layer.params()).toEqual([]);
    const report = expectGradientsToMatch(layer, Tensor.randn([4, 5], random, 0, 2));
    expect(report.entries.map((e) => e.name)).toEqual(['input']);
    expectGradientsToMatch(layer, Tensor.randn([3, 2, 4], random));
  });

  it('is the same in training and inference', () => {
    const x = Tensor.randn([3, 4], new Random(22));
    const layer = new Sigmoid();
    const a = Array.from(layer.forward(x, true).data);
    expect(Array.from(layer.forward(x, false).data)).toEqual(a);
  });

  it('throws when backward comes before forward', () => {
    expect(() => new Sigmoid().backward(Tensor.zeros([2, 3]))).toThrow(StateError);
    expect(() => new Sigmoid().backward(Tensor.zeros([2, 3]))).toThrow('Sigmoid: backward called before forward');
  });

  it('rejects a gradOutput whose shape differs from the input', () => {
    const layer = new Sigmoid();
    layer.forward(Tensor.zeros([2, 3]), true);
    expect(() => layer.backward(Tensor.zeros([6]))).toThrow(ShapeError);
    expect(() => layer.backward(Tensor.zeros([6]))).toThrow('Sigmoid: expected gradOutput shape [2, 3], got [6]');
    // Same size and rank, but transposed.
    expect(() => layer.backward(Tensor.zeros([3, 2]))).toThrow('Sigmoid: expected gradOutput shape [2, 3], got [3, 2]');
  });

  it('reuses its buffers while the shape stays, and replaces them when the batch size changes', () => {
    const layer = new Sigmoid();
    const y1 = layer.forward(Tensor.zeros([4, 3]), true);
    const d1 = layer.backward(Tensor.ones([4, 3]));
    const y2 = layer.forward(Tensor.ones([4, 3]), true);
    const d2 = layer.backward(Tensor.ones([4, 3]));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);
    expect(y2.get(0, 0)).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);

    const y3 = layer.forward(Tensor.zeros([2, 3]), true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([2, 3]);
    const d3 = layer.backward(Tensor.ones([2, 3]));
    expect(d3).not.toBe(d1);
    expect(Array.from(d3.data)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
  });
});

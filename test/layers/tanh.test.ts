import { afterAll, describe, expect, it } from 'vitest';
import { Random, ShapeError, StateError, Tanh, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

describe('Tanh', () => {
  it('computes tanh(x) (values worked by hand)', () => {
    // tanh(0) = 0; tanh(ln 2) = (2 − 1/2) / (2 + 1/2) = 1.5 / 2.5 = 0.6; tanh is odd, so tanh(−ln 2) = −0.6;
    // tanh(±1e4) = ±1 without overflow.
    const y = new Tanh().forward(Tensor.from([[0, Math.log(2), -Math.log(2)], [1e4, -1e4, 0]]), false);
    expect(y.shape).toEqual([2, 3]);
    expect(y.get(0, 0)).toBe(0);
    expect(y.get(0, 1)).toBeCloseTo(0.6, 6);
    expect(y.get(0, 2)).toBeCloseTo(-0.6, 6);
    expect(y.get(1, 0)).toBe(1);
    expect(y.get(1, 1)).toBe(-1);
  });

  it("backward is tanh'(x) = 1 − tanh²(x) times gradOutput (worked by hand)", () => {
    // At 0: 1 − 0 = 1; at ln 2: 1 − 0.6² = 0.64; at 1e4: 1 − 1 = 0.
    const layer = new Tanh();
    layer.forward(Tensor.from([[0, Math.log(2), 1e4]]), true);
    const dx = layer.backward(Tensor.from([[3, -2, 5]]));
    expect(dx.get(0, 0)).toBe(3);
    expect(dx.get(0, 1)).toBeCloseTo(-2 * 0.64, 6);
    expect(dx.get(0, 2)).toBe(0);
  });

  it('matches finite differences and has no params', () => {
    const random = new Random(31);
    const layer = new Tanh();
    expect(layer.params()).toEqual([]);
    const report = expectGradientsToMatch(layer, Tensor.randn([4, 5], random, 0, 1.5));
    expect(report.entries.map((e) => e.name)).toEqual(['input']);
    expectGradientsToMatch(layer, Tensor.randn([7], random));
  });

  it('is the same in training and inference', () => {
    const x = Tensor.randn([3, 4], new Random(32));
    const layer = new Tanh();
    const a = Array.from(layer.forward(x, true).data);
    expect(Array.from(layer.forward(x, false).data)).toEqual(a);
  });

  it('throws when backward comes before forward', () => {
    expect(() => new Tanh().backward(Tensor.zeros([2, 3]))).toThrow(StateError);
    expect(() => new Tanh().backward(Tensor.zeros([2, 3]))).toThrow('Tanh: backward called before forward');
  });

  it('rejects a gradOutput whose shape differs from the input', () => {
    const layer = new Tanh();
    layer.forward(Tensor.zeros([2, 3]), true);
    expect(() => layer.backward(Tensor.zeros([2, 4]))).toThrow(ShapeError);
    expect(() => layer.backward(Tensor.zeros([2, 4]))).toThrow('Tanh: expected gradOutput shape [2, 3], got [2, 4]');
    expect(() => layer.backward(Tensor.zeros([3, 2]))).toThrow('Tanh: expected gradOutput shape [2, 3], got [3, 2]');
  });

  it('reuses its buffers while the shape stays, and replaces them when the batch size changes', () => {
    const layer = new Tanh();
    const y1 = layer.forward(Tensor.zeros([4, 3]), true);
    const d1 = layer.backward(Tensor.ones([4, 3]));
    const y2 = layer.forward(Tensor.full([4, 3], Math.log(2)), true);
    const d2 = layer.backward(Tensor.ones([4, 3]));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);
    expect(d2.get(3, 2)).toBeCloseTo(0.64, 6);

    const y3 = layer.forward(Tensor.zeros([5, 3]), true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([5, 3]);
    expect(layer.backward(Tensor.ones([5, 3]))).not.toBe(d1);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { Random, ReLU, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** Normal draws pushed away from the kink at 0: x → sign(x)·(0.1 + |x|), so |x| ≥ 0.1 ≫ h = 1e-3. */
function awayFromZero(shape: number[], random: Random): Tensor {
  const t = Tensor.randn(shape, random);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sign(t.data[i] || 1) * (0.1 + Math.abs(t.data[i]));
  return t;
}

describe('ReLU', () => {
  it('computes max(0, x) (values worked by hand)', () => {
    // max(0, −2) = 0, max(0, 0) = 0, max(0, 3) = 3, max(0, −0.5) = 0, max(0, 1e-3) = 1e-3
    const y = new ReLU().forward(Tensor.from([[-2, 0, 3], [-0.5, 1e-3, 7]]), false);
    expect(y.toArray()).toEqual([
      [0, 0, 3],
      [0, Math.fround(1e-3), 7],
    ]);
  });

  it('backward passes gradOutput where x > 0 and 0 elsewhere, including at x = 0', () => {
    const layer = new ReLU();
    layer.forward(Tensor.from([[-2, 0, 3, 0.25]]), true);
    expect(Array.from(layer.backward(Tensor.from([[5, 6, 7, 8]])).data)).toEqual([0, 0, 7, 8]);
  });

  it('matches finite differences away from 0, and has no params', () => {
    const random = new Random(41);
    const layer = new ReLU();
    expect(layer.params()).toEqual([]);
    const report = expectGradientsToMatch(layer, awayFromZero([6, 5], random));
    expect(report.entries.map((e) => e.name)).toEqual(['input']);
  });

  it('is the same in training and inference', () => {
    const x = Tensor.randn([3, 4], new Random(42));
    const layer = new ReLU();
    const a = Array.from(layer.forward(x, true).data);
    expect(Array.from(layer.forward(x, false).data)).toEqual(a);
  });

  it('throws when backward comes before forward', () => {
    expect(() => new ReLU().backward(Tensor.zeros([2, 3]))).toThrow(StateError);
    expect(() => new ReLU().backward(Tensor.zeros([2, 3]))).toThrow('ReLU: backward called before forward');
  });

  it('rejects a gradOutput whose shape differs from the input', () => {
    const layer = new ReLU();
    layer.forward(Tensor.zeros([4, 3]), true);
    expect(() => layer.backward(Tensor.zeros([4, 3, 1]))).toThrow(ShapeError);
    expect(() => layer.backward(Tensor.zeros([4, 3, 1]))).toThrow('ReLU: expected gradOutput shape [4, 3], got [4, 3, 1]');
    expect(() => layer.backward(Tensor.zeros([3, 4]))).toThrow('ReLU: expected gradOutput shape [4, 3], got [3, 4]');
  });

  it('reuses its buffers while the shape stays, and replaces them when the batch size changes', () => {
    const layer = new ReLU();
    const y1 = layer.forward(Tensor.full([4, 3], -1), true);
    const d1 = layer.backward(Tensor.ones([4, 3]));
    const y2 = layer.forward(Tensor.full([4, 3], 2), true);
    const d2 = layer.backward(Tensor.ones([4, 3]));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);
    expect(Array.from(y2.data).every((v) => v === 2)).toBe(true);
    expect(Array.from(d2.data).every((v) => v === 1)).toBe(true);

    const y3 = layer.forward(Tensor.full([1, 3], 2), true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([1, 3]);
    expect(layer.backward(Tensor.ones([1, 3]))).not.toBe(d1);
  });
});

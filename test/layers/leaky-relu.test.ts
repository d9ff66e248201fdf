import { afterAll, describe, expect, it } from 'vitest';
import { LeakyReLU, Random, ShapeError, StateError, Tensor } from '../../src/index.js';
import { expectGradientsToMatch, logWorstRelativeErrors } from '../helpers.js';

afterAll(logWorstRelativeErrors);

/** Normal draws pushed away from the kink at 0: x → sign(x)·(0.1 + |x|), so |x| ≥ 0.1 ≫ h = 1e-3. */
function awayFromZero(shape: number[], random: Random): Tensor {
  const t = Tensor.randn(shape, random);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sign(t.data[i] || 1) * (0.1 + Math.abs(t.data[i]));
  return t;
}

describe('LeakyReLU', () => {
  it('defaults to alpha = 0.01: f(x) = x for x > 0, 0.01·x otherwise (worked by hand)', () => {
    const layer = new LeakyReLU();
    expect(layer.alpha).toBe(0.01);
    expect(String(layer)).toBe('LeakyReLU(alpha=0.01)');
    // f(−2) = −0.02, f(0) = 0, f(3) = 3, f(−100) = −1
    const y = layer.forward(Tensor.from([[-2, 0, 3, -100]]), false);
    expect(y.get(0, 0)).toBeCloseTo(-0.02, 7);
    expect(y.get(0, 1)).toBe(0);
    expect(y.get(0, 2)).toBe(3);
    expect(y.get(0, 3)).toBeCloseTo(-1, 6);
  });

  it('uses the given alpha, forward and backward', () => {
    const layer = new LeakyReLU({ alpha: 0.2 });
    // f(−2) = 0.2·(−2) = −0.4, f(3) = 3; f'(−2) = 0.2, f'(3) = 1, and f'(0) = alpha (x > 0 fails at 0).
    expect(layer.forward(Tensor.from([[-2, 3, 0]]), true).get(0, 0)).toBeCloseTo(-0.4, 6);
    const dx = layer.backward(Tensor.from([[10, 10, 10]]));
    expect(dx.get(0, 0)).toBeCloseTo(2, 6);
    expect(dx.get(0, 1)).toBe(10);
    expect(dx.get(0, 2)).toBeCloseTo(2, 6);
  });

  it('alpha = 0 is ReLU', () => {
    const layer = new LeakyReLU({ alpha: 0 });
    expect(Array.from(layer.forward(Tensor.from([-2, 3]), false).data)).toEqual([-0, 3]);
  });

  it('rejects alpha outside [0, 1)', () => {
    expect(() => new LeakyReLU({ alpha: 1 })).toThrow(RangeError);
    expect(() => new LeakyReLU({ alpha: 1 })).toThrow('LeakyReLU: expected alpha in [0, 1), got 1');
    expect(() => new LeakyReLU({ alpha: -0.1 })).toThrow('LeakyReLU: expected alpha in [0, 1), got -0.1');
    expect(() => new LeakyReLU({ alpha: NaN })).toThrow('LeakyReLU: expected alpha in [0, 1), got NaN');
    expect(() => new LeakyReLU({ alpha: '0.1' as unknown as number })).toThrow('LeakyReLU: expected alpha in [0, 1), got "0.1"');
  });

  it('matches finite differences away from 0, for the default and a larger alpha, and has no params', () => {
    const random = new Random(51);
    const layer = new LeakyReLU();
    expect(layer.params()).toEqual([]);
    const report = expectGradientsToMatch(layer, awayFromZero([6, 5], random));
    expect(report.entries.map((e) => e.name)).toEqual(['input']);
    expectGradientsToMatch(new LeakyReLU({ alpha: 0.3 }), awayFromZero([4, 4], random));
  });

  it('is the same in training and inference', () => {
    const x = Tensor.randn([3, 4], new Random(52));
    const layer = new LeakyReLU();
    const a = Array.from(layer.forward(x, true).data);
    expect(Array.from(layer.forward(x, false).data)).toEqual(a);
  });

  it('throws when backward comes before forward', () => {
    expect(() => new LeakyReLU().backward(Tensor.zeros([2, 3]))).toThrow(StateError);
    expect(() => new LeakyReLU().backward(Tensor.zeros([2, 3]))).toThrow('LeakyReLU(alpha=0.01): backward called before forward');
  });

  it('rejects a gradOutput whose shape differs from the input', () => {
    const layer = new LeakyReLU({ alpha: 0.1 });
    layer.forward(Tensor.zeros([2, 3]), true);
    expect(() => layer.backward(Tensor.zeros([2, 2]))).toThrow(ShapeError);
    expect(() => layer.backward(Tensor.zeros([2, 2]))).toThrow('LeakyReLU(alpha=0.1): expected gradOutput shape [2, 3], got [2, 2]');
  });

  it('reuses its buffers while the shape stays, and replaces them when the batch size changes', () => {
    const layer = new LeakyReLU();
    const y1 = layer.forward(Tensor.full([4, 3], -1), true);
    const d1 = layer.backward(Tensor.ones([4, 3]));
    const y2 = layer.forward(Tensor.full([4, 3], 2), true);
    const d2 = layer.backward(Tensor.ones([4, 3]));
    expect(y2).toBe(y1);
    expect(d2).toBe(d1);
    expect(Array.from(d2.data).every((v) => v === 1)).toBe(true);

    const y3 = layer.forward(Tensor.full([8, 3], 2), true);
    expect(y3).not.toBe(y1);
    expect(y3.shape).toEqual([8, 3]);
    expect(layer.backward(Tensor.ones([8, 3]))).not.toBe(d1);
  });
});

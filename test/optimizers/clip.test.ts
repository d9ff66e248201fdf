import { describe, expect, it } from 'vitest';
import { Adam, clipGlobalNorm, DataError, Param, SGD, Tensor } from '../../src/index.js';

function param(values: number[], grad: number[], name = 'w'): Param {
  const p = new Param(name, Tensor.from(values));
  p.grad.data.set(grad);
  return p;
}

describe('clipNorm', () => {
  it('scales gradients [3, 4] (norm 5) to norm 1: the SGD step is lr·[0.6, 0.8]', () => {
    // ‖g‖ = √(9 + 16) = 5 > 1, so g ← g · 1/5 = [0.6, 0.8]; w = 0 − 0.1·[0.6, 0.8] = [−0.06, −0.08]
    const w = param([0, 0], [3, 4]);
    new SGD({ learningRate: 0.1, clipNorm: 1 }).step([w]);
    expect(w.value.data[0]).toBeCloseTo(-0.06, 7);
    expect(w.value.data[1]).toBeCloseTo(-0.08, 7);
    // The clipped gradient is left in grad.
    expect(w.grad.data[0]).toBeCloseTo(0.6, 7);
    expect(w.grad.data[1]).toBeCloseTo(0.8, 7);
  });

  it('uses the global norm over all params, not each param’s own', () => {
    // a.grad = [3], b.grad = [4]: global norm 5, both scaled by 2/5 (clipNorm 2).
    // (Clipping each param on its own would cut both to 2: steps −2 and −2.)
    const a = param([0], [3], 'a'), b = param([0], [4], 'b');
    new SGD({ learningRate: 1, clipNorm: 2 }).step([a, b]);
    expect(a.value.data[0]).toBeCloseTo(-1.2, 6); // 3 · 2/5
    expect(b.value.data[0]).toBeCloseTo(-1.6, 6); // 4 · 2/5
  });

  it('changes nothing below the threshold', () => {
    // ‖[0.3, 0.4]‖ = 0.5 < 1: the step is the plain lr·g = [−0.03, −0.04]
    const clipped = param([0, 0], [0.3, 0.4]), plain = param([0, 0], [0.3, 0.4]);
    new SGD({ learningRate: 0.1, clipNorm: 1 }).step([clipped]);
    new SGD({ learningRate: 0.1 }).step([plain]);
    expect(clipped.value.data).toEqual(plain.value.data);
    expect(Array.from(clipped.grad.data)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  it('changes nothing exactly at the threshold', () => {
    // ‖[3, 4]‖ = 5 = clipNorm
    const w = param([0, 0], [3, 4]);
    new SGD({ learningRate: 1, clipNorm: 5 }).step([w]);
    expect(Array.from(w.value.data)).toEqual([-3, -4]);
  });

  it('clips before Adam sees the gradient', () => {
    // Adam's first step ignores the scale of g, but its second does not: clipping [30, 40]
    // to [0.6, 0.8] and then seeing [0.6, 0.8] again is the same as a gradient of [0.6, 0.8] twice.
    const clipped = param([0, 0], [30, 40]), small = param([0, 0], [0.6, 0.8]);
    const a = new Adam({ learningRate: 0.1, clipNorm: 1 }), b = new Adam({ learningRate: 0.1 });
    a.step([clipped]);
    b.step([small]);
    clipped.grad.data.set([0.6, 0.8]);
    a.step([clipped]);
    b.step([small]);
    for (let i = 0; i < 2; i++) expect(clipped.value.data[i]).toBeCloseTo(small.value.data[i], 6);
  });

  it('clipGlobalNorm returns the norm before clipping', () => {
    const a = param([0, 0], [3, 0]), b = param([0], [4]);
    expect(clipGlobalNorm([a, b], 10)).toBe(5);
    expect(clipGlobalNorm([a, b], 1)).toBe(5);
    expect(Array.from(a.grad.data, (v) => +v.toFixed(6))).toEqual([0.6, 0]);
    expect(b.grad.data[0]).toBeCloseTo(0.8, 7);
  });

  it('rejects non-finite gradients, naming the optimizer and the param', () => {
    expect(() => new SGD({ clipNorm: 1 }).step([param([0, 0], [NaN, 1])])).toThrow(
      new DataError('SGD: expected finite gradients, got NaN in param 0 (w) at index 0'),
    );
    expect(() => clipGlobalNorm([param([0], [Infinity])], 1)).toThrow(
      new DataError('clipGlobalNorm: expected finite gradients, got a gradient norm of Infinity'),
    );
  });

  it.each([
    [0, 'SGD: expected clipNorm to be > 0, got 0'],
    [-1, 'SGD: expected clipNorm to be > 0, got -1'],
    [NaN, 'SGD: expected clipNorm to be > 0, got NaN'],
  ])('rejects clipNorm %d', (clipNorm, message) => {
    expect(() => new SGD({ clipNorm })).toThrow(new RangeError(message));
  });

  it('Adam validates clipNorm too', () => {
    expect(() => new Adam({ clipNorm: 0 })).toThrow(new RangeError('Adam: expected clipNorm to be > 0, got 0'));
    expect(new Adam({ clipNorm: 2 }).clipNorm).toBe(2);
    expect(new Adam().clipNorm).toBeUndefined();
  });
});

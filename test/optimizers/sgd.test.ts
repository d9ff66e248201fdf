import { describe, expect, it } from 'vitest';
import { DataError, Param, SGD, Tensor } from '../../src/index.js';

/** A param holding `values`, its gradient zero. */
function param(values: number[], name = 'w'): Param {
  return new Param(name, Tensor.from(values));
}

/** Sets the gradient of `p` to `grad`. */
function setGrad(p: Param, grad: number[]): void {
  p.grad.data.set(grad);
}

/** The values of `p` as plain numbers. */
function values(p: Param): number[] {
  return Array.from(p.value.data);
}

/** Steps f(x) = x² (gradient 2x) `steps` times and returns every x, the start included. */
function descendSquare(optimizer: SGD, start: number, steps: number): number[] {
  const x = param([start]);
  const path = [x.value.data[0]];
  for (let i = 0; i < steps; i++) {
    setGrad(x, [2 * x.value.data[0]]);
    optimizer.step([x]);
    path.push(x.value.data[0]);
  }
  return path;
}

describe('SGD', () => {
  it('plain gradient descent on f(x) = x²', () => {
    // df/dx = 2x. With learningRate 0.1:
    //   x₁ = 4 − 0.1·8 = 3.2
    //   x₂ = 3.2 − 0.1·6.4 = 2.56
    //   x₃ = 2.56 − 0.1·5.12 = 2.048   (each step multiplies x by 1 − 0.2 = 0.8)
    const path = descendSquare(new SGD({ learningRate: 0.1 }), 4, 3);
    expect(path[1]).toBeCloseTo(3.2, 6);
    expect(path[2]).toBeCloseTo(2.56, 6);
    expect(path[3]).toBeCloseTo(2.048, 6);
  });

  it('defaults to learningRate 0.01', () => {
    // x₁ = 4 − 0.01·8 = 3.92
    const sgd = new SGD();
    expect(sgd.learningRate).toBe(0.01);
    expect(descendSquare(sgd, 4, 1)[1]).toBeCloseTo(3.92, 6);
  });

  it('updates every element from its own gradient', () => {
    // w − lr·g with lr 0.5: [1 − 0.5·2, −2 − 0.5·(−4), 3 − 0.5·0] = [0, 0, 3]
    const w = param([1, -2, 3]);
    setGrad(w, [2, -4, 0]);
    new SGD({ learningRate: 0.5 }).step([w]);
    expect(values(w)).toEqual([0, 0, 3]);
  });

  it('reads the gradient and leaves it in place (zeroing is the caller’s job)', () => {
    const w = param([1]);
    setGrad(w, [2]);
    const sgd = new SGD({ learningRate: 0.1 });
    sgd.step([w]);
    sgd.step([w]);
    // The same gradient 2 applied twice: 1 − 0.1·2 − 0.1·2 = 0.6
    expect(w.grad.data[0]).toBe(2);
    expect(w.value.data[0]).toBeCloseTo(0.6, 6);
  });

  it('momentum accumulates a velocity v ← μv + g and steps by lr·v', () => {
    // f(x) = x², μ = 0.9, lr = 0.1, from x₀ = 4:
    //   g₁ = 8,     v₁ = 8,                     x₁ = 4 − 0.1·8 = 3.2
    //   g₂ = 6.4,   v₂ = 0.9·8 + 6.4 = 13.6,      x₂ = 3.2 − 0.1·13.6 = 1.84
    //   g₃ = 3.68,  v₃ = 0.9·13.6 + 3.68 = 15.92, x₃ = 1.84 − 0.1·15.92 = 0.248
    const path = descendSquare(new SGD({ learningRate: 0.1, momentum: 0.9 }), 4, 3);
    expect(path[1]).toBeCloseTo(3.2, 6);
    expect(path[2]).toBeCloseTo(1.84, 5);
    expect(path[3]).toBeCloseTo(0.248, 5);
  });

  it('momentum on a constant gradient: steps grow as lr·(1 + μ + μ² + …)', () => {
    // g = 1 every step, μ = 0.5, lr = 1: v = 1, 1.5, 1.75 → w = −1, −2.5, −4.25
    const w = param([0]);
    const sgd = new SGD({ learningRate: 1, momentum: 0.5 });
    const path: number[] = [];
    for (let i = 0; i < 3; i++) {
      setGrad(w, [1]);
      sgd.step([w]);
      path.push(w.value.data[0]);
    }
    expect(path).toEqual([-1, -2.5, -4.25]);
  });

  it('Nesterov steps by lr·(g + μv) with the new velocity', () => {
    // f(x) = x², μ = 0.9, lr = 0.1, from x₀ = 4:
    //   g₁ = 8,    v₁ = 8,                      x₁ = 4 − 0.1·(8 + 0.9·8) = 4 − 1.52 = 2.48
    //   g₂ = 4.96, v₂ = 0.9·8 + 4.96 = 12.16,   x₂ = 2.48 − 0.1·(4.96 + 0.9·12.16) = 2.48 − 1.5904 = 0.8896
    const path = descendSquare(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), 4, 2);
    expect(path[1]).toBeCloseTo(2.48, 6);
    expect(path[2]).toBeCloseTo(0.8896, 5);
  });

  it('Nesterov differs from plain momentum by lr·(g − (1 − μ)·v) on the same velocity', () => {
    // Both see the same gradients (2 then −1) from the same w, so their velocities agree:
    //   v₁ = 2, v₂ = 0.8·2 − 1 = 0.6   (μ = 0.8)
    // momentum steps lr·v, Nesterov lr·(g + μv); the difference of the two steps is
    //   lr·(g + μv − v) = lr·(g − (1 − μ)v):   step 1: 0.1·(2 − 0.2·2) = 0.16
    //                                         step 2: 0.1·(−1 − 0.2·0.6) = −0.112
    const a = param([0]), b = param([0]);
    const momentum = new SGD({ learningRate: 0.1, momentum: 0.8 });
    const nesterov = new SGD({ learningRate: 0.1, momentum: 0.8, nesterov: true });
    const differences: number[] = [];
    for (const g of [2, -1]) {
      const before = [a.value.data[0], b.value.data[0]];
      setGrad(a, [g]);
      setGrad(b, [g]);
      momentum.step([a]);
      nesterov.step([b]);
      const stepMomentum = before[0] - a.value.data[0], stepNesterov = before[1] - b.value.data[0];
      differences.push(stepNesterov - stepMomentum);
    }
    expect(differences[0]).toBeCloseTo(0.16, 6);
    expect(differences[1]).toBeCloseTo(-0.112, 6);
  });

  it('weightDecay adds λw to the gradient', () => {
    // λ = 0.5, lr = 0.1, w₀ = 2, ∇L = 1: g = 1 + 0.5·2 = 2, w₁ = 2 − 0.1·2 = 1.8
    const w = param([2]);
    setGrad(w, [1]);
    new SGD({ learningRate: 0.1, weightDecay: 0.5 }).step([w]);
    expect(w.value.data[0]).toBeCloseTo(1.8, 6);
  });

  it('weightDecay with momentum goes into the velocity', () => {
    // λ = 0.5, μ = 0.9, lr = 0.1, w₀ = 2, ∇L = 1 on both steps:
    //   g₁ = 1 + 0.5·2 = 2,     v₁ = 2,                  w₁ = 2 − 0.2 = 1.8
    //   g₂ = 1 + 0.5·1.8 = 1.9, v₂ = 0.9·2 + 1.9 = 3.7,  w₂ = 1.8 − 0.37 = 1.43
    const w = param([2]);
    const sgd = new SGD({ learningRate: 0.1, momentum: 0.9, weightDecay: 0.5 });
    setGrad(w, [1]);
    sgd.step([w]);
    expect(w.value.data[0]).toBeCloseTo(1.8, 6);
    sgd.step([w]);
    expect(w.value.data[0]).toBeCloseTo(1.43, 6);
  });

  it('weightDecay alone shrinks a weight with zero gradient', () => {
    // g = 0 + 0.1·5 = 0.5, w = 5 − 1·0.5 = 4.5
    const w = param([5]);
    new SGD({ learningRate: 1, weightDecay: 0.1 }).step([w]);
    expect(w.value.data[0]).toBeCloseTo(4.5, 6);
  });

  it('counts its iterations', () => {
    const sgd = new SGD();
    const w = param([1]);
    expect(sgd.iterations).toBe(0);
    sgd.step([w]);
    sgd.step([w]);
    expect(sgd.iterations).toBe(2);
  });

  it('reports its hyperparameters in getConfig', () => {
    expect(new SGD({ learningRate: 0.2, momentum: 0.5, nesterov: true, weightDecay: 1e-4, clipNorm: 3 }).getConfig()).toEqual({
      learningRate: 0.2,
      momentum: 0.5,
      nesterov: true,
      weightDecay: 1e-4,
      clipNorm: 3,
    });
  });
});

describe('SGD state is keyed by Param, not by position', () => {
  /** Steps [a, b] or [b, a] three times with the gradients of f = Σ (w − 1)². */
  function run(order: 'ab' | 'ba'): number[][] {
    const a = param([3, -1], 'a'), b = param([0.5], 'b');
    const sgd = new SGD({ learningRate: 0.1, momentum: 0.9 });
    for (let i = 0; i < 3; i++) {
      for (const p of [a, b]) setGrad(p, Array.from(p.value.data, (v) => 2 * (v - 1)));
      sgd.step(order === 'ab' ? [a, b] : [b, a]);
    }
    return [values(a), values(b)];
  }

  it('gives the same result whatever order the params come in', () => {
    expect(run('ba')).toEqual(run('ab'));
  });

  it('gives a param first seen later a fresh velocity', () => {
    // a is stepped alone twice with g = 1: v = 1, then 1.9. Then b joins at position 0,
    // where a used to be: its first step must be lr·g = 0.1·1 from a zero velocity,
    // not one that starts from a's.
    const a = param([0], 'a'), b = param([0], 'b');
    const sgd = new SGD({ learningRate: 0.1, momentum: 0.9 });
    setGrad(a, [1]);
    sgd.step([a]);
    sgd.step([a]);
    expect(a.value.data[0]).toBeCloseTo(-0.29, 6); // −0.1·1 − 0.1·1.9
    setGrad(b, [1]);
    sgd.step([b, a]);
    expect(b.value.data[0]).toBeCloseTo(-0.1, 6);
    // a carries on with its own velocity: v₃ = 0.9·1.9 + 1 = 2.71
    expect(a.value.data[0]).toBeCloseTo(-0.29 - 0.271, 6);
  });
});

describe('SGD state round trip', () => {
  /** Gradients that depend on the weights (f = Σ wᵢ⁴ / 4, ∇ = w³), so the path depends on the state. */
  function gradients(params: Param[]): void {
    for (const p of params) setGrad(p, Array.from(p.value.data, (v) => v ** 3));
  }

  it('continues bit-identically from a copied state', () => {
    const make = () => [param([1.5, -0.7, 0.2], 'weight'), param([0.9], 'bias')];
    const options = { learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 };

    // Reference: five steps without interruption.
    const reference = make();
    const sgd = new SGD(options);
    for (let i = 0; i < 5; i++) {
      gradients(reference);
      sgd.step(reference);
    }

    // Three steps, then the state and values move to fresh params and a fresh optimizer.
    const first = make();
    const before = new SGD(options);
    for (let i = 0; i < 3; i++) {
      gradients(first);
      before.step(first);
    }
    const state = before.getState(first);
    const second = first.map((p) => new Param(p.name, p.value.clone()));
    const after = new SGD(options);
    after.setState(second, state);
    expect(after.iterations).toBe(3);
    for (let i = 0; i < 2; i++) {
      gradients(second);
      after.step(second);
    }
    expect(second.map((p) => p.value.data)).toEqual(reference.map((p) => p.value.data));
  });

  it('getState returns a copy', () => {
    const w = param([1]);
    const sgd = new SGD({ learningRate: 0.1, momentum: 0.9 });
    setGrad(w, [1]);
    sgd.step([w]);
    const state = sgd.getState([w]);
    sgd.step([w]);
    expect(Array.from(state.slots[0].velocity)).toEqual([1]);
  });

  it('rejects a state for other params', () => {
    const w = param([1, 2]);
    const sgd = new SGD({ learningRate: 0.1, momentum: 0.9 });
    expect(() => sgd.setState([w], { iterations: 1, slots: [] })).toThrow(new DataError('SGD: expected state for 1 params, got 0'));
    expect(() => sgd.setState([w], { iterations: 1, slots: [{ velocity: new Float32Array(3) }] })).toThrow(
      new DataError("SGD: expected state 'velocity' of 2 values for param 0 (w), got 3"),
    );
    expect(() => sgd.setState([w], { iterations: 1, slots: [{}] })).toThrow(
      new DataError("SGD: expected state 'velocity' of 2 values for param 0 (w), got none"),
    );
  });
});

describe('SGD hyperparameters', () => {
  it.each([
    [{ learningRate: 0 }, 'SGD: expected learningRate to be > 0, got 0'],
    [{ learningRate: -0.1 }, 'SGD: expected learningRate to be > 0, got -0.1'],
    [{ learningRate: NaN }, 'SGD: expected learningRate to be > 0, got NaN'],
    [{ learningRate: Infinity }, 'SGD: expected learningRate to be > 0, got Infinity'],
    [{ momentum: 1 }, 'SGD: expected momentum in [0, 1), got 1'],
    [{ momentum: -0.5 }, 'SGD: expected momentum in [0, 1), got -0.5'],
    [{ momentum: NaN }, 'SGD: expected momentum in [0, 1), got NaN'],
    [{ nesterov: true }, 'SGD: expected momentum > 0 with nesterov, got 0'],
    [{ weightDecay: -1 }, 'SGD: expected weightDecay to be ≥ 0, got -1'],
  ])('rejects %o', (options, message) => {
    expect(() => new SGD(options)).toThrow(new RangeError(message));
  });

  it('rejects a string where a number belongs with a TypeError (same message)', () => {
    expect(() => new SGD({ learningRate: '0.1' as unknown as number })).toThrow(new TypeError('SGD: expected learningRate to be > 0, got "0.1"'));
  });

  it('accepts the edges of the valid ranges', () => {
    expect(new SGD({ momentum: 0 }).momentum).toBe(0);
    expect(new SGD({ momentum: 0.999 }).momentum).toBe(0.999);
    expect(new SGD({ weightDecay: 0 }).weightDecay).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { Adam, AdamW, DataError, exponentialDecay, Param, Tensor, type OptimizerState } from '../../src/index.js';

function param(values: number[], name = 'w'): Param {
  return new Param(name, Tensor.from(values));
}

function setGrad(p: Param, grad: number[]): void {
  p.grad.data.set(grad);
}

/** |actual − expected| ≤ relative·|expected| (Float32 storage keeps about 7 digits). */
function expectRelativelyClose(actual: number, expected: number, relative = 1e-6): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('Adam', () => {
  it.each([1e-3, -1e-3, 1, -1, 1e3, -1e3])('moves by about learningRate·sign(g) on the first step (g = %d)', (g) => {
    // Step 1: m₁ = (1 − β₁)g, v₁ = (1 − β₂)g², and the bias corrections divide them by
    // exactly (1 − β₁) and (1 − β₂): m̂ = g, v̂ = g². So
    //   Δ = lr · g / (|g| + ε) = lr · sign(g) · |g| / (|g| + ε) ≈ lr · sign(g),
    // whatever the gradient's scale (with ε = 1e-7 the factor is 1 − 1e-4 for |g| = 1e-3).
    const lr = 0.01, epsilon = 1e-7;
    const w = param([0]);
    setGrad(w, [g]);
    new Adam({ learningRate: lr }).step([w]);
    const expected = (-lr * g) / (Math.abs(g) + epsilon);
    expectRelativelyClose(w.value.data[0], expected);
    expectRelativelyClose(w.value.data[0], -lr * Math.sign(g), 1e-4);
  });

  it('defaults: learningRate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7', () => {
    const adam = new Adam();
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon]).toEqual([1e-3, 0.9, 0.999, 1e-7]);
    expect(adam.getConfig()).toEqual({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, clipNorm: undefined });
  });

  it('takes a second step derived by hand, with bias correction', () => {
    // lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-7; w₀ = 1, gradients g₁ = 2 then g₂ = 1.
    // Step 1: m₁ = 0.1·2 = 0.2, v₁ = 0.001·4 = 0.004
    //         m̂ = 0.2 / 0.1 = 2, v̂ = 0.004 / 0.001 = 4, Δ₁ = 0.1·2 / (2 + ε) ≈ 0.1 → w₁ ≈ 0.9
    // Step 2: m₂ = 0.9·0.2 + 0.1·1 = 0.28
    //         v₂ = 0.999·0.004 + 0.001·1 = 0.004996
    //         1 − β₁² = 0.19,  1 − β₂² = 0.001999
    //         m̂ = 0.28 / 0.19 = 1.4736842,  v̂ = 0.004996 / 0.001999 = 2.4992496,  √v̂ = 1.5809015
    //         Δ₂ = 0.1 · 1.4736842 / 1.5809015 = 0.0932180 → w₂ = 0.9 − 0.0932180 = 0.8067820
    const w = param([1]);
    const adam = new Adam({ learningRate: 0.1 });
    setGrad(w, [2]);
    adam.step([w]);
    expect(w.value.data[0]).toBeCloseTo(0.9, 6);
    setGrad(w, [1]);
    adam.step([w]);
    expect(w.value.data[0]).toBeCloseTo(0.806782, 6);
    expect(adam.iterations).toBe(2);
  });

  it('keeps m and v per element', () => {
    // Same gradients as the step derived above, element 0; element 1 sees −2 then −1 and mirrors it.
    const w = param([1, -1]);
    const adam = new Adam({ learningRate: 0.1 });
    setGrad(w, [2, -2]);
    adam.step([w]);
    setGrad(w, [1, -1]);
    adam.step([w]);
    expect(w.value.data[0]).toBeCloseTo(0.806782, 6);
    expect(w.value.data[1]).toBeCloseTo(-0.806782, 6);
    const state = adam.getState([w]);
    expect(state.slots[0].m[0]).toBeCloseTo(0.28, 7);
    expect(state.slots[0].v[1]).toBeCloseTo(0.004996, 8);
  });

  it('a zero gradient from the start leaves the weight where it is', () => {
    // m̂ = 0 and v̂ = 0: Δ = lr · 0 / (0 + ε) = 0
    const w = param([0.5]);
    new Adam({ learningRate: 0.1 }).step([w]);
    expect(w.value.data[0]).toBe(0.5);
  });
});

describe('AdamW', () => {
  it('shrinks the weight by lr·λ·w on top of the Adam step', () => {
    // On the same gradients m and v are the same, so the Adam step Δ is the same:
    //   Adam:  w − Δ;   AdamW: w − lr·λ·w − Δ.   The difference is lr·λ·w (w before the step).
    // lr 0.1, λ 0.5: with w = [2, −4] the difference is [0.1, −0.2].
    const lr = 0.1, weightDecay = 0.5;
    const plain = param([2, -4]), decoupled = param([2, -4]);
    const adam = new Adam({ learningRate: lr }), adamW = new AdamW({ learningRate: lr, weightDecay });
    setGrad(plain, [0.3, 7]);
    setGrad(decoupled, [0.3, 7]);
    adam.step([plain]);
    adamW.step([decoupled]);
    expect(plain.value.data[0] - decoupled.value.data[0]).toBeCloseTo(0.1, 6);
    expect(plain.value.data[1] - decoupled.value.data[1]).toBeCloseTo(-0.2, 6);
  });

  it('on every step: AdamW(w) = Adam(w) − lr·λ·w, from the same w and the same history', () => {
    // An Adam twin is reset to AdamW's weight before each step; both see the same gradients.
    const lr = 0.05, weightDecay = 0.2;
    const decoupled = param([1.5, -0.5, 3]), twin = param([0, 0, 0]);
    const adam = new Adam({ learningRate: lr }), adamW = new AdamW({ learningRate: lr, weightDecay });
    for (let step = 0; step < 4; step++) {
      const before = Array.from(decoupled.value.data);
      twin.value.data.set(before);
      const grad = before.map((v, i) => Math.sin(v + i) + step); // any gradients, the same for both
      setGrad(decoupled, grad);
      setGrad(twin, grad);
      adam.step([twin]);
      adamW.step([decoupled]);
      for (let i = 0; i < 3; i++) {
        expect(twin.value.data[i] - decoupled.value.data[i]).toBeCloseTo(lr * weightDecay * before[i], 6);
      }
    }
  });

  it('with weightDecay 0 is Adam exactly', () => {
    const a = param([1, 2]), b = param([1, 2]);
    const adam = new Adam({ learningRate: 0.1 }), adamW = new AdamW({ learningRate: 0.1, weightDecay: 0 });
    for (const g of [[1, -2], [0.5, 3], [-4, 0]]) {
      setGrad(a, g);
      setGrad(b, g);
      adam.step([a]);
      adamW.step([b]);
    }
    expect(b.value.data).toEqual(a.value.data);
  });

  it('defaults to weightDecay 0.01 and names itself', () => {
    const adamW = new AdamW();
    expect(adamW.weightDecay).toBe(0.01);
    expect(String(adamW)).toBe('AdamW');
    expect(adamW.getConfig()).toMatchObject({ learningRate: 1e-3, weightDecay: 0.01 });
  });
});

describe('Adam state is keyed by Param', () => {
  function run(order: 'ab' | 'ba'): Float32Array[] {
    const a = param([3, -1], 'a'), b = param([0.5], 'b');
    const adam = new Adam({ learningRate: 0.1 });
    for (let i = 0; i < 4; i++) {
      for (const p of [a, b]) setGrad(p, Array.from(p.value.data, (v) => 2 * (v - 1)));
      adam.step(order === 'ab' ? [a, b] : [b, a]);
    }
    return [a.value.data, b.value.data];
  }

  it('gives the same result whatever order the params come in', () => {
    expect(run('ba')).toEqual(run('ab'));
  });

  it('gives a param first seen later a fresh state: its first step is a first Adam step', () => {
    // a is stepped alone five times; then b joins. b's m and v start at zero, so its bias
    // correction must be that of step 1 (m̂ = g, v̂ = g²), not of the optimizer's step 6,
    // which would shrink its first move to about 0.52·lr. Expected: −lr·g/(|g| + ε) ≈ −0.1.
    const a = param([0], 'a'), b = param([0], 'b');
    const adam = new Adam({ learningRate: 0.1 });
    setGrad(a, [1]);
    for (let i = 0; i < 5; i++) adam.step([a]);
    setGrad(b, [3]);
    adam.step([b, a]);
    expectRelativelyClose(b.value.data[0], (-0.1 * 3) / (3 + 1e-7));

    // and it matches a fresh optimizer's step bit for bit.
    const fresh = param([0]);
    setGrad(fresh, [3]);
    new Adam({ learningRate: 0.1 }).step([fresh]);
    expect(b.value.data).toEqual(fresh.value.data);
    expect(adam.getState([a, b]).steps).toEqual([6, 1]);
  });
});

describe('Adam state round trip', () => {
  // f(w) = Σ (w − c)⁴ / 4, ∇ = (w − c)³: the path depends on every part of the state.
  function gradients(params: Param[]): void {
    for (const p of params) setGrad(p, Array.from(p.value.data, (v) => (v - 0.3) ** 3));
  }
  const make = () => [param([1.5, -0.7, 0.2, 2], 'weight'), param([0.9, -2], 'bias')];
  // A schedule, so that the restored step count matters too.
  const options = () => ({ learningRate: exponentialDecay({ initialLearningRate: 0.05, decayRate: 0.5, decaySteps: 2 }), weightDecay: 0.1 });

  it('continues bit-identically from a copied state (3 + 2 steps = 5 steps)', () => {
    const reference = make();
    const uninterrupted = new AdamW(options());
    for (let i = 0; i < 5; i++) {
      gradients(reference);
      uninterrupted.step(reference);
    }

    const first = make();
    const before = new AdamW(options());
    for (let i = 0; i < 3; i++) {
      gradients(first);
      before.step(first);
    }
    const state = before.getState(first);
    expect(state.iterations).toBe(3);
    const second = first.map((p) => new Param(p.name, p.value.clone()));
    const after = new AdamW(options());
    after.setState(second, state);
    // The schedule resumes at step 3: 0.05 · 0.5^(3/2) = 0.0176777
    expect(after.currentLearningRate()).toBeCloseTo(0.0176777, 7);
    for (let i = 0; i < 2; i++) {
      gradients(second);
      after.step(second);
    }
    expect(second.map((p) => p.value.data)).toEqual(reference.map((p) => p.value.data));
    expect(after.getState(second)).toEqual(uninterrupted.getState(reference));
  });

  it('without per-param steps (an older state), takes every param’s step as iterations', () => {
    const reference = make();
    const adam = new Adam({ learningRate: 0.05 });
    for (let i = 0; i < 4; i++) {
      gradients(reference);
      adam.step(reference);
    }
    const copy = make();
    const before = new Adam({ learningRate: 0.05 });
    for (let i = 0; i < 2; i++) {
      gradients(copy);
      before.step(copy);
    }
    const { iterations, slots } = before.getState(copy);
    const legacy: OptimizerState = { iterations, slots };
    const after = new Adam({ learningRate: 0.05 });
    after.setState(copy, legacy);
    for (let i = 0; i < 2; i++) {
      gradients(copy);
      after.step(copy);
    }
    expect(copy.map((p) => p.value.data)).toEqual(reference.map((p) => p.value.data));
  });

  it('rejects a state that does not fit the params', () => {
    const [w] = make();
    const adam = new Adam();
    expect(() => adam.setState([w], { iterations: 1, slots: [{ m: new Float32Array(4) }] })).toThrow(
      new DataError("Adam: expected state 'v' of 4 values for param 0 (weight), got none"),
    );
    expect(() =>
      adam.setState([w], { iterations: 1, slots: [{ m: new Float32Array(4), v: new Float32Array(4) }], steps: [1, 1] }),
    ).toThrow(new DataError('Adam: expected steps for 1 params, got 2'));
    // A rejected state changes nothing.
    expect(adam.iterations).toBe(0);
  });
});

describe('Adam hyperparameters', () => {
  it.each([
    [{ learningRate: 0 }, 'Adam: expected learningRate to be > 0, got 0'],
    [{ learningRate: NaN }, 'Adam: expected learningRate to be > 0, got NaN'],
    [{ beta1: 1 }, 'Adam: expected beta1 in [0, 1), got 1'],
    [{ beta1: -0.1 }, 'Adam: expected beta1 in [0, 1), got -0.1'],
    [{ beta2: 1 }, 'Adam: expected beta2 in [0, 1), got 1'],
    [{ beta2: NaN }, 'Adam: expected beta2 in [0, 1), got NaN'],
    [{ epsilon: 0 }, 'Adam: expected epsilon to be > 0, got 0'],
    [{ epsilon: -1e-8 }, 'Adam: expected epsilon to be > 0, got -1e-8'],
  ])('rejects %o', (options, message) => {
    expect(() => new Adam(options)).toThrow(new RangeError(message));
  });

  it.each([
    [{ beta1: 1.5 }, 'AdamW: expected beta1 in [0, 1), got 1.5'],
    [{ learningRate: -1 }, 'AdamW: expected learningRate to be > 0, got -1'],
    [{ weightDecay: -0.01 }, 'AdamW: expected weightDecay to be ≥ 0, got -0.01'],
  ])('AdamW rejects %o, naming itself', (options, message) => {
    expect(() => new AdamW(options)).toThrow(new RangeError(message));
  });

  it('accepts β₁ = β₂ = 0, where every step is lr·g/(|g| + ε) ≈ lr·sign(g)', () => {
    // β₁ = β₂ = 0: m = g, v = g² and no correction (1 − 0ᵗ = 1). Steps of +5 then −0.5:
    //   w = −0.1·5/(5 + ε) + 0.1·0.5/(0.5 + ε) ≈ −0.1 + 0.1 = 0
    const w = param([0]);
    const adam = new Adam({ learningRate: 0.1, beta1: 0, beta2: 0 });
    setGrad(w, [5]);
    adam.step([w]);
    setGrad(w, [-0.5]);
    adam.step([w]);
    expect(w.value.data[0]).toBeCloseTo(-0.1 + 0.1, 6);
  });
});

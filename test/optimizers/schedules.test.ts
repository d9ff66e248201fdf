import { describe, expect, it } from 'vitest';
import {
  Adam,
  cosineDecay,
  exponentialDecay,
  Param,
  scheduleFromConfig,
  SGD,
  stepDecay,
  Tensor,
  type ScheduleConfig,
} from '../../src/index.js';

describe('stepDecay', () => {
  // lr(t) = lr₀ · decayRate^⌊t / stepSize⌋ with lr₀ 0.1, decayRate 0.5, stepSize 100
  const schedule = stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 100 });

  it.each([
    [0, 0.1], //    ⌊0/100⌋ = 0
    [99, 0.1], //   ⌊99/100⌋ = 0: still the first plateau
    [100, 0.05], // ⌊100/100⌋ = 1: 0.1 · 0.5
    [250, 0.025], // ⌊250/100⌋ = 2: 0.1 · 0.25
    [1000, 0.1 / 1024], // 0.1 · 0.5¹⁰
  ])('lr(%i) = %d', (step, expected) => {
    expect(schedule(step)).toBeCloseTo(expected, 12);
  });

  it('carries its config', () => {
    expect(schedule.config).toEqual({ type: 'stepDecay', initialLearningRate: 0.1, decayRate: 0.5, stepSize: 100 });
  });
});

describe('exponentialDecay', () => {
  // lr(t) = lr₀ · decayRate^(t / decaySteps) with lr₀ 0.1, decayRate 0.5, decaySteps 100
  const schedule = exponentialDecay({ initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 100 });

  it.each([
    [0, 0.1], //                    0.5⁰
    [50, 0.0707106781], //          0.1 · 0.5^½ = 0.1 / √2
    [100, 0.05], //                 0.1 · 0.5
    [300, 0.0125], //               0.1 · 0.5³
  ])('lr(%i) = %d', (step, expected) => {
    expect(schedule(step)).toBeCloseTo(expected, 10);
  });

  it('decays smoothly: every step multiplies the rate by decayRate^(1/decaySteps)', () => {
    // 0.5^(1/100) = 0.993092495
    expect(schedule(11) / schedule(10)).toBeCloseTo(0.993092495, 9);
    expect(schedule(201) / schedule(200)).toBeCloseTo(0.993092495, 9);
  });
});

describe('cosineDecay', () => {
  // lr₀ 1, 10 warm-up steps, a cosine of 100 steps, down to alpha 0.1:
  //   t < 10:  lr(t) = (t + 1) / 10
  //   else:    lr(t) = 0.1 + 0.9 · ½(1 + cos(π · min(t − 10, 100) / 100))
  const schedule = cosineDecay({ initialLearningRate: 1, decaySteps: 100, warmupSteps: 10, alpha: 0.1 });

  it.each([
    [0, 0.1], //    warm-up: 1/10
    [4, 0.5], //    warm-up: 5/10
    [9, 1], //      warm-up ends at the peak: 10/10
    [10, 1], //     cosine starts at the peak: 0.1 + 0.9 · ½(1 + cos 0) = 1
    [35, 0.868198052], // a quarter in: 0.1 + 0.45 · (1 + cos(π/4)) = 0.1 + 0.45 · 1.70710678
    [60, 0.55], //  half-way: 0.1 + 0.45 · (1 + cos(π/2)) = 0.55
    [110, 0.1], //  the end: 0.1 + 0.45 · (1 + cos π) = alpha · lr₀
    [10_000, 0.1], // stays at the floor
  ])('lr(%i) = %d', (step, expected) => {
    expect(schedule(step)).toBeCloseTo(expected, 9);
  });

  it('without warm-up starts at the peak and decays to 0 by default', () => {
    // lr(t) = 0.5 · ½(1 + cos(πt/4)): 0.5, 0.25 at t = 2, 0 at t = 4
    const plain = cosineDecay({ initialLearningRate: 0.5, decaySteps: 4 });
    expect(plain(0)).toBeCloseTo(0.5, 12);
    expect(plain(2)).toBeCloseTo(0.25, 12);
    expect(plain(4)).toBeCloseTo(0, 12);
    expect(plain.config).toEqual({ type: 'cosineDecay', initialLearningRate: 0.5, decaySteps: 4, alpha: 0, warmupSteps: 0 });
  });
});

describe('scheduleFromConfig', () => {
  it.each([
    stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 3 }),
    exponentialDecay({ initialLearningRate: 0.2, decayRate: 0.9, decaySteps: 7 }),
    cosineDecay({ initialLearningRate: 0.3, decaySteps: 20, warmupSteps: 5, alpha: 0.2 }),
  ])('rebuilds %#: the same rates at every step', (schedule) => {
    const rebuilt = scheduleFromConfig(schedule.config!);
    for (const step of [0, 1, 4, 5, 6, 13, 25, 100]) expect(rebuilt(step)).toBe(schedule(step));
    expect(rebuilt.config).toEqual(schedule.config);
  });

  it('rejects an unknown type, listing the valid ones', () => {
    expect(() => scheduleFromConfig({ type: 'linear' } as unknown as ScheduleConfig)).toThrow(
      new RangeError('scheduleFromConfig: expected type stepDecay, exponentialDecay or cosineDecay, got "linear"'),
    );
  });
});

describe('schedule arguments', () => {
  it.each([
    [() => stepDecay({ initialLearningRate: 0, decayRate: 0.5, stepSize: 1 }), 'stepDecay: expected initialLearningRate to be > 0, got 0'],
    [() => stepDecay({ initialLearningRate: NaN, decayRate: 0.5, stepSize: 1 }), 'stepDecay: expected initialLearningRate to be > 0, got NaN'],
    [() => stepDecay({ initialLearningRate: 0.1, decayRate: 0, stepSize: 1 }), 'stepDecay: expected decayRate in (0, 1], got 0'],
    [() => stepDecay({ initialLearningRate: 0.1, decayRate: 1.5, stepSize: 1 }), 'stepDecay: expected decayRate in (0, 1], got 1.5'],
    [() => stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 0 }), 'stepDecay: expected stepSize to be a positive integer, got 0'],
    [() => stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 2.5 }), 'stepDecay: expected stepSize to be a positive integer, got 2.5'],
    [() => exponentialDecay({ initialLearningRate: -1, decayRate: 0.5, decaySteps: 1 }), 'exponentialDecay: expected initialLearningRate to be > 0, got -1'],
    [() => exponentialDecay({ initialLearningRate: 0.1, decayRate: 2, decaySteps: 1 }), 'exponentialDecay: expected decayRate in (0, 1], got 2'],
    [() => exponentialDecay({ initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 0 }), 'exponentialDecay: expected decaySteps to be a positive integer, got 0'],
    [() => cosineDecay({ initialLearningRate: 0, decaySteps: 10 }), 'cosineDecay: expected initialLearningRate to be > 0, got 0'],
    [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: -5 }), 'cosineDecay: expected decaySteps to be a positive integer, got -5'],
    [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 1.5 }), 'cosineDecay: expected alpha in [0, 1], got 1.5'],
    [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: -0.1 }), 'cosineDecay: expected alpha in [0, 1], got -0.1'],
    [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: -1 }), 'cosineDecay: expected warmupSteps to be an integer ≥ 0, got -1'],
    [() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: 1.5 }), 'cosineDecay: expected warmupSteps to be an integer ≥ 0, got 1.5'],
  ])('rejects bad arguments %#', (make, message) => {
    expect(make).toThrow(new RangeError(message));
  });
});

describe('an optimizer with a schedule', () => {
  it('uses schedule(iterations) for each step, so the step size changes', () => {
    // SGD on a constant gradient 1 with stepDecay(1, 0.5, stepSize 2):
    //   rates 1, 1, 0.5, 0.5, 0.25 → w = −1, −2, −2.5, −3, −3.25
    const sgd = new SGD({ learningRate: stepDecay({ initialLearningRate: 1, decayRate: 0.5, stepSize: 2 }) });
    const w = new Param('w', Tensor.zeros([1]));
    const rates: number[] = [], path: number[] = [];
    for (let i = 0; i < 5; i++) {
      w.grad.data[0] = 1;
      rates.push(sgd.currentLearningRate());
      sgd.step([w]);
      path.push(w.value.data[0]);
    }
    expect(rates).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(path).toEqual([-1, -2, -2.5, -3, -3.25]);
    expect(sgd.currentLearningRate()).toBe(0.25); // step 5: ⌊5/2⌋ = 2
  });

  it('Adam takes its first step at schedule(0) and its fourth at schedule(3)', () => {
    // Adam's first step moves by ≈ lr; with a constant gradient every later step does too
    // (m̂ = g and v̂ = g² exactly), so the moves trace the schedule:
    // exponentialDecay(0.1, 0.5, decaySteps 1): 0.1, 0.05, 0.025, 0.0125
    const adam = new Adam({ learningRate: exponentialDecay({ initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 1 }) });
    const w = new Param('w', Tensor.zeros([1]));
    const moves: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = w.value.data[0];
      w.grad.data[0] = 2;
      adam.step([w]);
      moves.push(before - w.value.data[0]);
    }
    [0.1, 0.05, 0.025, 0.0125].forEach((expected, i) => expect(moves[i]).toBeCloseTo(expected, 6));
  });

  it('saves a built-in schedule as its config', () => {
    const schedule = cosineDecay({ initialLearningRate: 0.01, decaySteps: 50 });
    expect(new Adam({ learningRate: schedule }).getConfig().learningRate).toEqual(schedule.config);
  });

  it('cannot save a custom function', () => {
    expect(() => new SGD({ learningRate: () => 0.1 }).getConfig()).toThrow(
      new TypeError('SGD: a custom learning-rate function cannot be saved; use stepDecay, exponentialDecay or cosineDecay'),
    );
  });

  it('accepts a schedule that reaches 0 and rejects a negative or NaN rate, naming the step', () => {
    // 0.1 − 0.05·t is 0.1, 0.05, 0 at steps 0, 1, 2 and −0.05 at step 3
    const sgd = new SGD({ learningRate: (t) => 0.1 - 0.05 * t });
    const w = new Param('w', Tensor.zeros([1]));
    w.grad.data[0] = 1;
    sgd.step([w]);
    sgd.step([w]);
    sgd.step([w]); // rate 0: the weight stays where the first two steps took it, −0.1 − 0.05
    expect(w.value.data[0]).toBeCloseTo(-0.15, 6);
    expect(() => sgd.step([w])).toThrow(new RangeError('SGD: expected the schedule to give a learning rate ≥ 0, got -0.05000000000000002 at step 3'));
    expect(sgd.iterations).toBe(3);
    expect(() => new Adam({ learningRate: () => NaN }).currentLearningRate()).toThrow(
      new RangeError('Adam: expected the schedule to give a learning rate ≥ 0, got NaN at step 0'),
    );
  });
});

describe('training past the end of a schedule', () => {
  it('keeps going at rate 0 once cosineDecay (alpha 0) has run out', () => {
    // lr(t) = ½(1 + cos(π·min(t, 2)/2)): 1, 0.5, 0, 0, … so only the first two steps move w.
    const sgd = new SGD({ learningRate: cosineDecay({ initialLearningRate: 1, decaySteps: 2 }) });
    const w = new Param('w', Tensor.zeros([1]));
    w.grad.data[0] = 1;
    for (let i = 0; i < 5; i++) sgd.step([w]);
    expect(w.value.data[0]).toBeCloseTo(-1.5, 6);
    expect(sgd.currentLearningRate()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  Dense,
  MeanSquaredError,
  Param,
  Random,
  StateError,
  Tensor,
  formatGradCheck,
  gradCheck,
  scale,
  type Layer,
} from '../src/index.js';
import { expectGradientsToMatch } from './helpers.js';

/**
 * A tiny hand-written layer for testing the checker: y = x ⊙ scale + shift per row
 * (params `scale` and `shift`, both [features]). Its backward can be made wrong on
 * purpose, one tensor at a time:
 *   dL/dx = g ⊙ scale,  dL/dscale = Σ_batch g ⊙ x,  dL/dshift = Σ_batch g
 */
class ScaleShift implements Layer {
  readonly scale: Param;
  readonly shift: Param;
  private input: Tensor | null = null;
  forwardCalls = 0;
  trainingFlags: boolean[] = [];

  constructor(
    readonly features: number,
    random: Random,
    private readonly bugs: { inputFactor?: number; scaleFactor?: number; shiftFactor?: number; nanAt?: number } = {},
  ) {
    this.scale = new Param('scale', Tensor.randn([features], random));
    this.shift = new Param('shift', Tensor.randn([features], random));
  }

  forward(input: Tensor, training: boolean): Tensor {
    this.forwardCalls++;
    this.trainingFlags.push(training);
    this.input = input;
    const out = Tensor.zeros(input.shape);
    const f = this.features;
    for (let i = 0; i < input.size; i++) out.data[i] = input.data[i] * this.scale.value.data[i % f] + this.shift.value.data[i % f];
    return out;
  }

  backward(gradOutput: Tensor): Tensor {
    const x = this.input;
    if (!x) throw new StateError('ScaleShift: backward called before forward');
    const { inputFactor = 1, scaleFactor = 1, shiftFactor = 1, nanAt } = this.bugs;
    const f = this.features;
    const gradInput = Tensor.zeros(x.shape);
    for (let i = 0; i < x.size; i++) {
      const g = gradOutput.data[i];
      gradInput.data[i] = inputFactor * g * this.scale.value.data[i % f];
      this.scale.grad.data[i % f] += scaleFactor * g * x.data[i];
      this.shift.grad.data[i % f] += shiftFactor * g;
    }
    if (nanAt !== undefined) gradInput.data[nanAt] = NaN;
    return gradInput;
  }

  params(): Param[] {
    return [this.scale, this.shift];
  }

  toString(): string {
    return `ScaleShift(${this.features})`;
  }
}

/** y = 2x, with a backward that returns `factor`·g instead of 2g: analytic and numeric known exactly. */
class Doubler implements Layer {
  readonly unused = new Param('unused', Tensor.ones([3]));
  constructor(private readonly factor: number) {}
  forward(input: Tensor): Tensor {
    const out = Tensor.zeros(input.shape);
    for (let i = 0; i < input.size; i++) out.data[i] = 2 * input.data[i];
    return out;
  }
  backward(gradOutput: Tensor): Tensor {
    const out = Tensor.zeros(gradOutput.shape);
    for (let i = 0; i < out.size; i++) out.data[i] = this.factor * gradOutput.data[i];
    return out;
  }
  params(): Param[] {
    return [this.unused];
  }
  toString(): string {
    return 'Doubler';
  }
}

/** Dense whose input gradient is 1.1 times too large. */
class InputGradientTooLarge extends Dense {
  override backward(gradOutput: Tensor): Tensor {
    return scale(super.backward(gradOutput), 1.1);
  }
}

/** Dense (square) whose weight gradient is transposed: (gᵀ·x)ᵀ instead of gᵀ·x; input and bias gradients are right. */
class TransposedWeightGradient extends Dense {
  override backward(gradOutput: Tensor): Tensor {
    const gradInput = super.backward(gradOutput);
    const n = this.inFeatures, w = this.weight.grad.data;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const t = w[i * n + j];
        w[i * n + j] = w[j * n + i];
        w[j * n + i] = t;
      }
    }
    return gradInput;
  }
}

describe('gradCheck catches wrong backward passes', () => {
  it('fails when the input gradient is off by a factor 1.1, and names only the input', () => {
    const random = new Random(101);
    const report = gradCheck(new InputGradientTooLarge(4, 3, { random }), Tensor.randn([5, 4], random));
    expect(report.passed).toBe(false);
    const byName = Object.fromEntries(report.entries.map((e) => [e.name, e]));
    expect(byName.input.passed).toBe(false);
    expect(byName.weight.passed).toBe(true);
    expect(byName.bias.passed).toBe(true);
    // a = 1.1·n everywhere: |a − n| / (|a| + |n|) = 0.1 / 2.1 ≈ 0.0476 (up to finite-difference noise).
    expect(byName.input.relativeError).toBeCloseTo(0.1 / 2.1, 2);
    expect(byName.input.analytic / byName.input.numeric).toBeCloseTo(1.1, 2);
    expect(formatGradCheck(report)).toMatch(/^FAIL input: relative error 4\.\d\de-2 at \[\d+\]/m);
  });

  it('fails when the weight gradient is transposed, naming the weight', () => {
    const random = new Random(102);
    const report = gradCheck(new TransposedWeightGradient(4, 4, { random }), Tensor.randn([6, 4], random));
    expect(report.passed).toBe(false);
    expect(report.entries.filter((e) => !e.passed).map((e) => e.name)).toEqual(['weight']);
    const text = formatGradCheck(report);
    expect(text).toMatch(/^FAIL weight:/m);
    expect(text).toMatch(/^ok {3}input:/m);
    expect(text).toMatch(/^ok {3}bias:/m);
  });

  it('fails on a wrong param gradient while the input gradient is right, naming the param', () => {
    const random = new Random(103);
    const report = gradCheck(new ScaleShift(3, random, { scaleFactor: 1.1 }), Tensor.randn([4, 3], random));
    expect(report.passed).toBe(false);
    expect(report.entries.map((e) => [e.name, e.passed])).toEqual([
      ['input', true],
      ['scale', false],
      ['shift', true],
    ]);
    expect(formatGradCheck(report)).toContain('FAIL scale:');

    const shiftReport = gradCheck(new ScaleShift(3, random, { shiftFactor: 0.5 }), Tensor.randn([4, 3], random));
    expect(shiftReport.entries.filter((e) => !e.passed).map((e) => e.name)).toEqual(['shift']);
  });

  it('the shared helper fails with the report in its message', () => {
    const random = new Random(104);
    let message = '';
    try {
      expectGradientsToMatch(new ScaleShift(3, random, { inputFactor: -1 }), Tensor.randn([2, 3], random));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('gradient check of ScaleShift(3) failed');
    expect(message).toContain('FAIL input: relative error 1.00e+0');
    expect(message).toContain('ok   scale:');
  });

  it('fails on a NaN gradient even when later elements agree', () => {
    // NaN at the first of 12 input elements: the other 11 match, but the report must not pass.
    const random = new Random(105);
    const report = gradCheck(new ScaleShift(3, random, { nanAt: 0 }), Tensor.randn([4, 3], random));
    const input = report.entries.find((e) => e.name === 'input')!;
    expect(input.passed).toBe(false);
    expect(input.index).toBe(0);
    expect(Number.isNaN(input.analytic)).toBe(true);
    expect(report.passed).toBe(false);
  });

  it('reports the index of a single wrong element', () => {
    // Dense whose bias gradient is off at element 2 only.
    class OneBadBias extends Dense {
      override backward(gradOutput: Tensor): Tensor {
        const gradInput = super.backward(gradOutput);
        this.bias!.grad.data[2] += 1;
        return gradInput;
      }
    }
    const random = new Random(106);
    const report = gradCheck(new OneBadBias(3, 4, { random }), Tensor.randn([2, 3], random));
    const bias = report.entries.find((e) => e.name === 'bias')!;
    expect(bias.passed).toBe(false);
    expect(bias.index).toBe(2);
    expect(bias.analytic - bias.numeric).toBeCloseTo(1, 3);
  });
});

describe('gradCheck passes correct backward passes', () => {
  it('passes on a correct custom layer, checking input and each param', () => {
    const random = new Random(107);
    const report = expectGradientsToMatch(new ScaleShift(4, random), Tensor.randn([3, 4], random));
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'scale', 'shift']);
    for (const e of report.entries) expect(e.relativeError).toBeLessThan(1e-3);
  });

  it('names the entries input, weight, bias for Dense, and worstRelativeError is their maximum', () => {
    const random = new Random(108);
    const report = gradCheck(new Dense(3, 2, { random }), Tensor.randn([4, 3], random));
    expect(report.passed).toBe(true);
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias']);
    expect(report.worstRelativeError).toBe(Math.max(...report.entries.map((e) => e.relativeError)));
    expect(formatGradCheck(report).split('\n')).toHaveLength(3);
  });

  it('names the entry prediction for a loss', () => {
    const random = new Random(109);
    const report = gradCheck(new MeanSquaredError(), Tensor.randn([2, 3], random), { target: Tensor.randn([2, 3], random) });
    expect(report.entries.map((e) => e.name)).toEqual(['prediction']);
    expect(report.passed).toBe(true);
  });

  it('leaves the input and params as they were', () => {
    const random = new Random(110);
    const layer = new Dense(3, 2, { random });
    const x = Tensor.randn([4, 3], random);
    const xBefore = Array.from(x.data), wBefore = Array.from(layer.weight.value.data);
    gradCheck(layer, x);
    expect(Array.from(x.data)).toEqual(xBefore);
    expect(Array.from(layer.weight.value.data)).toEqual(wBefore);
  });
});

describe('gradCheck details', () => {
  it('computes the relative error |a − n| / max(1e-8, |a| + |n|) on known cases', () => {
    const x = Tensor.randn([2, 3], new Random(111));
    // y = 2x: the numeric gradient of Σ y·g is exactly 2g. Analytic 3g: |3g − 2g| / (3|g| + 2|g|) = 1/5
    // (|a − n| / max(|a|, |n|) would give 1/3).
    const three = gradCheck(new Doubler(3), x).entries[0];
    expect(three.relativeError).toBeCloseTo(0.2, 6);
    expect(three.analytic / three.numeric).toBeCloseTo(1.5, 6);
    // Analytic −2g against numeric 2g: 4|g| / 4|g| = 1 (|a − n| / |a + n| would divide by zero).
    expect(gradCheck(new Doubler(-2), x).entries[0].relativeError).toBeCloseTo(1, 6);
    // Analytic 2g: agreement to rounding.
    const right = gradCheck(new Doubler(2), x);
    expect(right.entries[0].relativeError).toBeLessThan(1e-6);
    // A param with no effect on the output: analytic 0 and numeric 0 give 0, not 0/0 = NaN.
    const unused = right.entries.find((e) => e.name === 'unused')!;
    expect(unused).toMatchObject({ relativeError: 0, analytic: 0, numeric: 0, passed: true });
  });

  it('the tolerance decides pass and fail', () => {
    const x = Tensor.randn([2, 3], new Random(112));
    // Relative error 1/5 (see above).
    expect(gradCheck(new Doubler(3), x).passed).toBe(false);
    expect(gradCheck(new Doubler(3), x, { tolerance: 0.21 }).passed).toBe(true);
    expect(gradCheck(new Doubler(3), x, { tolerance: 0.19 }).passed).toBe(false);
  });

  it('calls beforeForward before every forward pass', () => {
    const random = new Random(113);
    const layer = new ScaleShift(2, random);
    const events: string[] = [];
    const original = layer.forward.bind(layer);
    layer.forward = (input, training) => {
      events.push('forward');
      return original(input, training);
    };
    gradCheck(layer, Tensor.randn([3, 2], random), { beforeForward: () => events.push('before') });
    // One initial forward, two per element of input (6), scale (2) and shift (2), and a final one: 1 + 20 + 1.
    const forwards = events.filter((e) => e === 'forward').length;
    expect(forwards).toBe(22);
    expect(events).toHaveLength(44);
    for (let i = 0; i < events.length; i += 2) expect(events.slice(i, i + 2)).toEqual(['before', 'forward']);
  });

  it('calls beforeForward before every forward of a loss too', () => {
    const random = new Random(114);
    let before = 0;
    const loss = new MeanSquaredError();
    const original = loss.forward.bind(loss);
    let forwards = 0;
    loss.forward = (p, t) => {
      expect(before).toBe(forwards + 1);
      forwards++;
      return original(p, t);
    };
    gradCheck(loss, Tensor.randn([2, 2], random), { target: Tensor.zeros([2, 2]), beforeForward: () => before++ });
    // 1 + 2·4 + 1
    expect(forwards).toBe(10);
  });

  it('passes training (default true) to the layer', () => {
    const random = new Random(115);
    const layer = new ScaleShift(2, random);
    gradCheck(layer, Tensor.randn([1, 2], random));
    expect(new Set(layer.trainingFlags)).toEqual(new Set([true]));
    const inference = new ScaleShift(2, random);
    gradCheck(inference, Tensor.randn([1, 2], random), { training: false });
    expect(new Set(inference.trainingFlags)).toEqual(new Set([false]));
  });

  it('throws a clear error for a loss without a target', () => {
    expect(() => gradCheck(new MeanSquaredError(), Tensor.zeros([2, 2]))).toThrow(TypeError);
    expect(() => gradCheck(new MeanSquaredError(), Tensor.zeros([2, 2]))).toThrow(
      'gradCheck: expected options.target when checking a loss (MeanSquaredError)',
    );
  });

  it('throws a clear error for an input that is not a Tensor', () => {
    expect(() => gradCheck(new Dense(2, 2), [[1, 2]] as unknown as Tensor)).toThrow(
      'gradCheck: expected input as a Tensor, got an array of length 1',
    );
  });

  it('is deterministic: the probe weights come from options.seed', () => {
    const make = () => new ScaleShift(3, new Random(116));
    const x = Tensor.randn([2, 3], new Random(117));
    const a = gradCheck(make(), x);
    const b = gradCheck(make(), x);
    const c = gradCheck(make(), x, { seed: 5 });
    expect(b).toEqual(a);
    expect(c.entries[0].analytic).not.toBe(a.entries[0].analytic);
  });
});

describe('gradCheck on a wide layer', () => {
  // The float32 noise allowance grows with the number of outputs; it must stay far below
  // a real error. Dense(8 → 512) on a batch of 8 has 4,096 outputs (and only 4,672 values
  // to probe, so the check stays quick on the TypeScript kernels of a loaded machine).
  class OffByTenPercent extends Dense {
    override backward(gradOutput: Tensor): Tensor {
      const gradInput = super.backward(gradOutput);
      scale(this.weight.grad, 1.1, this.weight.grad);
      return gradInput;
    }
  }

  it('passes the correct backward', () => {
    const random = new Random(21);
    const report = gradCheck(new Dense(8, 512, { random }), Tensor.randn([8, 8], random));
    expect(report.passed, formatGradCheck(report)).toBe(true);
  });

  it('fails a weight gradient that is 10% off', () => {
    const random = new Random(21);
    const report = gradCheck(new OffByTenPercent(8, 512, { random }), Tensor.randn([8, 8], random));
    expect(report.passed).toBe(false);
    expect(report.entries.find((e) => e.name === 'weight')?.passed).toBe(false);
    expect(report.entries.find((e) => e.name === 'input')?.passed).toBe(true);
  });
});

import { checkBoolean, checkNumber, checkOptions, describe } from './errors.js';
import type { Layer } from './layers/layer.js';
import type { Loss } from './losses/loss.js';
import { Random } from './random.js';
import { Tensor } from './tensor/tensor.js';

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** The perturbation h of the central difference. Default 1e-3 (best for float32 storage). */
  epsilon?: number;
  /** The largest relative error that passes. Default 1e-3: a gradient 1% off (relative error ≈ 0.005) fails. */
  tolerance?: number;
  /** Called before every forward pass, e.g. to reseed a dropout layer so each probe draws the same mask. */
  beforeForward?: () => void;
  /** The `training` flag passed to a layer's forward. Default true. */
  training?: boolean;
  /** The target, required when checking a loss. */
  target?: Tensor;
  /** Seed of the random probe weights g (layers only). Default 0. */
  seed?: number;
}

/** The worst disagreement found in one tensor. */
export interface GradCheckEntry {
  /** `input`, `prediction`, or the param's name (`weight`, or `1.weight` inside a model). */
  readonly name: string;
  /**
   * The worst relative error |a − n| / max(1e-8, |a| + |n|) over the tensor's elements,
   * where a difference within the probe's float32 noise counts as 0 (see {@link gradCheck}).
   */
  readonly relativeError: number;
  /** Where it was (flat index into the tensor's data). */
  readonly index: number;
  /** The analytic gradient there (from backward). */
  readonly analytic: number;
  /** The numeric gradient there (the central difference). */
  readonly numeric: number;
  /** Whether `relativeError` is within the tolerance. */
  readonly passed: boolean;
}

/** What {@link gradCheck} found. */
export interface GradCheckReport {
  /** Whether every tensor passed. */
  readonly passed: boolean;
  /** The worst relative error over all tensors. */
  readonly worstRelativeError: number;
  /** One entry per checked tensor: the input (or the prediction, for a loss), then each param. */
  readonly entries: readonly GradCheckEntry[];
}

function isLoss(subject: Layer | Loss): subject is Loss {
  return !('params' in subject) && typeof (subject as Loss).forward === 'function';
}

/**
 * Checks a layer's (or a loss's) backward pass against central finite differences.
 *
 * For a layer, the scalar probed is L = Σ forward(x) ⊙ g for a fixed random g (plus the
 * layer's penalty, a weight regularizer's, if it has one), so backward(g) (and
 * addPenaltyGradient) must equal dL/dx and the param gradients. For a loss, L is the loss
 * itself and the gradient checked is the one on the prediction. Each element v is
 * nudged to fround(v ± h); the numeric gradient is (L₊ − L₋) / (v₊ − v₋), dividing by
 * the perturbation actually stored in float32, with L summed in doubles.
 *
 * A layer's outputs are float32, so each probe of L carries a rounding error of a few
 * ulps per output (rounding in the last layer and in those before it); independent
 * errors add as a root sum of squares, which we take as ε = 2⁻²⁰ · √Σ(y ⊙ g)², and the
 * numeric gradient an error of up to 2ε / (v₊ − v₋). Where
 * analytic and numeric differ by no more than that, the element counts as agreeing
 * (relative error 0): a tiny gradient is not reported as wrong because the finite
 * difference cannot resolve it.
 *
 * @example
 * const report = gradCheck(new Dense(3, 2, { random: new Random(1) }), Tensor.randn([4, 3], new Random(2)));
 * report.passed; // true
 */
export function gradCheck(subject: Layer | Loss, input: Tensor, options: GradCheckOptions = {}): GradCheckReport {
  const s = subject as Partial<Layer> | null;
  if (!s || typeof s !== 'object' || typeof s.forward !== 'function' || typeof s.backward !== 'function') {
    throw new TypeError(`gradCheck: expected a layer or a loss (with forward and backward), got ${describe(subject)}`);
  }
  if (!(input instanceof Tensor)) throw new TypeError(`gradCheck: expected input as a Tensor, got ${describe(input)}`);
  options = checkOptions(options, 'gradCheck', ['epsilon', 'tolerance', 'beforeForward', 'training', 'target', 'seed']);
  const epsilon = checkNumber(options.epsilon ?? 1e-3, 'gradCheck', 'epsilon', 'to be > 0', (v) => v > 0);
  const tolerance = checkNumber(options.tolerance ?? 1e-3, 'gradCheck', 'tolerance', 'to be > 0', (v) => v > 0);
  const training = checkBoolean(options.training, 'gradCheck', 'training', true);
  if (options.beforeForward !== undefined && typeof options.beforeForward !== 'function') {
    throw new TypeError(`gradCheck: expected beforeForward as a function, got ${describe(options.beforeForward)}`);
  }
  const x = input.clone();
  const entries: GradCheckEntry[] = [];

  let probe: () => number;
  let restore: (() => void) | null = null;
  // The rounding error of one probe of the loss (0 for a loss, which sums in doubles).
  let roundingNoise = 0;
  const checked: { name: string; values: Float32Array; analytic: Float32Array }[] = [];

  if (isLoss(subject)) {
    const target = options.target;
    if (!(target instanceof Tensor)) throw new TypeError(`gradCheck: expected options.target when checking a loss (${subject}), got ${describe(target)}`);
    probe = () => {
      options.beforeForward?.();
      return subject.forward(x, target);
    };
    probe();
    checked.push({ name: 'prediction', values: x.data, analytic: subject.backward().data.slice() });
  } else {
    const params = subject.params();
    // Restored at the end: the probes move BatchNorm's running statistics, draw dropout masks, and leave gradients behind.
    restore = snapshot(subject);
    options.beforeForward?.();
    const out = subject.forward(x, training);
    const g = Tensor.randn(out.shape, new Random(options.seed ?? 0));
    for (const p of params) p.zeroGrad();
    const gradInput = subject.backward(g).data.slice();
    // A layer's penalty (a weight regularizer) is part of the loss: checked with the rest.
    subject.addPenaltyGradient?.();
    // The probe sums float32 outputs, each off by a few ulps (2⁻²⁴ of itself per rounding).
    // Those errors are independent, so they add up as a root sum of squares, not linearly:
    // a linear sum would excuse real errors in layers with thousands of outputs.
    let squares = 0;
    for (let i = 0; i < out.data.length; i++) squares += (out.data[i] * g.data[i]) ** 2;
    roundingNoise = 2 ** -20 * Math.sqrt(squares);
    probe = () => {
      options.beforeForward?.();
      const y = subject.forward(x, training).data;
      let sum = subject.penalty?.() ?? 0;
      for (let i = 0; i < y.length; i++) sum += y[i] * g.data[i];
      return sum;
    };
    checked.push({ name: 'input', values: x.data, analytic: gradInput });
    for (const p of params) checked.push({ name: p.name, values: p.value.data, analytic: p.grad.data.slice() });
  }

  for (const { name, values, analytic } of checked) {
    let worst = { relativeError: 0, index: 0, analytic: analytic[0] ?? 0, numeric: analytic[0] ?? 0 };
    for (let i = 0; i < values.length; i++) {
      const original = values[i];
      values[i] = original + epsilon;
      const up = values[i];
      const lossUp = probe();
      values[i] = original - epsilon;
      const down = values[i];
      const lossDown = probe();
      values[i] = original;
      const numeric = (lossUp - lossDown) / (up - down);
      const a = analytic[i];
      // A difference no larger than the noise of the finite difference itself measures nothing.
      const noise = (2 * roundingNoise) / (up - down);
      const difference = Math.abs(a - numeric);
      const relativeError = difference <= noise ? 0 : difference / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
      // Keep the first NaN: once worst is NaN, no later element may replace it.
      if (!(relativeError <= worst.relativeError) && !Number.isNaN(worst.relativeError)) {
        worst = { relativeError, index: i, analytic: a, numeric };
      }
    }
    entries.push({ name, ...worst, passed: worst.relativeError <= tolerance });
  }
  // Leave the subject's caches consistent with the unperturbed input, then everything else as it was.
  probe();
  restore?.();
  const worstRelativeError = Math.max(...entries.map((e) => e.relativeError));
  return { passed: entries.every((e) => e.passed), worstRelativeError, entries };
}

/**
 * What a gradient check changes in a layer, and how to put it back: every param's value
 * and gradient, every buffer, and the state of the layer's (or model's) Random.
 */
function snapshot(layer: Layer): () => void {
  const arrays = [
    ...layer.params().flatMap((p) => [p.value.data, p.grad.data]),
    ...(layer.buffers?.() ?? []).map((b) => b.value.data),
  ];
  const copies = arrays.map((a) => a.slice());
  const random = (layer as { random?: unknown }).random;
  const state = random instanceof Random ? random.getState() : null;
  return () => {
    arrays.forEach((a, i) => a.set(copies[i]));
    if (state) (random as Random).setState(state);
  };
}

/**
 * One line per checked tensor, for test failures and logs.
 *
 * @example
 * console.log(formatGradCheck(gradCheck(new Tanh(), Tensor.randn([2, 3], new Random(1)))));
 * // ok   input: relative error 0.00e+0 at [0] (analytic 0.1949719786643982, numeric 0.1949719786643982)
 */
export function formatGradCheck(report: GradCheckReport): string {
  return report.entries
    .map(
      (e) =>
        `${e.passed ? 'ok  ' : 'FAIL'} ${e.name}: relative error ${e.relativeError.toExponential(2)} at [${e.index}] (analytic ${e.analytic}, numeric ${e.numeric})`,
    )
    .join('\n');
}

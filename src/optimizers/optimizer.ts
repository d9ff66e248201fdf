import { isBranded } from '../brand.js';
import { checkNumber, checkOptions, describe, DataError } from '../errors.js';
import { Param } from '../layers/layer.js';
import type { LearningRate } from './schedules.js';
import { firstNonFinite } from '../tensor/tensor.js';

/** Options every optimizer takes. */
export interface OptimizerOptions {
  /** A fixed rate or a schedule `(step) => rate`. */
  learningRate?: LearningRate;
  /** If set, gradients are scaled so that their global L2 norm is at most this. */
  clipNorm?: number;
}

/** The saved state of one optimizer: its step count and its per-param slots, in params order. */
export interface OptimizerState {
  /** Updates taken so far. */
  readonly iterations: number;
  /** Each param's state arrays by name (`velocity`; `m` and `v`), in params order. */
  readonly slots: Record<string, Float32Array>[];
  /** Updates each param has had (Adam's bias correction), in params order; when absent, each is `iterations`. */
  readonly steps?: readonly number[];
}

/**
 * The shared frame of the optimizers: the learning rate (fixed or scheduled),
 * global-norm clipping, the step count, and per-param state created lazily and
 * keyed by the Param itself (never by position). A subclass writes `update`.
 *
 * @example
 * // Sign SGD: each weight moves by the learning rate against the sign of its gradient.
 * class SignSGD extends Optimizer {
 *   constructor(options: OptimizerOptions = {}) {
 *     super(options, 0.01);
 *   }
 *   protected slotNames(): string[] {
 *     return [];
 *   }
 *   protected update(param: Param, learningRate: number): void {
 *     const w = param.value.data, g = param.grad.data;
 *     for (let k = 0; k < w.length; k++) w[k] -= learningRate * Math.sign(g[k]);
 *   }
 *   getConfig(): Record<string, unknown> {
 *     return { learningRate: this.learningRate };
 *   }
 *   toString(): string {
 *     return 'SignSGD';
 *   }
 * }
 */
export abstract class Optimizer {
  /** @internal The brand that makes `instanceof` work across neurite's two builds (src/brand.ts). */
  get ['@@neurite/Optimizer'](): boolean {
    return true;
  }

  /** @internal `instanceof` by brand, so that it holds across neurite's ES module and CommonJS builds. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isBranded(this, Optimizer, value, '@@neurite/Optimizer');
  }

  /** Updates taken so far; the schedule sees this as its step. */
  iterations = 0;
  /** The fixed rate, or the schedule `(step) => rate`. */
  readonly learningRate: LearningRate;
  /** The limit on the global L2 norm of the gradients, if clipping is on. */
  readonly clipNorm: number | undefined;
  private readonly slots = new Map<Param, Record<string, Float32Array>>();
  /** Updates taken per param: a param first stepped late starts from 1, like its fresh slots. */
  private readonly steps = new Map<Param, number>();
  /** Per param: its value and slot arrays, and copies of them from before the current step, to undo it. */
  private readonly backups = new Map<Param, { live: Float32Array[]; saved: Float32Array[] }>();
  /** Per param: bounds on the largest |value| in each slot, now and after the step being taken. */
  private readonly slotBounds = new Map<Param, { now: Float64Array; next: Float64Array }>();
  /** Per param of the current step: the largest |gradient| and |weight| (reused: no allocation per step). */
  private largest = new Float64Array(0);

  /**
   * @param keys the options a subclass adds to `learningRate` and `clipNorm`: any other
   *   key is an error naming it.
   */
  constructor(options: OptimizerOptions, defaultLearningRate: number, keys: readonly string[] = []) {
    options = checkOptions(options, this.toString(), ['learningRate', 'clipNorm', ...keys]);
    const lr = options.learningRate ?? defaultLearningRate;
    if (typeof lr === 'function') this.learningRate = lr;
    else this.learningRate = checkNumber(lr, this.toString(), 'learningRate', 'to be > 0', (v) => v > 0);
    this.clipNorm =
      options.clipNorm === undefined
        ? undefined
        : checkNumber(options.clipNorm, this.toString(), 'clipNorm', 'to be > 0', (v) => v > 0);
  }

  /** The rate the next step will use. */
  currentLearningRate(): number {
    const lr = typeof this.learningRate === 'function' ? this.learningRate(this.iterations) : this.learningRate;
    // A schedule may reach 0 (a cosine decay at its end); negative or non-finite rates are errors.
    if (!(lr >= 0 && Number.isFinite(lr))) {
      throw new RangeError(`${this}: expected the schedule to give a learning rate ≥ 0, got ${describe(lr)} at step ${this.iterations}`);
    }
    return lr;
  }

  /**
   * Applies one update to every param from its accumulated gradient. Nothing non-finite
   * ever reaches a weight or the optimizer's state: gradients and weights are checked
   * first, and when {@link Optimizer.bound} cannot rule out an overflow for some param,
   * the whole step is made undoable (every param and its state copied) and checked after;
   * a step that went non-finite is undone and reported.
   */
  step(params: readonly Param[]): void {
    if (!Array.isArray(params)) throw new TypeError(`${this}.step: expected params as an array of Param, got ${describe(params)}`);
    for (let i = 0; i < params.length; i++) {
      if (!(params[i] instanceof Param)) throw new TypeError(`${this}.step: expected params as an array of Param, got ${describe(params[i])} at index ${i}`);
    }
    const learningRate = this.currentLearningRate();
    if (this.largest.length < 2 * params.length) this.largest = new Float64Array(2 * params.length);
    const largest = this.largest;
    // Nothing is touched unless every gradient and weight is finite.
    const norm = scanParams(params, largest, this.toString());
    if (this.clipNorm !== undefined && norm > this.clipNorm) {
      const s = this.clipNorm / norm;
      for (let i = 0; i < params.length; i++) {
        const g = params[i].grad.data;
        for (let k = 0; k < g.length; k++) g[k] *= s;
        largest[2 * i] *= s;
      }
    }
    // The update is undoable only when some value could overflow float32 (a huge step, g² in
    // Adam's v, an extreme weight decay, a tiny epsilon): copying every param and its state
    // would cost a quarter of a training step if done always.
    let guarded = false;
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      const bounds = this.boundsOf(param);
      const bound = this.bound(param, learningRate, largest[2 * i], largest[2 * i + 1], (this.steps.get(param) ?? 0) + 1, bounds.now, bounds.next);
      if (!(bound < SAFE)) guarded = true;
    }
    this.iterations += 1;
    for (let i = 0; i < params.length; i++) {
      if (guarded) this.guardedUpdate(params, i, learningRate);
      else this.advance(params[i], learningRate, this.slotsOf(params[i]));
    }
    for (let i = 0; i < params.length; i++) {
      const bounds = this.slotBounds.get(params[i])!;
      bounds.now.set(bounds.next);
    }
  }

  /**
   * A bound on the largest |value| the update of `param` can write, into its weights or
   * its state, given the largest |gradient| `gradient` and |weight| `weight`, this param's
   * step number `step` (from 1), and bounds on its state arrays (`slots`, in the order of
   * `slotNames()`); writes the bounds the state will have after the step into `next`.
   * Below float32's range for every param, the step cannot overflow and runs without a
   * copy to undo it. The default, Infinity, makes every step undoable: correct, and slower.
   */
  protected bound(_param: Param, _learningRate: number, _gradient: number, _weight: number, _step: number, _slots: Float64Array, _next: Float64Array): number {
    return Infinity;
  }

  private boundsOf(param: Param): { now: Float64Array; next: Float64Array } {
    let bounds = this.slotBounds.get(param);
    if (!bounds) {
      const n = this.slotNames().length;
      bounds = { now: new Float64Array(n), next: new Float64Array(n) };
      const slots = this.slots.get(param);
      if (slots) this.measure(slots, bounds.now);
      this.slotBounds.set(param, bounds);
    }
    return bounds;
  }

  /**
   * Updates `params[i]` so that it can be undone: copies of its value and state first,
   * a check after. If a value went non-finite, puts back every param updated in this
   * step (0 … i) and the step count, and throws.
   */
  private guardedUpdate(params: readonly Param[], i: number, learningRate: number): void {
    const param = params[i];
    const slots = this.slotsOf(param);
    const backup = this.backupOf(param, slots);
    for (let a = 0; a < backup.live.length; a++) backup.saved[a].set(backup.live[a]);
    this.advance(param, learningRate, slots);
    for (let a = 0; a < backup.live.length; a++) {
      const k = firstNonFinite(backup.live[a]);
      if (k < 0) continue;
      const value = backup.live[a][k];
      for (let j = 0; j <= i; j++) this.undo(params[j]);
      this.iterations -= 1;
      const what = a === 0 ? 'weights' : `state '${Object.keys(slots)[a - 1]}'`;
      throw new DataError(
        `${this}: expected finite ${what} after the step, got ${value} in param ${i} (${param.name}) at index ${k}; the step was undone; try a lower learning rate (now ${learningRate}) or clipNorm`,
      );
    }
    // The state's bounds after a checked step: what it holds.
    this.measure(slots, this.boundsOf(param).next);
  }

  /** Counts one more update of `param` and applies it. */
  private advance(param: Param, learningRate: number, slots: Record<string, Float32Array>): void {
    const step = (this.steps.get(param) ?? 0) + 1;
    this.steps.set(param, step);
    this.update(param, learningRate, slots, step);
  }

  /** Writes the largest |value| of each slot, in the order of `slotNames()`, into `into`. */
  private measure(slots: Record<string, Float32Array>, into: Float64Array): void {
    this.slotNames().forEach((name, j) => (into[j] = largestAbs(slots[name])));
  }

  /** The live arrays of a param (value, then slots) and their reusable copies, made on first use. */
  private backupOf(param: Param, slots: Record<string, Float32Array>): { live: Float32Array[]; saved: Float32Array[] } {
    let backup = this.backups.get(param);
    if (!backup) {
      const live = [param.value.data, ...Object.values(slots)];
      backup = { live, saved: live.map((a) => new Float32Array(a.length)) };
      this.backups.set(param, backup);
    }
    return backup;
  }

  /** Puts a param and its state back as they were before the current step. */
  private undo(param: Param): void {
    const backup = this.backups.get(param)!;
    for (let a = 0; a < backup.live.length; a++) backup.live[a].set(backup.saved[a]);
    this.steps.set(param, this.steps.get(param)! - 1);
  }

  /** The named state arrays of `param` (momentum, Adam's m and v), created on first use. */
  protected slotsOf(param: Param): Record<string, Float32Array> {
    let slots = this.slots.get(param);
    if (!slots) {
      slots = {};
      for (const name of this.slotNames()) slots[name] = new Float32Array(param.size);
      this.slots.set(param, slots);
    }
    return slots;
  }

  /** The names of the per-param state arrays, e.g. `['m', 'v']`. */
  protected abstract slotNames(): string[];

  /** Updates one param in place; `step` counts this param's updates, from 1. */
  protected abstract update(param: Param, learningRate: number, slots: Record<string, Float32Array>, step: number): void;

  /** The hyperparameters, for saving (a schedule as its config). */
  abstract getConfig(): Record<string, unknown>;

  /**
   * The step count and every param's state, in the order of `params`: copies, or with
   * `copy: false` the live arrays (to read at once, before the next step).
   */
  getState(params: readonly Param[], copy = true): OptimizerState {
    return {
      iterations: this.iterations,
      slots: params.map((p) => Object.fromEntries(Object.entries(this.slotsOf(p)).map(([k, v]) => [k, copy ? v.slice() : v]))),
      steps: params.map((p) => this.steps.get(p) ?? 0),
    };
  }

  /** Restores a state from {@link Optimizer.getState} for the same `params`. */
  setState(params: readonly Param[], state: OptimizerState): void {
    if (!Array.isArray(params)) throw new TypeError(`${this}.setState: expected params as an array of Param, got ${describe(params)}`);
    if (!state || typeof state !== 'object' || !Array.isArray(state.slots)) {
      throw new TypeError(`${this}.setState: expected a state { iterations, slots } from getState(), got ${describe(state)}`);
    }
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new DataError(`${this}: expected iterations to be an integer ≥ 0, got ${describe(state.iterations)}`);
    }
    if (state.slots.length !== params.length) {
      throw new DataError(`${this}: expected state for ${params.length} params, got ${state.slots.length}`);
    }
    if (state.steps !== undefined && (!Array.isArray(state.steps) || state.steps.length !== params.length)) {
      throw new DataError(`${this}: expected steps for ${params.length} params, got ${Array.isArray(state.steps) ? state.steps.length : describe(state.steps)}`);
    }
    params.forEach((p, i) => {
      const saved = state.slots[i];
      if (!saved || typeof saved !== 'object') throw new DataError(`${this}: expected the state of param ${i} (${p.name}) as an object, got ${describe(saved)}`);
      const steps = state.steps?.[i];
      if (steps !== undefined && !(Number.isInteger(steps) && steps >= 0)) {
        throw new DataError(`${this}: expected steps of param ${i} (${p.name}) to be an integer ≥ 0, got ${describe(steps)}`);
      }
      for (const name of this.slotNames()) {
        const values = saved[name];
        if (!(values instanceof Float32Array) || values.length !== p.size) {
          throw new DataError(`${this}: expected state '${name}' of ${p.size} values for param ${i} (${p.name}), got ${values?.length ?? 'none'}`);
        }
        const k = firstNonFinite(values);
        if (k >= 0) throw new DataError(`${this}: expected finite values in state '${name}' of param ${i} (${p.name}), got ${values[k]} at index ${k}`);
      }
    });
    this.iterations = state.iterations;
    params.forEach((p, i) => {
      const slots = this.slotsOf(p);
      for (const name of this.slotNames()) slots[name].set(state.slots[i][name]);
      this.steps.set(p, state.steps?.[i] ?? state.iterations);
      this.slotBounds.delete(p); // measured again from the restored state
    });
  }

  /** The optimizer's name, for messages: `Adam`. */
  abstract toString(): string;
}


/** Float32's largest value is 3.4e38: a bound below 1e38 leaves room for rounding. */
const SAFE = 1e38;

/** The largest |value| in `values` (0 for none). */
function largestAbs(values: Float32Array): number {
  let high = 0, low = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > high) high = v;
    else if (v < low) low = v;
  }
  return high > -low ? high : -low;
}

/**
 * One pass over every param: throws a DataError at the first NaN or infinite gradient
 * or weight, naming the param; writes each param's largest |gradient| and |weight| into
 * `largest` (two per param); returns the global L2 norm of the gradients.
 */
function scanParams(params: readonly Param[], largest: Float64Array, owner: string): number {
  let squares = 0;
  for (let p = 0; p < params.length; p++) {
    const g = params[p].grad.data, w = params[p].value.data;
    let gHigh = 0, gLow = 0, wHigh = 0, wLow = 0, check = 0;
    for (let i = 0; i < g.length; i++) {
      const v = g[i], x = w[i];
      check += v * 0 + x * 0; // NaN as soon as one value is NaN or ±Infinity
      squares += v * v;
      if (v > gHigh) gHigh = v;
      else if (v < gLow) gLow = v;
      if (x > wHigh) wHigh = x;
      else if (x < wLow) wLow = x;
    }
    if (check !== 0) {
      let i = firstNonFinite(g);
      if (i >= 0) throw new DataError(`${owner}: expected finite gradients, got ${g[i]} in param ${p} (${params[p].name}) at index ${i}`);
      i = firstNonFinite(w);
      if (i >= 0) throw new DataError(`${owner}: expected finite weights before the step, got ${w[i]} in param ${p} (${params[p].name}) at index ${i}`);
    }
    largest[2 * p] = gHigh > -gLow ? gHigh : -gLow;
    largest[2 * p + 1] = wHigh > -wLow ? wHigh : -wLow;
  }
  return Math.sqrt(squares);
}

/**
 * Scales every gradient by min(1, maxNorm / ‖g‖), ‖g‖ the L2 norm over all of them
 * together, and returns ‖g‖ before clipping. Optimizers do this themselves with `clipNorm`.
 *
 * @example
 * model.backward(loss.backward());
 * const norm = clipGlobalNorm(model.params(), 1); // now ‖g‖ ≤ 1
 * optimizer.step(model.params());
 */
export function clipGlobalNorm(params: readonly Param[], maxNorm: number, owner = 'clipGlobalNorm'): number {
  let sum = 0;
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  }
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm)) throw new DataError(`${owner}: expected finite gradients, got a gradient norm of ${norm}`);
  if (norm > maxNorm) {
    const s = maxNorm / norm;
    for (const p of params) {
      const g = p.grad.data;
      for (let i = 0; i < g.length; i++) g[i] *= s;
    }
  }
  return norm;
}

/** A learning rate ready to save: the number, or the schedule's config. */
export function learningRateConfig(lr: LearningRate, owner: string): unknown {
  if (typeof lr === 'number') return lr;
  if (lr.config) return lr.config;
  throw new TypeError(`${owner}: a custom learning-rate function cannot be saved; use stepDecay, exponentialDecay or cosineDecay`);
}

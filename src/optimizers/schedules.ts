import { checkInteger, checkNumber, checkOptions, describe } from '../errors.js';

/**
 * A learning rate that changes with the step count (0 for the first update). The
 * built-in schedules carry their `config`, so a model saved with its optimizer keeps them.
 */
export interface LearningRateSchedule {
  /** The learning rate for update number `step` (from 0). */
  (step: number): number;
  /** The saved form; built-in schedules have it, custom functions do not (and cannot be saved). */
  readonly config?: ScheduleConfig;
}

/** The saved form of a built-in schedule. */
export type ScheduleConfig =
  | ({ type: 'stepDecay' } & StepDecayOptions)
  | ({ type: 'exponentialDecay' } & ExponentialDecayOptions)
  | ({ type: 'cosineDecay' } & CosineDecayOptions);

/** A learning rate: a fixed number or a schedule. */
export type LearningRate = number | LearningRateSchedule;

function positive(owner: string, name: string, value: unknown): number {
  return checkNumber(value, owner, name, 'to be > 0', (v) => v > 0);
}

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  /** The rate for the first `stepSize` steps. */
  initialLearningRate: number;
  /** The factor applied every `stepSize` steps, in (0, 1]. */
  decayRate: number;
  /** The number of steps between two drops. */
  stepSize: number;
}

/**
 * Drops the rate by a factor every `stepSize` steps: lr(t) = lr₀ · decayRate^⌊t / stepSize⌋.
 * @example stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 100 })(250); // 0.025
 */
export function stepDecay(options: StepDecayOptions): LearningRateSchedule {
  const owner = 'stepDecay';
  options = checkOptions(options, owner, ['initialLearningRate', 'decayRate', 'stepSize']);
  const lr0 = positive(owner, 'initialLearningRate', options.initialLearningRate);
  const rate = checkNumber(options.decayRate, owner, 'decayRate', 'in (0, 1]', (v) => v > 0 && v <= 1);
  const stepSize = checkInteger(options.stepSize, owner, 'stepSize');
  return Object.assign((step: number) => lr0 * rate ** Math.floor(step / stepSize), {
    config: { type: 'stepDecay' as const, initialLearningRate: lr0, decayRate: rate, stepSize },
  });
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** The factor applied over each `decaySteps` steps, in (0, 1]. */
  decayRate: number;
  /** The number of steps over which the rate is multiplied by `decayRate`. */
  decaySteps: number;
}

/**
 * Smooth exponential decay: lr(t) = lr₀ · decayRate^(t / decaySteps).
 * @example exponentialDecay({ initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 100 })(50); // 0.0707
 */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const owner = 'exponentialDecay';
  options = checkOptions(options, owner, ['initialLearningRate', 'decayRate', 'decaySteps']);
  const lr0 = positive(owner, 'initialLearningRate', options.initialLearningRate);
  const rate = checkNumber(options.decayRate, owner, 'decayRate', 'in (0, 1]', (v) => v > 0 && v <= 1);
  const decaySteps = checkInteger(options.decaySteps, owner, 'decaySteps');
  return Object.assign((step: number) => lr0 * rate ** (step / decaySteps), {
    config: { type: 'exponentialDecay' as const, initialLearningRate: lr0, decayRate: rate, decaySteps },
  });
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** The peak rate, reached after the warm-up. */
  initialLearningRate: number;
  /** The number of steps of the cosine, after the warm-up. */
  decaySteps: number;
  /** The final rate as a fraction of the peak, in [0, 1]. Default 0. */
  alpha?: number;
  /** Steps of linear warm-up from lr₀/warmupSteps up to lr₀. Default 0. */
  warmupSteps?: number;
}

/**
 * Linear warm-up, then a half cosine from the peak down to alpha · peak
 * (Loshchilov & Hutter, 2017):
 *   t < w:  lr(t) = lr₀ · (t + 1) / w
 *   else:   lr(t) = lr₀ · (alpha + (1 − alpha) · ½ (1 + cos(π · min(t − w, T) / T)))
 * @example cosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000, warmupSteps: 100 })
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const owner = 'cosineDecay';
  options = checkOptions(options, owner, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupSteps']);
  const lr0 = positive(owner, 'initialLearningRate', options.initialLearningRate);
  const decaySteps = checkInteger(options.decaySteps, owner, 'decaySteps');
  const alpha = checkNumber(options.alpha ?? 0, owner, 'alpha', 'in [0, 1]', (v) => v >= 0 && v <= 1);
  const warmupSteps = checkInteger(options.warmupSteps ?? 0, owner, 'warmupSteps', 0);
  return Object.assign(
    (step: number) => {
      if (step < warmupSteps) return (lr0 * (step + 1)) / warmupSteps;
      const t = Math.min(step - warmupSteps, decaySteps) / decaySteps;
      return lr0 * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * t)));
    },
    { config: { type: 'cosineDecay' as const, initialLearningRate: lr0, decaySteps, alpha, warmupSteps } },
  );
}

/**
 * Rebuilds a built-in schedule from its saved config (a schedule's `config`).
 *
 * @example
 * const schedule = scheduleFromConfig({ type: 'stepDecay', initialLearningRate: 0.1, decayRate: 0.5, stepSize: 100 });
 * schedule(250); // 0.025
 */
export function scheduleFromConfig(config: ScheduleConfig): LearningRateSchedule {
  if (!config || typeof config !== 'object') throw new TypeError(`scheduleFromConfig: expected a schedule config { type, … }, got ${describe(config)}`);
  const { type, ...options } = config as ScheduleConfig & Record<string, unknown>;
  switch (type) {
    case 'stepDecay':
      return stepDecay(options as StepDecayOptions);
    case 'exponentialDecay':
      return exponentialDecay(options as ExponentialDecayOptions);
    case 'cosineDecay':
      return cosineDecay(options as CosineDecayOptions);
    default:
      throw new RangeError(
        `scheduleFromConfig: expected type stepDecay, exponentialDecay or cosineDecay, got ${JSON.stringify(type)}`,
      );
  }
}

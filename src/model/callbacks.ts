import { checkBoolean, checkInteger, checkNumber, checkOptions, describe } from '../errors.js';

/** What fit reports to callbacks after a batch or an epoch. */
export interface Logs {
  /** Mean loss so far in the epoch (after a batch) or over the epoch. */
  loss: number;
  /** The learning rate of the last step. */
  learningRate: number;
  /** Milliseconds since the epoch (or the batch) began. */
  time: number;
  /** Metrics by name (`accuracy`), and on validation `valLoss`, `valAccuracy`. */
  [metric: string]: number;
}

/** The model as callbacks see it: they may stop training. */
export interface TrainingControl {
  /** Set to true to end fit after the current epoch. */
  stopTraining: boolean;
  /** A copy of the current param values, and a way to put such a copy back. */
  getWeights(): Float32Array[];
  /** Puts back values from `getWeights()`. */
  setWeights(weights: readonly Float32Array[]): void;
}

/** What `fit` tells callbacks before the first epoch. */
export interface TrainingInfo {
  /** The names every epoch's logs will hold: `loss`, `learningRate`, `time`, each metric, and `valLoss`, `val…` with validation. */
  readonly logs: readonly string[];
  /** The epochs fit will run (fewer if a callback stops it). */
  readonly epochs: number;
}

/**
 * Hooks into `fit`. Every hook is optional and may be async (fit awaits it).
 * `epoch` and `batch` count from 0.
 */
export interface Callback {
  /**
   * Before the first epoch, with the model (to stop it or to save and restore its weights)
   * and what training will log; throwing here stops fit before any step.
   */
  onTrainBegin?(model: TrainingControl, info: TrainingInfo): void | Promise<void>;
  /** After the last epoch, with the last epoch's logs (undefined if no epoch ran). */
  onTrainEnd?(logs: Logs | undefined): void | Promise<void>;
  /** Before each epoch. */
  onEpochBegin?(epoch: number): void | Promise<void>;
  /** After each epoch, with its mean loss, metrics and (with validation) `valLoss`, `valAccuracy`. */
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  /** After each batch, with the epoch's running mean loss and metrics so far. */
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** The series a {@link History} holds: `loss` and `learningRate` always, others by name. */
export interface HistorySeries {
  /** The mean training loss of each epoch. */
  loss: number[];
  /** The learning rate of each epoch's last step. */
  learningRate: number[];
  /** Each metric (`accuracy`) and validation figure (`valLoss`, `valAccuracy`), when fit logs it. */
  [name: string]: number[];
}

/**
 * Per-epoch loss and metrics returned by `fit`.
 *
 * @example
 * const { history } = await model.fit(x, y, { epochs: 20, validationSplit: 0.2 });
 * history.loss;        // one number per epoch
 * history.valAccuracy; // with metrics: ['accuracy'] and validation data
 */
export class History {
  /** The epochs run, from 0. */
  readonly epoch: number[] = [];
  /** The series by name: `loss`, `learningRate`, and each metric and validation figure (`accuracy`, `valLoss`, `valAccuracy`). */
  readonly history: HistorySeries = { loss: [], learningRate: [] };

  /** Appends one epoch's logs (every entry but `time`); `fit` calls it. */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      if (key === 'time') continue;
      (this.history[key] ??= []).push(value);
    }
  }
}

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** The quantity watched, e.g. `valLoss` (default), `loss`, `valAccuracy`. */
  monitor?: string;
  /** Epochs without improvement to wait before stopping. Default 0. */
  patience?: number;
  /** The smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** `min` for losses, `max` for accuracies; default: `max` if the name contains "accuracy". */
  mode?: 'min' | 'max';
  /** Put back the weights of the best epoch when stopping. Default false. */
  restoreBestWeights?: boolean;
}

/**
 * Stops `fit` when the monitored quantity has not improved for `patience` epochs.
 * @example
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [earlyStopping({ patience: 5, restoreBestWeights: true })] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback & { readonly stoppedEpoch: number | null } {
  options = checkOptions(options, 'earlyStopping', ['monitor', 'patience', 'minDelta', 'mode', 'restoreBestWeights']);
  const monitor = options.monitor ?? 'valLoss';
  if (typeof monitor !== 'string') throw new TypeError(`earlyStopping: expected monitor as the name of a log such as 'valLoss', got ${describe(monitor)}`);
  const patience = checkInteger(options.patience ?? 0, 'earlyStopping', 'patience', 0);
  const minDelta = checkNumber(options.minDelta ?? 0, 'earlyStopping', 'minDelta', 'to be ≥ 0', (v) => v >= 0);
  const mode = options.mode ?? (monitor.toLowerCase().includes('accuracy') ? 'max' : 'min');
  if (mode !== 'min' && mode !== 'max') throw new RangeError(`earlyStopping: expected mode 'min' or 'max', got ${JSON.stringify(mode)}`);
  const restoreBestWeights = checkBoolean(options.restoreBestWeights, 'earlyStopping', 'restoreBestWeights', false);
  const missing = (logs: readonly string[]) => {
    const validation = /^val[A-Z]/.test(monitor);
    const hint = validation && !logs.includes('valLoss')
      ? 'use validationSplit or validationData to get valLoss'
      : `compile with metrics: ['${validation ? monitor[3].toLowerCase() + monitor.slice(4) : monitor}'] if it is a metric`;
    return new RangeError(`earlyStopping: expected logs to contain '${monitor}', got ${logs.join(', ')} (${hint})`);
  };
  let model: TrainingControl | null = null;
  let best = Infinity, wait = 0, bestWeights: Float32Array[] | null = null;
  const state = {
    stoppedEpoch: null as number | null,
    onTrainBegin(m: TrainingControl, info?: TrainingInfo) {
      // A quantity that will never be logged is refused before the first epoch.
      if (info && !info.logs.includes(monitor)) throw missing(info.logs);
      model = m;
      best = Infinity;
      wait = 0;
      bestWeights = null;
      state.stoppedEpoch = null;
    },
    onEpochEnd(epoch: number, logs: Logs) {
      if (!Object.hasOwn(logs, monitor)) throw missing(Object.keys(logs));
      const value = logs[monitor];
      const score = mode === 'min' ? value : -value;
      if (score < best - minDelta) {
        best = score;
        wait = 0;
        if (restoreBestWeights) bestWeights = model!.getWeights();
      } else if (++wait > patience) {
        model!.stopTraining = true;
        state.stoppedEpoch = epoch;
        if (bestWeights) model!.setWeights(bestWeights);
      }
    },
  };
  return state;
}

// One line that says what the loss curves and the neurons show, computed from the
// numbers: a divergence, a rising loss, dead ReLUs, saturated neurons, a plateau,
// overfitting, or plain progress.

const fmt = (v) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * `history`: `{ train: number[], test: number[] }`, the losses per epoch;
 * `health`: `{ dead, saturated, total }` from Network.neuronHealth; `settings`: the
 * learning rate, activation and regularization; `diverged`: the epoch at which the
 * loss went non-finite, or null. Returns `{ kind, text }`.
 */
export function explain(history, health, settings, diverged) {
  const { train, test } = history;
  const epochs = train.length;
  const lr = settings.learningRate;
  if (diverged !== null) {
    return {
      kind: 'diverged',
      text: `The loss became NaN/∞ at epoch ${diverged} and training stopped: the steps overshoot so far that the weights blow up. The learning rate η = ${lr} is too high; lower it and press Reset.`,
    };
  }
  if (epochs < 10) return { kind: 'start', text: epochs === 0 ? 'Press Play or Step to train.' : 'Training has just started.' };
  const now = train[epochs - 1];
  const recent = mean(train.slice(-5)), before = mean(train.slice(-10, -5));
  if (recent > before * 1.05 && recent > Math.min(...train) * 1.3 && recent - before > 0.02) {
    return {
      kind: 'rising',
      text: `The training loss is rising (${fmt(before)} → ${fmt(recent)} over the last 10 epochs): each step jumps past the minimum. The learning rate η = ${lr} is too high; lower it.`,
    };
  }
  const last20 = train.slice(-21);
  let ups = 0;
  for (let i = 1; i < last20.length; i++) if (last20[i] > last20[i - 1]) ups++;
  if (ups >= 8 && now > 0.1 && Math.max(...last20) > 1.5 * Math.min(...last20)) {
    return {
      kind: 'unstable',
      text: `The training loss jumps up and down (between ${fmt(Math.min(...last20))} and ${fmt(Math.max(...last20))}, up in ${ups} of the last 20 epochs): the steps are too large to settle into a minimum. Lower the learning rate η = ${lr}.`,
    };
  }
  if (health.dead > 0 && health.dead >= health.total / 2 && now > 0.2) {
    return {
      kind: 'dead',
      text: `${health.dead} of ${health.total} ReLU neurons are dead: z < 0 on every training point, so their output and gradient are 0 and they never learn again. The loss is stuck at ${fmt(now)}. Lower the learning rate, use leaky ReLU, or try another seed.`,
    };
  }
  const span = Math.min(50, epochs - 1);
  const old = train[epochs - 1 - span];
  const flat = Math.abs(old - now) < 0.02 * old;
  if (flat && now > 0.2 && epochs >= 30) {
    if (health.saturated > 0 && health.saturated >= health.total / 2) {
      return {
        kind: 'saturated',
        text: `The loss is flat at ${fmt(now)} and ${health.saturated} of ${health.total} neurons are saturated (output pinned near its limits on 90% of the points), where the activation's slope, and so the gradient, is almost 0. Lower the learning rate or use fewer features with large values (x₁², x₂²).`,
      };
    }
    if (Math.abs(now - Math.LN2) < 0.02) {
      return {
        kind: 'chance',
        text: `The loss is stuck at ${fmt(now)} ≈ ln 2, the loss of predicting 50% everywhere: the network has learned nothing${lr >= 0.3 ? `. The first steps at η = ${lr} were so large that the neurons stopped responding; lower the learning rate and press Reset` : '; add neurons or features, or try another seed'}.`,
      };
    }
    if (settings.regularization !== 'none' && settings.regRate >= 0.03) {
      return {
        kind: 'regularized',
        text: `The loss is flat at ${fmt(now)}: the ${settings.regularization.toUpperCase()} penalty (rate ${settings.regRate}) pulls the weights to 0 as hard as the data pulls them apart. Lower the regularization rate.`,
      };
    }
    return {
      kind: 'plateau',
      text: `The loss has been flat at ${fmt(now)} for ${span} epochs: this network cannot bend its boundary any further. Add neurons or layers, or features such as x₁² and sin x₁.`,
    };
  }
  const bestTest = Math.min(...test);
  const testNow = test[epochs - 1];
  if (epochs >= 30 && testNow > bestTest * 1.15 + 0.01 && train[epochs - 1] < train[epochs - 21]) {
    return {
      kind: 'overfitting',
      text: `The test loss rose from its best, ${fmt(bestTest)}, to ${fmt(testNow)} while the training loss keeps falling: the network is fitting the noise of the training points (overfitting). Try L2 regularization or a smaller network.`,
    };
  }
  if (now < 0.1 && testNow < 0.15) {
    return { kind: 'converged', text: `Converged: training loss ${fmt(now)}, test loss ${fmt(testNow)}. The boundary separates the classes.` };
  }
  const earlier = train[Math.max(0, epochs - 21)];
  if (now >= earlier) {
    return { kind: 'slow', text: `The training loss went from ${fmt(earlier)} to ${fmt(now)} over the last 20 epochs, not down: watch whether it settles, or lower the learning rate η = ${lr}.` };
  }
  return { kind: 'learning', text: `Learning: the training loss fell from ${fmt(earlier)} to ${fmt(now)} over the last ${Math.min(20, epochs - 1)} epochs.` };
}

// The playground section's markup: the controls (each labelled for screen readers),
// the network diagram, the decision boundary with its legend, the loss curves, the
// status lines and the "what is happening" panel.
import { DATASETS } from './data.js';
import { ACTIVATIONS, OPTIMIZERS } from './network.js';

const options = (entries, selected) =>
  entries.map(([value, label]) => `<option value="${value}"${String(value) === String(selected) ? ' selected' : ''}>${label}</option>`).join('');

export const LEARNING_RATES = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

/** The inner HTML of the playground section for the `defaults` settings. */
export function markup(d) {
  return `
  <h2 id="pg-title">Neural network playground</h2>
  <p class="lead">
    Pick a data set, choose the inputs and the layers, and train. Every number comes from neurite running in this
    page: <code>Sequential</code>, <code>Dense</code>, the activations, <code>binaryCrossentropy</code>, and the optimizer's steps.
  </p>
  <div class="pg-layout">
    <form class="pg-controls" autocomplete="off" aria-label="playground settings">
      <fieldset>
        <legend>Data</legend>
        <label for="pg-dataset">Data set</label>
        <select id="pg-dataset">${options(DATASETS.map((s) => [s.id, s.label]), d.dataset)}</select>
        <label for="pg-noise">Noise: <output id="pg-noise-value" for="pg-noise">${d.noise}%</output></label>
        <input id="pg-noise" type="range" min="0" max="50" step="5" value="${d.noise}" />
        <label for="pg-split">Training share: <output id="pg-split-value" for="pg-split">${d.split}%</output></label>
        <input id="pg-split" type="range" min="10" max="90" step="10" value="${d.split}" />
        <label class="pg-check"><input id="pg-show-test" type="checkbox" checked /> show test points</label>
        <button id="pg-regenerate" type="button">Regenerate</button>
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        <label for="pg-activation">Activation</label>
        <select id="pg-activation">${options(Object.entries(ACTIVATIONS).map(([k, v]) => [k, v.label]), d.activation)}</select>
        <label for="pg-learning-rate">Learning rate η</label>
        <select id="pg-learning-rate">${options(LEARNING_RATES.map((v) => [v, v]), d.learningRate)}</select>
        <label for="pg-optimizer">Optimizer</label>
        <select id="pg-optimizer">${options(Object.entries(OPTIMIZERS).map(([k, v]) => [k, v.label]), d.optimizer)}</select>
        <label for="pg-batch">Batch size: <output id="pg-batch-value" for="pg-batch">${d.batchSize}</output></label>
        <input id="pg-batch" type="range" min="1" max="64" step="1" value="${d.batchSize}" />
      </fieldset>
      <fieldset>
        <legend>Regularization</legend>
        <label for="pg-regularization">Penalty</label>
        <select id="pg-regularization">${options([['none', 'none'], ['l1', 'L1 (λ·Σ|w|)'], ['l2', 'L2 (λ·Σw²)']], d.regularization)}</select>
        <label for="pg-reg-rate">Rate λ</label>
        <select id="pg-reg-rate">${options(REG_RATES.map((v) => [v, v]), d.regRate)}</select>
        <label for="pg-seed">Seed</label>
        <input id="pg-seed" type="number" min="0" step="1" value="${d.seed}" />
      </fieldset>
    </form>

    <div class="pg-middle">
      <div class="pg-buttons">
        <button id="pg-play" type="button" class="primary" aria-pressed="false">Play</button>
        <button id="pg-step" type="button">Step</button>
        <button id="pg-reset" type="button">Reset</button>
        <dl class="pg-stats">
          <dt>epoch</dt><dd><span id="pg-epoch" data-value="0">0</span></dd>
          <dt>train loss</dt><dd><span id="pg-train-loss">–</span></dd>
          <dt>test loss</dt><dd><span id="pg-test-loss">–</span></dd>
        </dl>
      </div>
      <div class="pg-net-head">
        <button id="pg-add-layer" type="button" class="pg-mini" aria-label="add a hidden layer">+</button>
        <button id="pg-remove-layer" type="button" class="pg-mini" aria-label="remove a hidden layer">−</button>
        <span id="pg-layer-count" aria-live="polite"></span>
      </div>
      <div id="pg-net" class="pg-net"></div>
      <p id="pg-status" class="pg-status" role="status" aria-live="polite"></p>
      <p id="pg-explain" class="pg-explain" aria-live="polite"></p>
    </div>

    <div class="pg-output">
      <figure>
        <canvas id="pg-boundary" role="img" aria-label="decision boundary: the network's output over the plane, with the data points"></canvas>
        <figcaption>
          <ul class="pg-legend">
            <li><span class="pg-swatch pg-zero"></span>class 0</li>
            <li><span class="pg-swatch pg-one"></span>class 1</li>
            <li><span class="pg-dot pg-train-dot"></span>training point</li>
            <li><span class="pg-dot pg-test-dot"></span>test point (dark ring)</li>
            <li><span class="pg-cross" aria-hidden="true">✕</span>misclassified</li>
          </ul>
          <span class="pg-note">Background: the predicted probability of class 1 over x₁ (across) and x₂ (up), both from −6 to 6. Click a point to follow it below.</span>
        </figcaption>
      </figure>
      <figure>
        <canvas id="pg-losses" role="img" aria-label="training and test loss per epoch"></canvas>
        <figcaption><span class="pg-line pg-train-line"></span>training loss <span class="pg-line pg-test-line"></span>test loss (binary cross-entropy)</figcaption>
      </figure>
    </div>
  </div>
  <section id="pg-inside" class="pg-inside" aria-labelledby="pg-inside-title">
    <h3 id="pg-inside-title">What is happening in one neuron</h3>
    <p class="pg-pick">
      <span id="pg-inside-which"></span>
      <button id="pg-next-point" type="button">Next point</button>
    </p>
    <ol id="pg-inside-steps" class="pg-steps"></ol>
  </section>`;
}

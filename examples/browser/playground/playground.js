// The neural-network playground: a small network learns a two-class data set on the
// plane while the page shows its decision boundary, its loss curves, every neuron's
// output, every weight, a line on what the numbers say, and one neuron's live numbers.
// Training runs an epoch or a few per animation frame, so the page never freezes.
/* global document, window, performance, requestAnimationFrame, ResizeObserver */
import { Tensor } from '../../../dist/neurite.browser.js';
import { FEATURES, EXTENT, featureTensor, gridPoints, makeData } from './data.js';
import { explain } from './diagnose.js';
import { drawBoundary, drawLosses } from './draw.js';
import { renderInside } from './inside.js';
import { markup } from './markup.js';
import { NetView } from './net-view.js';
import { ACTIVATIONS, Network, OPTIMIZERS } from './network.js';

const GRID = 32; // samples per side of each neuron's heat map
const BOUNDARY_GRID = 72; // samples per side of the decision boundary
const POINTS = 400;
const FRAME_BUDGET_MS = 12;
const MAX_EPOCHS_PER_FRAME = 4;

const DEFAULTS = {
  dataset: 'circle', noise: 0, split: 50, features: ['x1', 'x2'], layers: [4, 2], activation: 'tanh',
  learningRate: 0.03, optimizer: 'adam', batchSize: 10, regularization: 'none', regRate: 0.001, seed: 1,
};

export function setupPlayground(section) {
  section.innerHTML = markup(DEFAULTS);
  const $ = (id) => section.querySelector(`#${id}`);
  const s = { ...DEFAULTS, features: [...DEFAULTS.features], layers: [...DEFAULTS.layers], draw: 0 };
  const gridXY = gridPoints(GRID), boundaryXY = gridPoints(BOUNDARY_GRID);
  const featureGrids = FEATURES.map((f) => featureTensor(gridXY, [f.id]).data);
  let data, trainX, trainY, testX, testY, gridX, boundaryX, net;
  let history = { train: [], test: [] }, diverged = null, running = false, loop = 0;
  let selected = { layer: 0, unit: 0 }, point = { kind: 'train', index: 0 }, lastInside = null;
  let queue = Promise.resolve();
  /** Runs `fn` after everything queued before it: training and rebuilding never interleave. */
  const locked = (fn) => {
    const result = queue.then(fn);
    queue = result.catch(() => {});
    return result;
  };

  const view = new NetView($('pg-net'), {
    onFeature: (id) => {
      const on = s.features.includes(id);
      if (on && s.features.length === 1) return say('Keep at least one input feature.');
      s.features = on ? s.features.filter((f) => f !== id) : FEATURES.map((f) => f.id).filter((f) => f === id || s.features.includes(f));
      restart(`${FEATURES.find((f) => f.id === id).label} ${on ? 'removed' : 'added'}: the network has ${s.features.length} inputs now`);
    },
    onNeurons: (l, delta) => {
      const size = s.layers[l] + delta;
      if (size < 1 || size > NetView.limits.neurons) return;
      s.layers[l] = size;
      restart(`hidden layer ${l + 1} has ${size} neuron${size === 1 ? '' : 's'} now`);
    },
    onSelect: (layer, unit) => {
      selected = { layer, unit };
      view.neuronNodes.flat().forEach((n) => n.setAttribute('aria-pressed', String(n.dataset.layer === String(layer) && n.dataset.unit === String(unit))));
      locked(renderInsidePanel);
    },
  });

  function say(text) {
    $('pg-status').textContent = text;
  }

  /** Draws the data, builds the network from the seed, and forgets the history. */
  function rebuild() {
    data = makeData(s.dataset, { n: POINTS, noise: s.noise / 100, trainFraction: s.split / 100, seed: `${s.seed}-${s.draw}` });
    trainX = featureTensor(data.train.points, s.features);
    testX = featureTensor(data.test.points, s.features);
    trainY = new Tensor(data.train.labels, [data.train.labels.length, 1]);
    testY = new Tensor(data.test.labels, [data.test.labels.length, 1]);
    gridX = featureTensor(gridXY, s.features);
    boundaryX = featureTensor(boundaryXY, s.features);
    net = new Network({ ...s, inputs: s.features.length }, s);
    history = { train: [], test: [] };
    diverged = null;
    if (selected.layer > s.layers.length || (selected.layer < s.layers.length && selected.unit >= s.layers[selected.layer])) selected = { layer: 0, unit: 0 };
    if (selected.layer === s.layers.length) selected = { layer: s.layers.length, unit: 0 };
    if (point.index >= data[point.kind].labels.length) point = { kind: 'train', index: 0 };
    view.build(s.features, s.layers, selected);
    $('pg-layer-count').textContent = `${s.layers.length} hidden layer${s.layers.length === 1 ? '' : 's'}`;
    $('pg-add-layer').disabled = s.layers.length >= NetView.limits.layers;
    $('pg-remove-layer').disabled = s.layers.length === 0;
  }

  /** Starts over (a change the trained weights cannot carry over) and says why. */
  function restart(reason) {
    return locked(() => {
      rebuild();
      say(`Reset: ${reason}. The network starts again from seed ${s.seed}${running ? ' and keeps training' : ''}.`);
      render();
    });
  }

  /** Rebuilds the network with its current weights (a new regularizer), and keeps training. */
  function carryOver(reason) {
    return locked(() => {
      net = new Network({ ...s, inputs: s.features.length }, s, net.model.getWeights().map((w) => w.slice()));
      say(`${reason}; the weights are kept and training continues from epoch ${history.train.length}.`);
      render();
    });
  }

  async function trainEpoch() {
    if (diverged !== null) return;
    try {
      await net.epoch(trainX, trainY, s.batchSize);
    } catch (error) {
      diverged = history.train.length + 1;
      setRunning(false);
      say(`Training stopped: ${error.message}`);
      return;
    }
    history.train.push(net.dataLoss(trainX, trainY));
    history.test.push(net.dataLoss(testX, testY));
  }

  function setRunning(on) {
    running = on;
    $('pg-play').textContent = on ? 'Pause' : 'Play';
    $('pg-play').setAttribute('aria-pressed', String(on));
    // While training, the line changes every frame: a screen reader hears it when training pauses.
    $('pg-explain').setAttribute('aria-live', on ? 'off' : 'polite');
    if (on) {
      const mine = ++loop;
      // Training and drawing take turns, each in its own frame: no task holds the page for long.
      const frame = async () => {
        if (!running || mine !== loop) return;
        await locked(async () => {
          const start = performance.now();
          for (let k = 0; k < MAX_EPOCHS_PER_FRAME && running && performance.now() - start < FRAME_BUDGET_MS; k++) await trainEpoch();
        });
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await locked(render);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }
  }

  function predictions(x) {
    return Float32Array.from(net.model.predict(x, { batchSize: 1024 }).data);
  }

  function render() {
    const epochs = history.train.length;
    const last = (series) => series[series.length - 1];
    $('pg-epoch').textContent = String(epochs);
    $('pg-epoch').dataset.value = String(epochs);
    for (const [id, series] of [['pg-train-loss', history.train], ['pg-test-loss', history.test]]) {
      $(id).textContent = epochs ? last(series).toFixed(3) : '–';
      $(id).dataset.value = epochs ? String(last(series)) : '';
    }
    const outputs = net.layerOutputs(gridX);
    const px = Math.min(360, Math.max(200, section.querySelector('.pg-layout > .pg-output').clientWidth - 2));
    const sets = [
      { kind: 'train', ...data.train, predictions: predictions(trainX) },
      { kind: 'test', ...data.test, predictions: predictions(testX) },
    ];
    drawBoundary($('pg-boundary'), px, BOUNDARY_GRID, predictions(boundaryX), sets, $('pg-show-test').checked, data[point.kind].points.subarray(2 * point.index, 2 * point.index + 2));
    drawLosses($('pg-losses'), px, 140, history);
    view.update(net, GRID, outputs, featureGrids);
    const health = net.neuronHealth(net.layerOutputs(trainX));
    const line = explain(history, health, s, diverged);
    $('pg-explain').textContent = line.text;
    $('pg-explain').dataset.kind = line.kind;
    renderInsidePanel();
  }

  function renderInsidePanel() {
    const { layer, unit } = selected;
    const set = data[point.kind];
    const x = point.kind === 'train' ? trainX : testX;
    const k = s.features.length;
    const features = x.data.subarray(point.index * k, point.index * k + k);
    const label = set.labels[point.index];
    const r = (lastInside = net.inspect(layer, unit, features, label));
    const isOutput = layer === s.layers.length;
    const inputNames = layer === 0 ? s.features.map((id) => FEATURES.find((f) => f.id === id).label) : Array.from({ length: s.layers[layer - 1] }, (_v, i) => `layer ${layer} · neuron ${i + 1}`);
    const who = isOutput ? 'The output neuron (sigmoid)' : `Neuron ${unit + 1} of hidden layer ${layer + 1} (${ACTIVATIONS[s.activation].label})`;
    const [x1, x2] = set.points.subarray(2 * point.index, 2 * point.index + 2);
    $('pg-inside-which').textContent = `${who}, on ${point.kind === 'train' ? 'training' : 'test'} point #${point.index + 1}: x₁ = ${x1.toFixed(2)}, x₂ = ${x2.toFixed(2)}, class ${label}. Click another neuron in the network, or a point on the map.`;
    renderInside($('pg-inside-steps'), r, { inputNames, learningRate: s.learningRate, optimizer: s.optimizer, regularization: s.regularization });
  }

  // Controls that start over.
  const resetting = {
    'pg-dataset': (v) => ((s.dataset = v), `the data set is ${$('pg-dataset').selectedOptions[0].text} now`),
    'pg-noise': (v) => ((s.noise = Number(v)), `the data were drawn again with ${v}% noise`),
    'pg-split': (v) => ((s.split = Number(v)), `${v}% of the points are for training now`),
    'pg-activation': (v) => ((s.activation = v), `the activation is ${ACTIVATIONS[v].label} now`),
    'pg-seed': (v) => ((s.seed = Math.max(0, Math.floor(Number(v) || 0))), `the seed is ${s.seed} now`),
  };
  for (const [id, apply] of Object.entries(resetting)) $(id).addEventListener('change', (event) => restart(apply(event.target.value)));
  $('pg-noise').addEventListener('input', (e) => ($('pg-noise-value').textContent = `${e.target.value}%`));
  $('pg-split').addEventListener('input', (e) => ($('pg-split-value').textContent = `${e.target.value}%`));
  $('pg-regenerate').addEventListener('click', () => {
    s.draw++;
    restart('new points were drawn');
  });
  $('pg-add-layer').addEventListener('click', () => {
    if (s.layers.length >= NetView.limits.layers) return;
    s.layers.push(s.layers.length ? s.layers[s.layers.length - 1] : 4);
    restart(`${s.layers.length} hidden layers now`);
  });
  $('pg-remove-layer').addEventListener('click', () => {
    if (s.layers.length === 0) return;
    s.layers.pop();
    restart(`${s.layers.length} hidden layer${s.layers.length === 1 ? '' : 's'} now`);
  });

  // Controls that training carries on with.
  $('pg-learning-rate').addEventListener('change', (e) => {
    s.learningRate = Number(e.target.value);
    // The optimizer refused the step that went non-finite, so the weights are intact: training may go on.
    const resumed = diverged !== null;
    diverged = null;
    say(`Learning rate η = ${s.learningRate} from the next step on; training ${resumed ? 'can go on' : 'continues'} from epoch ${history.train.length}.`);
    locked(renderInsidePanel);
  });
  $('pg-batch').addEventListener('input', (e) => {
    s.batchSize = Number(e.target.value);
    $('pg-batch-value').textContent = e.target.value;
    say(`Batch size ${s.batchSize} from the next epoch on; training continues.`);
  });
  $('pg-optimizer').addEventListener('change', (e) => {
    s.optimizer = e.target.value;
    locked(() => {
      net.setOptimizer(s.optimizer, s);
      say(`Optimizer ${OPTIMIZERS[s.optimizer].label} from the next step on (its running averages start fresh); the weights are kept and training continues.`);
      renderInsidePanel();
    });
  });
  $('pg-regularization').addEventListener('change', (e) => {
    s.regularization = e.target.value;
    carryOver(s.regularization === 'none' ? 'No weight penalty now' : `${s.regularization.toUpperCase()} penalty with λ = ${s.regRate} now`);
  });
  $('pg-reg-rate').addEventListener('change', (e) => {
    s.regRate = Number(e.target.value);
    carryOver(`Penalty rate λ = ${s.regRate} now${s.regularization === 'none' ? ' (it applies once a penalty is chosen)' : ''}`);
  });
  $('pg-show-test').addEventListener('change', () => locked(render));

  $('pg-play').addEventListener('click', () => {
    if (!running && diverged !== null) return say('Training diverged: lower the learning rate and press Reset.');
    setRunning(!running);
  });
  $('pg-step').addEventListener('click', () => {
    setRunning(false);
    locked(async () => {
      await trainEpoch();
      render();
    });
  });
  $('pg-reset').addEventListener('click', () => restart('Reset pressed'));
  $('pg-next-point').addEventListener('click', () => {
    point = { kind: point.kind, index: (point.index + 1) % data[point.kind].labels.length };
    locked(render);
  });
  $('pg-boundary').addEventListener('click', (event) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * 2 * EXTENT - EXTENT, y = EXTENT - ((event.clientY - box.top) / box.height) * 2 * EXTENT;
    let best = null;
    for (const kind of $('pg-show-test').checked ? ['train', 'test'] : ['train']) {
      const p = data[kind].points;
      for (let i = 0; i < p.length / 2; i++) {
        const d = (p[2 * i] - x) ** 2 + (p[2 * i + 1] - y) ** 2;
        if (!best || d < best.d) best = { d, kind, index: i };
      }
    }
    if (best) point = { kind: best.kind, index: best.index };
    locked(render);
  });

  // A new width lays the diagram and the plots out again (a new height, from text that changed, does not).
  let pending = false, laidOutWidth = section.clientWidth;
  new ResizeObserver(() => {
    if (pending || section.clientWidth === laidOutWidth) return;
    laidOutWidth = section.clientWidth;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      locked(() => {
        view.build(s.features, s.layers, selected);
        render();
      });
    });
  }).observe(section);

  // A hook for tests and the console: runs `epochs` epochs at once (training paused), then draws.
  const api = {
    runEpochs: (epochs) =>
      locked(async () => {
        setRunning(false);
        for (let i = 0; i < epochs && diverged === null; i++) await trainEpoch();
        render();
        return api.state();
      }),
    state: () => ({
      epoch: history.train.length,
      trainLoss: history.train[history.train.length - 1] ?? null,
      testLoss: history.test[history.test.length - 1] ?? null,
      weights: net.allWeights(),
      layers: [...s.layers],
      features: [...s.features],
      explain: $('pg-explain').dataset.kind,
    }),
    idle: () => locked(() => api.state()),
    /** The numbers the "what is happening" panel shows now. */
    inside: () => locked(() => ({ ...lastInside, selected: { ...selected }, point: { ...point } })),
  };
  window.neuritePlayground = api;
  rebuild();
  say('Press Play to train, or Step for one epoch.');
  render();
  return api;
}

setupPlayground(document.getElementById('playground'));

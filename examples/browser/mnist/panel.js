// The MNIST section: a convnet trained in a Web Worker (train-worker.js) on the demo's
// 10,000 + 2,000 digit subset, with Start/Pause, live loss and accuracy curves, the
// confusion matrix, the misclassified digits and the first layer's filters. The page only
// draws what the worker reports, so it never waits for training; and it draws one piece
// per animation frame (see `later`), so no single task on the main thread grows long.
/* global document, performance, requestAnimationFrame, URL, Worker */
import { drawChart } from '../chart.js';
import { colors, onWidthChange } from '../plot.js';
import { createConfusion, createWrong, showFilters } from './views.js';

const IDLE_TEXT = 'Press Start to train a convnet on the digits, in a Web Worker.';

/**
 * Runs `job` in a coming animation frame, one job per frame; a job queued again under the
 * same key before it ran replaces the older one (only the newest figures are drawn).
 */
function createScheduler() {
  const jobs = new Map();
  let scheduled = false;
  const run = () => {
    const [key, job] = jobs.entries().next().value;
    jobs.delete(key);
    job();
    scheduled = jobs.size > 0;
    if (scheduled) requestAnimationFrame(run);
  };
  return (key, job) => {
    jobs.set(key, job);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(run);
    }
  };
}

export function setupMnist({ onModel }) {
  const $ = (id) => document.getElementById(id);
  const section = $('mnist');
  const button = $('mnist-start'), resetButton = $('mnist-reset'), epochsSelect = $('mnist-epochs');
  const status = $('mnist-status'), progress = $('mnist-progress');
  const lossCanvas = $('mnist-loss'), accuracyCanvas = $('mnist-accuracy');
  const updateConfusion = createConfusion($('mnist-confusion'));
  const updateWrong = createWrong($('mnist-wrong'));
  const later = createScheduler();

  let worker = null, state = 'idle', total = 0, trainCount = 10000, testCount = 2000, epochs = 1;
  let trainLoss = [], testLoss = [], trainAccuracy = [], testAccuracy = [];
  let runStarted = 0, pausedAt = 0, pausedFor = 0;

  function setState(next, text) {
    state = next;
    section.dataset.state = next;
    const running = next === 'training' || next === 'loading';
    button.textContent = running ? 'Pause' : next === 'paused' || next === 'pausing' ? 'Resume' : next === 'done' ? 'Train again' : 'Start';
    button.setAttribute('aria-pressed', String(running));
    button.setAttribute('aria-disabled', String(next === 'pausing'));
    epochsSelect.disabled = running || next === 'paused' || next === 'pausing';
    if (text) status.textContent = text;
  }

  function drawCurves() {
    const xLabel = 'training digits seen';
    drawChart(lossCanvas, [
      { label: 'train', color: colors.zero, points: trainLoss },
      { label: 'test', color: colors.one, dash: [6, 4], points: testLoss },
    ], { log: true, xLabel, xMax: total, empty: 'press Start' });
    const percent = (v) => `${(v * 100).toFixed(v > 0.9 && v < 1 ? 1 : 0)}%`;
    drawChart(accuracyCanvas, [
      { label: 'train', color: colors.zero, points: trainAccuracy },
      { label: 'test', color: colors.one, dash: [6, 4], points: testAccuracy },
    ], { yRange: [0, 1], xLabel, xMax: total, format: percent, empty: 'press Start', legend: 'bottom' });
  }

  function clear() {
    worker?.terminate();
    worker = null;
    trainLoss = [];
    testLoss = [];
    trainAccuracy = [];
    testAccuracy = [];
    $('mnist-test-accuracy').textContent = '–';
    progress.textContent = '';
    delete section.dataset.accuracy;
    delete section.dataset.seen;
    delete section.dataset.seconds;
  }

  function start() {
    clear();
    epochs = Number(epochsSelect.value);
    total = epochs * trainCount;
    pausedFor = 0;
    runStarted = performance.now();
    worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => receive(data);
    worker.onerror = (event) => setState('error', `The worker failed: ${event.message}`);
    worker.postMessage({ type: 'start', epochs, seed: 1, batchSize: 32 });
    setState('loading', 'Loading the digits in the worker…');
    later('curves', drawCurves);
  }

  function receive(data) {
    if (data.type === 'loaded') {
      trainCount = data.train;
      testCount = data.test;
      total = epochs * trainCount;
      section.dataset.loadMs = String(Math.round(data.ms));
      $('mnist-data-info').textContent =
        `${data.train.toLocaleString('en')} training and ${data.test.toLocaleString('en')} test digits, ` +
        `${(data.bytes / 1e6).toFixed(1)} MB gzipped, fetched and unpacked in ${Math.round(data.ms)} ms.`;
      if (state === 'loading') setState('training', 'Training…');
    } else if (data.type === 'progress') {
      trainLoss.push([data.seen, data.loss]);
      trainAccuracy.push([data.seen, data.accuracy]);
      progress.textContent = progressText(data, epochs); // not a live region: it changes every few batches
      later('curves', drawCurves);
    } else if (data.type === 'evaluation') {
      testLoss.push([data.seen, data.loss]);
      testAccuracy.push([data.seen, data.accuracy]);
      section.dataset.accuracy = String(data.accuracy);
      section.dataset.seen = String(data.seen);
      $('mnist-test-accuracy').textContent = `${(data.accuracy * 100).toFixed(1)}%`;
      later('curves', drawCurves);
      later('confusion', () => updateConfusion(data.confusion));
      later('wrong', () => updateWrong(data.wrong));
      later('filters', () => showFilters($('mnist-filters'), data.filters));
      const description = `trained here on ${data.seen.toLocaleString('en')} digits, ${(data.accuracy * 100).toFixed(1)}% on the ${testCount.toLocaleString('en')} test digits`;
      later('model', () => onModel(data.model, description));
    } else if (data.type === 'paused') {
      setState('paused', `Paused after ${data.seen.toLocaleString('en')} digits. The pad above can use the model as it is now.`);
    } else if (data.type === 'done') {
      const seconds = (performance.now() - runStarted - pausedFor) / 1000;
      section.dataset.seconds = seconds.toFixed(1);
      progress.textContent = '';
      setState('done', `Done: ${total.toLocaleString('en')} digits in ${seconds.toFixed(1)} s, ` +
        `${(testAccuracy.at(-1)[1] * 100).toFixed(1)}% on the ${testCount.toLocaleString('en')} test digits.`);
      worker.terminate();
      worker = null;
    } else if (data.type === 'error') {
      setState('error', `Training stopped: ${data.message}`);
    }
  }

  button.addEventListener('click', () => {
    if (state === 'idle' || state === 'done' || state === 'error') start();
    else if (state === 'training' || state === 'loading') {
      worker.postMessage({ type: 'pause' });
      pausedAt = performance.now();
      setState('pausing', 'Pausing at the end of this batch…'); // the worker answers 'paused'
    } else if (state === 'paused') {
      pausedFor += performance.now() - pausedAt;
      worker.postMessage({ type: 'resume' });
      setState('training', 'Training…');
    }
  });
  resetButton.addEventListener('click', () => {
    clear();
    setState('idle', IDLE_TEXT);
    later('curves', drawCurves);
  });

  setState('idle', IDLE_TEXT);
  drawCurves();
  onWidthChange(lossCanvas.parentElement, () => later('curves', drawCurves));
}

function progressText(data, epochs) {
  return `Epoch ${data.epoch + 1} of ${epochs}: ${data.seen.toLocaleString('en')} digits seen, ` +
    `running loss ${data.loss.toFixed(3)}, accuracy ${(data.accuracy * 100).toFixed(1)}% on this epoch's batches so far.`;
}

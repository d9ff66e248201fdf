// The XOR playground: a 2 → hidden → 1 network trained live. The heat map is the
// network's output over the plane; the loss curve is the per-epoch training loss.
/* global document, requestAnimationFrame */
import { Adam, Dense, LeakyReLU, ReLU, SGD, Sequential, Sigmoid, Tanh, Tensor } from '../../dist/neurite.browser.js';
import { colors, formatTick, mix, prepareCanvas, scale } from './plot.js';

const X = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
const Y = Tensor.from([[0], [1], [1], [0]]);
const LOW = -0.25, HIGH = 1.25; // the plotted square of the plane
const GRID = 64; // heat-map samples per side
const EPOCHS_PER_FRAME = 5;
const MAX_EPOCHS = 3000;

const ZERO = [47, 111, 208], ONE = [224, 123, 18], WHITE = [255, 255, 255];

const activations = {
  sigmoid: () => new Sigmoid(),
  tanh: () => new Tanh(),
  relu: () => new ReLU(),
  leakyRelu: () => new LeakyReLU({ alpha: 0.1 }),
};

function makeOptimizer(name, learningRate) {
  if (name === 'sgd') return new SGD({ learningRate });
  if (name === 'momentum') return new SGD({ learningRate, momentum: 0.9 });
  return new Adam({ learningRate });
}

/** Every point of the heat-map grid as one [GRID², 2] batch, row 0 at the top (x₂ = HIGH). */
function gridInputs() {
  const data = new Float32Array(GRID * GRID * 2);
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++) {
      const k = (row * GRID + col) * 2;
      data[k] = LOW + ((col + 0.5) / GRID) * (HIGH - LOW);
      data[k + 1] = HIGH - ((row + 0.5) / GRID) * (HIGH - LOW);
    }
  }
  return new Tensor(data, [GRID * GRID, 2]);
}

export function setupXor() {
  const $ = (id) => document.getElementById(id);
  const controls = {
    activation: $('xor-activation'),
    hidden: $('xor-hidden'),
    learningRate: $('xor-learning-rate'),
    optimizer: $('xor-optimizer'),
    seed: $('xor-seed'),
  };
  const trainButton = $('xor-train');
  const heat = prepareCanvas($('xor-heatmap'));
  const curve = prepareCanvas($('xor-loss-curve'));
  const grid = gridInputs();
  const offscreen = document.createElement('canvas');
  offscreen.width = offscreen.height = GRID;
  const offscreenCtx = offscreen.getContext('2d');
  const pixels = offscreenCtx.createImageData(GRID, GRID);

  let model, losses, running = false, generation = 0;

  function reset() {
    generation++;
    running = false;
    trainButton.textContent = 'Train';
    const hidden = Number(controls.hidden.value);
    $('xor-hidden-value').textContent = String(hidden);
    model = new Sequential(
      [new Dense(2, hidden), activations[controls.activation.value](), new Dense(hidden, 1), new Sigmoid()],
      { seed: Number(controls.seed.value) || 0 },
    );
    model.compile({
      optimizer: makeOptimizer(controls.optimizer.value, Number(controls.learningRate.value)),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    losses = [];
    draw();
  }

  async function train() {
    const mine = generation;
    running = true;
    trainButton.textContent = 'Pause';
    while (running && mine === generation && losses.length < MAX_EPOCHS) {
      const history = await model.fit(X, Y, { epochs: EPOCHS_PER_FRAME, batchSize: 4, shuffle: false });
      if (mine !== generation) return; // reset while fit was running
      losses.push(...history.history.loss);
      draw();
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    if (mine === generation) {
      running = false;
      trainButton.textContent = losses.length >= MAX_EPOCHS ? 'Done' : 'Train';
    }
  }

  function draw() {
    const output = model.predict(X).data;
    const { loss, accuracy } = model.evaluate(X, Y);
    $('xor-epoch').textContent = String(losses.length);
    $('xor-epoch').dataset.value = String(losses.length);
    $('xor-loss').textContent = loss.toFixed(4);
    $('xor-loss').dataset.value = String(loss);
    $('xor-accuracy').textContent = `${Math.round(accuracy * 100)}%`;
    $('xor-predictions').textContent =
      'predictions: ' + [0, 1, 2, 3].map((i) => `(${X.data[2 * i]}, ${X.data[2 * i + 1]}) → ${output[i].toFixed(3)}`).join('  ·  ');
    drawHeatmap(output);
    drawLossCurve();
  }

  function drawHeatmap(output) {
    const values = model.predict(grid, { batchSize: GRID * GRID }).data;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      // A diverging map: white at 0.5, stronger blue towards 0, stronger orange towards 1.
      const c = v < 0.5 ? mix(WHITE, ZERO, (0.5 - v) * 1.7) : mix(WHITE, ONE, (v - 0.5) * 1.7);
      pixels.data.set([c[0], c[1], c[2], 255], i * 4);
    }
    offscreenCtx.putImageData(pixels, 0, 0);
    const { ctx, width, height } = heat;
    const pad = { left: 30, right: 10, top: 10, bottom: 30 };
    const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
    ctx.clearRect(0, 0, width, height);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(offscreen, pad.left, pad.top, w, h);
    const sx = scale(LOW, HIGH, pad.left, pad.left + w), sy = scale(LOW, HIGH, pad.top + h, pad.top);

    // The 0.5 contour, where the prediction flips.
    ctx.strokeStyle = 'rgba(31, 36, 48, 0.55)';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    contour(values, (x0, y0, x1, y1) => {
      ctx.moveTo(pad.left + (x0 / GRID) * w, pad.top + (y0 / GRID) * h);
      ctx.lineTo(pad.left + (x1 / GRID) * w, pad.top + (y1 / GRID) * h);
    });
    ctx.stroke();

    ctx.strokeStyle = colors.axis;
    ctx.lineWidth = 1;
    ctx.strokeRect(pad.left, pad.top, w, h);
    ctx.fillStyle = colors.muted;
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    for (const t of [0, 1]) {
      ctx.fillText(String(t), sx(t), pad.top + h + 16);
      ctx.fillText(String(t), pad.left - 12, sy(t) + 4);
    }
    ctx.fillText('x₁', pad.left + w / 2, pad.top + h + 24);
    ctx.fillText('x₂', pad.left - 18, pad.top + h / 2);

    for (let i = 0; i < 4; i++) {
      const x = X.data[2 * i], y = X.data[2 * i + 1], target = Y.data[i];
      ctx.beginPath();
      ctx.arc(sx(x), sy(y), 9, 0, Math.PI * 2);
      ctx.fillStyle = target ? colors.one : colors.zero;
      ctx.fill();
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      const correct = (output[i] > 0.5 ? 1 : 0) === target;
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = correct ? colors.ink : '#d11';
      ctx.beginPath();
      ctx.arc(sx(x), sy(y), 11, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  function drawLossCurve() {
    const { ctx, width, height } = curve;
    const pad = { left: 52, right: 14, top: 12, bottom: 34 };
    const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
    ctx.clearRect(0, 0, width, height);
    const epochs = Math.max(100, losses.length);
    const finite = losses.filter((v) => v > 0 && Number.isFinite(v));
    const top = Math.max(1, ...finite);
    const bottom = Math.min(1e-3, ...finite);
    const logTop = Math.ceil(Math.log10(top)), logBottom = Math.floor(Math.log10(bottom));
    const sx = scale(0, epochs, pad.left, pad.left + w);
    const sy = scale(logBottom, logTop, pad.top + h, pad.top);

    ctx.font = '12px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    for (let e = logBottom; e <= logTop; e++) {
      ctx.strokeStyle = colors.grid;
      ctx.beginPath();
      ctx.moveTo(pad.left, sy(e));
      ctx.lineTo(pad.left + w, sy(e));
      ctx.stroke();
      ctx.fillStyle = colors.muted;
      ctx.fillText(formatTick(10 ** e), pad.left - 6, sy(e) + 4);
    }
    ctx.textAlign = 'center';
    const step = niceStep(epochs / 5);
    for (let t = 0; t <= epochs; t += step) ctx.fillText(String(t), sx(t), pad.top + h + 16);
    ctx.fillText('epoch', pad.left + w / 2, pad.top + h + 30);
    ctx.strokeStyle = colors.axis;
    ctx.strokeRect(pad.left, pad.top, w, h);

    if (losses.length > 0) {
      ctx.strokeStyle = colors.zero;
      ctx.lineWidth = 2;
      ctx.beginPath();
      losses.forEach((v, i) => {
        const y = sy(Math.log10(Math.max(v, 10 ** logBottom)));
        if (i === 0) ctx.moveTo(sx(i + 1), y);
        else ctx.lineTo(sx(i + 1), y);
      });
      ctx.stroke();
    } else {
      ctx.fillStyle = colors.muted;
      ctx.fillText('press Train', pad.left + w / 2, pad.top + h / 2);
    }
  }

  trainButton.addEventListener('click', () => {
    if (running) {
      running = false;
      trainButton.textContent = 'Train';
    } else {
      if (losses.length >= MAX_EPOCHS) reset();
      train();
    }
  });
  $('xor-reset').addEventListener('click', reset);
  for (const control of Object.values(controls)) control.addEventListener('change', reset);
  controls.hidden.addEventListener('input', () => ($('xor-hidden-value').textContent = controls.hidden.value));
  reset();
}

function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * Marching squares for the 0.5 level of a GRID × GRID field (row 0 at the top); calls
 * `segment` with grid coordinates, where sample (row, col) sits at (col + 0.5, row + 0.5).
 */
function contour(values, segment) {
  const at = (r, c) => values[r * GRID + c] - 0.5;
  const cross = (a, b) => a / (a - b);
  for (let r = 0; r < GRID - 1; r++) {
    for (let c = 0; c < GRID - 1; c++) {
      const tl = at(r, c), tr = at(r, c + 1), br = at(r + 1, c + 1), bl = at(r + 1, c);
      const points = [];
      if (tl > 0 !== tr > 0) points.push([c + 0.5 + cross(tl, tr), r + 0.5]);
      if (tr > 0 !== br > 0) points.push([c + 1.5, r + 0.5 + cross(tr, br)]);
      if (bl > 0 !== br > 0) points.push([c + 0.5 + cross(bl, br), r + 1.5]);
      if (tl > 0 !== bl > 0) points.push([c + 0.5, r + 0.5 + cross(tl, bl)]);
      if (points.length === 2) segment(points[0][0], points[0][1], points[1][0], points[1][1]);
      else if (points.length === 4) {
        segment(points[0][0], points[0][1], points[3][0], points[3][1]);
        segment(points[1][0], points[1][1], points[2][0], points[2][1]);
      }
    }
  }
}

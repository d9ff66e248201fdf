// Canvas drawing for the playground: heat maps (the decision boundary and each neuron's
// output), the data points with their legend marks, and the train/test loss curves.
/* global document, window */
import { EXTENT } from './data.js';

export const COLORS = {
  ink: '#1f2430',
  muted: '#5d6475',
  grid: '#e6e9ef',
  axis: '#9aa1ae',
  zero: '#2f6fd0',
  one: '#e07b12',
  wrong: '#d11a2a',
  train: '#2f6fd0',
  test: '#e07b12',
};
const ZERO = [47, 111, 208], ONE = [224, 123, 18], WHITE = [255, 255, 255];

/** Sizes a canvas to `width` × `height` CSS pixels with a devicePixelRatio backing store; returns its context. */
export function sizeCanvas(canvas, width, height) {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const w = Math.round(width * ratio), h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/** A diverging colour for t in [-1, 1]: blue below 0, white at 0, orange above. */
export function diverging(t) {
  const s = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const [to, k] = s < 0 ? [ZERO, -s] : [ONE, s];
  return [WHITE[0] + (to[0] - WHITE[0]) * k, WHITE[1] + (to[1] - WHITE[1]) * k, WHITE[2] + (to[2] - WHITE[2]) * k];
}

/** `diverging` at 511 steps of t, packed as RGBA bytes: a heat map is painted by table look-up. */
const STEPS = 255;
const TABLE = new Uint8ClampedArray((2 * STEPS + 1) * 4);
for (let i = 0; i <= 2 * STEPS; i++) {
  const [r, g, b] = diverging(i / STEPS - 1);
  TABLE.set([r, g, b, 255], i * 4);
}

const scratch = document.createElement('canvas');
let image = null;

/**
 * Paints a `size` × `size` field onto `ctx` at (x, y, w, h): `value(i)` for grid cell i
 * (row-major, row 0 at the top) is mapped to a colour by `diverging`.
 */
export function paintField(ctx, size, value, x, y, w, h) {
  if (scratch.width !== size) scratch.width = scratch.height = size;
  const sctx = scratch.getContext('2d');
  if (!image || image.width !== size) image = sctx.createImageData(size, size);
  const pixels = image.data;
  for (let i = 0; i < size * size; i++) {
    const t = value(i);
    const k = Number.isFinite(t) ? Math.round((Math.max(-1, Math.min(1, t)) + 1) * STEPS) * 4 : STEPS * 4;
    pixels[i * 4] = TABLE[k];
    pixels[i * 4 + 1] = TABLE[k + 1];
    pixels[i * 4 + 2] = TABLE[k + 2];
    pixels[i * 4 + 3] = 255;
  }
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(scratch, x, y, w, h);
}

/**
 * The scale of a neuron's output for its heat map: probabilities and sigmoid outputs
 * centre on 0.5; tanh is in [-1, 1]; other outputs are scaled by their largest |value|.
 */
export function outputScale(activation, values) {
  if (activation === 'sigmoid') return (v) => 2 * v - 1;
  if (activation === 'tanh') return (v) => v;
  let max = 1e-6;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  return (v) => v / max;
}

/** Draws one neuron's output (unit `unit` of `values`, `stride` units per point) as a small heat map. */
export function drawNeuron(canvas, px, size, values, stride, unit, activation) {
  const ctx = sizeCanvas(canvas, px, px);
  const column = new Float32Array(size * size);
  for (let i = 0; i < column.length; i++) column[i] = values[i * stride + unit];
  const toT = outputScale(activation, column);
  paintField(ctx, size, (i) => toT(column[i]), 0, 0, px, px);
}

/**
 * The decision boundary: the network's probability over the square, the 0.5 contour's
 * sides in colour, and the points: training points filled, test points with a dark ring,
 * misclassified points crossed in red.
 */
export function drawBoundary(canvas, px, size, probabilities, sets, showTest, highlight = null) {
  const ctx = sizeCanvas(canvas, px, px);
  ctx.clearRect(0, 0, px, px);
  paintField(ctx, size, (i) => (probabilities ? 2 * probabilities[i] - 1 : 0) * 0.75, 0, 0, px, px);
  const at = (v) => ((v + EXTENT) / (2 * EXTENT)) * px;
  const r = Math.max(2.5, px / 110);
  for (const set of sets) {
    if (set.kind === 'test' && !showTest) continue;
    const { points, labels, predictions } = set;
    for (let i = 0; i < labels.length; i++) {
      const x = at(points[2 * i]), y = px - at(points[2 * i + 1]);
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = labels[i] ? COLORS.one : COLORS.zero;
      ctx.fill();
      ctx.lineWidth = set.kind === 'test' ? 1.6 : 1;
      ctx.strokeStyle = set.kind === 'test' ? COLORS.ink : '#fff';
      ctx.stroke();
      if (predictions && (predictions[i] > 0.5 ? 1 : 0) !== labels[i]) {
        const d = r + 1.5;
        ctx.strokeStyle = COLORS.wrong;
        ctx.lineWidth = 1.8;
        ctx.beginPath();
        ctx.moveTo(x - d, y - d);
        ctx.lineTo(x + d, y + d);
        ctx.moveTo(x + d, y - d);
        ctx.lineTo(x - d, y + d);
        ctx.stroke();
      }
    }
  }
  if (highlight) {
    ctx.strokeStyle = COLORS.ink;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(at(highlight[0]), px - at(highlight[1]), r + 5, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, px - 1, px - 1);
}

/** Train and test loss per epoch, on a linear axis from 0. */
export function drawLosses(canvas, width, height, history) {
  const ctx = sizeCanvas(canvas, width, height);
  ctx.clearRect(0, 0, width, height);
  const pad = { left: 40, right: 10, top: 10, bottom: 26 };
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  const finite = [...history.train, ...history.test].filter(Number.isFinite);
  const top = Math.max(0.1, ...finite.slice(-4000)) * 1.05;
  const epochs = Math.max(10, history.train.length);
  const sx = (e) => pad.left + (e / epochs) * w, sy = (v) => pad.top + h - (Math.min(v, top) / top) * h;
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = COLORS.muted;
  ctx.textAlign = 'right';
  for (const t of [0, top / 2, top]) {
    ctx.strokeStyle = COLORS.grid;
    ctx.beginPath();
    ctx.moveTo(pad.left, sy(t));
    ctx.lineTo(pad.left + w, sy(t));
    ctx.stroke();
    ctx.fillText(t.toFixed(2), pad.left - 4, sy(t) + 4);
  }
  ctx.textAlign = 'center';
  ctx.fillText('0', sx(0), pad.top + h + 14);
  ctx.fillText(String(epochs), sx(epochs) - 8, pad.top + h + 14);
  ctx.fillText('epoch', pad.left + w / 2, pad.top + h + 20);
  ctx.strokeStyle = COLORS.axis;
  ctx.strokeRect(pad.left, pad.top, w, h);
  for (const [series, color] of [[history.train, COLORS.train], [history.test, COLORS.test]]) {
    if (series.length === 0) continue;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    series.forEach((v, i) => (i === 0 ? ctx.moveTo(sx(i + 1), sy(v)) : ctx.lineTo(sx(i + 1), sy(v))));
    ctx.stroke();
  }
}

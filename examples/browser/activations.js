// Plots of the four activations and their derivatives, computed by the library's own
// layers: forward gives φ(x); backward with an upstream gradient of ones gives φ′(x).
import { LeakyReLU, ReLU, Sigmoid, Tanh, Tensor } from '../../dist/neurite.browser.js';
import { colors, formatTick, prepareCanvas, scale } from './plot.js';

const SAMPLES = 401;
const X_MIN = -4, X_MAX = 4;

const panels = [
  { title: 'sigmoid', layer: () => new Sigmoid(), yRange: [-0.25, 1.1] },
  { title: 'tanh', layer: () => new Tanh(), yRange: [-1.15, 1.15] },
  { title: 'ReLU', layer: () => new ReLU(), yRange: [-0.6, 2.5] },
  { title: 'leaky ReLU (α = 0.1)', layer: () => new LeakyReLU({ alpha: 0.1 }), yRange: [-0.6, 2.5] },
];

/** φ(x) and φ′(x) at SAMPLES points of [X_MIN, X_MAX], from the layer's forward and backward. */
export function evaluateActivation(layer) {
  const x = new Tensor(new Float32Array(SAMPLES), [1, SAMPLES]);
  for (let i = 0; i < SAMPLES; i++) x.data[i] = X_MIN + ((X_MAX - X_MIN) * i) / (SAMPLES - 1);
  const y = layer.forward(x, false).data.slice();
  const dy = layer.backward(Tensor.ones([1, SAMPLES])).data.slice();
  return { x: x.data, y, dy };
}

export function drawActivations(canvas) {
  const { ctx, width, height } = prepareCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const gap = 18;
  const panelWidth = (width - gap * (panels.length - 1)) / panels.length;
  panels.forEach((panel, index) => {
    const { x, y, dy } = evaluateActivation(panel.layer());
    const left = index * (panelWidth + gap) + 34, right = index * (panelWidth + gap) + panelWidth - 6;
    const top = 26, bottom = height - 26;
    const sx = scale(X_MIN, X_MAX, left, right);
    const sy = scale(panel.yRange[0], panel.yRange[1], bottom, top);

    ctx.font = '600 14px system-ui, sans-serif';
    ctx.fillStyle = colors.ink;
    ctx.textAlign = 'left';
    ctx.fillText(panel.title, left, 16);

    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    for (const t of [-4, -2, 0, 2, 4]) {
      ctx.strokeStyle = t === 0 ? colors.axis : colors.grid;
      ctx.beginPath();
      ctx.moveTo(sx(t), top);
      ctx.lineTo(sx(t), bottom);
      ctx.stroke();
      ctx.fillStyle = colors.muted;
      ctx.textAlign = 'center';
      ctx.fillText(String(t), sx(t), bottom + 14);
    }
    const ticks = panel.yRange[1] > 2 ? [0, 1, 2] : panel.yRange[0] < -1 ? [-1, 0, 1] : [0, 0.5, 1];
    for (const t of ticks) {
      ctx.strokeStyle = t === 0 ? colors.axis : colors.grid;
      ctx.beginPath();
      ctx.moveTo(left, sy(t));
      ctx.lineTo(right, sy(t));
      ctx.stroke();
      ctx.fillStyle = colors.muted;
      ctx.textAlign = 'right';
      ctx.fillText(formatTick(t), left - 5, sy(t) + 4);
    }
    ctx.strokeStyle = colors.axis;
    ctx.strokeRect(left, top, right - left, bottom - top);

    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, right - left, bottom - top);
    ctx.clip();
    plot(ctx, x, dy, sx, sy, colors.one, [6, 4]);
    plot(ctx, x, y, sx, sy, colors.zero, []);
    ctx.restore();

    // Legend
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'left';
    legend(ctx, left + 8, top + 14, colors.zero, [], 'φ(x)');
    legend(ctx, left + 8, top + 30, colors.one, [6, 4], 'φ′(x)');
  });
}

function plot(ctx, x, y, sx, sy, color, dash) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  for (let i = 0; i < x.length; i++) {
    // Break the line at jumps (the derivative of ReLU at 0) instead of drawing a vertical stroke.
    const jump = i > 0 && Math.abs(y[i] - y[i - 1]) > 0.5;
    if (i === 0 || jump) ctx.moveTo(sx(x[i]), sy(y[i]));
    else ctx.lineTo(sx(x[i]), sy(y[i]));
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

function legend(ctx, x, y, color, dash, label) {
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(x - 4, y - 10, 70, 15);
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(x, y - 3);
  ctx.lineTo(x + 24, y - 3);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = colors.ink;
  ctx.fillText(label, x + 30, y + 1);
}

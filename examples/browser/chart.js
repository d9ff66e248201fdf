// Line charts for the demo's curves: the playground's train and test loss, the MNIST
// worker's loss and accuracy. Series of [x, y] points on a linear or log y axis, a legend,
// drawn on a fluid canvas (see fitCanvas).
import { colors, fitCanvas, formatTick, scale } from './plot.js';

/**
 * Draws `series` ([{ label, color, dash, points: [[x, y], …] }]) on `canvas`.
 * Options: `log` (y on a log scale), `yRange` ([min, max] for a linear axis), `xLabel`,
 * `xMin` (default 0), `xMax` (at least), `empty` (text shown before any point), `aspect`,
 * `legend` ('top', the default, or 'bottom': the corner the curves leave free).
 */
export function drawChart(canvas, series, options = {}) {
  const { ctx, width, height } = fitCanvas(canvas, (w) => Math.min(260, Math.max(170, w * (options.aspect ?? 0.55))));
  const pad = { left: 46, right: 10, top: 10, bottom: 34 };
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  ctx.clearRect(0, 0, width, height);
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const xMin = options.xMin ?? 0;
  const xMax = Math.max(options.xMax ?? 1, ...xs);
  const sx = scale(xMin, xMax, pad.left, pad.left + w);

  let sy, ticks;
  if (options.log) {
    const ys = all.map((p) => p[1]).filter((v) => v > 0 && Number.isFinite(v));
    const top = Math.ceil(Math.log10(Math.max(1, ...ys)));
    const bottom = Math.floor(Math.log10(Math.min(0.1, ...ys)));
    const logScale = scale(bottom, top, pad.top + h, pad.top);
    sy = (v) => logScale(Math.log10(Math.max(v, 10 ** bottom)));
    ticks = [];
    for (let e = bottom; e <= top; e++) ticks.push(10 ** e);
    if (ticks.length > 6) ticks = ticks.filter((_, i) => i % 2 === 0);
  } else {
    const [lo, hi] = options.yRange ?? [0, 1];
    sy = scale(lo, hi, pad.top + h, pad.top);
    ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => lo + t * (hi - lo));
  }

  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  for (const t of ticks) {
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(pad.left, sy(t));
    ctx.lineTo(pad.left + w, sy(t));
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(options.format ? options.format(t) : formatTick(t), pad.left - 5, sy(t) + 4);
  }
  ctx.textAlign = 'center';
  const step = niceStep((xMax - xMin) / Math.max(2, Math.floor(w / 80)));
  for (let t = Math.ceil(xMin / step) * step; t <= xMax + 1e-9; t += step) ctx.fillText(formatTick(t), sx(t), pad.top + h + 14);
  ctx.fillText(options.xLabel ?? '', pad.left + w / 2, pad.top + h + 28);
  ctx.strokeStyle = colors.axis;
  ctx.strokeRect(pad.left, pad.top, w, h);

  if (all.length === 0) {
    ctx.fillStyle = colors.muted;
    ctx.fillText(options.empty ?? '', pad.left + w / 2, pad.top + h / 2);
    return;
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(pad.left, pad.top, w, h);
  ctx.clip();
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(sx(x), sy(y)) : ctx.lineTo(sx(x), sy(y))));
    if (s.points.length === 1) ctx.arc(sx(s.points[0][0]), sy(s.points[0][1]), 2, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
  ctx.setLineDash([]);

  // Legend, top or bottom right, each entry with its last value.
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'left';
  series.forEach((s, i) => {
    const y = options.legend === 'bottom' ? pad.top + h - 8 - (series.length - 1 - i) * 16 : pad.top + 14 + i * 16;
    const x = pad.left + w - 150;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(x - 4, y - 11, 152, 16);
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    ctx.moveTo(x, y - 4);
    ctx.lineTo(x + 20, y - 4);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colors.ink;
    const last = s.points.at(-1);
    const value = last ? (options.format ? options.format(last[1]) : last[1].toFixed(3)) : '–';
    ctx.fillText(`${s.label} ${value}`, x + 26, y);
  });
}

export function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

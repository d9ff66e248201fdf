// Small canvas helpers shared by the demo's panels.
/* global window, ResizeObserver */

export const colors = {
  ink: '#1f2430',
  muted: '#5d6475',
  grid: '#e6e9ef',
  axis: '#9aa1ae',
  zero: '#2f6fd0',
  one: '#e07b12',
};

/**
 * Prepares a canvas for drawing in CSS pixels: its width/height attributes are its
 * CSS size, the backing store is scaled by devicePixelRatio so lines stay sharp.
 */
export function prepareCanvas(canvas) {
  const width = Number(canvas.dataset.width ?? canvas.width);
  const height = Number(canvas.dataset.height ?? canvas.height);
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  canvas.dataset.width = String(width);
  canvas.dataset.height = String(height);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/**
 * Sizes a canvas that CSS makes fluid (width: 100%) to its laid-out width and the height
 * `heightFor(width)`, backing store scaled by devicePixelRatio; returns the context set to
 * draw in CSS pixels. Call it again to redraw after a resize.
 */
export function fitCanvas(canvas, heightFor) {
  const width = Math.max(60, Math.round(canvas.getBoundingClientRect().width || canvas.parentElement.clientWidth));
  const height = Math.round(heightFor(width));
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  canvas.style.height = `${height}px`;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/** Calls `redraw` when the element's width changes (a rotated phone, a resized window). */
export function onWidthChange(element, redraw) {
  let last = element.getBoundingClientRect().width;
  new ResizeObserver(() => {
    const width = element.getBoundingClientRect().width;
    if (Math.abs(width - last) >= 1) {
      last = width;
      redraw();
    }
  }).observe(element);
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function scale(d0, d1, r0, r1) {
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Mixes two [r, g, b] colours; t = 0 gives a, t = 1 gives b. */
export function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Tick label text: short and without trailing zeros. */
export function formatTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.01) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

const BLUE = [47, 111, 208], ORANGE = [224, 123, 18], WHITE = [255, 255, 255];

/** The demo's one diverging map for signed values in [-1, 1]: blue for positive, orange for negative, white at 0. */
export function divergingColor(t) {
  const v = Math.max(-1, Math.min(1, t));
  return v >= 0 ? mix(WHITE, BLUE, v) : mix(WHITE, ORANGE, -v);
}

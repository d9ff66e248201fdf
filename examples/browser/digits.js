// "Draw a digit": a drawing pad, MNIST-style preprocessing to 28 × 28, and the
// probability bars of a small model loaded with Sequential.fromJSON.
/* global document, fetch, requestAnimationFrame */
import { Sequential, Tensor } from '../../dist/neurite.browser.js';

const SIZE = 28; // MNIST images are 28 × 28
const BOX = 20; // MNIST fits each digit's bounding box into 20 × 20, then centres it by mass

/**
 * Turns the pad's pixels (white ink on black, ink = red channel) into the 784 values
 * MNIST models expect: crop to the ink's bounding box, scale it (keeping the aspect
 * ratio) so its longer side is 20 pixels, averaging the covered area of every source
 * pixel (anti-aliasing, as MNIST's preprocessing did), then place it in a 28 × 28 frame
 * so that its centre of mass sits at the centre. Returns null for an empty pad.
 */
export function toMnistInput(rgba, width, height) {
  const ink = new Float32Array(width * height);
  let minX = width, minY = height, maxX = -1, maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = rgba[(y * width + x) * 4] / 255;
      ink[y * width + x] = v;
      if (v > 0.05) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  const boxWidth = maxX - minX + 1, boxHeight = maxY - minY + 1;
  const factor = BOX / Math.max(boxWidth, boxHeight);
  const w = Math.max(1, Math.round(boxWidth * factor)), h = Math.max(1, Math.round(boxHeight * factor));

  // Area-averaging resample of the bounding box to w × h.
  const small = new Float32Array(w * h);
  const xs = coverage(minX, boxWidth, w), ys = coverage(minY, boxHeight, h);
  for (let ty = 0; ty < h; ty++) {
    for (let tx = 0; tx < w; tx++) {
      let sum = 0, weight = 0;
      for (const [sy, wy] of ys[ty]) {
        for (const [sx, wx] of xs[tx]) {
          sum += ink[sy * width + sx] * wx * wy;
          weight += wx * wy;
        }
      }
      small[ty * w + tx] = weight > 0 ? sum / weight : 0;
    }
  }

  // Centre of mass (pixel centres at +0.5), then an integer shift that puts it at (14, 14).
  let mass = 0, cx = 0, cy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = small[y * w + x];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const offsetX = Math.round(SIZE / 2 - cx / mass), offsetY = Math.round(SIZE / 2 - cy / mass);
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const X = x + offsetX, Y = y + offsetY;
      if (X >= 0 && X < SIZE && Y >= 0 && Y < SIZE) out[Y * SIZE + X] = Math.min(1, small[y * w + x]);
    }
  }
  return out;
}

/** For each of `count` target pixels over [start, start + length): the source pixels it covers and by how much. */
function coverage(start, length, count) {
  const cells = [];
  for (let t = 0; t < count; t++) {
    const from = start + (t * length) / count, to = start + ((t + 1) * length) / count;
    const cell = [];
    for (let s = Math.floor(from); s < Math.ceil(to); s++) {
      const overlap = Math.min(to, s + 1) - Math.max(from, s);
      if (overlap > 0) cell.push([s, overlap]);
    }
    cells.push(cell);
  }
  return cells;
}

function softmax(logits) {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export async function setupDigits() {
  const $ = (id) => document.getElementById(id);
  const pad = $('digit-pad');
  const padCtx = pad.getContext('2d', { willReadFrequently: true });
  const preview = $('digit-preview').getContext('2d');
  const barsList = $('digit-bars');
  const info = $('digit-model-info');

  const bars = [];
  for (let digit = 0; digit < 10; digit++) {
    const li = document.createElement('li');
    li.dataset.digit = String(digit);
    li.innerHTML = `<span class="digit">${digit}</span><span class="track"><span class="fill"></span></span><span class="percent">–</span>`;
    barsList.append(li);
    bars.push({ li, fill: li.querySelector('.fill'), percent: li.querySelector('.percent') });
  }

  function clearPad() {
    padCtx.fillStyle = '#000';
    padCtx.fillRect(0, 0, pad.width, pad.height);
    preview.fillStyle = '#000';
    preview.fillRect(0, 0, SIZE, SIZE);
    showProbabilities(null);
  }

  function showProbabilities(probabilities) {
    const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    barsList.dataset.prediction = best >= 0 ? String(best) : '';
    bars.forEach((bar, digit) => {
      const p = probabilities ? probabilities[digit] : 0;
      bar.li.dataset.probability = String(p);
      bar.li.classList.toggle('top', digit === best);
      bar.fill.style.width = `${(p * 100).toFixed(1)}%`;
      bar.percent.textContent = probabilities ? `${(p * 100).toFixed(1)}%` : '–';
    });
  }

  let model = null;
  let pending = false;
  function classify() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const input = toMnistInput(padCtx.getImageData(0, 0, pad.width, pad.height).data, pad.width, pad.height);
      const image = preview.createImageData(SIZE, SIZE);
      for (let i = 0; i < SIZE * SIZE; i++) {
        const v = input ? Math.round(input[i] * 255) : 0;
        image.data.set([v, v, v, 255], i * 4);
      }
      preview.putImageData(image, 0, 0);
      if (!input || !model) {
        showProbabilities(null);
        return;
      }
      const logits = model.predict(new Tensor(input, [1, SIZE * SIZE])).data;
      showProbabilities(softmax(logits));
    });
  }

  // Drawing with pointer events (mouse, pen and touch alike).
  let last = null;
  function point(event) {
    const rect = pad.getBoundingClientRect();
    return [((event.clientX - rect.left) * pad.width) / rect.width, ((event.clientY - rect.top) * pad.height) / rect.height];
  }
  function stroke(from, to) {
    padCtx.strokeStyle = '#fff';
    padCtx.lineWidth = 20;
    padCtx.lineCap = 'round';
    padCtx.lineJoin = 'round';
    padCtx.beginPath();
    padCtx.moveTo(from[0], from[1]);
    padCtx.lineTo(to[0], to[1]);
    padCtx.stroke();
  }
  pad.addEventListener('pointerdown', (event) => {
    pad.setPointerCapture(event.pointerId);
    last = point(event);
    stroke(last, last);
    classify();
  });
  pad.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = point(event);
    stroke(last, next);
    last = next;
    classify();
  });
  const end = () => {
    last = null;
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  $('digit-clear').addEventListener('click', clearPad);
  clearPad();

  try {
    const [modelText, meta] = await Promise.all([
      fetch('./mnist-model.json').then((r) => (r.ok ? r.text() : Promise.reject(new Error(`mnist-model.json: HTTP ${r.status}`)))),
      fetch('./mnist-model.info.json').then((r) => (r.ok ? r.json() : null)).catch(() => null),
    ]);
    model = Sequential.fromJSON(modelText);
    const params = model.params().reduce((sum, p) => sum + p.size, 0);
    info.textContent =
      `Model: ${model.layers.map(String).join(' → ')}, ${params.toLocaleString('en')} params, ` +
      `${(modelText.length / 1000).toFixed(0)} KB of JSON` +
      (meta ? `; ${(meta.testAccuracy * 100).toFixed(1)}% on the 10,000 MNIST test images.` : '.');
    info.dataset.ready = 'true';
    classify();
  } catch (error) {
    info.textContent = `Could not load the model: ${error.message}`;
  }
}

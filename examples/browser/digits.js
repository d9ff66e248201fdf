// "Draw a digit": a drawing pad, MNIST-style preprocessing to 28 × 28 (digit-input.js), the
// probability bars of a convnet, and the feature maps of its first convolution for the
// digit being drawn. The model is the bundled one (npm run demo:model) or the one the
// MNIST section trains in its worker, whichever the user picks.
/* global document, fetch, requestAnimationFrame */
import { Sequential, Tensor } from '../../dist/neurite.browser.js';
import { SIZE, toMnistInput } from './digit-input.js';

function softmax(logits) {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Each channel of a [1, h, w, c] activation as a grey image (0 black, the largest value white). */
function drawFeatureMaps(container, output) {
  const [, h, w, c] = output.shape;
  if (container.children.length !== c) {
    container.replaceChildren();
    for (let k = 0; k < c; k++) {
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `feature map ${k + 1}`);
      container.append(canvas);
    }
  }
  [...container.children].forEach((canvas, k) => {
    canvas.width = w;
    canvas.height = h;
    let largest = 1e-6;
    for (let i = 0; i < h * w; i++) largest = Math.max(largest, output.data[i * c + k]);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
      const v = Math.round((Math.max(0, output.data[i * c + k]) / largest) * 255);
      image.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  });
}

export async function setupDigits() {
  const $ = (id) => document.getElementById(id);
  const pad = $('digit-pad');
  const padCtx = pad.getContext('2d', { willReadFrequently: true });
  const preview = $('digit-preview').getContext('2d');
  const barsList = $('digit-bars');
  const info = $('digit-model-info');
  const maps = $('digit-maps');
  const choices = document.querySelectorAll('input[name="digit-model"]');
  const models = { bundled: null, trained: null };
  const descriptions = { bundled: 'loading…', trained: 'not trained yet: press Start in the MNIST section below' };
  let trainedJson = null;

  const bars = [];
  for (let digit = 0; digit < 10; digit++) {
    const li = document.createElement('li');
    li.dataset.digit = String(digit);
    li.innerHTML = `<span class="digit">${digit}</span><span class="track"><span class="fill"></span></span><span class="percent">–</span>`;
    barsList.append(li);
    bars.push({ li, fill: li.querySelector('.fill'), percent: li.querySelector('.percent') });
  }

  const chosen = () => [...choices].find((c) => c.checked)?.value ?? 'bundled';
  function currentModel() {
    const name = chosen();
    if (name === 'trained' && !models.trained && trainedJson) models.trained = Sequential.fromJSON(trainedJson);
    return models[name];
  }

  function clearPad() {
    padCtx.fillStyle = '#000';
    padCtx.fillRect(0, 0, pad.width, pad.height);
    preview.fillStyle = '#000';
    preview.fillRect(0, 0, SIZE, SIZE);
    maps.replaceChildren();
    showProbabilities(null);
  }

  function showProbabilities(probabilities) {
    const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    barsList.dataset.prediction = best >= 0 ? String(best) : '';
    barsList.setAttribute('aria-label', best >= 0 ? `the model reads a ${best}, ${(probabilities[best] * 100).toFixed(0)}% sure` : 'no digit drawn');
    bars.forEach((bar, digit) => {
      const p = probabilities ? probabilities[digit] : 0;
      bar.li.dataset.probability = String(p);
      bar.li.classList.toggle('top', digit === best);
      bar.li.style.setProperty('--p', p.toFixed(4));
      bar.percent.textContent = probabilities ? `${Math.round(p * 100)}%` : '–';
    });
  }

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
      const model = currentModel();
      info.textContent = `Model: ${descriptions[chosen()]}`;
      if (!input || !model) {
        maps.replaceChildren();
        showProbabilities(null);
        return;
      }
      const x = new Tensor(input, [1, SIZE, SIZE, 1]);
      showProbabilities(softmax(model.predict(x).data));
      // The first convolution and its activation, run on their own: what its filters respond to.
      drawFeatureMaps(maps, model.layers[1].forward(model.layers[0].forward(x, false), false));
    });
  }

  // Drawing with pointer events (mouse, pen and touch alike); touch-action: none keeps the page from scrolling.
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
  // Screen readers hear the reading once a stroke ends, not at every frame of it.
  const reading = $('digit-reading');
  const end = () => {
    last = null;
    requestAnimationFrame(() => (reading.textContent = barsList.getAttribute('aria-label')));
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  $('digit-clear').addEventListener('click', clearPad);
  for (const choice of choices) choice.addEventListener('change', classify);
  clearPad();

  try {
    const [modelText, meta] = await Promise.all([
      fetch('./mnist-model.json').then((r) => (r.ok ? r.text() : Promise.reject(new Error(`mnist-model.json: HTTP ${r.status}`)))),
      fetch('./mnist-model.info.json').then((r) => (r.ok ? r.json() : null)).catch(() => null),
    ]);
    models.bundled = Sequential.fromJSON(modelText);
    const params = models.bundled.params().reduce((sum, p) => sum + p.size, 0);
    descriptions.bundled =
      `${models.bundled.layers.map(String).join(' → ')}, ${params.toLocaleString('en')} params, ` +
      `${(modelText.length / 1000).toFixed(0)} KB of JSON` +
      (meta ? `; ${(meta.testAccuracy * 100).toFixed(1)}% on the 10,000 MNIST test images.` : '.');
    info.dataset.ready = 'true';
    classify();
  } catch (error) {
    info.textContent = `Could not load the model: ${error.message}`;
  }

  /** Offers the model the MNIST section trained (its JSON) to the pad. */
  return function useTrainedModel(json, description) {
    trainedJson = json;
    models.trained = null; // rebuilt from the JSON when the pad next needs it
    descriptions.trained = description;
    const option = document.querySelector('input[name="digit-model"][value="trained"]');
    option.disabled = false;
    if (chosen() === 'trained') classify();
  };
}

// What the MNIST section shows besides its curves: the confusion matrix, the misclassified
// test digits, and the first convolution's filters. Small DOM and canvas pieces, each
// redrawn from what the worker sent with its last evaluation.
/* global document */
import { divergingColor } from '../plot.js';

/** Draws 28 × 28 grey pixels (0–255, ink white on black) onto a canvas of that size. */
export function drawDigit(canvas, pixels, scaleTo255 = 1) {
  canvas.width = canvas.height = 28;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.max(0, Math.min(255, Math.round(pixels[i] * scaleTo255)));
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** A 10 × 10 table: rows are the true digits, columns the predicted ones; a cell's shade is its share of the row. */
export function createConfusion(table) {
  const head = document.createElement('tr');
  head.innerHTML = '<th scope="col"><span class="visually-hidden">true digit ↓, predicted →</span></th>' +
    Array.from({ length: 10 }, (_, k) => `<th scope="col">${k}</th>`).join('');
  table.append(head);
  const cells = [];
  for (let r = 0; r < 10; r++) {
    const row = document.createElement('tr');
    row.innerHTML = `<th scope="row">${r}</th>`;
    for (let c = 0; c < 10; c++) {
      const td = document.createElement('td');
      td.textContent = '·';
      row.append(td);
      cells.push(td);
    }
    table.append(row);
  }
  return (confusion) => {
    for (let r = 0; r < 10; r++) {
      const total = confusion.slice(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0) || 1;
      for (let c = 0; c < 10; c++) {
        const count = confusion[r * 10 + c], td = cells[r * 10 + c];
        const share = count / total;
        td.textContent = String(count);
        td.title = `true ${r}, predicted ${c}: ${count} of ${total}`;
        td.className = count === 0 ? 'zero' : r === c ? 'right' : 'wrong';
        td.style.setProperty('--share', r === c ? share.toFixed(3) : Math.min(1, share * 8).toFixed(3));
      }
    }
  };
}

/**
 * Misclassified test digits as small images captioned "true → predicted". Returns an
 * update function that redraws the same figures (made once, up to `slots` of them).
 */
export function createWrong(container, slots = 24) {
  const figures = [];
  for (let i = 0; i < slots; i++) {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'a misclassified digit');
    const caption = document.createElement('figcaption');
    figure.append(canvas, caption);
    figure.hidden = true;
    container.append(figure);
    figures.push({ figure, canvas, caption });
  }
  return (wrong) => {
    figures.forEach(({ figure, canvas, caption }, i) => {
      figure.hidden = i >= wrong.length;
      if (figure.hidden) return;
      const { label, predicted, pixels } = wrong[i];
      canvas.setAttribute('aria-label', `a ${label} taken for a ${predicted}`);
      drawDigit(canvas, pixels);
      caption.textContent = `${label} → ${predicted}`;
    });
    container.dataset.count = String(Math.min(slots, wrong.length));
  };
}

/** Each 5 × 5 filter of the first convolution (weights [8, 5, 5, 1]) in the diverging map, scaled by the largest |w|. */
export function showFilters(container, filters, count = 8, size = 5) {
  if (container.children.length !== count) {
    container.replaceChildren();
    for (let f = 0; f < count; f++) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `filter ${f + 1}`);
      container.append(canvas);
    }
  }
  let largest = 1e-6;
  for (const w of filters) largest = Math.max(largest, Math.abs(w));
  [...container.children].forEach((canvas, f) => {
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const c = divergingColor(filters[f * size * size + i] / largest);
      image.data.set([c[0], c[1], c[2], 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  });
}

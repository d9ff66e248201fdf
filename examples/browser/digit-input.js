// MNIST-style preprocessing for the digit pad: a drawing (white ink on black) becomes the
// 28 × 28 grey image an MNIST model expects.
export const SIZE = 28; // MNIST images are 28 × 28
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


// What the MNIST examples share: command-line flags, a progress bar and per-epoch lines for
// fit, random shifts of the training digits, and the report on the test set (accuracy,
// confusion matrix, a few misclassified digits drawn in text).
import { Random, type Callback, type Logs, type Sequential, type Tensor } from '../src/index.js';

export function flag(name: string, fallback: number): number;
export function flag(name: string, fallback: string): string;
export function flag(name: string, fallback: number | string): number | string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (typeof fallback === 'string') return value;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name}: expected a number, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Callbacks for fit: before each epoch `beforeEpoch` (e.g. new shifts), a progress bar
 * (redrawn on a terminal, a line every 10 s otherwise), and a line per epoch with its time
 * and the validation figures. The epoch times (seconds) are pushed to `epochTimes`.
 */
export function progressCallbacks(epochs: number, batches: number, batchSize: number, epochTimes: number[], beforeEpoch?: () => void): Callback[] {
  const tty = process.stdout.isTTY === true;
  let epochStart = 0, lastPrint = 0;
  const progress = (epoch: number, batch: number, logs: Logs): void => {
    const done = batch + 1;
    const seconds = (performance.now() - epochStart) / 1000;
    const rate = (done * batchSize) / seconds;
    const eta = (batches - done) * (seconds / done);
    const width = 30, filled = Math.round((done / batches) * width);
    const line = `Epoch ${epoch + 1}/${epochs} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${batches} loss ${logs.loss.toFixed(4)} acc ${(logs.accuracy * 100).toFixed(2)}% ${rate.toFixed(0)} samples/s ETA ${eta.toFixed(0)}s`;
    if (tty) process.stdout.write(`\r${line}`);
    else if (performance.now() - lastPrint > 10000) {
      console.log(line);
      lastPrint = performance.now();
    }
  };
  return [
    {
      onEpochBegin: () => {
        beforeEpoch?.();
        epochStart = lastPrint = performance.now();
      },
      onBatchEnd: (batch, logs) => {
        if (tty ? batch % 10 === 9 || batch === batches - 1 : true) progress(epochTimes.length, batch, logs);
      },
      onEpochEnd: (epoch, logs) => {
        const seconds = (performance.now() - epochStart) / 1000;
        epochTimes.push(seconds);
        if (tty) process.stdout.write('\n');
        console.log(
          `Epoch ${epoch + 1}/${epochs}: ${seconds.toFixed(1)} s, loss ${logs.loss.toFixed(4)}, accuracy ${(logs.accuracy * 100).toFixed(2)}%, ` +
            `validation loss ${logs.valLoss.toFixed(4)}, validation accuracy ${(logs.valAccuracy * 100).toFixed(2)}%`,
        );
      },
    },
  ];
}

/**
 * Moves each 28 × 28 digit of `images` (any shape holding 784 values a sample) by a random
 * whole number of pixels, up to `shift` in each direction, drawn from `random`; the
 * returned function redraws the shifts from the untouched originals each time it is called.
 */
export function randomShifts(images: Tensor, shift: number, random: Random): () => void {
  const originals = images.data.slice();
  const count = images.size / 784;
  return () => {
    const pixels = images.data;
    for (let i = 0, base = 0; i < count; i++, base += 784) {
      const dx = random.int(2 * shift + 1) - shift, dy = random.int(2 * shift + 1) - shift;
      for (let r = 0; r < 28; r++) {
        const from = r - dy;
        for (let c = 0; c < 28; c++) {
          const col = c - dx;
          pixels[base + r * 28 + c] = from >= 0 && from < 28 && col >= 0 && col < 28 ? originals[base + from * 28 + col] : 0;
        }
      }
    }
  };
}

/** Prints the test accuracy, the mean epoch time, a confusion matrix and three misclassified digits. */
export function reportTest(model: Sequential, images: Tensor, labels: Tensor, epochTimes: readonly number[]): void {
  const result = model.evaluate(images, labels);
  const mean = epochTimes.reduce((a, b) => a + b, 0) / epochTimes.length;
  console.log(`\nTest accuracy: ${(result.accuracy * 100).toFixed(2)}% (loss ${result.loss.toFixed(4)}), ${mean.toFixed(1)} s per epoch on average\n`);

  // Confusion matrix: rows are the true digits, columns the predicted ones.
  const predicted = argmaxRows(model.predict(images));
  const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const wrong: number[] = [];
  for (let i = 0; i < predicted.length; i++) {
    const actual = labels.data[i];
    confusion[actual][predicted[i]]++;
    if (actual !== predicted[i]) wrong.push(i);
  }
  console.log('Confusion matrix (rows: true digit, columns: predicted)');
  console.log(`     ${Array.from({ length: 10 }, (_, c) => String(c).padStart(5)).join('')}`);
  confusion.forEach((row, r) => console.log(`  ${r}  ${row.map((v) => String(v).padStart(5)).join('')}`));

  console.log(`\n${wrong.length} misclassified; three of them:`);
  for (const i of wrong.slice(0, 3)) {
    console.log(`\ntrue ${labels.data[i]}, predicted ${predicted[i]}`);
    console.log(drawDigit(images, i));
  }
}

function argmaxRows(t: Tensor): number[] {
  const [rows, cols] = t.shape;
  const result: number[] = [];
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (t.data[r * cols + c] > t.data[r * cols + best]) best = c;
    result.push(best);
  }
  return result;
}

function drawDigit(images: Tensor, index: number): string {
  const shades = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let r = 0; r < 28; r += 2) {
    let line = '  ';
    for (let c = 0; c < 28; c++) {
      const v = Math.max(images.data[index * 784 + r * 28 + c], images.data[index * 784 + (r + 1) * 28 + c]);
      line += shades[Math.min(9, Math.floor(v * 10))];
    }
    lines.push(line.trimEnd());
  }
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.join('\n');
}

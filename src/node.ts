// neurite/node: the file-system helpers. The only module that touches Node built-ins.

/**
 * File-system helpers for Node: save and load models atomically, read IDX files and
 * load MNIST. Everything else is in `neurite`.
 *
 * @example
 * import { loadModel, saveModel } from 'neurite/node';
 *
 * @module neurite/node
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { NeuriteError } from './errors.js';
import { Sequential } from './model/sequential.js';
import type { SaveOptions } from './model/serialization.js';

export { loadMnist, readIdxFile, type MnistData, type MnistSplit } from './data/mnist-node.js';

/**
 * Writes `model` as JSON to `path` atomically: to a temporary file beside it, then
 * renamed over `path`, so a crash mid-save never leaves a half-written model.
 *
 * @example
 * import { saveModel } from 'neurite/node';
 * await saveModel(model, 'model.json', { includeOptimizer: true }); // to resume training later
 */
export async function saveModel(model: Sequential, path: string, options: SaveOptions = {}): Promise<void> {
  const text = JSON.stringify(model.toJSON(options));
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw new NeuriteError(`saveModel: could not write ${path}: ${(error as Error).message}`);
  }
}

/**
 * Reads a model saved by {@link saveModel}.
 * @throws NeuriteError when the file cannot be read; DataError when it is not a valid model.
 *
 * @example
 * import { loadModel } from 'neurite/node';
 * const model = await loadModel('model.json');
 * model.predict([[0, 1]]);
 */
export async function loadModel(path: string): Promise<Sequential> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NeuriteError(
      code === 'ENOENT' ? `loadModel: no model file at ${path}` : `loadModel: could not read ${path}: ${(error as Error).message}`,
    );
  }
  return Sequential.fromJSON(text);
}

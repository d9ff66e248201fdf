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
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { describe, NeuriteError } from './errors.js';
import { writeJSON } from './model/json-writer.js';
import { Sequential } from './model/sequential.js';
import { modelToJSON, type SaveOptions } from './model/serialization.js';

export { loadMnist, readIdxFile, type MnistData, type MnistSplit } from './data/mnist-node.js';

/**
 * Writes `model` as JSON to `path` atomically: to a temporary file beside it, then
 * renamed over `path`, so a crash mid-save never leaves a half-written model, and a failed
 * save leaves no temporary file behind. The weights are written a slice at a time, so
 * saving a model of millions of weights never holds the event loop for long.
 *
 * @example
 * import { saveModel } from 'neurite/node';
 * await saveModel(model, 'model.json', { includeOptimizer: true }); // to resume training later
 */
export async function saveModel(model: Sequential, path: string, options: SaveOptions = {}): Promise<void> {
  if (!(model instanceof Sequential)) throw new TypeError(`saveModel: expected a Sequential model, got ${describe(model)}`);
  if (typeof path !== 'string' || path === '') throw new TypeError(`saveModel: expected path as a non-empty string, got ${describe(path)}`);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`saveModel: expected options as an object such as { includeOptimizer: true }, got ${describe(options)}`);
  }
  // Everything that can be refused (a layer that cannot be saved, an unknown option) is, before any file exists.
  const json = modelToJSON(model, options, 'saveModel', (values) => values);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let file: Awaited<ReturnType<typeof open>> | null = null;
  try {
    file = await open(temp, 'wx');
    const handle = file;
    await writeJSON(json, async (text) => {
      await handle.write(text);
    });
    await file.close();
    file = null;
    await rename(temp, path);
  } catch (error) {
    await file?.close().catch(() => {});
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

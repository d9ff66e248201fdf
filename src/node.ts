// neurite/node: the file-system helpers. The only module that touches Node built-ins.

/**
 * File-system helpers for Node: save and load models atomically (neurite's JSON, and the
 * TensorFlow.js Layers format), read IDX files and load MNIST. Everything else is in
 * `neurite`.
 *
 * @example
 * import { loadModel, saveModel } from 'neurite/node';
 *
 * @module neurite/node
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DataError, describe, NeuriteError } from './errors.js';
import { writeJSON } from './model/json-writer.js';
import { Sequential } from './model/sequential.js';
import { modelToJSON, type SaveOptions } from './model/serialization.js';
import { TFJS_SHARD_NAME, toTfjs } from './tfjs/export.js';
import { parseModelJson, shardPaths } from './tfjs/format.js';
import { fromTfjs, type FromTfjsOptions } from './tfjs/import.js';

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

/** Reads a file whole, with a message naming `owner` and the path when it cannot. */
async function readBytes(path: string, owner: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NeuriteError(code === 'ENOENT' ? `${owner}: no ${what} at ${path}` : `${owner}: could not read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Reads a TensorFlow.js Layers model from disk: `model.json` and the weight shards its
 * manifest names, which must sit beside it (paths relative to its directory, as
 * `model.save('file://…')` and `tensorflowjs_converter` write them). See `fromTfjs` in
 * `neurite/tfjs` for the layers read.
 * @throws NeuriteError when a file cannot be read; DataError when the model is not one neurite reads.
 *
 * @example
 * import { loadTfjsModel } from 'neurite/node';
 * const model = await loadTfjsModel('web_model/model.json');
 * model.predict([[0, 1, 2]]);
 */
export async function loadTfjsModel(path: string, options: FromTfjsOptions = {}): Promise<Sequential> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`loadTfjsModel: expected the path of model.json as a non-empty string, got ${describe(path)}`);
  const json = parseModelJson((await readBytes(path, 'loadTfjsModel', 'model.json')).toString('utf8'), 'loadTfjsModel');
  const dir = dirname(path);
  const shards = await Promise.all(
    shardPaths(json).map((shard) => {
      // Only files beside model.json (or below it): a manifest naming /etc/passwd or ../x is refused.
      if (shard === '' || isAbsolute(shard) || /^[a-z][a-z0-9+.-]*:/i.test(shard) || shard.split(/[\\/]/).includes('..')) {
        throw new DataError(`loadTfjsModel: expected the weightsManifest's paths relative to the directory of model.json, inside it, got ${JSON.stringify(shard)}`);
      }
      return readBytes(resolve(dir, shard), 'loadTfjsModel', `weight shard ${JSON.stringify(shard)} (named in the weightsManifest)`);
    }),
  );
  return fromTfjs(json, shards, options);
}

/** Writes `data` to `path` through a temporary file beside it, renamed over `path`. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/**
 * Writes `model` in the TensorFlow.js Layers format into the directory `dir` (made if
 * missing): `model.json` and its one weight shard, `group1-shard1of1.bin`, each written
 * atomically, the shard first. TensorFlow.js loads it with
 * `tf.loadLayersModel('file://dir/model.json')` (tfjs-node) or over HTTP. See `toTfjs` in
 * `neurite/tfjs` for how the layers are written.
 *
 * @example
 * import { saveTfjsModel } from 'neurite/node';
 * await saveTfjsModel(model, 'web_model'); // web_model/model.json, web_model/group1-shard1of1.bin
 */
export async function saveTfjsModel(model: Sequential, dir: string): Promise<void> {
  if (!(model instanceof Sequential)) throw new TypeError(`saveTfjsModel: expected a Sequential model, got ${describe(model)}`);
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`saveTfjsModel: expected a directory path as a non-empty string, got ${describe(dir)}`);
  // A layer that cannot be written is refused before any file exists.
  const { modelJson, weightData } = toTfjs(model);
  try {
    await mkdir(dir, { recursive: true });
    await writeAtomic(join(dir, TFJS_SHARD_NAME), new Uint8Array(weightData));
    await writeAtomic(join(dir, 'model.json'), JSON.stringify(modelJson));
  } catch (error) {
    throw new NeuriteError(`saveTfjsModel: could not write ${dir}: ${(error as Error).message}`);
  }
}

/**
 * loadTfjsModel and saveTfjsModel: the TensorFlow.js Layers files on disk (model.json and
 * the shards its manifest names beside it), read and written.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm, DataError, Dense, NeuriteError, Random, ReLU, Sequential, Softmax, Tensor, type Layer } from '../../src/index.js';
import { loadTfjsModel, saveTfjsModel } from '../../src/node.js';
import { toTfjs } from '../../src/tfjs.js';
import { expectSameValues } from '../helpers.js';
import { tfjsModel } from '../tfjs/builder.js';
import { load, predict, ready } from '../tfjs/tfjs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neurite-tfjs-'));
  await ready();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const x = Tensor.randn([5, 3], new Random(51));
const model = () => new Sequential([new Dense(3, 6), new BatchNorm(6), new ReLU(), new Dense(6, 2), new Softmax()], { seed: 7 });

describe('saveTfjsModel and loadTfjsModel', () => {
  it('write model.json and group1-shard1of1.bin, which read back bit-identically and load in TensorFlow.js', async () => {
    const original = model();
    const out = join(dir, 'web_model', 'nested'); // made, with its parents
    await saveTfjsModel(original, out);
    expect((await readdir(out)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const again = await loadTfjsModel(join(out, 'model.json'));
    expectSameValues(again.predict(x).data, original.predict(x).data);
    // The files are what toTfjs gives, and TensorFlow.js reads them.
    const modelJson = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    const shard = await readFile(join(out, 'group1-shard1of1.bin'));
    expect(modelJson).toEqual(toTfjs(original).modelJson);
    const tfModel = await load(modelJson, shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) as ArrayBuffer);
    const want = original.predict(x).data;
    const got = predict(tfModel, x);
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-5);
  });

  it('read the shards the manifest names, in its order, from below the directory of model.json', async () => {
    const { modelJson, weightData } = tfjsModel();
    const bytes = new Uint8Array(weightData);
    const sub = join(dir, 'sharded');
    await mkdir(join(sub, 'weights'), { recursive: true });
    modelJson.weightsManifest[0].paths = ['./weights/part1.bin', 'weights/part2.bin'];
    await writeFile(join(sub, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(sub, 'weights', 'part1.bin'), bytes.subarray(0, 30));
    await writeFile(join(sub, 'weights', 'part2.bin'), bytes.subarray(30));
    const loaded = await loadTfjsModel(join(sub, 'model.json'), { seed: 3 });
    expect(loaded.layers.map(String)).toEqual(['Dense(3 → 2)', 'ReLU', 'BatchNorm(2)']);
    expect(loaded.getWeights()[0]).toEqual(new Float32Array([0.5, 0.25, -0.75, -1, 2, 1])); // the kernel [3, 2], transposed
  });

  it('name the file that is missing', async () => {
    await expect(loadTfjsModel(join(dir, 'nowhere', 'model.json'))).rejects.toThrow(new NeuriteError(`loadTfjsModel: no model.json at ${join(dir, 'nowhere', 'model.json')}`));
    const lonely = join(dir, 'lonely');
    await mkdir(lonely);
    await writeFile(join(lonely, 'model.json'), JSON.stringify(tfjsModel().modelJson));
    await expect(loadTfjsModel(join(lonely, 'model.json'))).rejects.toThrow(
      new NeuriteError(`loadTfjsModel: no weight shard "group1-shard1of1.bin" (named in the weightsManifest) at ${join(lonely, 'group1-shard1of1.bin')}`),
    );
  });

  it.each([['../secret.bin'], ['/etc/passwd'], ['https://example.com/w.bin'], ['weights/../../x.bin']])('refuse a shard path outside the directory: %s', async (path) => {
    const bad = await mkdtemp(join(dir, 'bad-'));
    const { modelJson } = tfjsModel();
    modelJson.weightsManifest[0].paths = [path];
    await writeFile(join(bad, 'model.json'), JSON.stringify(modelJson));
    await expect(loadTfjsModel(join(bad, 'model.json'))).rejects.toThrow(
      new DataError(`loadTfjsModel: expected the weightsManifest's paths relative to the directory of model.json, inside it, got ${JSON.stringify(path)}`),
    );
  });

  it('refuse a model it cannot write before writing anything, and say why a write failed', async () => {
    const custom: Layer = { forward: (t: Tensor) => t, backward: (g: Tensor) => g, params: () => [], toString: () => 'Custom' };
    const target = join(dir, 'never');
    await expect(saveTfjsModel(new Sequential([new Dense(2, 2), custom], { seed: 1 }), target)).rejects.toThrow(NeuriteError);
    expect(existsSync(target)).toBe(false);
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    await expect(saveTfjsModel(model(), file)).rejects.toThrow(/^saveTfjsModel: could not write .*a-file: /);
    await expect(saveTfjsModel(model(), '')).rejects.toThrow(new TypeError('saveTfjsModel: expected a directory path as a non-empty string, got ""'));
    await expect(loadTfjsModel(42 as never)).rejects.toThrow(new TypeError('loadTfjsModel: expected the path of model.json as a non-empty string, got 42'));
  });
});

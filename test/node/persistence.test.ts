import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, BatchNorm, DataError, Dense, Dropout, NeuriteError, ReLU, Random, Sequential, Sigmoid, Tensor } from '../../src/index.js';
import { loadModel, saveModel } from '../../src/node.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neurite-persistence-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const x = Tensor.randn([16, 3], new Random(1));
const y = Array.from({ length: 16 }, (_, i) => (x.data[3 * i] + x.data[3 * i + 1] > 0 ? 1 : 0));

function make(seed: number): Sequential {
  const model = new Sequential([new Dense(3, 6), new BatchNorm(6), new ReLU(), new Dropout(0.2), new Dense(6, 1), new Sigmoid()], { seed });
  model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('saveModel and loadModel', () => {
  it('round-trip a trained model: same weights, same predictions', async () => {
    const model = make(1);
    await model.fit(x, y, { epochs: 2, batchSize: 4 });
    const path = join(dir, 'round-trip.json');
    await saveModel(model, path);
    const loaded = await loadModel(path);
    expect(loaded.getWeights()).toEqual(model.getWeights());
    expect(loaded.predict(x).data).toEqual(model.predict(x).data);
    // The file is the model's JSON text.
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(model.toJSON());
    expect(loaded.optimizer).toBeUndefined();
  });

  it('with includeOptimizer, training resumes exactly', async () => {
    const straight = make(2);
    await straight.fit(x, y, { epochs: 4, batchSize: 4 });

    const first = make(2);
    await first.fit(x, y, { epochs: 2, batchSize: 4 });
    const path = join(dir, 'resume.json');
    await saveModel(first, path, { includeOptimizer: true });
    const resumed = await loadModel(path);
    expect(resumed.optimizer).toBeInstanceOf(Adam);
    await resumed.fit(x, y, { epochs: 2, batchSize: 4 });
    expect(resumed.getWeights()).toEqual(straight.getWeights());
  });

  it('writes atomically: no temporary file remains after a save', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const path = join(sub, 'model.json');
    await saveModel(make(3), path);
    await saveModel(make(3), path, { includeOptimizer: true });
    expect(await readdir(sub)).toEqual(['model.json']);
  });

  it('saving over an existing file replaces it', async () => {
    const path = join(dir, 'replace.json');
    await writeFile(path, 'x'.repeat(100_000)); // longer than the model: a non-truncating write would leave a tail
    const a = make(4), b = make(5);
    await saveModel(a, path);
    await saveModel(b, path);
    const loaded = await loadModel(path);
    expect(loaded.getWeights()).toEqual(b.getWeights());
    expect(loaded.getWeights()).not.toEqual(a.getWeights());
  });

  it('a save that cannot be written names the path and leaves no temporary file', async () => {
    const path = join(dir, 'no-such-dir', 'model.json');
    await expect(saveModel(make(6), path)).rejects.toThrow(NeuriteError);
    await expect(saveModel(make(6), path)).rejects.toThrow(`saveModel: could not write ${path}: `);
    expect((await readdir(dir)).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('a model that cannot be saved fails before anything is written', async () => {
    const model = new Sequential([new Dense(2, 1)], { seed: 1 });
    const path = join(dir, 'never.json');
    await expect(saveModel(model, path, { includeOptimizer: true })).rejects.toThrow(
      'Sequential.toJSON: includeOptimizer needs a compiled model; call compile() first',
    );
    expect(await readdir(dir)).not.toContain('never.json');
  });

  it('a save that fails after the temporary file exists removes it (renaming onto a directory)', async () => {
    const path = join(dir, 'a-directory');
    await mkdir(join(path, 'inside'), { recursive: true });
    await expect(saveModel(make(6), path)).rejects.toThrow(`saveModel: could not write ${path}: `);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a misplaced positional argument and unknown options, before any file exists', async () => {
    const path = join(dir, 'positional.json');
    await expect(saveModel(make(7), path, true as never)).rejects.toThrow(
      new TypeError('saveModel: expected options as an object such as { includeOptimizer: true }, got true'),
    );
    await expect(saveModel(make(7), path, { includeOptimiser: true } as never)).rejects.toThrow(
      new TypeError('saveModel: unknown option "includeOptimiser"; did you mean includeOptimizer? (expected includeOptimizer)'),
    );
    await expect(saveModel({} as never, path)).rejects.toThrow(new TypeError('saveModel: expected a Sequential model, got an object'));
    expect(await readdir(dir)).not.toContain('positional.json');
  });

  it('loading a missing path says so', async () => {
    const path = join(dir, 'missing.json');
    await expect(loadModel(path)).rejects.toThrow(NeuriteError);
    await expect(loadModel(path)).rejects.toThrow(`loadModel: no model file at ${path}`);
  });

  it('loading a directory names the path', async () => {
    await expect(loadModel(dir)).rejects.toThrow(`loadModel: could not read ${dir}: `);
  });

  it('a truncated file gives the truncated-JSON error', async () => {
    const path = join(dir, 'truncated.json');
    const text = JSON.stringify(make(7));
    await writeFile(path, text.slice(0, Math.floor(text.length * 0.7)));
    await expect(loadModel(path)).rejects.toThrow(DataError);
    await expect(loadModel(path)).rejects.toThrow(/^Sequential\.fromJSON: the text is not valid JSON \(.+\); the file may be truncated$/);
  });
});

/**
 * toOnnx parity: every supported layer, a trained XOR net and a small MNIST net with
 * BatchNorm and Dropout are exported, run in ONNX Runtime (onnxruntime-web, WebAssembly),
 * and compared with neurite's own predict. Tolerance: |ort − neurite| ≤ 1e-5 · max(1, |neurite|).
 * The worst difference of each test is printed at the end.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';

import {
  Adam,
  BatchNorm,
  Dense,
  Dropout,
  LeakyReLU,
  NeuriteError,
  Random,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  Tensor,
  type Layer,
  type Param,
} from '../../src/index.js';
import { loadMnist } from '../../src/node.js';
import { toOnnx } from '../../src/onnx.js';
import { decodeModel } from '../../src/onnx/proto-decode.js';
import { maxDiff, runOrt } from './ort.js';

// ONNX Runtime's WebAssembly start-up, and training, take seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const TOLERANCE = 1e-5;
const measured: { name: string; abs: number; rel: number }[] = [];

afterAll(() => {
  if (measured.length === 0) return;
  const width = Math.max(...measured.map((m) => m.name.length));
  console.log(
    `toOnnx parity with ONNX Runtime (max |ort − neurite|):\n${measured.map((m) => `  ${m.name.padEnd(width)}  ${m.abs.toExponential(2)}`).join('\n')}`,
  );
});

/** Exports `model`, runs it in ONNX Runtime on `x`, and checks it against `model.predict(x)`. */
async function expectParity(name: string, model: Sequential, x: Tensor, options?: Parameters<typeof toOnnx>[1]): Promise<Uint8Array> {
  const bytes = toOnnx(model, options);
  const want = model.predict(x);
  const got = await runOrt(bytes, x.data, x.shape);
  expect(got.dims).toEqual(want.shape);
  const diff = maxDiff(got.data, want.data);
  measured.push({ name, ...diff });
  expect(diff.rel, `${name}: max abs diff ${diff.abs}`).toBeLessThanOrEqual(TOLERANCE);
  return bytes;
}

/** Sets every param (and BatchNorm's running statistics) to seeded random values, away from the defaults. */
function randomize(model: Sequential, seed: number): Sequential {
  const random = new Random(seed);
  const fill = (p: { value: Tensor } | Param, low: number, high: number): void => {
    for (let i = 0; i < p.value.size; i++) p.value.data[i] = low + (high - low) * random.next();
  };
  for (const layer of model.layers) {
    if (layer instanceof BatchNorm) {
      fill(layer.gamma, 0.5, 1.5);
      fill(layer.beta, -0.5, 0.5);
      fill({ value: layer.runningMean }, -1, 1);
      fill({ value: layer.runningVariance }, 0.2, 2);
    } else for (const p of layer.params()) fill(p, -1, 1);
  }
  return model;
}

const x8x6 = Tensor.randn([8, 6], new Random(11));

describe('toOnnx: each layer against ONNX Runtime', () => {
  const cases: [string, () => Layer[]][] = [
    ['Dense', () => [new Dense(6, 4)]],
    ['Dense without bias', () => [new Dense(6, 4, { useBias: false })]],
    ['Sigmoid', () => [new Dense(6, 5), new Sigmoid()]],
    ['Tanh', () => [new Dense(6, 5), new Tanh()]],
    ['ReLU', () => [new Dense(6, 5), new ReLU()]],
    ['LeakyReLU(alpha=0.01)', () => [new Dense(6, 5), new LeakyReLU()]],
    ['LeakyReLU(alpha=0.3)', () => [new Dense(6, 5), new LeakyReLU({ alpha: 0.3 })]],
    ['Softmax', () => [new Dense(6, 5), new Softmax()]],
    ['BatchNorm(epsilon=1e-3)', () => [new BatchNorm(6)]],
    ['BatchNorm(epsilon=1e-5)', () => [new Dense(6, 5), new BatchNorm(5, { epsilon: 1e-5, momentum: 0.9 })]],
    ['Dropout', () => [new Dense(6, 5), new Dropout(0.5), new Tanh()]],
    ['Dropout alone (Identity)', () => [new Dropout(0.2)]],
    ['activations alone', () => [new Tanh(), new Sigmoid()]],
  ];
  it.each(cases)('%s', async (name, layers) => {
    await expectParity(name, randomize(new Sequential(layers(), { seed: 3 }), 4), x8x6);
  });

  it('Softmax on large logits stays exact (max-subtracted in both)', async () => {
    const model = new Sequential([new Softmax()]);
    const x = new Tensor(Float32Array.from({ length: 12 }, (_, i) => (i % 4) * 40 - 60), [3, 4]);
    await expectParity('Softmax, logits in [-60, 60]', model, x);
  });

  it('a nested Sequential is flattened', async () => {
    const inner = new Sequential([new Dense(5, 3), new ReLU()]);
    const model = randomize(new Sequential([new Dense(6, 5), new Tanh(), inner, new Softmax()], { seed: 8 }), 9);
    randomize(inner, 10);
    await expectParity('nested Sequential', model, x8x6);
  });

  it.each([13, 15, 17, 21])('targets opset %i', async (opset) => {
    const model = randomize(new Sequential([new Dense(6, 5), new BatchNorm(5), new LeakyReLU({ alpha: 0.1 }), new Dense(5, 3), new Softmax()], { seed: 5 }), 6);
    const bytes = await expectParity(`opset ${opset} (Dense, BatchNorm, LeakyReLU, Softmax)`, model, x8x6, { opset });
    expect(decodeModel(bytes).opsetImport).toEqual([{ domain: '', version: opset }]);
  });

  it('runs any batch size (the batch dimension is dynamic)', async () => {
    const model = randomize(new Sequential([new Dense(6, 3), new Sigmoid()], { seed: 1 }), 2);
    for (const batch of [1, 3, 130]) await expectParity(`batch ${batch}`, model, Tensor.randn([batch, 6], new Random(batch)));
  });
});

describe('toOnnx: trained networks against ONNX Runtime', () => {
  it('XOR (2-4-1, tanh and sigmoid, trained)', async () => {
    const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });
    model.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'mse', metrics: ['accuracy'] });
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
    await model.fit(x, [0, 1, 1, 0], { epochs: 100, batchSize: 4 });
    expect(model.evaluate(x, [0, 1, 1, 0]).accuracy).toBe(1);
    const grid = Tensor.from(Array.from({ length: 21 * 21 }, (_, k) => [(k % 21) / 20, Math.floor(k / 21) / 20]));
    await expectParity('XOR net, trained, 441 grid points', model, grid);
  });

  it('an MNIST net with BatchNorm and Dropout (trained on 2,000 digits)', { timeout: 120_000 }, async () => {
    const { train, test } = await loadMnist();
    const n = 2000;
    const x = new Tensor(train.images.data.slice(0, n * 784), [n, 784]);
    const y = Array.from(train.labels.data.subarray(0, n));
    const model = new Sequential(
      [new Dense(784, 64), new BatchNorm(64), new ReLU(), new Dropout(0.2), new Dense(64, 32), new ReLU(), new Dense(32, 10), new Softmax()],
      { seed: 1 },
    );
    model.compile({ optimizer: new Adam({ learningRate: 3e-3 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 3, batchSize: 64 });
    const xt = new Tensor(test.images.data.slice(0, 500 * 784), [500, 784]);
    const yt = Array.from(test.labels.data.subarray(0, 500));
    expect(model.evaluate(xt, yt).accuracy).toBeGreaterThan(0.7);
    await expectParity('MNIST net (BatchNorm, Dropout, Softmax), 500 test digits', model, xt);
  });
});

describe('toOnnx: the graph', () => {
  it('writes Dense as Gemm with transB = 1 and the weight [out, in] as raw_data', () => {
    const model = new Sequential([new Dense(3, 2), new Dropout(0.1), new ReLU()], { seed: 1 });
    const m = decodeModel(toOnnx(model));
    expect(m.producerName).toBe('neurite');
    expect(m.irVersion).toBe(8);
    const g = m.graph!;
    expect(g.nodes.map((n) => n.opType)).toEqual(['Gemm', 'Relu']); // Dropout leaves no node
    const gemm = g.nodes[0];
    expect(gemm.attributes.find((a) => a.name === 'transB')?.i).toBe(1);
    expect(gemm.inputs).toEqual(['input', '0.weight', '0.bias']);
    const w = g.initializers.find((t) => t.name === '0.weight')!;
    expect(w.dims).toEqual([2, 3]);
    expect(w.rawData?.length).toBe(24);
    expect(g.inputs).toEqual([{ name: 'input', tensor: { elemType: 1, shape: [{ param: 'N' }, { value: 3 }] } }]);
    expect(g.outputs).toEqual([{ name: 'output', tensor: { elemType: 1, shape: [{ param: 'N' }, { value: 2 }] } }]);
    expect(g.nodes[1].outputs).toEqual(['output']);
  });

  it('names the first layer with no ONNX equivalent, and what is supported', () => {
    class MyLayer extends ReLU {
      override toString(): string {
        return 'MyLayer';
      }
    }
    const model = new Sequential([new Dense(2, 3), new ReLU(), new MyLayer(), new Dense(3, 1)]);
    expect(() => toOnnx(model)).toThrow(NeuriteError);
    expect(() => toOnnx(model)).toThrow(
      /^toOnnx: layer 2 \(MyLayer\) has no ONNX equivalent; supported: Dense \(Gemm\), Sigmoid, Tanh, ReLU \(Relu\), LeakyReLU \(LeakyRelu\), Softmax.*BatchNorm.*Dropout/,
    );
    const nested = new Sequential([new Dense(2, 3), new Sequential([new Tanh(), new MyLayer()])]);
    expect(() => toOnnx(nested)).toThrow(/^toOnnx: layer 1\.1 \(MyLayer\) has no ONNX equivalent/);
  });

  it('rejects what it cannot write', () => {
    expect(() => toOnnx(new Sequential())).toThrow('toOnnx: expected a model with at least one layer, got an empty Sequential');
    expect(() => toOnnx({} as Sequential)).toThrow('toOnnx: expected a Sequential model, got an object');
    const model = new Sequential([new Dense(2, 1)]);
    expect(() => toOnnx(model, { opset: 11 })).toThrow('toOnnx: expected opset to be an integer from 13 to 21, got 11');
    expect(() => toOnnx(model, { inputName: 'x', outputName: 'x' })).toThrow(/two different non-empty strings/);
  });
});

describe('neurite/onnx: the entry point', () => {
  it('reaches no Node built-in, and the core entry exports nothing ONNX', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const root = new URL('../../src/', import.meta.url);
    const files = ['onnx.ts', ...(await readdir(new URL('onnx/', root), { recursive: true })).filter((f) => f.endsWith('.ts')).map((f) => `onnx/${f}`)];
    expect(files).toContain('onnx/layers/dense.ts');
    for (const file of files) {
      const text = await readFile(new URL(file, root), 'utf8');
      expect(text, file).not.toMatch(/from ['"](node:|fs|path|zlib|crypto|buffer|module)/);
      expect(text, file).not.toMatch(/\b(Buffer|process|require)\b[.(]/);
    }
    const core = await import('../../src/index.js');
    expect(Object.keys(core).filter((k) => /onnx/i.test(k))).toEqual([]);
    const index = await readFile(new URL('index.ts', root), 'utf8');
    expect(index).not.toMatch(/onnx/i);
  });
});

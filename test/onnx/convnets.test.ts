/**
 * Convolutional networks through ONNX, both ways.
 *
 * - toOnnx: each image layer (Conv2D valid and same, odd sizes, stride 2; the pools; the
 *   global pool; BatchNorm and Softmax on images; Flatten, Reshape, Permute) and a whole
 *   MNIST-shaped convnet are exported and run in ONNX Runtime on the same NHWC input.
 * - fromOnnx: two convnets exported by PyTorch 1.13 (`scripts/fixtures/onnx-convnets.py`;
 *   the outputs PyTorch computed are in the JSON beside each model) take their NCHW input
 *   as is and give PyTorch's outputs.
 * - Round trips: neurite → ONNX → neurite predicts the same; PyTorch's file → neurite →
 *   ONNX runs in ONNX Runtime with PyTorch's outputs.
 *
 * Tolerance: |a − b| ≤ 1e-5 · max(1, |b|). The worst difference of each test is printed at the end.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';

import {
  AvgPool2D,
  BatchNorm,
  Conv2D,
  DataError,
  Dense,
  Flatten,
  GlobalAvgPool2D,
  MaxPool2D,
  Permute,
  Random,
  ReLU,
  Reshape,
  Sequential,
  Softmax,
  Tanh,
  Tensor,
  type Layer,
} from '../../src/index.js';
import { fromOnnx, toOnnx } from '../../src/onnx.js';
import type { NodeData, TensorData } from '../../src/onnx/proto.js';
import { decodeModel } from '../../src/onnx/proto-decode.js';
import { buildModel, floats, node, value, values } from './builder.js';
import { maxDiff, runOrt } from './ort.js';

// ONNX Runtime's WebAssembly start-up takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const TOLERANCE = 1e-5;
const measured: { name: string; abs: number }[] = [];

afterAll(() => {
  if (measured.length === 0) return;
  const width = Math.max(...measured.map((m) => m.name.length));
  console.log(`convnets through ONNX (max |difference|):\n${measured.map((m) => `  ${m.name.padEnd(width)}  ${m.abs.toExponential(2)}`).join('\n')}`);
});

function expectClose(name: string, got: { data: ArrayLike<number>; shape: readonly number[] }, want: { data: ArrayLike<number>; shape: readonly number[] }): void {
  expect([...got.shape]).toEqual([...want.shape]);
  const diff = maxDiff(got.data, want.data);
  measured.push({ name, abs: diff.abs });
  expect(diff.rel, `${name}: max abs diff ${diff.abs}`).toBeLessThanOrEqual(TOLERANCE);
}

/** Every param, and BatchNorm's running statistics, set to seeded random values away from the defaults. */
function randomize(model: Sequential, seed: number): Sequential {
  const random = new Random(seed);
  const fill = (t: Tensor, low: number, high: number): void => {
    for (let i = 0; i < t.size; i++) t.data[i] = low + (high - low) * random.next();
  };
  const visit = (layers: readonly Layer[]): void => {
    for (const layer of layers) {
      if (layer instanceof BatchNorm) {
        fill(layer.gamma.value, 0.5, 1.5);
        fill(layer.beta.value, -0.5, 0.5);
        fill(layer.runningMean, -1, 1);
        fill(layer.runningVariance, 0.2, 2);
      } else for (const p of layer.params()) fill(p.value, -0.5, 0.5);
    }
  };
  visit(model.layers);
  return model;
}

/** Exports `model`, runs the file in ONNX Runtime on `x`, and compares with `model.predict(x)`. */
async function expectExportParity(name: string, model: Sequential, x: Tensor): Promise<Uint8Array> {
  const bytes = toOnnx(model);
  const want = model.predict(x);
  const got = await runOrt(bytes, x.data, x.shape);
  expectClose(`toOnnx: ${name}`, { data: got.data, shape: got.dims }, want);
  return bytes;
}

/** The op types of an ONNX file's nodes, in order. */
function opTypes(bytes: Uint8Array): string[] {
  return decodeModel(bytes).graph!.nodes.map((n) => n.opType);
}

const image = (shape: number[], seed: number): Tensor => Tensor.randn(shape, new Random(seed));

describe('toOnnx: image layers against ONNX Runtime (NHWC in and out, NCHW inside)', () => {
  const cases: [string, number[], () => Layer[]][] = [
    ['Conv2D 3×3 valid', [7, 6, 2], () => [new Conv2D(2, 4, 3)]],
    ['Conv2D 3×3 same, stride 2 (odd image: padding bottom and right)', [7, 6, 2], () => [new Conv2D(2, 3, 3, { padding: 'same', stride: 2 })]],
    ['Conv2D 2×3 same, stride [1, 2], no bias', [5, 8, 3], () => [new Conv2D(3, 2, [2, 3], { padding: 'same', stride: [1, 2], useBias: false })]],
    ['Conv2D 1×1', [4, 4, 3], () => [new Conv2D(3, 5, 1)]],
    ['MaxPool2D 2×2', [6, 6, 2], () => [new MaxPool2D(2)]],
    ['MaxPool2D 3×3 same, stride 2 (padded cells never win)', [7, 5, 2], () => [new Conv2D(2, 2, 1), new MaxPool2D(3, { stride: 2, padding: 'same' })]],
    ['AvgPool2D 2×2', [6, 6, 2], () => [new AvgPool2D(2)]],
    ['AvgPool2D 3×3 same, stride 2 (averages the cells inside)', [7, 5, 2], () => [new AvgPool2D(3, { stride: 2, padding: 'same' })]],
    ['GlobalAvgPool2D, Dense', [5, 4, 3], () => [new Conv2D(3, 4, 3), new GlobalAvgPool2D(), new Dense(4, 2)]],
    ['BatchNorm on channels, ReLU, Tanh', [5, 4, 3], () => [new Conv2D(3, 4, 3, { padding: 'same' }), new BatchNorm(4), new ReLU(), new Tanh()]],
    ['Softmax over channels', [4, 3, 2], () => [new Conv2D(2, 5, 1), new Softmax()]],
    ['Flatten (NHWC order), Dense', [4, 3, 2], () => [new Conv2D(2, 3, 2), new Flatten(), new Dense(3 * 2 * 3, 2)]],
    ['Reshape rows into an image, Conv2D', [24], () => [new Reshape([4, 3, 2]), new Conv2D(2, 3, 2)]],
    ['Reshape an image, Conv2D', [4, 3, 2], () => [new Reshape([2, 6, 2]), new Conv2D(2, 3, [1, 2])]],
    ['Permute an image, Conv2D', [4, 3, 2], () => [new Permute([2, 1, 3]), new Conv2D(2, 2, 2)]],
    ['Permute a sequence', [3, 4], () => [new Permute([2, 1])]],
  ];
  it.each(cases)('%s', async (name, inputShape, layers) => {
    const model = randomize(new Sequential(layers(), { seed: 3, inputShape }), 4);
    await expectExportParity(name, model, image([3, ...inputShape], 5));
  });

  it('transposes once into NCHW and once back, however many image layers come between', () => {
    const model = new Sequential(
      [new Conv2D(1, 4, 3, { padding: 'same' }), new ReLU(), new MaxPool2D(2), new Conv2D(4, 4, 3), new BatchNorm(4), new AvgPool2D(2), new Flatten(), new Dense(4, 2)],
      { seed: 1, inputShape: [10, 10, 1] },
    );
    expect(opTypes(toOnnx(model))).toEqual(['Transpose', 'Conv', 'Relu', 'MaxPool', 'Conv', 'BatchNormalization', 'AveragePool', 'Transpose', 'Flatten', 'Gemm']);
  });

  it('an MNIST-shaped convnet: 28×28×1 → conv, pool, conv, pool, dense, softmax', async () => {
    const model = randomize(
      new Sequential(
        [
          new Conv2D(1, 8, 3, { padding: 'same' }),
          new ReLU(),
          new MaxPool2D(2),
          new Conv2D(8, 16, 3),
          new BatchNorm(16),
          new ReLU(),
          new MaxPool2D(2),
          new Flatten(),
          new Dense(6 * 6 * 16, 10),
          new Softmax(),
        ],
        { seed: 7, inputShape: [28, 28, 1] },
      ),
      8,
    );
    const x = new Tensor(Float32Array.from({ length: 4 * 784 }, (_, i) => ((i * 7919) % 256) / 255), [4, 28, 28, 1]);
    await expectExportParity('MNIST-shaped convnet', model, x);
  });
});

interface Fixture {
  inputShape: number[];
  input: number[];
  outputShape: number[];
  output: number[];
}

function fixture(name: string): { bytes: Uint8Array; expected: Fixture } {
  const dir = new URL('./fixtures/', import.meta.url);
  return {
    bytes: new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))),
    expected: JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Fixture,
  };
}

describe('fromOnnx: convnets exported by PyTorch', () => {
  const cases: [string, string, string[]][] = [
    [
      'view-flatten',
      'Conv, MaxPool, Conv (pads 1), Pad + AveragePool, x.view(x.size(0), -1) (Shape, Gather, Unsqueeze, Concat, Reshape), Gemm',
      // NCHW in, so a Permute first; PyTorch's Linear reads the features in NCHW order, so a Permute back before the Flatten.
      ['Permute(2, 3, 1)', 'Conv2D(1 → 4, 3×3)', 'ReLU', 'MaxPool2D(2×2)', 'Conv2D(4 → 6, 3×3, same)', 'Tanh', 'AvgPool2D(2×2)', 'Permute(3, 1, 2)', 'Flatten', 'Dense(24 → 8)', 'ReLU', 'Dense(8 → 3)'],
    ],
    [
      'batchnorm-global',
      'Conv 3×2, Relu, BatchNormalization, Conv 1×1 stride 2, Sigmoid, GlobalAveragePool, Flatten, Gemm, Softmax',
      // After a global pool the order of the features is the channels': no Permute back.
      ['Permute(2, 3, 1)', 'Conv2D(3 → 5, 3×2)', 'ReLU', 'BatchNorm(5)', 'Conv2D(5 → 7, 1×1, stride 2)', 'Sigmoid', 'GlobalAvgPool2D', 'Dense(7 → 4)', 'Softmax'],
    ],
  ];
  it.each(cases)('%s: %s', (name, _what, layers) => {
    const { bytes, expected } = fixture(name);
    const model = fromOnnx(bytes);
    expect(model.layers.map(String)).toEqual(layers);
    expect(model.inputShape).toEqual(expected.inputShape.slice(1));
    const got = model.predict(new Tensor(Float32Array.from(expected.input), expected.inputShape));
    expectClose(`fromOnnx: PyTorch ${name}`, got, { data: expected.output, shape: expected.outputShape });
  });

  it.each(cases)("%s: imported, exported again, runs in ONNX Runtime with PyTorch's outputs", async (name) => {
    const { bytes, expected } = fixture(name);
    const again = toOnnx(fromOnnx(bytes));
    const got = await runOrt(again, Float32Array.from(expected.input), expected.inputShape);
    expectClose(`PyTorch ${name} → neurite → ONNX Runtime`, { data: got.data, shape: got.dims }, { data: expected.output, shape: expected.outputShape });
  });
});

describe('round trip: neurite → ONNX → neurite', () => {
  it('the same layers, predicting the same values', () => {
    const model = randomize(
      new Sequential(
        [
          new Conv2D(3, 4, 3, { padding: 'same', stride: 2 }),
          new BatchNorm(4),
          new ReLU(),
          new MaxPool2D(2, { padding: 'same' }),
          new AvgPool2D([1, 2]),
          new Flatten(),
          new Dense(2 * 1 * 4, 3),
          new Softmax(),
        ],
        { seed: 2, inputShape: [7, 9, 3] },
      ),
      3,
    );
    const back = fromOnnx(toOnnx(model));
    // The image stays NHWC end to end: no Permute is needed on the way back.
    expect(back.layers.map(String)).toEqual(model.layers.map(String));
    expect(back.inputShape).toEqual([7, 9, 3]);
    const x = image([5, 7, 9, 3], 9);
    expectClose('neurite → ONNX → neurite', back.predict(x), model.predict(x));
  });
});

describe('fromOnnx: image operators neurite cannot hold are refused by name', () => {
  /** input [N, 2, 6, 6] → `op` → Flatten → Gemm to 3 outputs; `attributes` and the op's extra inputs as given. */
  function imageModel(op: NodeData, extra: TensorData[] = [], flatFeatures = 0): Uint8Array {
    return buildModel({
      opset: 17,
      inputs: [value('input', ['N', 2, 6, 6])],
      outputs: [value('output', ['N', 3])],
      initializers: [...extra, floats('fc.weight', [3, flatFeatures || 1], values(3 * (flatFeatures || 1), 1))],
      nodes: [
        { ...op, inputs: ['input', ...op.inputs], outputs: ['h'] },
        node('Flatten', ['h'], ['f'], '/Flatten', [{ name: 'axis', i: 1 }]),
        node('Gemm', ['f', 'fc.weight'], ['output'], '/fc/Gemm', [{ name: 'transB', i: 1 }]),
      ],
    });
  }
  const weight = (o: number, c: number, k: number) => floats('w', [o, c, k, k], values(o * c * k * k, 2));
  const conv = (attributes: NodeData['attributes'], w = weight(3, 2, 3)) => imageModel(node('Conv', ['w'], [], '/conv/Conv', attributes), [w]);

  it.each([
    ['a grouped convolution', conv([{ name: 'group', i: 2 }], weight(4, 1, 3)), '"/conv/Conv" (Conv): expected group = 1, got 2; neurite has no grouped convolutions'],
    ['a dilated convolution', conv([{ name: 'dilations', ints: [2, 2] }]), 'expected dilations of 1; neurite has no dilated windows'],
    ['pads neither none nor Keras\'s same', conv([{ name: 'pads', ints: [1, 1, 0, 0] }]), "expected pads [0, 0, 0, 0] ('valid') or [1, 1, 1, 1] ('same' on a 6×6 image), got [1, 1, 0, 0]"],
    ['SAME_LOWER', conv([{ name: 'auto_pad', s: new TextEncoder().encode('SAME_LOWER') }]), "expected auto_pad NOTSET, VALID or SAME_UPPER (Keras's 'same'), got SAME_LOWER"],
    ['a weight for other input channels', conv([], weight(3, 5, 3)), 'expected a weight for 2 input channels, got 5'],
    ['ceil_mode', imageModel(node('MaxPool', [], [], '/pool', [{ name: 'kernel_shape', ints: [2, 2] }, { name: 'ceil_mode', i: 1 }])), 'expected ceil_mode = 0; neurite rounds the output size down'],
    [
      'count_include_pad with padding',
      imageModel(node('AveragePool', [], [], '/pool', [{ name: 'kernel_shape', ints: [3, 3] }, { name: 'pads', ints: [1, 1, 1, 1] }, { name: 'count_include_pad', i: 1 }])),
      "expected count_include_pad = 0 with padding; neurite's AvgPool2D averages the cells inside the image",
    ],
    ['a Transpose that moves the batch', imageModel(node('Transpose', [], [], '/t', [{ name: 'perm', ints: [1, 0, 2, 3] }])), 'expected a perm that keeps the batch axis first, got [1, 0, 2, 3] on [batch, 2, 6, 6]'],
  ])('%s', (_name, bytes, message) => {
    expect(() => fromOnnx(bytes)).toThrow(DataError);
    expect(() => fromOnnx(bytes)).toThrow(message);
  });
});

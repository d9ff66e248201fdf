/**
 * fromOnnx: graphs in the shapes PyTorch's exporter and tf2onnx write for MLPs are
 * built here (test/onnx/builder.ts), imported, and the imported model's predictions
 * compared with ONNX Runtime's on the very same bytes. Then the round trip
 * toOnnx → fromOnnx, which must predict bit-identically.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';

import {
  BatchNorm,
  Dense,
  Dropout,
  LeakyReLU,
  Random,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  Tensor,
  type Layer,
} from '../../src/index.js';
import { fromOnnx, toOnnx } from '../../src/onnx.js';
import type { TensorData } from '../../src/onnx/proto.js';
import { ProtoWriter } from '../../src/onnx/protobuf.js';
import { buildModel, floats, int64s, node, value, values } from './builder.js';
import { maxDiff, runOrt } from './ort.js';

// ONNX Runtime's WebAssembly start-up, and training, take seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const TOLERANCE = 1e-5;
const measured: { name: string; abs: number }[] = [];

afterAll(() => {
  if (measured.length === 0) return;
  const width = Math.max(...measured.map((m) => m.name.length));
  console.log(`fromOnnx parity with ONNX Runtime (max |ort − neurite|):\n${measured.map((m) => `  ${m.name.padEnd(width)}  ${m.abs.toExponential(2)}`).join('\n')}`);
});

/** Imports `bytes`, predicts on `x` (flattened to [batch, features]) and compares with ONNX Runtime on `x` in `ortShape`. */
async function expectImportParity(name: string, bytes: Uint8Array, x: Float32Array, ortShape: number[]): Promise<Sequential> {
  const model = fromOnnx(bytes);
  const want = await runOrt(bytes, x, ortShape);
  const got = model.predict(new Tensor(x, ortShape));
  expect(got.shape).toEqual(want.dims);
  const diff = maxDiff(got.data, want.data);
  measured.push({ name, abs: diff.abs });
  expect(diff.rel, `${name}: max abs diff ${diff.abs}`).toBeLessThanOrEqual(TOLERANCE);
  return model;
}

const attr = {
  f: (name: string, f: number) => ({ name, f }),
  i: (name: string, i: number) => ({ name, i }),
};

function typesOf(model: Sequential): string[] {
  return model.layers.map((l) => String(l));
}

describe('fromOnnx: graphs as PyTorch exports them', () => {
  it('Gemm (transB = 1, float_data), Relu, Gemm, Softmax(axis = 1); opset 17, dynamic batch', async () => {
    const bytes = buildModel({
      opset: 17,
      producer: 'pytorch',
      inputs: [value('input', ['batch_size', 4])],
      outputs: [value('output', ['batch_size', 3])],
      initializers: [
        floats('fc1.weight', [5, 4], values(20, 1), 'float_data'),
        floats('fc1.bias', [5], values(5, 2), 'float_data'),
        floats('fc2.weight', [3, 5], values(15, 3), 'float_data'),
        floats('fc2.bias', [3], values(3, 4), 'float_data'),
      ],
      nodes: [
        node('Gemm', ['input', 'fc1.weight', 'fc1.bias'], ['/fc1/Gemm_output_0'], '/fc1/Gemm', [attr.f('alpha', 1), attr.f('beta', 1), attr.i('transB', 1)]),
        node('Relu', ['/fc1/Gemm_output_0'], ['/relu/Relu_output_0'], '/relu/Relu'),
        node('Gemm', ['/relu/Relu_output_0', 'fc2.weight', 'fc2.bias'], ['/fc2/Gemm_output_0'], '/fc2/Gemm', [attr.f('alpha', 1), attr.f('beta', 1), attr.i('transB', 1)]),
        node('Softmax', ['/fc2/Gemm_output_0'], ['output'], '/softmax/Softmax', [attr.i('axis', 1)]),
      ],
    });
    const model = await expectImportParity('PyTorch: Gemm, Relu, Gemm, Softmax (opset 17)', bytes, values(6 * 4, 9, 2), [6, 4]);
    expect(typesOf(model)).toEqual(['Dense(4 → 5)', 'ReLU', 'Dense(5 → 3)', 'Softmax']);
    expect(Array.from((model.layers[0] as Dense).weight.value.data)).toEqual(Array.from(values(20, 1)));
  });

  it('Flatten of a [N, 1, 2, 2] input, BatchNormalization, Dropout (training_mode false), Sigmoid; opset 13, initializers listed as inputs', async () => {
    const bool = (name: string, v: boolean): TensorData => ({ name, dims: [], dataType: 9, rawData: Uint8Array.of(v ? 1 : 0) });
    const bytes = buildModel({
      opset: 13,
      irVersion: 7,
      producer: 'pytorch',
      // keep_initializers_as_inputs=True: the weights appear among the graph inputs too.
      inputs: [value('x', ['N', 1, 2, 2]), value('fc.weight', [6, 4]), value('fc.bias', [6])],
      outputs: [value('y', ['N', 6])],
      initializers: [
        floats('fc.weight', [6, 4], values(24, 5)),
        floats('fc.bias', [6], values(6, 6)),
        floats('bn.weight', [6], values(6, 7, 0.5).map((v) => v + 1)),
        floats('bn.bias', [6], values(6, 8)),
        floats('bn.running_mean', [6], values(6, 9)),
        floats('bn.running_var', [6], values(6, 10, 0.4).map((v) => v + 0.6)),
        floats('ratio', [], [0.25]),
        bool('training_mode', false),
      ],
      nodes: [
        node('Flatten', ['x'], ['/flatten/Flatten_output_0'], '/flatten/Flatten', [attr.i('axis', 1)]),
        node('Gemm', ['/flatten/Flatten_output_0', 'fc.weight', 'fc.bias'], ['/fc/Gemm_output_0'], '/fc/Gemm', [attr.f('alpha', 1), attr.f('beta', 1), attr.i('transB', 1)]),
        node('BatchNormalization', ['/fc/Gemm_output_0', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'], ['/bn/BatchNormalization_output_0'], '/bn/BatchNormalization', [
          attr.f('epsilon', 1e-5),
          attr.f('momentum', 0.9),
        ]),
        node('Dropout', ['/bn/BatchNormalization_output_0', 'ratio', 'training_mode'], ['/dropout/Dropout_output_0'], '/dropout/Dropout'),
        node('Sigmoid', ['/dropout/Dropout_output_0'], ['y'], '/sigmoid/Sigmoid'),
      ],
    });
    const model = await expectImportParity('PyTorch: Flatten, Gemm, BatchNormalization, Dropout, Sigmoid (opset 13)', bytes, values(5 * 4, 11, 2), [5, 1, 2, 2]);
    expect(typesOf(model)).toEqual(['Flatten', 'Dense(4 → 6)', 'BatchNorm(6)', 'Sigmoid']);
    const bn = model.layers[2] as BatchNorm;
    expect(bn.epsilon).toBe(1e-5); // the float32 attribute, read back as the decimal it was written from
    expect(bn.momentum).toBe(0.9);
  });

  it('Gemm without transB (weight [in, out]), LeakyRelu, Tanh, fixed batch; unpacked float_data; opset 15', async () => {
    // float_data written unpacked (one fixed32 field per value): decoders must accept it, and so does ONNX Runtime.
    const unpacked = (name: string, dims: number[], data: Float32Array): Uint8Array => {
      const w = new ProtoWriter();
      for (const d of dims) w.int(1, d); // dims unpacked too
      w.int(2, 1);
      for (const v of data) w.float(4, v);
      w.string(8, name);
      return w.finish();
    };
    const weight = values(12, 12), bias = values(3, 13);
    const bytes = buildModel({
      opset: 15,
      inputs: [value('input', [2, 4])],
      outputs: [value('output', [2, 3])],
      initializers: [],
      encodedInitializers: [unpacked('W', [4, 3], weight), unpacked('B', [3], bias)],
      nodes: [
        node('Gemm', ['input', 'W', 'B'], ['h'], 'gemm', [attr.i('transA', 0), attr.i('transB', 0)]),
        node('LeakyRelu', ['h'], ['a'], 'leaky', [attr.f('alpha', 0.2)]),
        node('Tanh', ['a'], ['output'], 'tanh'),
      ],
    });
    const model = await expectImportParity('Gemm transB=0 (unpacked float_data), LeakyRelu, Tanh (opset 15)', bytes, values(8, 14, 2), [2, 4]);
    expect(typesOf(model)).toEqual(['Dense(4 → 3)', 'LeakyReLU(alpha=0.2)', 'Tanh']);
    // [in, out] transposed into neurite's [out, in]
    expect((model.layers[0] as Dense).weight.value.data[1]).toBe(weight[3]);
  });
});

describe('fromOnnx: graphs as tf2onnx exports them', () => {
  it('Reshape of the input, MatMul + Add (raw_data, weight [in, out]), Relu, MatMul + Add, Sigmoid, Identity; opset 13', async () => {
    const bytes = buildModel({
      opset: 13,
      producer: 'tf2onnx',
      inputs: [value('flatten_input', ['unk__12', 3, 3])],
      outputs: [value('dense_1', ['unk__13', 2])],
      initializers: [
        int64s('const_fold_opt__9', [-1, 9]),
        floats('sequential/dense/MatMul/ReadVariableOp:0', [9, 7], values(63, 21)),
        floats('sequential/dense/BiasAdd/ReadVariableOp:0', [7], values(7, 22)),
        floats('sequential/dense_1/MatMul/ReadVariableOp:0', [7, 2], values(14, 23)),
        floats('sequential/dense_1/BiasAdd/ReadVariableOp:0', [2], values(2, 24)),
      ],
      nodes: [
        node('Reshape', ['flatten_input', 'const_fold_opt__9'], ['sequential/flatten/Reshape:0'], 'sequential/flatten/Reshape'),
        node('MatMul', ['sequential/flatten/Reshape:0', 'sequential/dense/MatMul/ReadVariableOp:0'], ['sequential/dense/MatMul:0'], 'sequential/dense/MatMul'),
        node('Add', ['sequential/dense/MatMul:0', 'sequential/dense/BiasAdd/ReadVariableOp:0'], ['sequential/dense/BiasAdd:0'], 'sequential/dense/BiasAdd'),
        node('Relu', ['sequential/dense/BiasAdd:0'], ['sequential/dense/Relu:0'], 'sequential/dense/Relu'),
        node('MatMul', ['sequential/dense/Relu:0', 'sequential/dense_1/MatMul/ReadVariableOp:0'], ['sequential/dense_1/MatMul:0'], 'sequential/dense_1/MatMul'),
        node('Add', ['sequential/dense_1/MatMul:0', 'sequential/dense_1/BiasAdd/ReadVariableOp:0'], ['sequential/dense_1/BiasAdd:0'], 'sequential/dense_1/BiasAdd'),
        node('Sigmoid', ['sequential/dense_1/BiasAdd:0'], ['sequential/dense_1/Sigmoid:0'], 'sequential/dense_1/Sigmoid'),
        node('Identity', ['sequential/dense_1/Sigmoid:0'], ['dense_1'], 'Identity'),
      ],
    });
    const model = await expectImportParity('tf2onnx: Reshape, MatMul+Add, Relu, MatMul+Add, Sigmoid, Identity (opset 13)', bytes, values(4 * 9, 25, 2), [4, 3, 3]);
    expect(typesOf(model)).toEqual(['Flatten', 'Dense(9 → 7)', 'ReLU', 'Dense(7 → 2)', 'Sigmoid']);
  });

  it('Constant shape node, Reshape [0, -1], MatMul without bias, Add with the bias first, Softmax; opset 17', async () => {
    const bytes = buildModel({
      opset: 17,
      producer: 'tf2onnx',
      inputs: [value('x', ['unk__3', 5])],
      outputs: [value('probs', ['unk__4', 4])],
      initializers: [floats('W1', [5, 6], values(30, 31)), floats('b2', [1, 4], values(4, 32)), floats('W2', [6, 4], values(24, 33))],
      nodes: [
        { ...node('Constant', [], ['shape'], 'const_shape'), attributes: [{ name: 'value', t: int64s('', [0, -1], 'int64_data') }] },
        node('Reshape', ['x', 'shape'], ['x2'], 'reshape'),
        node('MatMul', ['x2', 'W1'], ['h'], 'dense/MatMul'),
        node('Tanh', ['h'], ['t'], 'dense/Tanh'),
        node('MatMul', ['t', 'W2'], ['z'], 'dense_1/MatMul'),
        node('Add', ['b2', 'z'], ['logits'], 'dense_1/BiasAdd'),
        node('Softmax', ['logits'], ['probs'], 'dense_1/Softmax', [attr.i('axis', -1)]),
      ],
    });
    const model = await expectImportParity('tf2onnx: Constant, Reshape, MatMul (no bias), Tanh, MatMul+Add, Softmax (opset 17)', bytes, values(3 * 5, 34, 2), [3, 5]);
    expect(typesOf(model)).toEqual(['Dense(5 → 6)', 'Tanh', 'Dense(6 → 4)', 'Softmax']);
    expect((model.layers[0] as Dense).bias).toBeNull();
  });
});

describe('fromOnnx: round trip toOnnx → fromOnnx', () => {
  function randomized(layers: Layer[], seed: number): Sequential {
    const model = new Sequential(layers, { seed });
    const random = new Random(seed + 100);
    for (const layer of model.layers) {
      if (layer instanceof BatchNorm) {
        for (const t of [layer.gamma.value, layer.beta.value, layer.runningMean, layer.runningVariance]) {
          for (let i = 0; i < t.size; i++) t.data[i] = 0.3 + random.next();
        }
      }
    }
    return model;
  }

  const cases: [string, () => Layer[]][] = [
    ['XOR 2-4-1', () => [new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()]],
    [
      'MNIST-style 784-64-32-10 with BatchNorm and Dropout',
      () => [new Dense(784, 64), new BatchNorm(64), new ReLU(), new Dropout(0.2), new Dense(64, 32), new ReLU(), new Dense(32, 10), new Softmax()],
    ],
    [
      'every layer, non-default settings',
      () => [
        new BatchNorm(6, { epsilon: 1e-5, momentum: 0.9 }),
        new Dense(6, 5, { useBias: false }),
        new LeakyReLU({ alpha: 0.3 }),
        new Dense(5, 5),
        new BatchNorm(5, { epsilon: 0.01, momentum: 0.5 }),
        new Sigmoid(),
        new Dropout(0.5),
        new Dense(5, 3),
        new Tanh(),
        new Softmax(),
      ],
    ],
  ];

  it.each(cases)('%s predicts bit-identically', (_name, layers) => {
    const model = randomized(layers(), 7);
    const features = model.inFeatures!;
    const x = Tensor.randn([33, features], new Random(8));
    const back = fromOnnx(toOnnx(model));
    expect(back.predict(x).data).toEqual(model.predict(x).data);
    // Same layers (Dropout, the identity at inference, is not carried), same configs, same weights.
    const kept = model.layers.filter((l) => !(l instanceof Dropout));
    expect(back.layers.map((l) => l.getConfig?.())).toEqual(kept.map((l) => l.getConfig?.()));
    expect(back.getWeights()).toEqual(model.getWeights());
  });

  it('the imported model trains on (it is an ordinary Sequential)', async () => {
    const model = fromOnnx(toOnnx(new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 2 })), { seed: 3 });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const before = model.evaluate([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]).loss;
    await model.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 20, batchSize: 4 });
    expect(model.evaluate([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]).loss).toBeLessThan(before);
  });
});

/**
 * fromOnnx on what it must refuse: unsupported operators, old opsets, graphs that are
 * not one chain of layers, and bytes that are truncated, corrupt or hostile. Each is a
 * DataError whose message says what and where; none hangs or allocates from a length
 * it has not checked.
 */
import { describe, expect, it } from 'vitest';
import { DataError, Dense, Random, ReLU, Sequential, Softmax } from '../../src/index.js';
import { fromOnnx, toOnnx } from '../../src/onnx.js';
import type { NodeData, TensorData } from '../../src/onnx/proto.js';
import { floats, gemmReluModel, int64s, node, value } from './builder.js';

const model = gemmReluModel;

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('fromOnnx: unsupported graphs', () => {
  it('accepts the unpatched model (the baseline of this file)', () => {
    expect(fromOnnx(model()).layers.map(String)).toEqual(['Dense(4 → 3)', 'ReLU']);
  });

  it('names an unsupported node, its op type, and what is supported', () => {
    const bytes = model((s) => {
      s.inputs = [value('input', ['N', 1, 2, 2])];
      s.nodes.unshift(node('LpPool', ['input'], ['c'], '/pool/LpPool', [{ name: 'kernel_shape', ints: [2, 2] }]));
      s.nodes[1].inputs[0] = 'c';
    });
    const error = errorOf(() => fromOnnx(bytes));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(/^fromOnnx: node 0 "\/pool\/LpPool" \(LpPool\): op type LpPool is not supported; neurite imports these ONNX operators: Gemm/);
    // Off the chain too: a node whose output nothing reads is still refused, not skipped.
    const offChain = model((s) => s.nodes.unshift(node('Einsum', ['input'], ['e'], '/Einsum')));
    expect(() => fromOnnx(offChain)).toThrow(/^fromOnnx: node 0 "\/Einsum" \(Einsum\): op type Einsum is not supported/);
    for (const op of ['MatMul', 'Conv', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'BatchNormalization', 'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softmax', 'Flatten', 'Reshape', 'Transpose', 'Shape', 'Identity', 'Dropout']) {
      expect(error.message).toContain(op);
    }
  });

  it('rejects opset 11 (and any opset below 13)', () => {
    for (const opset of [7, 11, 12]) {
      expect(() => fromOnnx(model((s) => (s.opset = opset)))).toThrow(
        new DataError(`fromOnnx: opset ${opset} is not supported; expected opset 13 or later (export again with e.g. torch.onnx.export(..., opset_version=17) or tf2onnx --opset 17)`),
      );
    }
  });

  it('rejects two inputs, and zero', () => {
    const two = model((s) => s.inputs.push(value('mask', ['N', 4])));
    expect(() => fromOnnx(two)).toThrow(new DataError('fromOnnx: expected one graph input [batch, …], got 2: "input", "mask"'));
    const none = model((s) => (s.inputs = []));
    expect(() => fromOnnx(none)).toThrow(new DataError('fromOnnx: expected one graph input [batch, …], got 0'));
  });

  it('rejects two outputs, and an output that is not the last layer', () => {
    expect(() => fromOnnx(model((s) => s.outputs.push(value('h', ['N', 3]))))).toThrow('fromOnnx: expected one graph output, got 2: "output", "h"');
    expect(() => fromOnnx(model((s) => (s.outputs = [value('h', ['N', 3])])))).toThrow(
      'fromOnnx: expected the graph output "h" to be the output of the last layer, "output"',
    );
  });

  it('rejects inputs that are not float32 [batch, features]', () => {
    expect(() => fromOnnx(model((s) => (s.inputs = [value('input', ['N', 4], 7)])))).toThrow(
      'fromOnnx: expected input "input" to be a float32 tensor [batch, …], got element type INT64',
    );
    expect(() => fromOnnx(model((s) => (s.inputs = [value('input', [4])])))).toThrow('expected input "input" to have the batch first and at least one more axis, [batch, …], got [batch]');
    expect(() => fromOnnx(model((s) => (s.inputs = [value('input', ['N', 5])])))).toThrow(
      'fromOnnx: node 0 "/fc/Gemm" (Gemm): expected a weight for 5 input features, got 4 (weight shape [3, 4])',
    );
    expect(() => fromOnnx(model((s) => (s.inputs = [value('input', ['N', 2, 2])])))).toThrow(
      'fromOnnx: node 0 "/fc/Gemm" (Gemm): expected its input "input" to be [batch, features], got [batch, 2, 2]; flatten it first',
    );
  });

  it('rejects branches: a residual Add, a value used twice', () => {
    const residual = model((s) => {
      s.outputs = [value('sum', ['N', 3])];
      s.nodes.push(node('Add', ['output', 'h'], ['sum'], '/add/Add'));
    });
    expect(() => fromOnnx(residual)).toThrow(/node 2 "\/add\/Add" \(Add\): input "h" is computed in the graph; neurite imports one chain of layers/);
    const twice = model((s) => {
      s.outputs = [value('s', ['N', 3])];
      s.nodes.push(node('Sigmoid', ['h'], ['s'], 'side'));
    });
    expect(() => fromOnnx(twice)).toThrow(/node 2 "side" \(Sigmoid\): takes "h" as its input where the output of the layer before it, "output", was expected/);
  });

  it('rejects an Add that is not a bias', () => {
    const bytes = model((s) => {
      s.initializers.push(floats('c', [3], [1, 2, 3]));
      s.outputs = [value('y', ['N', 3])];
      s.nodes.push(node('Add', ['output', 'c'], ['y'], 'shift'));
    });
    expect(() => fromOnnx(bytes)).toThrow('fromOnnx: node 2 "shift" (Add): Add is supported only as the bias right after a Gemm or MatMul');
  });

  it('rejects Gemm settings neurite cannot hold', () => {
    const gemm = (attributes: NodeData['attributes']): Uint8Array => model((s) => (s.nodes[0].attributes = attributes));
    expect(() => fromOnnx(gemm([{ name: 'transB', i: 1 }, { name: 'alpha', f: 2 }]))).toThrow('expected alpha = 1 and beta = 1, got alpha = 2, beta = 1');
    expect(() => fromOnnx(gemm([{ name: 'transB', i: 1 }, { name: 'transA', i: 1 }]))).toThrow('transA = 1 is not supported');
  });

  it('rejects a reshape that does not keep [batch, features], and Flatten(axis = 2)', () => {
    const reshape = (shape: number[]): Uint8Array =>
      model((s) => {
        s.initializers.push(int64s('shape', shape));
        s.nodes.unshift(node('Reshape', ['input', 'shape'], ['r'], 'reshape'));
        s.nodes[1].inputs[0] = 'r';
      });
    expect(() => fromOnnx(reshape([-1, 4]))).not.toThrow();
    expect(() => fromOnnx(reshape([1, -1]))).toThrow(
      'fromOnnx: node 0 "reshape" (Reshape): expected a reshape that keeps the batch first (shape [-1, F], [0, -1], [0, F], …), got shape [1, -1] on [batch, 4]',
    );
    // [batch, 2, 2] is a shape neurite holds (a Reshape layer), but the Gemm after it wants rows.
    expect(() => fromOnnx(reshape([-1, 2, 2]))).toThrow(/\(Gemm\): expected its input "r" to be \[batch, features\], got \[batch, 2, 2\]; flatten it first/);
    expect(() => fromOnnx(reshape([-1, 2]))).toThrow(/got shape \[-1, 2\]/);
    const flatten = model((s) => {
      s.inputs = [value('input', ['N', 2, 2])];
      s.nodes.unshift(node('Flatten', ['input'], ['f'], 'flat', [{ name: 'axis', i: 2 }]));
      s.nodes[1].inputs[0] = 'f';
    });
    expect(() => fromOnnx(flatten)).toThrow('fromOnnx: node 0 "flat" (Flatten): expected axis 1 (keeping the batch), got 2 on [batch, 2, 2]');
  });

  it('rejects BatchNormalization in training mode, Softmax over the batch, LeakyRelu with alpha ≥ 1', () => {
    const after = (n: NodeData, extra: TensorData[] = []): Uint8Array =>
      model((s) => {
        s.initializers.push(...extra);
        s.outputs = [value('y', ['N', 3])];
        s.nodes.push({ ...n, inputs: ['output', ...n.inputs], outputs: ['y'] });
      });
    const stats = ['s', 'b', 'm', 'v'].map((name) => floats(name, [3], [1, 1, 1, 1].slice(0, 3)));
    expect(() => fromOnnx(after(node('BatchNormalization', ['s', 'b', 'm', 'v'], [], 'bn', [{ name: 'training_mode', i: 1 }]), stats))).toThrow(
      'fromOnnx: node 2 "bn" (BatchNormalization): training_mode = 1 is not supported; export the model in inference (eval) mode',
    );
    expect(() => fromOnnx(after(node('Softmax', [], [], 'sm', [{ name: 'axis', i: 0 }])))).toThrow(
      'fromOnnx: node 2 "sm" (Softmax): expected the last axis (or the channels of an image), got axis 0 on [batch, 3]',
    );
    expect(() => fromOnnx(after(node('LeakyRelu', [], [], 'lr', [{ name: 'alpha', f: 1.5 }])))).toThrow(
      "fromOnnx: node 2 \"lr\" (LeakyRelu): expected alpha in [0, 1) (neurite's LeakyReLU), got 1.5",
    );
  });

  it('rejects weights that are not float32 data it can read', () => {
    const weight = (t: TensorData): Uint8Array => model((s) => (s.initializers[0] = t));
    expect(() => fromOnnx(weight({ name: 'fc.weight', dims: [3, 4], dataType: 10, rawData: new Uint8Array(24) }))).toThrow(
      'fromOnnx: node 0 "/fc/Gemm" (Gemm): the weight (input B) "fc.weight": expected FLOAT data, got FLOAT16',
    );
    expect(() => fromOnnx(weight({ name: 'fc.weight', dims: [3, 4], dataType: 1, rawData: new Uint8Array(20) }))).toThrow(
      'expected 12 values for dims [3, 4], got 5 in raw_data',
    );
    expect(() => fromOnnx(weight({ name: 'fc.weight', dims: [3, 4], dataType: 1, floatData: [1, 2] }))).toThrow('expected 12 values for dims [3, 4], got 2 in float_data');
    expect(() => fromOnnx(weight({ name: 'fc.weight', dims: [3, 4], dataType: 1, external: true }))).toThrow(/stored in an external file/);
    // A dims product far beyond the data present is an error, not an allocation.
    expect(() => fromOnnx(weight({ name: 'fc.weight', dims: [2 ** 26, 2 ** 26], dataType: 1, rawData: new Uint8Array(8) }))).toThrow(
      /expected 4503599627370496 values for dims \[67108864, 67108864\], got 2 in raw_data/,
    );
  });

  it('rejects nodes of another operator domain', () => {
    const bytes = model((s) => (s.nodes[1] = { ...s.nodes[1], opType: 'FusedRelu', domain: 'com.microsoft' }));
    expect(() => fromOnnx(bytes)).toThrow(/node 1 "\/relu\/Relu" \(FusedRelu\): operator domain "com.microsoft" is not supported/);
  });
});

describe('fromOnnx: malformed bytes', () => {
  const good = toOnnx(new Sequential([new Dense(4, 3), new ReLU(), new Dense(3, 2), new Softmax()], { seed: 1 }));

  it('every truncation of a valid model is a DataError', () => {
    for (let n = 0; n < good.length; n++) {
      const error = errorOf(() => fromOnnx(good.subarray(0, n)));
      expect(error, `truncated to ${n} bytes: ${error.message}`).toBeInstanceOf(DataError);
      expect(error.message).toMatch(/^fromOnnx: /);
    }
    expect(errorOf(() => fromOnnx(good.subarray(0, good.length - 20))).message).toMatch(
      /^fromOnnx: malformed protobuf in ModelProto(\.[a-z_]+(\[\d+\])?)* at byte \d+: .*(truncated|remain)/,
    );
  });

  it('random bytes and bit flips are DataErrors, never a hang or a crash of another kind', () => {
    const random = new Random(1);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = new Uint8Array(1 + random.int(200)).map(() => random.int(256));
      const error = errorOf(() => fromOnnx(bytes));
      expect(error, error.stack).toBeInstanceOf(DataError);
    }
    for (let trial = 0; trial < 300; trial++) {
      const bytes = good.slice();
      bytes[random.int(bytes.length)] ^= 1 << random.int(8);
      try {
        fromOnnx(bytes); // a flip inside a float weight still decodes
      } catch (error) {
        expect(error, (error as Error).stack).toBeInstanceOf(DataError);
      }
    }
  });

  it('a length far past the end is an error before any allocation', () => {
    // field 7 (graph), length-delimited, claiming 2^35 bytes
    const bytes = Uint8Array.of(0x3a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00);
    expect(() => fromOnnx(bytes)).toThrow(/^fromOnnx: malformed protobuf in ModelProto at byte 1: field 7 \(length 34359738368\) needs 34359738368 bytes, only 1 remain/);
  });

  it('rejects varints longer than 10 bytes, the deprecated group wire types, field number 0', () => {
    expect(() => fromOnnx(Uint8Array.of(0x08, ...new Array(11).fill(0xff)))).toThrow(/varint longer than 10 bytes|varint overflows 64 bits/);
    expect(() => fromOnnx(Uint8Array.of(0x0b))).toThrow('field 1 has unsupported wire type start-group');
    expect(() => fromOnnx(Uint8Array.of(0x00, 0x00))).toThrow('invalid field number 0');
  });

  it('rejects a field with the wrong wire type', () => {
    // ir_version (1) as a fixed32
    expect(() => fromOnnx(Uint8Array.of(0x0d, 1, 0, 0, 0))).toThrow('ir_version (field 1) should be varint, got fixed32');
  });

  it('rejects what is not an ONNX model', () => {
    expect(() => fromOnnx(new Uint8Array(0))).toThrow('fromOnnx: expected ONNX model bytes, got an empty array');
    expect(() => fromOnnx('model.onnx' as unknown as Uint8Array)).toThrow(TypeError);
    const json = new TextEncoder().encode(JSON.stringify(new Sequential([new Dense(2, 1)]).toJSON()));
    expect(() => fromOnnx(json)).toThrow(DataError);
    expect(() => fromOnnx(Uint8Array.of(0x08, 0x07))).toThrow(/expected the model to import the ONNX opset \(domain ""\), got none/);
  });
});

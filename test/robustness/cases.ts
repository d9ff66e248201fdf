/**
 * The bad-input matrix: every public constructor and method with wrong ranks and sizes,
 * empty inputs, NaN and ±Infinity, bad labels, mismatched sample counts, bad batch sizes
 * and epochs, out-of-range hyperparameters, calls in the wrong order, a layer in two
 * models, and plain JavaScript mistakes. Each case is one row: the input, the error class
 * and its exact message.
 *
 * This table is the single source of test/robustness/matrix.test.ts (which runs every
 * case) and of docs/ERRORS.md (generated from it by `npx tsx scripts/errors-doc.ts`; the
 * test fails when the document no longer matches).
 */
import {
  Accuracy,
  Adam,
  AdamW,
  addRowVector,
  AvgPool2D,
  BatchNorm,
  batches,
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  cosineDecay,
  Conv2D,
  DataError,
  Dense,
  dot,
  Dropout,
  Flatten,
  GlobalAvgPool2D,
  earlyStopping,
  exponentialDecay,
  gradCheck,
  LeakyReLU,
  matmul,
  matmulTransA,
  matmulTransB,
  MaxPool2D,
  MeanSquaredError,
  NeuriteError,
  oneHot,
  Param,
  parseIdx,
  Random,
  registerLayer,
  ReLU,
  Reshape,
  scale,
  scheduleFromConfig,
  Sequential,
  SGD,
  ShapeError,
  Sigmoid,
  Softmax,
  StateError,
  stepDecay,
  sumRows,
  Tanh,
  Tensor,
  trainTestSplit,
  viewRows,
  add,
  mul,
  sub,
  type Layer,
  type Loss,
  type ModelJSON,
} from '../../src/index.js';
import { fromOnnx, toOnnx } from '../../src/onnx.js';
import { floats, gemmReluModel, node, value, type ModelSpec } from '../onnx/builder.js';
import { fromTfjs, toTfjs } from '../../src/tfjs.js';
import { tfjsModel } from '../tfjs/builder.js';

/** The error classes a case can expect. */
export type ErrorClass =
  | typeof TypeError
  | typeof RangeError
  | typeof ShapeError
  | typeof DataError
  | typeof StateError
  | typeof NeuriteError;

/** One cell of the matrix. */
export interface MatrixCase {
  /** The part of the API, a heading in docs/ERRORS.md. */
  readonly area: string;
  /** What was tried, as code or a short description. */
  readonly input: string;
  /** Runs it; may return a promise (fit). */
  readonly run: () => unknown;
  readonly error: ErrorClass;
  readonly message: string;
}

export const cases: MatrixCase[] = [];
let area = '';
function section(name: string): void {
  area = name;
}
function c(input: string, run: () => unknown, error: ErrorClass, message: string): void {
  cases.push({ area, input, run, error, message });
}

// Values the cases share. Every factory makes fresh objects, so cases stay independent.
const any = <T>(v: unknown) => v as T;
const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const Y = [0, 1, 1, 0];
const m22 = () => Tensor.from([[1, 2], [3, 4]]);
const xorNet = () =>
  new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
const bceNet = () => new Sequential([new Dense(2, 1), new Sigmoid()], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
const threeClass = () =>
  new Sequential([new Dense(2, 3)], { seed: 1 }).compile({ optimizer: 'sgd', loss: new CategoricalCrossEntropy({ fromLogits: true }) });
const uncompiled = () => new Sequential([new Dense(2, 1)], { seed: 1 });
const param = (values: number[], grads: number[]) => {
  const p = new Param('weight', Tensor.from(values));
  p.grad.data.set(grads);
  return p;
};
const saved = (): ModelJSON => JSON.parse(JSON.stringify(new Sequential([new Dense(2, 2), new ReLU(), new Dense(2, 1)], { seed: 1 })));
const savedTraining = (): ModelJSON => {
  const model = new Sequential([new Dense(2, 1)], { seed: 1 }).compile({ optimizer: 'adam', loss: 'mse', metrics: ['accuracy'] });
  return JSON.parse(JSON.stringify(model.toJSON({ includeOptimizer: true })));
};
const modify = (edit: (json: ModelJSON & Record<string, unknown>) => void) => () => {
  const json = saved() as ModelJSON & Record<string, unknown>;
  edit(json);
  return Sequential.fromJSON(json);
};
const modifyTraining = (edit: (training: Record<string, unknown>) => void) => () => {
  const json = savedTraining();
  edit(json.training as unknown as Record<string, unknown>);
  return Sequential.fromJSON(json);
};
const idx = (...bytes: number[]) => new Uint8Array(bytes);
const afterForward = <T extends Layer>(layer: T, shape: number[], training = true): T => {
  layer.forward(Tensor.zeros(shape), training);
  return layer;
};
/** A loss whose value is fine but whose gradient is NaN: a divergence fit must name. */
const nanGradientLoss = (): Loss => {
  const inner = new MeanSquaredError();
  return {
    forward: (p, t) => inner.forward(p, t),
    backward: () => {
      const g = inner.backward();
      g.data.fill(NaN);
      return g;
    },
    toString: () => 'NaNGradient',
  };
};
const fitWith = (options: Record<string, unknown>) => () => xorNet().fit(X, Y, any(options));

// ───────────────────────────────────────────────────────────────────────────────
section('Tensor');
c('new Tensor([1, 2, 3], [2, 2])', () => new Tensor([1, 2, 3], [2, 2]), ShapeError, 'Tensor: expected 4 values for shape [2, 2], got 3');
c('new Tensor(new Float32Array(0), [0]) (zero-sized)', () => new Tensor(new Float32Array(0), [0]), ShapeError, 'Tensor: expected a shape of positive integers, got [0]');
c('new Tensor([1, 2], [2, -1])', () => new Tensor([1, 2], [2, -1]), ShapeError, 'Tensor: expected a shape of positive integers, got [2, -1]');
c('new Tensor([1, 2], [1.5])', () => new Tensor([1, 2], [1.5]), ShapeError, 'Tensor: expected a shape of positive integers, got [1.5]');
c('new Tensor([1, 2], [NaN])', () => new Tensor([1, 2], [NaN]), ShapeError, 'Tensor: expected a shape of positive integers, got [NaN]');
c("new Tensor([1, 2], '2')", () => new Tensor([1, 2], any('2')), ShapeError, 'Tensor: expected a shape (an array of positive integers), got "2"');
c("new Tensor([1, 'a'], [2])", () => new Tensor(any([1, 'a']), [2]), TypeError, 'Tensor: expected data to hold numbers, got "a" at index 1');
c("new Tensor('ab', [2])", () => new Tensor(any('ab'), [2]), TypeError, 'Tensor: expected data as a Float32Array or number[], got "ab"');
c('new Tensor(new Float64Array(2), [2])', () => new Tensor(any(new Float64Array(2)), [2]), TypeError, 'Tensor: expected data as a Float32Array or number[], got a Float64Array');
c('Tensor.zeros([100000, 100000]) (a giant allocation)', () => Tensor.zeros([100000, 100000]), ShapeError, 'Tensor.zeros: expected at most 268435456 elements (1 GiB of float32), got shape [100000, 100000] of 10000000000 elements');
c('Tensor.zeros(5)', () => Tensor.zeros(any(5)), ShapeError, 'Tensor.zeros: expected a shape (an array of positive integers), got 5');
c("Tensor.full([2], '1')", () => Tensor.full([2], any('1')), TypeError, 'Tensor.full: expected value as a number, got "1"');
c('Tensor.from([])', () => Tensor.from([]), ShapeError, 'Tensor.from: expected non-empty arrays, got an empty array at depth 0');
c('Tensor.from([[]])', () => Tensor.from([[]]), ShapeError, 'Tensor.from: expected non-empty arrays, got an empty array at depth 1');
c('Tensor.from([[1, 2], [3]]) (ragged)', () => Tensor.from([[1, 2], [3]]), ShapeError, 'Tensor.from: ragged array: expected row [1] to have length 2, got length 1');
c('Tensor.from([[1], 2])', () => Tensor.from([[1], 2]), ShapeError, 'Tensor.from: ragged array: expected row [1] to have length 1, got 2');
c("Tensor.from([[1, 'a']])", () => Tensor.from(any([[1, 'a']])), TypeError, 'Tensor.from: expected a number at [0][1], got "a"');
c('Tensor.from({})', () => Tensor.from(any({})), TypeError, 'Tensor.from: expected a number at [], got an object');
c('Tensor.randn([2], 5)', () => Tensor.randn([2], any(5)), TypeError, 'Tensor.randn: expected random as a Random, got 5');
c('Tensor.randn([2], random, 0, -1)', () => Tensor.randn([2], new Random(1), 0, -1), RangeError, 'Tensor.randn: expected std to be ≥ 0, got -1');
c('Tensor.randn([2], random, NaN)', () => Tensor.randn([2], new Random(1), NaN), RangeError, 'Tensor.randn: expected mean to be finite, got NaN');
c('Tensor.uniform([2], random, 1, 0)', () => Tensor.uniform([2], new Random(1), 1, 0), RangeError, 'Tensor.uniform: expected high to be finite and ≥ low (1), got 0');
c('Tensor.uniform([2], random, -Infinity)', () => Tensor.uniform([2], new Random(1), -Infinity), RangeError, 'Tensor.uniform: expected low to be finite, got -Infinity');
c('[2, 2] tensor .reshape([3])', () => m22().reshape([3]), ShapeError, 'Tensor.reshape: expected a shape of 4 elements, got [3]');
c('[2, 2] tensor .reshape([0, 4])', () => m22().reshape([0, 4]), ShapeError, 'Tensor.reshape: expected a shape of positive integers, got [0, 4]');
c('[2, 2] tensor .get(0)', () => m22().get(0), ShapeError, 'Tensor.get: expected 2 indices for shape [2, 2], got 1');
c('[2, 2] tensor .get(0, 2)', () => m22().get(0, 2), RangeError, 'Tensor.get: expected index 1 in [0, 1], got 2');
c('[2, 2] tensor .get(-1, 0)', () => m22().get(-1, 0), RangeError, 'Tensor.get: expected index 0 in [0, 1], got -1');
c('[2, 2] tensor .get(0.5, 0)', () => m22().get(0.5, 0), RangeError, 'Tensor.get: expected index 0 in [0, 1], got 0.5');
c("[2, 2] tensor .get('1', 0)", () => m22().get(any('1'), 0), TypeError, 'Tensor.get: expected index 0 as a number, got "1"');

section('Kernels');
c('matmul(a [2, 3], b [2, 3], out)', () => matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]), Tensor.zeros([2, 3])), ShapeError, 'matmul: expected inner dimensions to agree, got a [2, 3] and b [2, 3] (3 vs 2)');
c('matmul(a [2, 3], b [3, 2], out [3, 3])', () => matmul(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]), Tensor.zeros([3, 3])), ShapeError, 'matmul: expected out shape [2, 2], got [3, 3]');
c('matmul(a [3], …) (a vector)', () => matmul(Tensor.zeros([3]), Tensor.zeros([3, 2]), Tensor.zeros([1, 2])), ShapeError, 'matmul: expected a to be a matrix [rows, columns], got [3]');
c('matmul([[1, 2]], b, out) (nested arrays, not a Tensor)', () => matmul(any([[1, 2]]), Tensor.zeros([2, 1]), Tensor.zeros([1, 1])), TypeError, 'matmul: expected a as a Tensor, got an array of length 1');
c('matmulTransA(a [2, 3], b [3, 2], out)', () => matmulTransA(Tensor.zeros([2, 3]), Tensor.zeros([3, 2]), Tensor.zeros([3, 2])), ShapeError, 'matmulTransA: expected inner dimensions to agree, got a [2, 3] and b [3, 2] (2 vs 3)');
c('matmulTransB(a [2, 3], b [2, 2], out)', () => matmulTransB(Tensor.zeros([2, 3]), Tensor.zeros([2, 2]), Tensor.zeros([2, 2])), ShapeError, 'matmulTransB: expected inner dimensions to agree, got a [2, 3] and b [2, 2] (3 vs 2)');
c('addRowVector(x [2, 3], v [2])', () => addRowVector(Tensor.zeros([2, 3]), Tensor.zeros([2])), ShapeError, 'addRowVector: expected a vector of 3 elements, got [2]');
c('sumRows(x [2, 3], out [2])', () => sumRows(Tensor.zeros([2, 3]), Tensor.zeros([2])), ShapeError, 'sumRows: expected a vector of 3 elements, got [2]');
c('add(a [2], b [3])', () => add(Tensor.zeros([2]), Tensor.zeros([3])), ShapeError, 'add: expected b of 2 elements [2], got [3]');
c('sub(a [2], b [2], out [3])', () => sub(Tensor.zeros([2]), Tensor.zeros([2]), Tensor.zeros([3])), ShapeError, 'sub: expected out of 2 elements [2], got [3]');
c('mul(a [2], b [1])', () => mul(Tensor.zeros([2]), Tensor.zeros([1])), ShapeError, 'mul: expected b of 2 elements [2], got [1]');
c('scale(a [2], 3, out [1])', () => scale(Tensor.zeros([2]), 3, Tensor.zeros([1])), ShapeError, 'scale: expected out of 2 elements [2], got [1]');
c('dot(a [2], b [3])', () => dot(Tensor.zeros([2]), Tensor.zeros([3])), ShapeError, 'dot: expected b of 2 elements [2], got [3]');

section('Random');
c('new Random(NaN)', () => new Random(NaN), TypeError, 'Random: expected seed as a finite number or a string, got NaN');
c('new Random({})', () => new Random(any({})), TypeError, 'Random: expected seed as a finite number or a string, got an object');
c('random.int(0)', () => new Random(1).int(0), RangeError, 'Random.int: expected n to be a positive integer, got 0');
c('random.int(2.5)', () => new Random(1).int(2.5), RangeError, 'Random.int: expected n to be a positive integer, got 2.5');
c("random.int('3')", () => new Random(1).int(any('3')), TypeError, 'Random.int: expected n to be a positive integer, got "3"');
c('random.setState({})', () => new Random(1).setState(any({})), TypeError, 'Random.setState: expected state.alea as { c: integer ≥ 0, s0, s1, s2 in [0, 1) } (from getState()), got undefined');
c('random.setState({ …, alea: { …, s0: 5 } })', () => {
  const r = new Random(1);
  const state = r.getState();
  r.setState({ ...state, alea: { ...state.alea, s0: 5 } });
}, TypeError, 'Random.setState: expected state.alea as { c: integer ≥ 0, s0, s1, s2 in [0, 1) } (from getState()), got an object');
c("random.setState({ …, spare: 'x' })", () => {
  const r = new Random(1);
  r.setState({ ...r.getState(), spare: any('x') });
}, TypeError, 'Random.setState: expected state.spare as a finite number or null, got "x"');

section('Dense');
c('new Dense(0, 4)', () => new Dense(0, 4), RangeError, 'Dense: expected inFeatures to be a positive integer, got 0');
c('new Dense(-1, 4)', () => new Dense(-1, 4), RangeError, 'Dense: expected inFeatures to be a positive integer, got -1');
c('new Dense(2.5, 4)', () => new Dense(2.5, 4), RangeError, 'Dense: expected inFeatures to be a positive integer, got 2.5');
c('new Dense(NaN, 4)', () => new Dense(NaN, 4), RangeError, 'Dense: expected inFeatures to be a positive integer, got NaN');
c('new Dense(2, Infinity)', () => new Dense(2, Infinity), RangeError, 'Dense: expected outFeatures to be a positive integer, got Infinity');
c("new Dense('2', 4)", () => new Dense(any('2'), 4), TypeError, 'Dense: expected inFeatures to be a positive integer, got "2"');
c('new Dense(2, [4])', () => new Dense(2, any([4])), TypeError, 'Dense: expected outFeatures to be a positive integer, got an array of length 1');
c('new Dense(100000, 100000) (a giant allocation)', () => new Dense(100000, 100000), ShapeError, 'Dense(100000 → 100000): expected at most 268435456 weights (1 GiB of float32), got 10000000000');
c('new Dense(2, 4, null)', () => new Dense(2, 4, any(null)), TypeError, 'Dense(2 → 4): expected options as an object, got null');
c("new Dense(2, 4, { initializer: 'xavier' })", () => new Dense(2, 4, { initializer: any('xavier') }), RangeError, 'Dense(2 → 4): expected initializer to be one of glorotUniform, glorotNormal, heNormal, heUniform, zeros, got "xavier"');
c('new Dense(2, 4, { initializer: 5 })', () => new Dense(2, 4, { initializer: any(5) }), TypeError, 'Dense(2 → 4): expected initializer as a function or a name, got 5');
c('new Dense(2, 4, { random: 5 })', () => new Dense(2, 4, { random: any(5) }), TypeError, 'Dense(2 → 4): expected random as a Random, got 5');
c('Dense(2 → 4).forward([2, 3] tensor)', () => new Dense(2, 4).forward(Tensor.zeros([2, 3]), false), ShapeError, 'Dense(2 → 4): expected input shape [batch, 2], got [2, 3]');
c('Dense(2 → 4).forward([1, 2, 2] tensor) (rank 3)', () => new Dense(2, 4).forward(Tensor.zeros([1, 2, 2]), false), ShapeError, 'Dense(2 → 4): expected input shape [batch, 2], got [1, 2, 2]');
c('Dense(2 → 4).forward([2] tensor) (rank 1)', () => new Dense(2, 4).forward(Tensor.zeros([2]), false), ShapeError, 'Dense(2 → 4): expected input shape [batch, 2], got [2]');
c('Dense(2 → 4).forward([[1, 2]]) (an array)', () => new Dense(2, 4).forward(any([[1, 2]]), false), TypeError, 'Dense(2 → 4): expected input as a Tensor, got an array of length 1');
c('Dense(2 → 4).forward(undefined)', () => new Dense(2, 4).forward(any(undefined), false), TypeError, 'Dense(2 → 4): expected input as a Tensor, got undefined');
c('Dense(2 → 4).backward(…) before forward', () => new Dense(2, 4).backward(Tensor.zeros([1, 4])), StateError, 'Dense(2 → 4): backward called before forward');
c('Dense(2 → 4).backward([1, 3]) after forward([1, 2])', () => afterForward(new Dense(2, 4), [1, 2]).backward(Tensor.zeros([1, 3])), ShapeError, 'Dense(2 → 4): expected gradOutput shape [1, 4], got [1, 3]');
c('Dense(2 → 4).backward([2, 4]) after forward([1, 2]) (batch differs)', () => afterForward(new Dense(2, 4), [1, 2]).backward(Tensor.zeros([2, 4])), ShapeError, 'Dense(2 → 4): expected gradOutput shape [1, 4], got [2, 4]');
c('Dense(2 → 4).backward(null) after forward', () => afterForward(new Dense(2, 4), [1, 2]).backward(any(null)), TypeError, 'Dense(2 → 4): expected gradOutput as a Tensor, got null');

for (const [name, make] of [
  ['Sigmoid', () => new Sigmoid()],
  ['Tanh', () => new Tanh()],
  ['ReLU', () => new ReLU()],
  ['LeakyReLU(alpha=0.01)', () => new LeakyReLU()],
  ['Softmax', () => new Softmax()],
] as [string, () => Layer][]) {
  section(name.replace(/\(.*/, ''));
  c(`${name}.forward([[1, 2]]) (an array)`, () => make().forward(any([[1, 2]]), false), TypeError, `${name}: expected input as a Tensor, got an array of length 1`);
  c(`${name}.forward('x')`, () => make().forward(any('x'), false), TypeError, `${name}: expected input as a Tensor, got "x"`);
  c(`${name}.backward(…) before forward`, () => make().backward(Tensor.zeros([2, 2])), StateError, `${name}: backward called before forward`);
  c(`${name}.backward([2, 3]) after forward([2, 2])`, () => afterForward(make(), [2, 2]).backward(Tensor.zeros([2, 3])), ShapeError, `${name}: expected gradOutput shape [2, 2], got [2, 3]`);
  c(`${name}.backward({}) after forward`, () => afterForward(make(), [2, 2]).backward(any({})), TypeError, `${name}: expected gradOutput as a Tensor, got an object`);
}
section('LeakyReLU');
c('new LeakyReLU({ alpha: -0.1 })', () => new LeakyReLU({ alpha: -0.1 }), RangeError, 'LeakyReLU: expected alpha in [0, 1), got -0.1');
c('new LeakyReLU({ alpha: 1 })', () => new LeakyReLU({ alpha: 1 }), RangeError, 'LeakyReLU: expected alpha in [0, 1), got 1');
c('new LeakyReLU({ alpha: NaN })', () => new LeakyReLU({ alpha: NaN }), RangeError, 'LeakyReLU: expected alpha in [0, 1), got NaN');
c("new LeakyReLU({ alpha: '0.1' })", () => new LeakyReLU({ alpha: any('0.1') }), TypeError, 'LeakyReLU: expected alpha in [0, 1), got "0.1"');
c('new LeakyReLU(0.1) (a number, not options)', () => new LeakyReLU(any(0.1)), TypeError, 'LeakyReLU: expected options as an object, got 0.1');

section('Dropout');
c('new Dropout(1)', () => new Dropout(1), RangeError, 'Dropout: expected rate in [0, 1), got 1');
c('new Dropout(-0.1)', () => new Dropout(-0.1), RangeError, 'Dropout: expected rate in [0, 1), got -0.1');
c('new Dropout(NaN)', () => new Dropout(NaN), RangeError, 'Dropout: expected rate in [0, 1), got NaN');
c('new Dropout(Infinity)', () => new Dropout(Infinity), RangeError, 'Dropout: expected rate in [0, 1), got Infinity');
c("new Dropout('0.5')", () => new Dropout(any('0.5')), TypeError, 'Dropout: expected rate in [0, 1), got "0.5"');
c('new Dropout()', () => new Dropout(any(undefined)), TypeError, 'Dropout: expected rate in [0, 1), got undefined');
c('new Dropout(0.5, null)', () => new Dropout(0.5, any(null)), TypeError, 'Dropout(0.5): expected options as an object, got null');
c('new Dropout(0.5, { random: {} })', () => new Dropout(0.5, { random: any({}) }), TypeError, 'Dropout(0.5): expected random as a Random, got an object');
c('Dropout(0.5).forward([[1, 2]]) (an array)', () => new Dropout(0.5).forward(any([[1, 2]]), true), TypeError, 'Dropout(0.5): expected input as a Tensor, got an array of length 1');
c('Dropout(0.5).backward(…) before forward', () => new Dropout(0.5).backward(Tensor.zeros([2])), StateError, 'Dropout(0.5): backward called before forward');
c('Dropout(0.5).backward([3]) after forward([2, 2])', () => afterForward(new Dropout(0.5), [2, 2]).backward(Tensor.zeros([3])), ShapeError, 'Dropout(0.5): expected gradOutput shape [2, 2], got [3]');

section('BatchNorm');
c('new BatchNorm(0)', () => new BatchNorm(0), RangeError, 'BatchNorm: expected features to be a positive integer, got 0');
c('new BatchNorm(1.5)', () => new BatchNorm(1.5), RangeError, 'BatchNorm: expected features to be a positive integer, got 1.5');
c("new BatchNorm('4')", () => new BatchNorm(any('4')), TypeError, 'BatchNorm: expected features to be a positive integer, got "4"');
c('new BatchNorm(4, { momentum: 1 })', () => new BatchNorm(4, { momentum: 1 }), RangeError, 'BatchNorm(4): expected momentum in [0, 1), got 1');
c('new BatchNorm(4, { momentum: -0.1 })', () => new BatchNorm(4, { momentum: -0.1 }), RangeError, 'BatchNorm(4): expected momentum in [0, 1), got -0.1');
c('new BatchNorm(4, { momentum: NaN })', () => new BatchNorm(4, { momentum: NaN }), RangeError, 'BatchNorm(4): expected momentum in [0, 1), got NaN');
c('new BatchNorm(4, { epsilon: 0 })', () => new BatchNorm(4, { epsilon: 0 }), RangeError, 'BatchNorm(4): expected epsilon to be > 0, got 0');
c('new BatchNorm(4, { epsilon: -1e-3 })', () => new BatchNorm(4, { epsilon: -1e-3 }), RangeError, 'BatchNorm(4): expected epsilon to be > 0, got -0.001');
c("new BatchNorm(4, 'fast')", () => new BatchNorm(4, any('fast')), TypeError, 'BatchNorm(4): expected options as an object, got "fast"');
c('BatchNorm(2).forward([2, 3] tensor)', () => new BatchNorm(2).forward(Tensor.zeros([2, 3]), true), ShapeError, 'BatchNorm(2): expected input shape [batch, 2], got [2, 3]');
c('BatchNorm(2).forward([1, 2] tensor, training) (a batch of one)', () => new BatchNorm(2).forward(Tensor.zeros([1, 2]), true), ShapeError, 'BatchNorm(2): expected a batch of at least 2 samples in training (the variance of one sample is undefined), got 1');
c('BatchNorm(2).forward(null)', () => new BatchNorm(2).forward(any(null), true), TypeError, 'BatchNorm(2): expected input as a Tensor, got null');
c('BatchNorm(2).forward([[3e20, 0], [-3e20, 1]], training) (a variance float32 cannot hold)', () => new BatchNorm(2).forward(Tensor.from([[3e20, 0], [-3e20, 1]]), true), DataError, 'BatchNorm(2): expected batch statistics that float32 can hold, got a variance of 9.000000360735796e+40 for feature 0; normalise the inputs');
c('BatchNorm(2).backward(…) before forward', () => new BatchNorm(2).backward(Tensor.zeros([2, 2])), StateError, 'BatchNorm(2): backward called before forward');
c('BatchNorm(2).backward([3, 2]) after forward([2, 2])', () => afterForward(new BatchNorm(2), [2, 2]).backward(Tensor.zeros([3, 2])), ShapeError, 'BatchNorm(2): expected gradOutput shape [2, 2], got [3, 2]');

section('Conv2D and pooling');
c('new Conv2D(0, 8, 3)', () => new Conv2D(0, 8, 3), RangeError, 'Conv2D: expected inChannels to be a positive integer, got 0');
c('new Conv2D(1, 8, 0)', () => new Conv2D(1, 8, 0), RangeError, 'Conv2D: expected kernelSize as a positive integer or [height, width], got 0');
c('new Conv2D(1, 8, [3])', () => new Conv2D(1, 8, any([3])), TypeError, 'Conv2D: expected kernelSize as a positive integer or [height, width], got [3]');
c("new Conv2D(1, 8, '3')", () => new Conv2D(1, 8, any('3')), TypeError, 'Conv2D: expected kernelSize as a positive integer or [height, width], got "3"');
c('new Conv2D(1, 8, 3, { stride: 1.5 })', () => new Conv2D(1, 8, 3, { stride: 1.5 }), RangeError, 'Conv2D: expected stride as a positive integer or [height, width], got 1.5');
c("new Conv2D(1, 8, 3, { padding: 'full' })", () => new Conv2D(1, 8, 3, { padding: any('full') }), RangeError, 'Conv2D: expected padding to be \'valid\' or \'same\', got "full"');
c('new Conv2D(1, 8, 3, { strides: 2 })', () => new Conv2D(1, 8, 3, any({ strides: 2 })), TypeError, 'Conv2D: unknown option "strides"; did you mean stride? (expected stride, padding, useBias, initializer, random, weightRegularizer)');
c("new Conv2D(1, 8, 3, { useBias: 'yes' })", () => new Conv2D(1, 8, 3, { useBias: any('yes') }), TypeError, 'Conv2D(1 → 8, 3×3): expected useBias to be true or false, got "yes"');
c('Conv2D(1 → 8, 3×3).forward([32, 784] tensor)', () => new Conv2D(1, 8, 3).forward(Tensor.zeros([32, 784]), false), ShapeError, 'Conv2D(1 → 8, 3×3): expected input shape [batch, height, width, 1], got [32, 784]');
c('Conv2D(1 → 8, 3×3).forward([2, 28, 28, 3] tensor)', () => new Conv2D(1, 8, 3).forward(Tensor.zeros([2, 28, 28, 3]), false), ShapeError, 'Conv2D(1 → 8, 3×3): expected input shape [batch, height, width, 1], got [2, 28, 28, 3]');
c('Conv2D(1 → 8, 5×5).forward([2, 4, 4, 1] tensor) (smaller than the kernel)', () => new Conv2D(1, 8, 5).forward(Tensor.zeros([2, 4, 4, 1]), false), ShapeError, "Conv2D(1 → 8, 5×5): expected an input of at least 5×5 pixels (its window, with padding 'valid'), got [2, 4, 4, 1]");
c('Conv2D(1 → 8, 3×3).backward(…) before forward', () => new Conv2D(1, 8, 3).backward(Tensor.zeros([1, 1, 1, 8])), StateError, 'Conv2D(1 → 8, 3×3): backward called before forward');
c('Conv2D(1 → 8, 3×3).backward([2, 2, 2, 4]) after forward([2, 4, 4, 1])', () => afterForward(new Conv2D(1, 8, 3), [2, 4, 4, 1]).backward(Tensor.zeros([2, 2, 2, 4])), ShapeError, 'Conv2D(1 → 8, 3×3): expected gradOutput shape [2, 2, 2, 8], got [2, 2, 2, 4]');
c('new MaxPool2D(0)', () => new MaxPool2D(0), RangeError, 'MaxPool2D: expected poolSize as a positive integer or [height, width], got 0');
c('new MaxPool2D(2, { stride: [2, 0] })', () => new MaxPool2D(2, { stride: [2, 0] }), RangeError, 'MaxPool2D: expected stride as a positive integer or [height, width], got [2, 0]');
c('MaxPool2D(2×2).forward([4, 10] tensor)', () => new MaxPool2D(2).forward(Tensor.zeros([4, 10]), false), ShapeError, 'MaxPool2D(2×2): expected input shape [batch, height, width, channels], got [4, 10]');
c('MaxPool2D(3×3).forward([1, 2, 2, 1] tensor) (smaller than the window)', () => new MaxPool2D(3).forward(Tensor.zeros([1, 2, 2, 1]), false), ShapeError, "MaxPool2D(3×3): expected an input of at least 3×3 pixels (its window, with padding 'valid'), got [1, 2, 2, 1]");
c("new AvgPool2D(2, { padding: 'SAME' })", () => new AvgPool2D(2, { padding: any('SAME') }), RangeError, 'AvgPool2D: expected padding to be \'valid\' or \'same\', got "SAME"');
c('AvgPool2D(2×2).backward(…) before forward', () => new AvgPool2D(2).backward(Tensor.zeros([1, 1, 1, 1])), StateError, 'AvgPool2D(2×2): backward called before forward');
c('GlobalAvgPool2D.forward([2, 10] tensor)', () => new GlobalAvgPool2D().forward(Tensor.zeros([2, 10]), false), ShapeError, 'GlobalAvgPool2D: expected input shape [batch, height, width, channels], got [2, 10]');
c('new Sequential([Conv2D(1 → 8, 3×3), Conv2D(4 → 8, 3×3)], { inputShape: [28, 28, 1] })', () => new Sequential([new Conv2D(1, 8, 3), new Conv2D(4, 8, 3)], { inputShape: [28, 28, 1] }), ShapeError, 'Sequential: layer 1 (Conv2D(4 → 8, 3×3)) expects input shape [batch, height, width, 4], but Conv2D(1 → 8, 3×3) before it produces [batch, 26, 26, 8]');

section('Flatten and Reshape');
c('new Sequential([Flatten, Dense(1600 → 10)], { inputShape: [7, 7, 64] })', () => new Sequential([new Flatten(), new Dense(1600, 10)], { inputShape: [7, 7, 64] }), ShapeError, 'Sequential: layer 1 (Dense(1600 → 10)) expects 1600 features, but Flatten before it produces 3136 (7 × 7 × 64)');
c('new Reshape([7, -1, -1])', () => new Reshape([7, -1, -1]), RangeError, 'Reshape: expected shape as an array of positive integers with at most one -1, got [7, -1, -1]');
c('new Reshape(784)', () => new Reshape(any(784)), TypeError, 'Reshape: expected shape as an array of positive integers with at most one -1, got 784');
c('Reshape([7, 7, 64]).forward([2, 784] tensor)', () => new Reshape([7, 7, 64]).forward(Tensor.zeros([2, 784]), false), ShapeError, 'Reshape([7, 7, 64]): expected 3136 values a sample, got [2, 784] (784)');
c('Flatten.backward(…) before forward', () => new Flatten().backward(Tensor.zeros([1, 4])), StateError, 'Flatten: backward called before forward');

section('MeanSquaredError');
c('forward(prediction [2, 1], target [2, 2])', () => new MeanSquaredError().forward(Tensor.zeros([2, 1]), Tensor.zeros([2, 2])), ShapeError, "MeanSquaredError: expected target shape [2, 1] (the prediction's), got [2, 2]");
c('forward(prediction [2], target [2, 1])', () => new MeanSquaredError().forward(Tensor.zeros([2]), Tensor.zeros([2, 1])), ShapeError, "MeanSquaredError: expected target shape [2] (the prediction's), got [2, 1]");
c('forward(…, target with NaN)', () => new MeanSquaredError().forward(Tensor.from([[1], [2]]), Tensor.from([[1], [NaN]])), DataError, 'MeanSquaredError: expected finite values in target, got NaN at index 1');
c('forward(prediction with Infinity, …)', () => new MeanSquaredError().forward(Tensor.from([[Infinity], [2]]), Tensor.from([[1], [2]])), DataError, 'MeanSquaredError: expected finite values in prediction, got Infinity at index 0');
c('forward([[1]], [[1]]) (arrays)', () => new MeanSquaredError().forward(any([[1]]), any([[1]])), TypeError, 'MeanSquaredError: expected prediction as a Tensor, got an array of length 1');
c('forward(tensor, undefined)', () => new MeanSquaredError().forward(Tensor.zeros([1]), any(undefined)), TypeError, 'MeanSquaredError: expected target as a Tensor, got undefined');
c('backward() before forward', () => new MeanSquaredError().backward(), StateError, 'MeanSquaredError: backward called before forward');

section('BinaryCrossEntropy');
c('new BinaryCrossEntropy({ epsilon: 0 })', () => new BinaryCrossEntropy({ epsilon: 0 }), RangeError, 'BinaryCrossEntropy: expected epsilon in (0, 0.5), got 0');
c('new BinaryCrossEntropy({ epsilon: 0.5 })', () => new BinaryCrossEntropy({ epsilon: 0.5 }), RangeError, 'BinaryCrossEntropy: expected epsilon in (0, 0.5), got 0.5');
c('new BinaryCrossEntropy({ epsilon: NaN })', () => new BinaryCrossEntropy({ epsilon: NaN }), RangeError, 'BinaryCrossEntropy: expected epsilon in (0, 0.5), got NaN');
c('new BinaryCrossEntropy(null)', () => new BinaryCrossEntropy(any(null)), TypeError, 'BinaryCrossEntropy: expected options as an object, got null');
c('forward(…, target [0, 2]) (out of range)', () => new BinaryCrossEntropy().forward(Tensor.full([2], 0.5), Tensor.from([0, 2])), DataError, 'BinaryCrossEntropy: expected targets in [0, 1], got 2 at index 1');
c('forward(…, target [-1, 0])', () => new BinaryCrossEntropy().forward(Tensor.full([2], 0.5), Tensor.from([-1, 0])), DataError, 'BinaryCrossEntropy: expected targets in [0, 1], got -1 at index 0');
c('forward(…, target [0, NaN])', () => new BinaryCrossEntropy().forward(Tensor.full([2], 0.5), Tensor.from([0, NaN])), DataError, 'BinaryCrossEntropy: expected targets in [0, 1], got NaN at index 1');
c('forward(prediction [0.5, 1.5], …) (not probabilities)', () => new BinaryCrossEntropy().forward(Tensor.from([0.5, 1.5]), Tensor.from([0, 1])), DataError, "BinaryCrossEntropy: expected predictions as probabilities in [0, 1] (a Sigmoid's output; use fromLogits for raw scores), got 1.5 at index 1");
c('forward(prediction [NaN, 0.5], …)', () => new BinaryCrossEntropy().forward(Tensor.from([NaN, 0.5]), Tensor.from([0, 1])), DataError, "BinaryCrossEntropy: expected predictions as probabilities in [0, 1] (a Sigmoid's output; use fromLogits for raw scores), got NaN at index 0");
c('fromLogits: forward(prediction [-Infinity, 0], …)', () => new BinaryCrossEntropy({ fromLogits: true }).forward(Tensor.from([-Infinity, 0]), Tensor.from([1, 0])), DataError, 'BinaryCrossEntropy(fromLogits): expected finite values in prediction, got -Infinity at index 0');
c('forward(prediction [2], target [3])', () => new BinaryCrossEntropy().forward(Tensor.full([2], 0.5), Tensor.zeros([3])), ShapeError, "BinaryCrossEntropy: expected target shape [2] (the prediction's), got [3]");
c('backward() before forward', () => new BinaryCrossEntropy().backward(), StateError, 'BinaryCrossEntropy: backward called before forward');

section('CategoricalCrossEntropy');
const logits = () => Tensor.from([[0, 1, 2], [2, 1, 0]]);
const cce = () => new CategoricalCrossEntropy({ fromLogits: true });
c('new CategoricalCrossEntropy({ epsilon: 0 })', () => new CategoricalCrossEntropy({ epsilon: 0 }), RangeError, 'CategoricalCrossEntropy: expected epsilon in (0, 0.5), got 0');
c("new CategoricalCrossEntropy('fromLogits')", () => new CategoricalCrossEntropy(any('fromLogits')), TypeError, 'CategoricalCrossEntropy: expected options as an object, got "fromLogits"');
c('forward(logits [2, 3], labels [0, 3]) (label out of range)', () => cce().forward(logits(), Tensor.from([0, 3])), DataError, 'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got 3 at index 1');
c('forward(logits, labels [-1, 0]) (negative label)', () => cce().forward(logits(), Tensor.from([-1, 0])), DataError, 'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got -1 at index 0');
c('forward(logits, labels [1.5, 0]) (fractional label)', () => cce().forward(logits(), Tensor.from([1.5, 0])), DataError, 'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got 1.5 at index 0');
c('forward(logits, labels [0, NaN])', () => cce().forward(logits(), Tensor.from([0, NaN])), DataError, 'CategoricalCrossEntropy(fromLogits): expected class labels as integers in [0, 2], got NaN at index 1');
c('forward(logits, one-hot with a 2)', () => cce().forward(logits(), Tensor.from([[0, 2, 0], [1, 0, 0]])), DataError, 'CategoricalCrossEntropy(fromLogits): expected target probabilities in [0, 1], got 2 at index 1');
c('forward(logits [2, 3], target [2, 4])', () => cce().forward(logits(), Tensor.zeros([2, 4])), ShapeError, 'CategoricalCrossEntropy(fromLogits): expected target shape [2, 3] (one-hot) or [2] (class labels), got [2, 4]');
c('forward(logits [2, 3], labels [3]) (sample counts differ)', () => cce().forward(logits(), Tensor.zeros([3])), ShapeError, 'CategoricalCrossEntropy(fromLogits): expected target shape [2, 3] (one-hot) or [2] (class labels), got [3]');
c('forward(prediction [3], …) (rank 1)', () => cce().forward(Tensor.zeros([3]), Tensor.zeros([3])), ShapeError, 'CategoricalCrossEntropy(fromLogits): expected prediction shape [batch, classes], got [3]');
c('forward(logits with Infinity, labels)', () => cce().forward(Tensor.from([[Infinity, 0, 0], [0, 0, 0]]), Tensor.from([0, 1])), DataError, 'CategoricalCrossEntropy(fromLogits): expected finite values in prediction, got Infinity at index 0');
c('on probabilities: forward(prediction with 1.2, …)', () => new CategoricalCrossEntropy().forward(Tensor.from([[1.2, 0, 0]]), Tensor.from([0])), DataError, "CategoricalCrossEntropy: expected predictions as probabilities in [0, 1] (a Softmax's output; use fromLogits for raw scores), got 1.2 at index 0");
c('forward(logits, [0, 1]) (an array target)', () => cce().forward(logits(), any([0, 1])), TypeError, 'CategoricalCrossEntropy(fromLogits): expected target as a Tensor, got an array of length 2');
c('backward() before forward', () => cce().backward(), StateError, 'CategoricalCrossEntropy(fromLogits): backward called before forward');

section('SGD');
for (const [options, error, message] of [
  [{ learningRate: 0 }, RangeError, 'SGD: expected learningRate to be > 0, got 0'],
  [{ learningRate: -0.1 }, RangeError, 'SGD: expected learningRate to be > 0, got -0.1'],
  [{ learningRate: NaN }, RangeError, 'SGD: expected learningRate to be > 0, got NaN'],
  [{ learningRate: Infinity }, RangeError, 'SGD: expected learningRate to be > 0, got Infinity'],
  [{ learningRate: '0.1' }, TypeError, 'SGD: expected learningRate to be > 0, got "0.1"'],
  [{ momentum: 1 }, RangeError, 'SGD: expected momentum in [0, 1), got 1'],
  [{ momentum: -0.5 }, RangeError, 'SGD: expected momentum in [0, 1), got -0.5'],
  [{ momentum: NaN }, RangeError, 'SGD: expected momentum in [0, 1), got NaN'],
  [{ nesterov: true }, RangeError, 'SGD: expected momentum > 0 with nesterov, got 0'],
  [{ weightDecay: -1 }, RangeError, 'SGD: expected weightDecay to be ≥ 0, got -1'],
  [{ clipNorm: 0 }, RangeError, 'SGD: expected clipNorm to be > 0, got 0'],
] as [Record<string, unknown>, ErrorClass, string][]) {
  c(`new SGD(${JSON.stringify(options).replace(/null/g, String(Object.values(options)[0]))})`, () => new SGD(any(options)), error, message);
}
c('new SGD(null)', () => new SGD(any(null)), TypeError, 'SGD: expected options as an object, got null');
c('sgd.step(5)', () => new SGD().step(any(5)), TypeError, 'SGD.step: expected params as an array of Param, got 5');
c('sgd.step([tensor])', () => new SGD().step(any([Tensor.zeros([1])])), TypeError, 'SGD.step: expected params as an array of Param, got a Tensor at index 0');
c('sgd.step(params with a NaN gradient)', () => new SGD().step([param([1, 2], [0, NaN])]), DataError, 'SGD: expected finite gradients, got NaN in param 0 (weight) at index 1');
c('SGD({ clipNorm: 1 }).step(params with an infinite gradient)', () => new SGD({ clipNorm: 1 }).step([param([1], [Infinity])]), DataError, 'SGD: expected finite gradients, got Infinity in param 0 (weight) at index 0');
c('SGD({ learningRate: 1e30 }).step(params with gradient 1e10) (the step overflows)', () => new SGD({ learningRate: 1e30 }).step([param([1], [1e10])]), DataError, "SGD: expected finite weights after the step, got -Infinity in param 0 (weight) at index 0; the step was undone; try a lower learning rate (now 1e+30) or clipNorm");
c('SGD({ learningRate: () => NaN }).step(params)', () => new SGD({ learningRate: () => NaN }).step([param([1], [1])]), RangeError, 'SGD: expected the schedule to give a learning rate ≥ 0, got NaN at step 0');
c("sgd.setState(params, 'state')", () => new SGD().setState([param([1], [0])], any('state')), TypeError, 'SGD.setState: expected a state { iterations, slots } from getState(), got "state"');
c('SGD({ momentum: 0.9 }).setState(params, { iterations: 1, slots: [{ velocity: 3 values }] }) for 1 value', () => new SGD({ momentum: 0.9 }).setState([param([1], [0])], { iterations: 1, slots: [{ velocity: new Float32Array(3) }] }), DataError, "SGD: expected state 'velocity' of 1 values for param 0 (weight), got 3");
c('SGD({ momentum: 0.9 }).setState(params, velocity [NaN])', () => new SGD({ momentum: 0.9 }).setState([param([1], [0])], { iterations: 1, slots: [{ velocity: new Float32Array([NaN]) }] }), DataError, "SGD: expected finite values in state 'velocity' of param 0 (weight), got NaN at index 0");
c('sgd.setState(params, { iterations: -1, … })', () => new SGD().setState([param([1], [0])], { iterations: -1, slots: [{}] }), DataError, 'SGD: expected iterations to be an integer ≥ 0, got -1');

section('Adam and AdamW');
for (const [input, make, error, message] of [
  ['new Adam({ learningRate: 0 })', () => new Adam({ learningRate: 0 }), RangeError, 'Adam: expected learningRate to be > 0, got 0'],
  ['new Adam({ learningRate: NaN })', () => new Adam({ learningRate: NaN }), RangeError, 'Adam: expected learningRate to be > 0, got NaN'],
  ['new Adam({ beta1: 1 })', () => new Adam({ beta1: 1 }), RangeError, 'Adam: expected beta1 in [0, 1), got 1'],
  ['new Adam({ beta1: -0.1 })', () => new Adam({ beta1: -0.1 }), RangeError, 'Adam: expected beta1 in [0, 1), got -0.1'],
  ['new Adam({ beta2: 1 })', () => new Adam({ beta2: 1 }), RangeError, 'Adam: expected beta2 in [0, 1), got 1'],
  ['new Adam({ beta2: NaN })', () => new Adam({ beta2: NaN }), RangeError, 'Adam: expected beta2 in [0, 1), got NaN'],
  ['new Adam({ epsilon: 0 })', () => new Adam({ epsilon: 0 }), RangeError, 'Adam: expected epsilon to be > 0, got 0'],
  ['new Adam({ epsilon: -1e-8 })', () => new Adam({ epsilon: -1e-8 }), RangeError, 'Adam: expected epsilon to be > 0, got -1e-8'],
  ["new Adam({ beta1: '0.9' })", () => new Adam({ beta1: any('0.9') }), TypeError, 'Adam: expected beta1 in [0, 1), got "0.9"'],
  ['new Adam(0.001)', () => new Adam(any(0.001)), TypeError, 'Adam: expected options as an object, got 0.001'],
  ['new AdamW({ weightDecay: -0.1 })', () => new AdamW({ weightDecay: -0.1 }), RangeError, 'AdamW: expected weightDecay to be ≥ 0, got -0.1'],
  ['new AdamW({ beta2: 1.5 })', () => new AdamW({ beta2: 1.5 }), RangeError, 'AdamW: expected beta2 in [0, 1), got 1.5'],
] as [string, () => unknown, ErrorClass, string][]) {
  c(input, make, error, message);
}
c('adam.step(params with an infinite gradient)', () => new Adam().step([param([1, 2], [Infinity, 0])]), DataError, 'Adam: expected finite gradients, got Infinity in param 0 (weight) at index 0');

c("adam.step(params with gradient 1e21) (g² overflows Adam's v)", () => new Adam().step([param([1], [1e21])]), DataError, "Adam: expected finite state 'v' after the step, got Infinity in param 0 (weight) at index 0; the step was undone; try a lower learning rate (now 0.001) or clipNorm");

section('Learning-rate schedules');
c('stepDecay({ initialLearningRate: 0, decayRate: 0.5, stepSize: 10 })', () => stepDecay({ initialLearningRate: 0, decayRate: 0.5, stepSize: 10 }), RangeError, 'stepDecay: expected initialLearningRate to be > 0, got 0');
c('stepDecay({ initialLearningRate: 0.1, decayRate: 1.5, stepSize: 10 })', () => stepDecay({ initialLearningRate: 0.1, decayRate: 1.5, stepSize: 10 }), RangeError, 'stepDecay: expected decayRate in (0, 1], got 1.5');
c('stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 0 })', () => stepDecay({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 0 }), RangeError, 'stepDecay: expected stepSize to be a positive integer, got 0');
c('stepDecay()', () => stepDecay(any(undefined)), TypeError, 'stepDecay: expected initialLearningRate to be > 0, got undefined');
c('exponentialDecay({ initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 2.5 })', () => exponentialDecay({ initialLearningRate: 0.1, decayRate: 0.5, decaySteps: 2.5 }), RangeError, 'exponentialDecay: expected decaySteps to be a positive integer, got 2.5');
c('cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 2 })', () => cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 2 }), RangeError, 'cosineDecay: expected alpha in [0, 1], got 2');
c('cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, warmupSteps: -1 })', () => cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, warmupSteps: -1 }), RangeError, 'cosineDecay: expected warmupSteps to be an integer ≥ 0, got -1');
c("scheduleFromConfig({ type: 'linear' })", () => scheduleFromConfig(any({ type: 'linear' })), RangeError, 'scheduleFromConfig: expected type stepDecay, exponentialDecay or cosineDecay, got "linear"');
c('scheduleFromConfig(null)', () => scheduleFromConfig(any(null)), TypeError, 'scheduleFromConfig: expected a schedule config { type, … }, got null');

section('Sequential: construction');
c("new Sequential('layers')", () => new Sequential(any('layers')), TypeError, 'Sequential: expected an array of layers, got "layers"');
c('new Sequential([5])', () => new Sequential(any([5])), TypeError, 'Sequential: expected a layer (with forward, backward and params) at index 0, got 5');
c('new Sequential([Dense(2 → 3), Dense(4 → 1)])', () => new Sequential([new Dense(2, 3), new Dense(4, 1)]), ShapeError, 'Sequential: layer 1 (Dense(4 → 1)) expects 4 features, but Dense(2 → 3) before it produces 3');
c('one Dense instance in two models', () => {
  const shared = new Dense(2, 1);
  new Sequential([shared]);
  return new Sequential([shared]);
}, StateError, 'Sequential: layer 0 (Dense(2 → 1)) already belongs to another model; create a new layer instance');
c('one ReLU instance twice in a model', () => {
  const relu = new ReLU();
  return new Sequential([new Dense(2, 2), relu, relu]);
}, StateError, 'Sequential: layer ReLU is already in this model; create a new layer instance');
c('model.add(null)', () => new Sequential().add(any(null)), TypeError, 'Sequential: expected a layer (with forward, backward and params) at index 0, got null');
c("new Sequential([], 'seed')", () => new Sequential([], any('seed')), TypeError, 'Sequential: expected options as an object, got "seed"');
c('new Sequential([], { seed: NaN })', () => new Sequential([], { seed: NaN }), TypeError, 'Sequential: expected seed as a finite number or a string, got NaN');
c('new Sequential([], { seed: {} })', () => new Sequential([], { seed: any({}) }), TypeError, 'Sequential: expected seed as a finite number or a string, got an object');

section('Sequential: calls in the wrong order');
c('model.backward(…) before forward', () => uncompiled().backward(Tensor.zeros([1, 1])), StateError, 'Sequential: backward called before forward');
c('empty model .forward(x)', () => new Sequential().forward(Tensor.zeros([1, 2])), StateError, 'Sequential: expected at least one layer, got an empty model');
c('empty model .predict(x)', () => new Sequential().predict(X), StateError, 'Sequential.predict: expected at least one layer, got an empty model');
c('empty model .fit(x, y)', () => new Sequential().compile({ optimizer: 'sgd', loss: 'mse' }).fit(X, Y), StateError, 'Sequential.fit: expected at least one layer, got an empty model');
c('empty model .evaluate(x, y)', () => new Sequential().compile({ optimizer: 'sgd', loss: 'mse' }).evaluate(X, Y), StateError, 'Sequential.evaluate: expected at least one layer, got an empty model');
c('fit before compile', () => uncompiled().fit(X, Y), StateError, 'Sequential.fit: the model must be compiled first; call compile({ optimizer, loss })');
c('evaluate before compile', () => uncompiled().evaluate(X, Y), StateError, 'Sequential.evaluate: the model must be compiled first; call compile({ optimizer, loss })');
c('a second fit while the first runs', async () => {
  const model = xorNet();
  const first = model.fit(X, Y, { epochs: 2 });
  try {
    await model.fit(X, Y);
  } finally {
    await first;
  }
}, StateError, 'Sequential.fit: expected one fit at a time, got a second call while this model is training; await the first fit');
c('toJSON({ includeOptimizer: true }) before compile', () => uncompiled().toJSON({ includeOptimizer: true }), NeuriteError, 'Sequential.toJSON: includeOptimizer needs a compiled model; call compile() first');
c('toJSON() of a model with a layer that has no getConfig', () => {
  const custom: Layer = { forward: (x) => x, backward: (g) => g, params: () => [], toString: () => 'Custom' };
  return new Sequential([custom]).toJSON();
}, NeuriteError, 'Sequential.toJSON: layer 0 (Custom) cannot be saved: it has no getConfig(); give it one and registerLayer() its type');

section('Sequential.compile');
c('compile()', () => uncompiled().compile(any(undefined)), TypeError, 'Sequential.compile: expected options { optimizer, loss, metrics }, got undefined');
c("compile({ optimizer: 'rmsprop', loss: 'mse' })", () => uncompiled().compile(any({ optimizer: 'rmsprop', loss: 'mse' })), RangeError, 'Sequential.compile: unknown optimizer "rmsprop"; expected one of sgd, adam, adamw');
c("compile({ optimizer: 'sgd', loss: 'hinge' })", () => uncompiled().compile(any({ optimizer: 'sgd', loss: 'hinge' })), RangeError, 'Sequential.compile: unknown loss "hinge"; expected one of mse, meanSquaredError, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy');
c("compile({ optimizer: 'sgd' }) (no loss)", () => uncompiled().compile(any({ optimizer: 'sgd' })), TypeError, 'Sequential.compile: expected loss as an object or one of mse, meanSquaredError, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, got undefined');
c("compile({ optimizer: 42, loss: 'mse' })", () => uncompiled().compile(any({ optimizer: 42, loss: 'mse' })), TypeError, 'Sequential.compile: expected optimizer as an object or one of sgd, adam, adamw, got 42');
c("compile({ …, metrics: ['f1'] })", () => uncompiled().compile(any({ optimizer: 'sgd', loss: 'mse', metrics: ['f1'] })), RangeError, 'Sequential.compile: unknown metric "f1"; expected one of accuracy, acc');
c("compile({ …, metrics: 'accuracy' }) (not an array)", () => uncompiled().compile(any({ optimizer: 'sgd', loss: 'mse', metrics: 'accuracy' })), TypeError, "Sequential.compile: expected metrics as an array such as ['accuracy'], got \"accuracy\"");

section('Sequential.fit: x and y');
c('fit([], y) (no samples)', () => xorNet().fit([], Y), ShapeError, 'Sequential.fit: expected x to hold at least one sample, got an empty array');
c('fit([[0, 0], [0, 1, 1]], …) (ragged rows)', () => xorNet().fit([[0, 0], [0, 1, 1]], [0, 1]), ShapeError, 'Sequential.fit: in x, ragged array: expected row [1] to have length 2, got length 3');
c("fit([[0, 'a']], [0]) (a string in x)", () => xorNet().fit(any([[0, 'a']]), [0]), TypeError, 'Sequential.fit: in x, expected a number at [0][1], got "a"');
c("fit('xor', y)", () => xorNet().fit(any('xor'), Y), TypeError, 'Sequential.fit: expected x as a Tensor or an array of rows, got "xor"');
c('fit(x of shape [4], y) (rank 1)', () => xorNet().fit(Tensor.from([1, 2, 3, 4]), Y), ShapeError, 'Sequential.fit: expected x of shape [samples, 2], got [4]');
c('fit(x of shape [2, 3], y) (wrong feature count)', () => xorNet().fit([[0, 0, 1], [1, 1, 0]], [0, 1]), ShapeError, 'Sequential.fit: expected x of shape [samples, 2], got [2, 3]');
c('fit(x with NaN, y)', () => xorNet().fit([[0, 0], [0, 1], [NaN, 0], [1, 1]], Y), DataError, 'Sequential.fit: expected finite values in x, got NaN in row 2');
c('fit(x with Infinity, y)', () => xorNet().fit([[0, 0], [Infinity, 1], [1, 0], [1, 1]], Y), DataError, 'Sequential.fit: expected finite values in x, got Infinity in row 1');
c('fit(x with -Infinity, y)', () => xorNet().fit([[0, 0], [0, 1], [1, 0], [1, -Infinity]], Y), DataError, 'Sequential.fit: expected finite values in x, got -Infinity in row 3');
c('fit(x of 4 samples, y of 3)', () => xorNet().fit(X, [0, 1, 1]), ShapeError, 'Sequential.fit: expected y to hold 4 targets (one per sample of x), got 3');
c('fit(x of 4 samples, y tensor of 5 rows)', () => xorNet().fit(Tensor.from(X), Tensor.from([[0], [1], [1], [0], [1]])), ShapeError, 'Sequential.fit: expected y to hold 4 targets (one per sample of x), got 5');
c('fit(x, [])', () => xorNet().fit(X, []), ShapeError, 'Sequential.fit: expected y to hold 4 targets, got 0');
c('fit(x, y with NaN)', () => xorNet().fit(X, [0, NaN, 1, 0]), DataError, 'Sequential.fit: expected finite values in y, got NaN in row 1');
c('fit(x, y rows with Infinity)', () => xorNet().fit(X, [[0], [1], [1], [Infinity]]), DataError, 'Sequential.fit: expected finite values in y, got Infinity in row 3');
c("fit(x, [0, 1, '1', 0])", () => xorNet().fit(X, any([0, 1, '1', 0])), TypeError, 'Sequential.fit: expected y to hold numbers, got "1" at index 2');
c('fit(x, { 0: 1 })', () => xorNet().fit(X, any({ 0: 1 })), TypeError, 'Sequential.fit: expected y as a Tensor, an array of rows or class labels, got an object');
c('fit(x, y of shape [4, 2]) for one output', () => xorNet().fit(X, [[0, 1], [1, 0], [1, 0], [0, 1]]), ShapeError, "Sequential.fit: expected y of shape [samples, 1] to match the model's output, got [4, 2]");
c('fit(x, y rows [[0], [1, 2], …]) (ragged)', () => xorNet().fit(X, [[0], [1, 2], [1], [0]]), ShapeError, 'Sequential.fit: in y, ragged array: expected row [1] to have length 1, got length 2');

section('Sequential.fit: labels');
c('3 classes, labels [0, 3, 1, 2] (out of range)', () => threeClass().fit(X, [0, 3, 1, 2]), DataError, 'Sequential.fit: expected y as integer class labels in [0, 2], got 3 at index 1');
c('3 classes, labels [-1, 1, 1, 2] (negative)', () => threeClass().fit(X, [-1, 1, 1, 2]), DataError, 'Sequential.fit: expected y as integer class labels in [0, 2], got -1 at index 0');
c('3 classes, labels [0, 1, 1.5, 2] (fractional)', () => threeClass().fit(X, [0, 1, 1.5, 2]), DataError, 'Sequential.fit: expected y as integer class labels in [0, 2], got 1.5 at index 2');
c('3 classes, labels [0, 1, 1.1, 2] (a float32 label shown as typed)', () => threeClass().fit(X, [0, 1, 1.1, 2]), DataError, 'Sequential.fit: expected y as integer class labels in [0, 2], got 1.1 at index 2');
c('3 classes, one-hot row [0, 2, 0]', () => threeClass().fit(X, [[1, 0, 0], [0, 2, 0], [0, 0, 1], [1, 0, 0]]), DataError, 'Sequential.fit: expected y in [0, 1] for CategoricalCrossEntropy(fromLogits), got 2 at index 4');
c('binary cross-entropy, targets [0, 2, 1, 0]', () => bceNet().fit(X, [0, 2, 1, 0]), DataError, 'Sequential.fit: expected y in [0, 1] for BinaryCrossEntropy, got 2 at index 1');
c('binary cross-entropy, targets [0, 1, -0.5, 0]', () => bceNet().fit(X, [0, 1, -0.5, 0]), DataError, 'Sequential.fit: expected y in [0, 1] for BinaryCrossEntropy, got -0.5 at index 2');

section('Sequential.fit: options');
for (const [options, error, message] of [
  [{ epochs: 0 }, RangeError, 'Sequential.fit: expected epochs to be a positive integer, got 0'],
  [{ epochs: -1 }, RangeError, 'Sequential.fit: expected epochs to be a positive integer, got -1'],
  [{ epochs: 1.5 }, RangeError, 'Sequential.fit: expected epochs to be a positive integer, got 1.5'],
  [{ epochs: NaN }, RangeError, 'Sequential.fit: expected epochs to be a positive integer, got NaN'],
  [{ epochs: Infinity }, RangeError, 'Sequential.fit: expected epochs to be a positive integer, got Infinity'],
  [{ epochs: '5' }, TypeError, 'Sequential.fit: expected epochs to be a positive integer, got "5"'],
  [{ batchSize: 0 }, RangeError, 'Sequential.fit: expected batchSize to be a positive integer, got 0'],
  [{ batchSize: -32 }, RangeError, 'Sequential.fit: expected batchSize to be a positive integer, got -32'],
  [{ batchSize: 2.5 }, RangeError, 'Sequential.fit: expected batchSize to be a positive integer, got 2.5'],
  [{ batchSize: NaN }, RangeError, 'Sequential.fit: expected batchSize to be a positive integer, got NaN'],
  [{ batchSize: '32' }, TypeError, 'Sequential.fit: expected batchSize to be a positive integer, got "32"'],
  [{ validationSplit: 0 }, RangeError, 'Sequential.fit: expected validationSplit in (0, 1), got 0'],
  [{ validationSplit: 1 }, RangeError, 'Sequential.fit: expected validationSplit in (0, 1), got 1'],
  [{ validationSplit: NaN }, RangeError, 'Sequential.fit: expected validationSplit in (0, 1), got NaN'],
  [{ validationSplit: 0.1 }, RangeError, 'Sequential.fit: validationSplit 0.1 of 4 samples leaves 0 for validation and 4 for training; both must be ≥ 1'],
  [{ validationData: 'val' }, TypeError, 'Sequential.fit: expected validationData as [x, y], got "val"'],
  [{ validationData: [X] }, TypeError, 'Sequential.fit: expected validationData as [x, y], got an array of length 1'],
  [{ validationData: [[[0, 0, 0]], [1]] }, ShapeError, 'Sequential.fit: expected validationData x of shape [samples, 2], got [1, 3]'],
  [{ validationData: [X, [0, 1, NaN, 0]] }, DataError, 'Sequential.fit: expected finite values in validationData y, got NaN in row 2'],
  [{ validationData: [X, [0, 1]] }, ShapeError, 'Sequential.fit: expected validationData y to hold 4 targets (one per sample of x), got 2'],
  [{ callbacks: 'log' }, TypeError, 'Sequential.fit: expected callbacks as an array, got "log"'],
  [{ callbacks: [5] }, TypeError, 'Sequential.fit: expected callbacks[0] as an object of hooks, got 5'],
] as [Record<string, unknown>, ErrorClass, string][]) {
  const shown = Object.entries(options)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`)
    .join(', ');
  c(`fit(x, y, { ${shown} })`, fitWith(options), error, message);
}
c("fit(x, y, 'fast')", () => xorNet().fit(X, Y, any('fast')), TypeError, 'Sequential.fit: expected options as an object, got "fast"');
c("fit(…, { callbacks: [earlyStopping({ monitor: 'valLoss' })] }) without validation data", () => xorNet().fit(X, Y, { callbacks: [earlyStopping()] }), RangeError, "earlyStopping: expected logs to contain 'valLoss', got loss, learningRate, time (use validationSplit or validationData to get valLoss)");

section('Sequential.fit: divergence');
c('inputs of 3e38 that overflow the first Dense', () => {
  const model = new Sequential([new Dense(2, 4), new Dense(4, 1)], { seed: 1 }).compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
  return model.fit([[3e38, 3e38], [0, 1]], [0, 1], { batchSize: 2 });
}, DataError, 'Sequential.fit: expected finite values at epoch 0, batch 0, got -Infinity in the output of layer 0 (Dense(2 → 4)), the first to go non-finite; try a lower learning rate or normalised inputs');
c('a learning rate of 1e30 whose step overflows a weight (the step is undone)', () => {
  const model = new Sequential([new Dense(1, 1)], { seed: 1 }).compile({ optimizer: new SGD({ learningRate: 1e30 }), loss: 'mse' });
  return model.fit([[1e10], [1e10]], [0, 0], { batchSize: 2 });
}, DataError, 'Sequential.fit: at epoch 0, batch 0: SGD: expected finite weights after the step, got -Infinity in param 0 (weight) at index 0; the step was undone; try a lower learning rate (now 1e+30) or clipNorm');
c('inputs of 3e20 into a BatchNorm (its running variance would overflow)', () => {
  const model = new Sequential([new BatchNorm(1), new Dense(1, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
  return model.fit([[3e20], [-3e20]], [0, 0], { batchSize: 2 });
}, DataError, 'Sequential.fit: at epoch 0, batch 0: BatchNorm(1): expected batch statistics that float32 can hold, got a variance of 9.000000360735796e+40 for feature 0; normalise the inputs');
c('binaryCrossentropy on a model without a Sigmoid (predictions outside [0, 1])', () => {
  const model = new Sequential([new Dense(2, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
  (model.layers[0] as Dense).weight.value.data.fill(2);
  return model.fit(X, Y, { batchSize: 4, shuffle: false });
}, DataError, "Sequential.fit: at epoch 0, batch 0: BinaryCrossEntropy: expected predictions as probabilities in [0, 1] (a Sigmoid's output; use fromLogits for raw scores), got 2 at index 1");
c('a custom loss that returns Infinity', () => {
  const exploding: Loss = { forward: () => Infinity, backward: () => Tensor.zeros([4, 1]), toString: () => 'Exploding' };
  return new Sequential([new Dense(2, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: exploding }).fit(X, Y, { batchSize: 4 });
}, DataError, "Sequential.fit: expected a finite loss at epoch 0, batch 0, got Infinity from Exploding, though every layer's output is finite; try a lower learning rate or fromLogits");
c('a custom loss whose gradient is NaN', () => {
  return new Sequential([new Dense(2, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: nanGradientLoss() }).fit(X, Y, { batchSize: 4 });
}, DataError, 'Sequential.fit: expected finite gradients at epoch 0, batch 0, got NaN in the gradient of NaNGradient, the first to go non-finite; try a lower learning rate or clipNorm');
c('{ debug: true }: a hidden -Infinity that a ReLU would hide', () => {
  const model = new Sequential([new Dense(1, 1), new ReLU(), new Dense(1, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
  (model.layers[0] as Dense).weight.value.data[0] = -3e38;
  return model.fit([[10], [10]], [0, 0], { batchSize: 2, debug: true });
}, DataError, 'Sequential.fit: expected finite values at epoch 0, batch 0, got -Infinity in the output of layer 0 (Dense(1 → 1)), the first to go non-finite; try a lower learning rate or normalised inputs');
c('{ debug: true }: a weight gradient that overflows', () => {
  const model = new Sequential([new Dense(1, 1), new Dense(1, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
  (model.layers[1] as Dense).weight.value.data[0] = 3e38;
  return model.fit([[3e-30], [3e-30]], [1e30, 1e30], { batchSize: 2, shuffle: false, debug: true });
}, DataError, 'Sequential.fit: expected finite gradients at epoch 0, batch 0, got -Infinity in the input gradient of layer 1 (Dense(1 → 1)), the first to go non-finite; try a lower learning rate or clipNorm');

section('Sequential.evaluate and predict');
c('evaluate(x of 4 samples, y of 2)', () => xorNet().evaluate(X, [0, 1]), ShapeError, 'Sequential.evaluate: expected y to hold 4 targets (one per sample of x), got 2');
c('evaluate(x, y, { batchSize: 0 })', () => xorNet().evaluate(X, Y, { batchSize: 0 }), RangeError, 'Sequential.evaluate: expected batchSize to be a positive integer, got 0');
c('evaluate(x, labels [0, 1, 2, 5]) for 3 classes', () => threeClass().evaluate(X, [0, 1, 2, 5]), DataError, 'Sequential.evaluate: expected y as integer class labels in [0, 2], got 5 at index 3');
c('evaluate(x with NaN, y)', () => xorNet().evaluate([[NaN, 0]], [1]), DataError, 'Sequential.evaluate: expected finite values in x, got NaN in row 0');
c('evaluate(x, y, null)', () => xorNet().evaluate(X, Y, any(null)), TypeError, 'Sequential.evaluate: expected options as an object, got null');
c('predict(x of shape [1, 3]) for 2 features', () => xorNet().predict([[1, 2, 3]]), ShapeError, 'Sequential.predict: expected x of shape [samples, 2], got [1, 3]');
c('predict([[1, NaN]])', () => xorNet().predict([[1, NaN]]), DataError, 'Sequential.predict: expected finite values in x, got NaN in row 0');
c('predict(x, { batchSize: 1.5 })', () => xorNet().predict(X, { batchSize: 1.5 }), RangeError, 'Sequential.predict: expected batchSize to be a positive integer, got 1.5');
c('predict([])', () => xorNet().predict([]), ShapeError, 'Sequential.predict: expected x to hold at least one sample, got an empty array');
c('predict(new Float32Array(4))', () => xorNet().predict(any(new Float32Array(4))), TypeError, 'Sequential.predict: expected x as a Tensor or an array of rows, got a Float32Array');
c('predict(x, 128)', () => xorNet().predict(X, any(128)), TypeError, 'Sequential.predict: expected options as an object, got 128');
c('predict(x) whose outputs overflow float32', () => {
  const model = new Sequential([new Dense(2, 1)], { seed: 1 });
  (model.layers[0] as Dense).weight.value.data.fill(3e38);
  return model.predict([[0.5, 0.5], [2, 2]]);
}, DataError, 'Sequential.predict: expected finite values on rows 0–1, got Infinity in the output of layer 0 (Dense(2 → 1)), the first to go non-finite; check the scale of the inputs and the weights');

section('Sequential weights');
const twoParams = () => new Sequential([new Dense(1, 1)], { seed: 1 });
c("setWeights('w')", () => twoParams().setWeights(any('w')), TypeError, 'Sequential.setWeights: expected an array of Float32Array (from getWeights()), got "w"');
c('setWeights([one array]) for two', () => twoParams().setWeights([new Float32Array(1)]), ShapeError, 'Sequential.setWeights: expected 2 arrays, got 1');
c('setWeights([3 values, 1 value]) for a [1, 1] weight', () => twoParams().setWeights([new Float32Array(3), new Float32Array(1)]), ShapeError, 'Sequential.setWeights: expected array 0 to hold 1 values [1, 1], got 3');
c('setWeights([[NaN], [0]])', () => twoParams().setWeights([new Float32Array([0]), new Float32Array([NaN])]), DataError, 'Sequential.setWeights: expected finite values, got NaN in array 1 at index 0');
c('setWeights([5, 6])', () => twoParams().setWeights(any([5, 6])), TypeError, 'Sequential.setWeights: expected array 0 as a Float32Array, got 5');

section('Sequential.fromJSON and loadWeights');
c("fromJSON('{\"format\": ') (truncated text)", () => Sequential.fromJSON('{"format": '), DataError, 'Sequential.fromJSON: the text is not valid JSON (Unexpected end of JSON input); the file may be truncated');
c('fromJSON(42)', () => Sequential.fromJSON(any(42)), DataError, 'Sequential.fromJSON: expected a saved model object, got 42');
c("fromJSON({ format: 'keras', … })", modify((j) => (j.format = any('keras'))), DataError, "Sequential.fromJSON: expected format 'neurite-model', got \"keras\"");
c('fromJSON({ …, version: 2 })', modify((j) => (j.version = 2)), DataError, 'Sequential.fromJSON: the model has format version 2, newer than this neurite reads (1); upgrade neurite');
c('fromJSON({ …, version: 0.5 })', modify((j) => (j.version = 0.5)), DataError, 'Sequential.fromJSON: expected version to be a positive integer, got 0.5');
c('fromJSON({ …, layers: {} })', modify((j) => (j.layers = any({}))), DataError, 'Sequential.fromJSON: expected layers to be an array, got an object');
c("fromJSON: layers[1] of type 'LSTM'", modify((j) => (j.layers[1] = { type: 'LSTM', config: {} })), DataError, 'Sequential.fromJSON: layers[1]: unknown layer type "LSTM"; known types: Dense, Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten, Reshape, Permute, Sigmoid, Tanh, ReLU, LeakyReLU, Softmax, Dropout, BatchNorm, Sequential');
c('fromJSON: layers[0] config inFeatures 0', modify((j) => (j.layers[0] = { type: 'Dense', config: { inFeatures: 0, outFeatures: 2 } })), DataError, 'Sequential.fromJSON: layers[0] (Dense): Dense: expected inFeatures to be a positive integer, got 0');
c('fromJSON: layers[0] config 2³¹ × 2³¹ (a giant allocation)', modify((j) => (j.layers[0] = { type: 'Dense', config: { inFeatures: 2 ** 31, outFeatures: 2 ** 31 } })), DataError, "Sequential.fromJSON: layers[0] (Dense): expected a config whose weights fit in the file, got one needing 4611686020574872000 values where the file's weights hold far fewer (a corrupt config?)");
c('fromJSON: layers[0] config { inFeatures: 2, outFeatures: 2 } as an array', modify((j) => (j.layers[0] = any({ type: 'Dense', config: [2, 2] }))), DataError, 'Sequential.fromJSON: layers[0]: expected config as an object, got an array of length 2');
c('fromJSON: models nested 65 deep', () => {
  let layer: unknown = { type: 'ReLU', config: {} };
  for (let i = 0; i < 65; i++) layer = { type: 'Sequential', config: { layers: [layer] } };
  return Sequential.fromJSON(any({ format: 'neurite-model', version: 1, layers: [layer], weights: [] }));
}, DataError, `Sequential.fromJSON: ${Array.from({ length: 65 }, () => 'layers[0]').join('.')}: expected models nested at most 64 deep, got deeper`);
c("fromJSON: weight '0.bias' missing", modify((j) => (j.weights = j.weights.filter((w) => w.name !== '0.bias'))), DataError, "Sequential.fromJSON: weight '0.bias' is missing");
c("fromJSON: weight '0.weight' of shape [2, 3]", modify((j) => (j.weights[0].shape = [2, 3])), DataError, "Sequential.fromJSON: weight '0.weight': expected shape [2, 2], got [2, 3]");
c("fromJSON: weight '0.bias' holding NaN", modify((j) => (j.weights[1].data = 'AADAfwAAAAA=')), DataError, "Sequential.fromJSON: weight '0.bias': expected finite values, got NaN at index 0");
c("fromJSON: weight '0.weight' with data '@@@@'", modify((j) => (j.weights[0].data = '@@@@')), DataError, "Sequential.fromJSON: weight '0.weight': expected base64 text, got \"@\" at character 0");
c("fromJSON: a weight named '7.weight'", modify((j) => j.weights.push({ name: '7.weight', shape: [1], data: 'AAAAAA==' })), DataError, "Sequential.fromJSON: weight '7.weight' does not belong to any layer of the model (expected 0.weight, 0.bias, 2.weight, 2.bias)");
c("fromJSON: training.optimizer of type 'RMSprop'", modifyTraining((t) => ((t.optimizer as Record<string, unknown>).type = 'RMSprop')), DataError, 'Sequential.fromJSON: training.optimizer: unknown type "RMSprop"; known: SGD, Adam, AdamW');
c("fromJSON: training.optimizer of type 'toString'", modifyTraining((t) => ((t.optimizer as Record<string, unknown>).type = 'toString')), DataError, 'Sequential.fromJSON: training.optimizer: unknown type "toString"; known: SGD, Adam, AdamW');
c('fromJSON: training.optimizer.config.beta1 = 1', modifyTraining((t) => (((t.optimizer as Record<string, unknown>).config as Record<string, unknown>).beta1 = 1)), DataError, 'Sequential.fromJSON: training.optimizer: Adam: expected beta1 in [0, 1), got 1');
c('fromJSON: training.optimizer.slots[0] = null', modifyTraining((t) => (((t.optimizer as Record<string, unknown>).slots as unknown[])[0] = null)), DataError, 'Sequential.fromJSON: training.optimizer.slots[0]: expected an object, got null');
c('fromJSON: training.metrics = 5', modifyTraining((t) => (t.metrics = 5)), DataError, 'Sequential.fromJSON: training.metrics: expected an array, got 5');
c('fromJSON: training.random.seed = {}', modifyTraining((t) => ((t.random as Record<string, unknown>).seed = {})), DataError, 'Sequential.fromJSON: training.random: expected seed as a finite number or a string, got an object');
c('fromJSON: training.random.alea = 5', modifyTraining((t) => ((t.random as Record<string, unknown>).alea = 5)), DataError, 'Sequential.fromJSON: training.random: Random.setState: expected state.alea as { c: integer ≥ 0, s0, s1, s2 in [0, 1) } (from getState()), got 5');
c("loadWeights(json of another architecture)", () => twoParams().loadWeights(saved()), DataError, "Sequential.loadWeights: weight '2.weight' does not belong to any layer of the model (expected 0.weight, 0.bias)");
c("registerLayer('', () => layer)", () => registerLayer('', () => new ReLU()), TypeError, 'registerLayer: expected a type name, got ""');
c("registerLayer('Swish', 5)", () => registerLayer('Swish', any(5)), TypeError, 'registerLayer: expected a function (config) => Layer, got 5');

section('parseIdx');
c('parseIdx([0, 0, 8, 1]) (an array)', () => parseIdx(any([0, 0, 8, 1])), TypeError, 'parseIdx: expected bytes as a Uint8Array, got an array of length 4');
c('parseIdx(3 bytes)', () => parseIdx(idx(0, 0, 8)), DataError, 'parseIdx: expected at least a 4-byte IDX header, got 3 bytes (truncated)');
c('parseIdx(gzip bytes 1F 8B …)', () => parseIdx(idx(0x1f, 0x8b, 8, 0)), DataError, 'parseIdx: expected the IDX magic (two zero bytes), got 0x1F 0x8B; is the file gzipped or not IDX?');
c('parseIdx(type code 0x07)', () => parseIdx(idx(0, 0, 7, 1, 0, 0, 0, 1, 0)), DataError, 'parseIdx: unknown IDX type code 0x07; expected one of 0x08 (uint8), 0x09, 0x0B, 0x0C, 0x0D, 0x0E');
c('parseIdx(0 dimensions)', () => parseIdx(idx(0, 0, 8, 0)), DataError, 'parseIdx: expected at least one dimension, got 0');
c('parseIdx(3 dimensions, 2 present)', () => parseIdx(idx(0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1)), DataError, 'parseIdx: expected a 16-byte header for 3 dimensions, got 12 bytes (truncated)');
c('parseIdx(a dimension of size 0)', () => parseIdx(idx(0, 0, 8, 1, 0, 0, 0, 0)), DataError, 'parseIdx: dimension 0 has size 0');
c('parseIdx(header [4294967295, 4294967295], 1 byte of data)', () => parseIdx(idx(0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255, 7)), DataError, 'parseIdx: the header\'s shape [4294967295, …] needs more than the 1 bytes of data present (truncated?)');
c('parseIdx(uint8 [2] with 3 data bytes)', () => parseIdx(idx(0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3)), DataError, 'parseIdx: shape [2] needs 2 bytes of uint8 data, got 3');

section('Data helpers');
c('oneHot([0, 3], 3)', () => oneHot([0, 3], 3), DataError, 'oneHot: expected labels as integers in [0, 2], got 3 at index 1');
c('oneHot([-1], 3)', () => oneHot([-1], 3), DataError, 'oneHot: expected labels as integers in [0, 2], got -1 at index 0');
c('oneHot([0.5], 3)', () => oneHot([0.5], 3), DataError, 'oneHot: expected labels as integers in [0, 2], got 0.5 at index 0');
c('oneHot([NaN], 3)', () => oneHot([NaN], 3), DataError, 'oneHot: expected labels as integers in [0, 2], got NaN at index 0');
c('oneHot([0], 0)', () => oneHot([0], 0), RangeError, 'oneHot: expected classes to be a positive integer, got 0');
c('oneHot([], 3)', () => oneHot([], 3), ShapeError, 'oneHot: expected at least one label, got an empty array');
c("oneHot('01', 3)", () => oneHot(any('01'), 3), TypeError, 'oneHot: expected labels as an array or typed array of integers, got "01"');
c('trainTestSplit(x, y, 0)', () => trainTestSplit(m22(), Tensor.zeros([2]), 0), RangeError, 'trainTestSplit: expected testFraction in (0, 1), got 0');
c('trainTestSplit(x, y, 1)', () => trainTestSplit(m22(), Tensor.zeros([2]), 1), RangeError, 'trainTestSplit: expected testFraction in (0, 1), got 1');
c('trainTestSplit(x of 2 samples, y of 3, 0.5)', () => trainTestSplit(m22(), Tensor.zeros([3]), 0.5), ShapeError, 'trainTestSplit: expected y to hold 2 samples (as x), got 3');
c('trainTestSplit(x of 2 samples, y, 0.1)', () => trainTestSplit(m22(), Tensor.zeros([2]), 0.1), RangeError, 'trainTestSplit: testFraction 0.1 of 2 samples leaves 0 for testing; both parts need ≥ 1');
c('trainTestSplit([[1, 2]], …) (arrays)', () => trainTestSplit(any([[1, 2]]), any([1]), 0.5), TypeError, 'trainTestSplit: expected x as a Tensor, got an array of length 1');
c('trainTestSplit(x, y, 0.5, 42) (a seed, not a Random)', () => trainTestSplit(m22(), Tensor.zeros([2]), 0.5, any(42)), TypeError, 'trainTestSplit: expected random as a Random, got 42');
c('viewRows(x of 2 rows, 1, 2)', () => viewRows(m22(), 1, 2), RangeError, 'viewRows: expected rows within [0, 2), got start 1 and count 2');
c('viewRows(x, 0, 0)', () => viewRows(m22(), 0, 0), RangeError, 'viewRows: expected rows within [0, 2), got start 0 and count 0');
c('viewRows([[1]], 0, 1)', () => viewRows(any([[1]]), 0, 1), TypeError, 'viewRows: expected t as a Tensor, got an array of length 1');
c('batches(x, y, 0)', () => [...batches(m22(), Tensor.zeros([2]), 0)], RangeError, 'batches: expected batchSize to be a positive integer, got 0');
c('batches(x of 2 samples, y of 3, 1)', () => [...batches(m22(), Tensor.zeros([3]), 1)], ShapeError, 'batches: expected y to hold 2 samples (as x), got 3');
c('batches([[1]], [1], 1)', () => [...batches(any([[1]]), any([1]), 1)], TypeError, 'batches: expected x as a Tensor, got an array of length 1');

section('gradCheck');
c('gradCheck(5, x)', () => gradCheck(any(5), Tensor.zeros([1, 1])), TypeError, 'gradCheck: expected a layer or a loss (with forward and backward), got 5');
c('gradCheck(dense, [[1, 2]])', () => gradCheck(new Dense(2, 2), any([[1, 2]])), TypeError, 'gradCheck: expected input as a Tensor, got an array of length 1');
c('gradCheck(dense, x, { epsilon: 0 })', () => gradCheck(new Dense(1, 1), Tensor.zeros([1, 1]), { epsilon: 0 }), RangeError, 'gradCheck: expected epsilon to be > 0, got 0');
c('gradCheck(dense, x, { tolerance: NaN })', () => gradCheck(new Dense(1, 1), Tensor.zeros([1, 1]), { tolerance: NaN }), RangeError, 'gradCheck: expected tolerance to be > 0, got NaN');
c('gradCheck(mse, x) (no target)', () => gradCheck(new MeanSquaredError(), Tensor.zeros([2, 2])), TypeError, 'gradCheck: expected options.target when checking a loss (MeanSquaredError), got undefined');
c("gradCheck(dense, x, 'fast')", () => gradCheck(new Dense(1, 1), Tensor.zeros([1, 1]), any('fast')), TypeError, 'gradCheck: expected options as an object, got "fast"');

section('Metrics and callbacks');
c('new Accuracy({ threshold: NaN })', () => new Accuracy({ threshold: NaN }), RangeError, 'Accuracy: expected threshold to be finite, got NaN');
c('new Accuracy(0.5)', () => new Accuracy(any(0.5)), TypeError, 'Accuracy: expected options as an object, got 0.5');
c('earlyStopping({ patience: -1 })', () => earlyStopping({ patience: -1 }), RangeError, 'earlyStopping: expected patience to be an integer ≥ 0, got -1');
c('earlyStopping({ patience: 1.5 })', () => earlyStopping({ patience: 1.5 }), RangeError, 'earlyStopping: expected patience to be an integer ≥ 0, got 1.5');
c('earlyStopping({ minDelta: -0.1 })', () => earlyStopping({ minDelta: -0.1 }), RangeError, 'earlyStopping: expected minDelta to be ≥ 0, got -0.1');
c("earlyStopping({ mode: 'up' })", () => earlyStopping({ mode: any('up') }), RangeError, 'earlyStopping: expected mode \'min\' or \'max\', got "up"');
c('earlyStopping({ monitor: 5 })', () => earlyStopping({ monitor: any(5) }), TypeError, "earlyStopping: expected monitor as the name of a log such as 'valLoss', got 5");
c("earlyStopping('valLoss')", () => earlyStopping(any('valLoss')), TypeError, 'earlyStopping: expected options as an object, got "valLoss"');

section('ONNX (neurite/onnx)');
const onnxModel = gemmReluModel;
const convFirst = (s: ModelSpec) => {
  s.initializers.push(floats('conv.weight', [1, 1, 1, 1], [2]));
  s.nodes.unshift(node('Conv', ['input', 'conv.weight'], ['c'], '/conv1/Conv'));
  s.nodes[1].inputs[0] = 'c';
};
const lpPoolFirst = (s: ModelSpec) => {
  s.inputs = [value('input', ['N', 1, 2, 2])];
  s.nodes.unshift(node('LpPool', ['input'], ['c'], '/pool/LpPool', [{ name: 'kernel_shape', ints: [2, 2] }]));
  s.nodes[1].inputs[0] = 'c';
};
const customLayer: Layer = { forward: (x: Tensor) => x, backward: (g: Tensor) => g, params: () => [], toString: () => 'Custom' };
c('fromOnnx(a valid model cut to its first 20 bytes)', () => fromOnnx(onnxModel().subarray(0, 20)), DataError, 'fromOnnx: malformed protobuf in ModelProto at byte 9: field 7 (length 258) needs 258 bytes, only 9 remain (truncated?)');
c('fromOnnx(new Uint8Array(0))', () => fromOnnx(new Uint8Array(0)), DataError, 'fromOnnx: expected ONNX model bytes, got an empty array');
c("fromOnnx('model.onnx') (a path, not bytes)", () => fromOnnx(any('model.onnx')), TypeError, 'fromOnnx: expected the model\'s bytes as a Uint8Array, an ArrayBuffer or another ArrayBufferView, got "model.onnx"');
c('fromOnnx(a graph with an LpPool node)', () => fromOnnx(onnxModel(lpPoolFirst)), DataError, 'fromOnnx: node 0 "/pool/LpPool" (LpPool): op type LpPool is not supported; neurite imports these ONNX operators: Gemm (transA = 0, alpha = beta = 1) → Dense, MatMul with a constant [in, out] weight → Dense, Add of a constant bias right after Gemm/MatMul, Sigmoid, Tanh, Relu, LeakyRelu, Softmax (last axis, or the channels of an image), BatchNormalization (inference) → BatchNorm, Dropout (skipped), Conv (2-D, group 1, no dilation, valid or Keras-same pads) → Conv2D, MaxPool (2-D) → MaxPool2D, AveragePool (2-D, count_include_pad = 0 where padded) → AvgPool2D, GlobalAveragePool (2-D) → GlobalAvgPool2D, Flatten (axis 1) → Flatten, Reshape that keeps the batch first → Reshape (Flatten for [batch, -1]), Transpose that keeps the batch first → Permute (none between NCHW and NHWC around image layers), Identity and a Pad of zeros (skipped), Shape, Gather, Unsqueeze, Squeeze, Concat, Cast and Slice on shapes (folded), Constant');
c('fromOnnx(a Conv on [batch, features] rows)', () => fromOnnx(onnxModel(convFirst)), DataError, 'fromOnnx: node 0 "/conv1/Conv" (Conv): expected an NCHW image [batch, channels, height, width], got [batch, 4]');
c('fromOnnx(an opset 11 model)', () => fromOnnx(onnxModel((s) => (s.opset = 11))), DataError, 'fromOnnx: opset 11 is not supported; expected opset 13 or later (export again with e.g. torch.onnx.export(..., opset_version=17) or tf2onnx --opset 17)');
c('fromOnnx(a graph with two inputs)', () => fromOnnx(onnxModel((s) => s.inputs.push(value('mask', ['N', 4])))), DataError, 'fromOnnx: expected one graph input [batch, …], got 2: "input", "mask"');
c('toOnnx(a model with a custom layer)', () => toOnnx(new Sequential([new Dense(2, 2), customLayer], { seed: 1 })), NeuriteError, 'toOnnx: layer 1 (Custom) has no ONNX equivalent; supported: Dense (Gemm), Sigmoid, Tanh, ReLU (Relu), LeakyReLU (LeakyRelu), Softmax (axis -1), BatchNorm (BatchNormalization), Dropout (left out: identity at inference), Conv2D (Conv, NCHW inside the graph), MaxPool2D (MaxPool), AvgPool2D (AveragePool), GlobalAvgPool2D (GlobalAveragePool, Flatten), Flatten (Flatten), Reshape (Reshape), Permute (Transpose)');
c('toOnnx(new Sequential([]))', () => toOnnx(new Sequential([])), NeuriteError, 'toOnnx: expected a model with at least one layer, got an empty Sequential');
c('toOnnx({})', () => toOnnx(any({})), TypeError, 'toOnnx: expected a Sequential model, got an object');
c('toOnnx(model, { opset: 12 })', () => toOnnx(new Sequential([new Dense(2, 2), new ReLU()]), { opset: 12 }), RangeError, 'toOnnx: expected opset to be an integer from 13 to 21, got 12');

section('TensorFlow.js (neurite/tfjs)');
type TfjsEdit = Parameters<typeof tfjsModel>[0];
const tfjsRead = (edit?: TfjsEdit) => () => {
  const { modelJson, weightData } = tfjsModel(edit);
  return fromTfjs(modelJson, weightData);
};
const tfjsLayer = (i: number, config: Record<string, unknown>, className?: string): TfjsEdit => (json) => {
  const layer = json.modelTopology.config.layers[i];
  Object.assign(layer.config, config);
  if (className) layer.class_name = className;
};
c("fromTfjs('{\"modelTopology\":', weights) (truncated text)", () => fromTfjs('{"modelTopology":', new ArrayBuffer(0)), DataError, 'fromTfjs: the model.json text is not valid JSON (Unexpected end of JSON input); the file may be truncated');
c('fromTfjs(42, weights)', () => fromTfjs(any(42), new ArrayBuffer(0)), DataError, 'fromTfjs: expected the model.json object (or its text), got 42');
c('fromTfjs(a graph model)', tfjsRead((j) => (j.format = 'graph-model')), DataError, "fromTfjs: expected a TensorFlow.js Layers model, got a graph model (format 'graph-model'); convert the Keras model with tensorflowjs_converter --output_format tfjs_layers_model");
c('fromTfjs(a model.json without weightsManifest)', tfjsRead((j) => delete (j as Partial<typeof j>).weightsManifest), DataError, 'fromTfjs: expected weightsManifest to be an array of { paths, weights }, got undefined');
c("fromTfjs(a manifest group whose paths is a string)", tfjsRead((j) => ((j.weightsManifest[0] as unknown as { paths: string }).paths = 'group1-shard1of1.bin')), DataError, 'fromTfjs: weightsManifest[0]: expected { paths: string[], weights: [...] }, got an object');
c("fromTfjs(class_name 'Bogus' for the model)", tfjsRead((j) => (j.modelTopology.class_name = 'Bogus')), DataError, 'fromTfjs: expected a Sequential model or a functional Model, got class_name "Bogus"');
c('fromTfjs(an LSTM layer)', tfjsRead(tfjsLayer(1, {}, 'LSTM')), DataError, 'fromTfjs: layer 1 "bn" (LSTM): the class LSTM is not supported; neurite reads InputLayer, Dense (activation linear, relu, sigmoid, tanh, softmax; an L1/L2 kernel_regularizer), Conv2D (channels_last, no dilation or groups; activation linear, relu, sigmoid, tanh, softmax; an L1/L2 kernel_regularizer), MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D (no keepdims), Flatten, Reshape, Permute, Activation (linear, relu, sigmoid, tanh, softmax), ReLU (no max_value, threshold 0), LeakyReLU (alpha in [0, 1)), Softmax (last axis), Dropout (no noise_shape), BatchNormalization (last axis)');
c("fromTfjs(a Dense with activation 'gelu')", tfjsRead(tfjsLayer(0, { activation: 'gelu' })), DataError, 'fromTfjs: layer 0 "dense" (Dense): activation "gelu" is not supported; neurite has linear, relu, sigmoid, tanh, softmax');
c('fromTfjs(a Dense with lora_rank 4, a config neurite cannot hold)', tfjsRead(tfjsLayer(0, { lora_rank: 4 })), DataError, 'fromTfjs: layer 0 "dense" (Dense): config lora_rank = 4 is not supported; neurite reads units, activation, use_bias, kernel_regularizer');
c('fromTfjs(a Dense with an orthogonal kernel_regularizer)', tfjsRead(tfjsLayer(0, { kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: { factor: 0.01 } } })), DataError, 'fromTfjs: layer 0 "dense" (Dense): kernel_regularizer {"class_name":"OrthogonalRegularizer","config":{"factor":0.01}} is not supported; neurite reads L1L2, L1 and L2 regularizers');
c('fromTfjs(a BatchNormalization with renorm)', tfjsRead(tfjsLayer(1, { renorm: true })), DataError, 'fromTfjs: layer 1 "bn" (BatchNormalization): config renorm = true is not supported; neurite reads axis, momentum, epsilon, center, scale');
c('fromTfjs(a BatchNormalization with momentum 1)', tfjsRead(tfjsLayer(1, { momentum: 1 })), DataError, 'fromTfjs: layer 1 "bn" (BatchNormalization): expected momentum in [0, 1), got 1');
c('fromTfjs(units 5, kernel [3, 2])', tfjsRead(tfjsLayer(0, { units: 5 })), DataError, 'fromTfjs: layer 0 "dense" (Dense): expected weight "dense/kernel" of shape [3, 5], got [3, 2]');
c("fromTfjs(use_bias: 'yes')", tfjsRead(tfjsLayer(0, { use_bias: 'yes' })), DataError, 'fromTfjs: layer 0 "dense" (Dense): expected use_bias to be true or false, got "yes"');
c('fromTfjs(batch_input_shape [null, null])', tfjsRead(tfjsLayer(0, { batch_input_shape: [null, null] })), DataError, 'fromTfjs: layer 0 "dense" (Dense): expected batch_input_shape with fixed positive sizes after the batch (neurite needs the shape of one sample), got [null,null]');
c('fromTfjs(a Dropout of rate 1)', tfjsRead((j) => j.modelTopology.config.layers.push({ class_name: 'Dropout', config: { rate: 1, name: 'dropout' } })), DataError, 'fromTfjs: layer 2 "dropout" (Dropout): expected rate in [0, 1), got 1');
c('fromTfjs(two layers named "dense")', tfjsRead(tfjsLayer(1, { name: 'dense' })), DataError, 'fromTfjs: layer 1 "dense" (BatchNormalization): a second layer named "dense"; layer names must be unique');
c("fromTfjs(no weight 'dense/bias')", tfjsRead((_, w) => w.splice(1, 1)), DataError, 'fromTfjs: layer 0 "dense" (Dense): expected a weight "dense/bias" in the weightsManifest, got only dense/kernel');
c('fromTfjs(a kernel of shape [2, 3])', tfjsRead((_, w) => (w[0].spec.shape = [2, 3])), DataError, 'fromTfjs: layer 0 "dense" (Dense): expected weight "dense/kernel" of shape [3, 2], got [2, 3]');
c('fromTfjs(a weight no layer reads)', tfjsRead((_, w) => w.push({ spec: { name: 'dense_9/kernel', shape: [1], dtype: 'float32' }, values: [1] })), DataError, 'fromTfjs: the weightsManifest holds weights no layer reads: dense_9/kernel; does it belong to this model?');
c('fromTfjs(a NaN in the kernel)', tfjsRead((_, w) => (w[0].values[3] = NaN)), DataError, 'fromTfjs: weight "dense/kernel": expected finite values, got NaN at index 3');
c('fromTfjs(a negative moving_variance)', tfjsRead((_, w) => (w[5].values[1] = -0.5)), DataError, 'fromTfjs: layer 1 "bn" (BatchNormalization): expected moving_variance values ≥ 0 (a variance), got -0.5 at index 1');
c("fromTfjs(a weight of dtype 'int32')", tfjsRead((_, w) => (w[1].spec.dtype = 'int32')), DataError, `fromTfjs: weightsManifest[0].weights[1] "dense/bias": expected dtype 'float32', got "int32"`);
c("fromTfjs(quantization dtype 'int8')", tfjsRead((_, w) => (w[1].spec.quantization = { dtype: 'int8', scale: 1, min: 0 })), DataError, `fromTfjs: weightsManifest[0].weights[1] "dense/bias": expected quantization dtype 'uint8', 'uint16' or 'float16', got "int8"`);
c('fromTfjs(uint8 quantization without scale)', tfjsRead((_, w) => (w[1].spec.quantization = { dtype: 'uint8', min: 0 })), DataError, 'fromTfjs: weightsManifest[0].weights[1] "dense/bias": expected quantization.scale as a finite number, got undefined');
c('fromTfjs(the shard cut short)', () => {
  const { modelJson, weightData } = tfjsModel();
  return fromTfjs(modelJson, weightData.slice(0, 40));
}, DataError, 'fromTfjs: weightsManifest[0].weights[3] "bn/beta" (shape [2]) needs 8 bytes at byte 40, but the weight data holds 40 bytes; is a shard missing or truncated?');
c('fromTfjs(the shard with 4 bytes too many)', () => {
  const { modelJson, weightData } = tfjsModel();
  const longer = new Uint8Array(weightData.byteLength + 4);
  longer.set(new Uint8Array(weightData));
  return fromTfjs(modelJson, longer);
}, DataError, "fromTfjs: the manifest's weights take 64 bytes, but the weight data holds 68; are these the model's shards, in the manifest's order?");
c('fromTfjs(json, [shard, shard]) (two shards for one path)', () => {
  const { modelJson, weightData } = tfjsModel();
  return fromTfjs(modelJson, [weightData, weightData]);
}, DataError, "fromTfjs: expected 1 weight shard (the manifest's paths: group1-shard1of1.bin), got 2");
c("fromTfjs(json, 'group1-shard1of1.bin') (a path, not bytes)", () => fromTfjs(tfjsModel().modelJson, any('group1-shard1of1.bin')), TypeError, 'fromTfjs: expected weights as an ArrayBuffer or a Uint8Array (or an array of them, one per shard), got "group1-shard1of1.bin"');
c('fromTfjs(json, weights, { sed: 1 })', () => fromTfjs(tfjsModel().modelJson, tfjsModel().weightData, any({ sed: 1 })), TypeError, 'fromTfjs: unknown option "sed"; did you mean seed? (expected seed)');
c('fromTfjs(a functional model whose output is not the end of its chain)', tfjsRead((j) => {
  j.modelTopology.class_name = 'Model';
  const [dense, bn] = j.modelTopology.config.layers as Record<string, unknown>[];
  j.modelTopology.config.layers = [
    { class_name: 'InputLayer', name: 'input', config: { batch_input_shape: [null, 3], name: 'input' }, inbound_nodes: [] },
    { ...dense, name: 'dense', inbound_nodes: [[['input', 0, 0, {}]]] },
    { ...bn, name: 'bn', inbound_nodes: [[['dense', 0, 0, {}]]] },
  ] as never;
  Object.assign(j.modelTopology.config, { input_layers: [['input', 0, 0]], output_layers: [['dense', 0, 0]] });
}), DataError, 'fromTfjs: expected one chain of layers from the input "input" to the output "dense", got a chain ending at "bn"');
c("fromTfjs(a Conv2D with groups 2)", tfjsRead(tfjsLayer(0, { name: 'conv', filters: 2, kernel_size: 3, groups: 2, units: null, batch_input_shape: [null, 8, 8, 4] }, 'Conv2D')), DataError, 'fromTfjs: layer 0 "conv" (Conv2D): expected groups 1 (neurite has no grouped convolution), got 2');
c("fromTfjs(a Conv2D with padding 'causal')", tfjsRead(tfjsLayer(0, { name: 'conv', filters: 2, kernel_size: 3, padding: 'causal', units: null, batch_input_shape: [null, 8, 8, 4] }, 'Conv2D')), DataError, `fromTfjs: layer 0 "conv" (Conv2D): expected padding 'valid' or 'same', got "causal"`);
c('fromTfjs(a Conv2D on [batch, 3], not images)', tfjsRead(tfjsLayer(0, { name: 'conv', filters: 2, kernel_size: 3, units: null }, 'Conv2D')), DataError, 'fromTfjs: layer 0 "conv" (Conv2D): expected images [batch, height, width, channels] as its input, got [batch, 3]');
c('fromTfjs(a GlobalAveragePooling2D with keepdims)', tfjsRead(tfjsLayer(1, { name: 'pool', keepdims: true, axis: null, momentum: null, epsilon: null, center: null, scale: null }, 'GlobalAveragePooling2D')), DataError, 'fromTfjs: layer 1 "pool" (GlobalAveragePooling2D): keepdims true is not supported (neurite pools to [batch, channels]; add a Reshape after it)');
c('fromTfjs(a Reshape to [-1, -1])', tfjsRead(tfjsLayer(1, { name: 'reshape', target_shape: [-1, -1], axis: null, momentum: null, epsilon: null, center: null, scale: null }, 'Reshape')), DataError, 'fromTfjs: layer 1 "reshape" (Reshape): expected target_shape as positive sizes with at most one -1, got [-1,-1]');
c('fromTfjs(a Permute with dims [1, 1])', tfjsRead((j) => j.modelTopology.config.layers.splice(1, 0, { class_name: 'Permute', config: { name: 'permute', dims: [1, 1] } })), DataError, 'fromTfjs: layer 1 "permute" (Permute): expected dims as a permutation of 1 … n (the axes of a sample), got [1,1]');
c('fromTfjs(a Permute of 2 axes after a Dense)', tfjsRead((j) => j.modelTopology.config.layers.splice(1, 0, { class_name: 'Permute', config: { name: 'permute', dims: [2, 1] } })), DataError, 'fromTfjs: layer 1 "permute" (Permute): Permute(2, 1): expected samples of 2 axes, got [batch, 2]');
c('fromTfjs(a Conv2D with an L1 kernel_regularizer of -1)', tfjsRead(tfjsLayer(0, { name: 'conv', filters: 2, kernel_size: 3, units: null, batch_input_shape: [null, 8, 8, 4], kernel_regularizer: { class_name: 'L1', config: { l1: -1 } } }, 'Conv2D')), DataError, 'fromTfjs: layer 0 "conv" (Conv2D): expected kernel_regularizer.config.l1 to be a number ≥ 0, got -1');
c('toTfjs(a model with a custom layer)', () => toTfjs(new Sequential([new Dense(2, 2), { ...customLayer }], { seed: 1 })), NeuriteError, "toTfjs: layer 1 (Custom) has no TensorFlow.js equivalent; supported: Dense (Dense, activation linear), Conv2D (Conv2D, activation linear), MaxPool2D (MaxPooling2D), AvgPool2D (AveragePooling2D), GlobalAvgPool2D (GlobalAveragePooling2D), Flatten (Flatten), Reshape (Reshape), Permute (Permute), Sigmoid (Activation 'sigmoid'), Tanh (Activation 'tanh'), ReLU (ReLU), LeakyReLU (LeakyReLU), Softmax (Softmax, axis -1), Dropout (Dropout), BatchNorm (BatchNormalization, axis -1)");
c('toTfjs(new Sequential([new ReLU()])) (no input shape)', () => toTfjs(new Sequential([new ReLU()])), NeuriteError, 'toTfjs: expected a model whose input shape is known, got one whose first layers do not fix it; give the Sequential an inputShape');
c('toTfjs({})', () => toTfjs(any({})), TypeError, 'toTfjs: expected a Sequential model, got an object');

section('Nothing silently ignored: unknown options, non-boolean flags');
c('new SGD({ lr: 0.5 })', () => new SGD(any({ lr: 0.5 })), TypeError, 'SGD: unknown option "lr" (expected learningRate, clipNorm, momentum, nesterov, weightDecay)');
c('new Adam({ learningrate: 0.5 })', () => new Adam(any({ learningrate: 0.5 })), TypeError, 'Adam: unknown option "learningrate"; did you mean learningRate? (expected learningRate, clipNorm, beta1, beta2, epsilon)');
c('new AdamW({ weight_decay: 0.1 })', () => new AdamW(any({ weight_decay: 0.1 })), TypeError, 'AdamW: unknown option "weight_decay"; did you mean weightDecay? (expected learningRate, clipNorm, beta1, beta2, epsilon, weightDecay)');
c("new Adam({ weightDecay: 0.1 }) (AdamW's option)", () => new Adam(any({ weightDecay: 0.1 })), TypeError, 'Adam: unknown option "weightDecay" (expected learningRate, clipNorm, beta1, beta2, epsilon)');
c("new SGD({ momentum: 0.9, nesterov: 'false' })", () => new SGD(any({ momentum: 0.9, nesterov: 'false' })), TypeError, 'SGD: expected nesterov to be true or false, got "false"');
c('fit(x, y, { epoch: 5, batchsize: 1 })', () => xorNet().fit(X, Y, any({ epoch: 5, batchsize: 1 })), TypeError, 'Sequential.fit: unknown option "epoch"; did you mean epochs? (expected epochs, batchSize, shuffle, validationSplit, validationData, callbacks, verbose, dropRemainder, debug)');
c("fit(x, y, { shuffle: 'false' })", () => xorNet().fit(X, Y, any({ shuffle: 'false' })), TypeError, 'Sequential.fit: expected shuffle to be true or false, got "false"');
c("compile({ optimizer: 'adam', loss: 'mse', learningRate: 0.5 })", () => uncompiled().compile(any({ optimizer: 'adam', loss: 'mse', learningRate: 0.5 })), TypeError, 'Sequential.compile: unknown option "learningRate" (expected optimizer, loss, metrics)');
c("new Dense(2, 4, { activation: 'relu' })", () => new Dense(2, 4, any({ activation: 'relu' })), TypeError, 'Dense(2 → 4): unknown option "activation" (expected random, initializer, useBias, weightRegularizer)');
c("new Dense(2, 4, { useBias: 'false' })", () => new Dense(2, 4, any({ useBias: 'false' })), TypeError, 'Dense(2 → 4): expected useBias to be true or false, got "false"');
c('earlyStopping({ patiance: 5 })', () => earlyStopping(any({ patiance: 5 })), TypeError, 'earlyStopping: unknown option "patiance"; did you mean patience? (expected monitor, patience, minDelta, mode, restoreBestWeights)');
c("earlyStopping({ restoreBestWeights: 'yes' })", () => earlyStopping(any({ restoreBestWeights: 'yes' })), TypeError, 'earlyStopping: expected restoreBestWeights to be true or false, got "yes"');
c("new BinaryCrossEntropy({ fromLogits: 'false' })", () => new BinaryCrossEntropy(any({ fromLogits: 'false' })), TypeError, 'BinaryCrossEntropy: expected fromLogits to be true or false, got "false"');
c('new CategoricalCrossEntropy({ from_logits: true })', () => new CategoricalCrossEntropy(any({ from_logits: true })), TypeError, 'CategoricalCrossEntropy: unknown option "from_logits"; did you mean fromLogits? (expected fromLogits, epsilon)');
c('new BatchNorm(4, { eps: 1e-5 })', () => new BatchNorm(4, any({ eps: 1e-5 })), TypeError, 'BatchNorm(4): unknown option "eps" (expected momentum, epsilon)');
c('new Dropout(0.5, { seed: 1 })', () => new Dropout(0.5, any({ seed: 1 })), TypeError, 'Dropout(0.5): unknown option "seed" (expected random)');
c('new LeakyReLU({ slope: 0.2 })', () => new LeakyReLU(any({ slope: 0.2 })), TypeError, 'LeakyReLU: unknown option "slope" (expected alpha)');
c('new Accuracy({ treshold: 0.3 })', () => new Accuracy(any({ treshold: 0.3 })), TypeError, 'Accuracy: unknown option "treshold"; did you mean threshold? (expected threshold)');
c('new Sequential([], { sed: 1 })', () => new Sequential([], any({ sed: 1 })), TypeError, 'Sequential: unknown option "sed"; did you mean seed? (expected seed, inputShape)');
c('gradCheck(dense, x, { tol: 1e-4 })', () => gradCheck(new Dense(1, 1), Tensor.zeros([1, 1]), any({ tol: 1e-4 })), TypeError, 'gradCheck: unknown option "tol" (expected epsilon, tolerance, beforeForward, training, target, seed)');
c('stepDecay({ …, staircase: true })', () => stepDecay(any({ initialLearningRate: 0.1, decayRate: 0.5, stepSize: 10, staircase: true })), TypeError, 'stepDecay: unknown option "staircase" (expected initialLearningRate, decayRate, stepSize)');
c('model.toJSON({ includeOptimiser: true })', () => xorNet().toJSON(any({ includeOptimiser: true })), TypeError, 'Sequential.toJSON: unknown option "includeOptimiser"; did you mean includeOptimizer? (expected includeOptimizer)');
c('model.toJSON(true) (a misplaced positional argument)', () => xorNet().toJSON(any(true)), TypeError, 'Sequential.toJSON: expected options as an object, got true');
c('toOnnx(model, { opSet: 17 })', () => toOnnx(xorNet(), any({ opSet: 17 })), TypeError, 'toOnnx: unknown option "opSet"; did you mean opset? (expected opset, graphName, inputName, outputName)');
c('fromOnnx(bytes, { sed: 1 })', () => fromOnnx(toOnnx(xorNet()), any({ sed: 1 })), TypeError, 'fromOnnx: unknown option "sed"; did you mean seed? (expected seed)');
c('predict(x, { batch: 2 })', () => xorNet().predict(X, any({ batch: 2 })), TypeError, 'Sequential.predict: unknown option "batch" (expected batchSize)');
c('fromJSON(a Dense config with an unknown field)', modify((j) => ((j.layers[0].config as Record<string, unknown>).activation = 'relu')), DataError, "Sequential.fromJSON: layers[0] (Dense): Dense: unknown config field \"activation\" (expected inFeatures, outFeatures, useBias, weightRegularizer)");
c('fromJSON(useBias: "no")', modify((j) => ((j.layers[0].config as Record<string, unknown>).useBias = 'no')), DataError, 'Sequential.fromJSON: layers[0] (Dense): Dense: expected useBias to be true or false, got "no"');
c('fromJSON(training.loss MeanSquaredError with fromLogits)', modifyTraining((t) => ((t.loss as { config: Record<string, unknown> }).config = { fromLogits: true })), DataError, 'Sequential.fromJSON: training.loss: MeanSquaredError: unknown option "fromLogits" (expected none)');
c('fromJSON(training.loss BinaryCrossEntropy with fromLogits: "no")', modifyTraining((t) => (t.loss = { type: 'BinaryCrossEntropy', config: { fromLogits: 'no' } })), DataError, 'Sequential.fromJSON: training.loss: BinaryCrossEntropy: expected fromLogits to be true or false, got "no"');

c('fit(…, { callbacks: [{ onEpochEnds() {} }] }) (a misspelt hook)', () => xorNet().fit(X, Y, { callbacks: [any({ onEpochEnds() {} })] }), TypeError, 'Sequential.fit: callbacks[0] has an unknown hook "onEpochEnds"; did you mean onEpochEnd? (expected onTrainBegin, onTrainEnd, onEpochBegin, onEpochEnd, onBatchEnd)');
c('fit(…, { callbacks: [{ onEpochEnd: 5 }] })', () => xorNet().fit(X, Y, { callbacks: [any({ onEpochEnd: 5 })] }), TypeError, 'Sequential.fit: expected callbacks[0].onEpochEnd as a function, got 5');
c("gradCheck(dense, x, { training: 'false' })", () => gradCheck(new Dense(1, 1), Tensor.zeros([1, 1]), any({ training: 'false' })), TypeError, 'gradCheck: expected training to be true or false, got "false"');
c('toOnnx(model, { graphName: 5 })', () => toOnnx(xorNet(), any({ graphName: 5 })), TypeError, 'toOnnx: expected graphName as a string, got 5');

section('Nothing silently ignored: names from Object.prototype, metrics');
c("compile({ …, metrics: ['constructor'] })", () => uncompiled().compile({ optimizer: 'sgd', loss: 'mse', metrics: any(['constructor']) }), RangeError, 'Sequential.compile: unknown metric "constructor"; expected one of accuracy, acc');
c("compile({ optimizer: 'toString', … })", () => uncompiled().compile({ optimizer: any('toString'), loss: 'mse' }), RangeError, 'Sequential.compile: unknown optimizer "toString"; expected one of sgd, adam, adamw');
c("a custom metric named 'loss'", () => uncompiled().compile({ optimizer: 'sgd', loss: 'mse', metrics: [{ name: 'loss', reset() {}, update() {}, result: () => 0 }] }), RangeError, 'Sequential.compile: metrics[0]: a metric may not be named "loss" (fit logs loss, learningRate, time and val… itself); name it otherwise');
c('a metric without result()', () => uncompiled().compile({ optimizer: 'sgd', loss: 'mse', metrics: [any({ name: 'm', reset() {}, update() {} })] }), TypeError, 'Sequential.compile: metrics[0]: expected a metric with reset(), update() and result(), got one without result()');
c("metrics: ['accuracy', 'acc'] (one name twice)", () => uncompiled().compile({ optimizer: 'sgd', loss: 'mse', metrics: ['accuracy', 'acc'] }), RangeError, 'Sequential.compile: expected metrics with different names, got "accuracy" twice');
c("earlyStopping({ monitor: 'constructor' }), refused before the first epoch", () => xorNet().fit(X, Y, { callbacks: [earlyStopping({ monitor: 'constructor' })] }), RangeError, "earlyStopping: expected logs to contain 'constructor', got loss, learningRate, time (compile with metrics: ['constructor'] if it is a metric)");
c("earlyStopping({ monitor: 'valAccuracy' }) without the accuracy metric", () => xorNet().fit(X, Y, { validationSplit: 0.5, callbacks: [earlyStopping({ monitor: 'valAccuracy' })] }), RangeError, "earlyStopping: expected logs to contain 'valAccuracy', got loss, learningRate, time, valLoss (compile with metrics: ['accuracy'] if it is a metric)");

section('Nothing non-finite reaches the weights');
const overflowingDecay = () => {
  const p = param([1], [0]);
  const sgd = new SGD({ learningRate: 0.01, weightDecay: 1e4 }); // each step multiplies the weight by 1 − 0.01 · 1e4 = −99
  for (let i = 0; i < 100; i++) sgd.step([p]);
};
c('SGD({ weightDecay: 1e4 }) stepping until the weight overflows', overflowingDecay, DataError, 'SGD: expected finite weights after the step, got Infinity in param 0 (weight) at index 0; the step was undone; try a lower learning rate (now 0.01) or clipNorm');
c('AdamW({ learningRate: 1e30, weightDecay: 1e10 }).step', () => new AdamW({ learningRate: 1e30, weightDecay: 1e10 }).step([param([1], [1])]), DataError, 'AdamW: expected finite weights after the step, got -Infinity in param 0 (weight) at index 0; the step was undone; try a lower learning rate (now 1e+30) or clipNorm');
c('Adam({ epsilon: 1e-300 }).step(a gradient of 1e-23, whose square underflows)', () => new Adam({ epsilon: 1e-300 }).step([param([1], [1e-23])]), DataError, 'Adam: expected finite weights after the step, got -Infinity in param 0 (weight) at index 0; the step was undone; try a lower learning rate (now 0.001) or clipNorm');
c('SGD().step(a NaN weight)', () => new SGD().step([param([NaN], [1])]), DataError, 'SGD: expected finite weights before the step, got NaN in param 0 (weight) at index 0');
const negativeVariance = () => {
  const json = JSON.parse(JSON.stringify(new Sequential([new Dense(2, 2), new BatchNorm(2)], { seed: 1 }))) as ModelJSON;
  json.weights[5].data = 'AACAvwAAgD8='; // runningVariance = [-1, 1]
  return Sequential.fromJSON(json);
};
c('fromJSON(a negative running variance)', negativeVariance, DataError, "Sequential.fromJSON: weight '1.runningVariance': expected values ≥ 0, got -1 at index 0");
c('fromOnnx(a NaN weight)', () => fromOnnx(gemmReluModel((s) => (s.initializers[0] = floats('fc.weight', [3, 4], [1, 2, NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12])))), DataError, 'fromOnnx: node 0 "/fc/Gemm" (Gemm): the weight (input B) "fc.weight": expected finite values, got NaN at index 2');

section('Calls do not disturb each other');
c('a model added to itself', () => {
  const m = new Sequential([new Dense(2, 2)]);
  m.add(m);
}, StateError, 'Sequential: layer 1 (Sequential(1 layers)) is this model or contains it; a model cannot hold itself');
const bnNet = () => new Sequential([new Dense(2, 3), new BatchNorm(3), new Dense(3, 1)], { seed: 1 }).compile({ optimizer: 'sgd', loss: 'mse' });
c('fit with BatchNorm: 9 samples in batches of 4 (a last batch of 1)', () => bnNet().fit([...X, ...X, [0, 0]], [...Y, ...Y, 0], { batchSize: 4 }), ShapeError, 'Sequential.fit: expected every batch to hold at least 2 samples for BatchNorm(3) in training, got a last batch of 1 (9 samples in batches of 4); use { dropRemainder: true } or a batchSize that leaves a larger last batch (e.g. 5)');
c('fit with BatchNorm on 1 sample', () => bnNet().fit([[0, 1]], [0]), ShapeError, 'Sequential.fit: expected at least 2 samples for BatchNorm(3) to train on, got 1');
c('fit(4 samples, { batchSize: 8, dropRemainder: true })', () => xorNet().fit(X, Y, { batchSize: 8, dropRemainder: true }), RangeError, 'Sequential.fit: dropRemainder with batchSize 8 leaves no batch of the 4 samples; use a batchSize ≤ 4');

section('Valid files, bounded cost, exact messages');
c("toOnnx(model, { inputName: '0' }) (the name of a value inside)", () => toOnnx(xorNet(), { inputName: '0' }), RangeError, 'toOnnx: expected inputName to differ from the names inside the graph, got "0", which is the output of layer 0; choose another');
c("toOnnx(model, { outputName: '2.bias' })", () => toOnnx(xorNet(), { outputName: '2.bias' }), RangeError, 'toOnnx: expected outputName to differ from the names inside the graph, got "2.bias", which is a weight of layer 2; choose another');
c('Tensor.from([Number.MAX_VALUE])', () => Tensor.from([Number.MAX_VALUE]), DataError, 'Tensor.from: expected values that fit in float32 (at most ±3.4028235e38), got 1.7976931348623157e+308 at [0]');
c('fit(x, [0, 1, 1, Number.MAX_VALUE])', () => xorNet().fit(X, [0, 1, 1, Number.MAX_VALUE]), DataError, 'Sequential.fit: expected values that fit in float32 (at most ±3.4028235e38), got 1.7976931348623157e+308 at index 3 of y');
c('Tensor.from(arrays nested 20,000 deep)', () => {
  let a: unknown = 1;
  for (let i = 0; i < 20_000; i++) a = [a];
  return Tensor.from(any(a));
}, ShapeError, 'Tensor.from: expected arrays nested at most 32 deep, got deeper');
c('Tensor.from([a sparse row of 2³² − 1 elements]) (checked before allocating)', () => Tensor.from(any([new Array(2 ** 32 - 1)])), ShapeError, 'Tensor.from: expected at most 268435456 elements (1 GiB of float32), got shape [1, 4294967295] of 4294967295 elements');
c('new Dense(2n, 3) (a bigint)', () => new Dense(any(2n), 3), TypeError, 'Dense: expected inFeatures to be a positive integer, got 2n (a bigint)');
c('fromOnnx(a Reshape whose shape is computed in the graph)', () => fromOnnx(gemmReluModel((s) => {
  s.nodes.unshift(node('Reshape', ['input', 'dynamic'], ['r'], '/Reshape'));
  s.nodes[1].inputs[0] = 'r';
})), DataError, 'fromOnnx: node 0 "/Reshape" (Reshape): input "dynamic" is computed in the graph; neurite imports one chain of layers, whose other inputs are constants');

/**
 * The parser properties, shared by test/robustness/parsers.fuzz.test.ts (a few hundred
 * cases in CI) and scripts/fuzz.ts (100,000 cases, `npm run fuzz`): on any input a parser
 * either returns a correct result or throws neurite's own error type (NeuriteError) —
 * never another exception.
 */
import fc from 'fast-check';
import { NeuriteError, parseIdx, Sequential, Tensor, type IdxData } from '../../src/index.js';
import {
  buildModel,
  byteMutation,
  idxTypes,
  jsonMutation,
  modelSpec,
  mutateBytes,
  mutateJson,
  randn,
  savedModel,
  validIdx,
  type IdxCase,
} from './arbitraries.js';

/** Runs `body`; a NeuriteError is an accepted outcome (returns null), anything else fails the property. */
export function ownErrorOr<T>(body: () => T): T | null {
  try {
    return body();
  } catch (error) {
    if (error instanceof NeuriteError) return null;
    throw error;
  }
}

/** Writes a parsed IDX file back to bytes, independently of the parser. */
function encodeIdx(parsed: IdxData): Uint8Array {
  const { code, size, write } = idxTypes[parsed.type];
  const header = 4 + 4 * parsed.shape.length;
  const bytes = new Uint8Array(header + parsed.data.length * size);
  const view = new DataView(bytes.buffer);
  bytes[2] = code;
  bytes[3] = parsed.shape.length;
  parsed.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  parsed.data.forEach((v: number, i: number) => write(view, header + i * size, v));
  return bytes;
}

/** parseIdx on `bytes`: an error of its own, or a result that holds exactly what the bytes say. */
export function checkIdx(bytes: Uint8Array, expected?: IdxCase): void {
  const parsed = expected ? parseIdx(bytes) : ownErrorOr(() => parseIdx(bytes));
  if (!parsed) return;
  const count = parsed.shape.reduce((a, b) => a * b, 1);
  if (parsed.data.length !== count) throw new Error(`parseIdx: ${parsed.data.length} values for shape [${parsed.shape}]`);
  if (4 + 4 * parsed.shape.length + count * idxTypes[parsed.type].size !== bytes.length) {
    throw new Error(`parseIdx accepted ${bytes.length} bytes for ${parsed.type} [${parsed.shape}]`);
  }
  // Re-encoded, the result is the input byte for byte (NaN payloads aside).
  const again = encodeIdx(parsed);
  const hasNaN = Array.from(parsed.data as ArrayLike<number>).some(Number.isNaN);
  if (!hasNaN && again.some((b, i) => b !== bytes[i])) throw new Error('parseIdx: the result does not re-encode to its input');
  if (expected) {
    if (parsed.type !== expected.type || parsed.shape.join() !== expected.shape.join()) throw new Error('parseIdx: wrong type or shape');
    const want = expected.type === 'float32' ? expected.values.map(Math.fround) : expected.values;
    if (!want.every((v, i) => Object.is(v, parsed.data[i]))) throw new Error('parseIdx: wrong values');
  }
}

/**
 * Sequential.fromJSON on anything: an error of its own, or a model that works: it
 * predicts (or says why not, in its own error), takes a training step when the file
 * held training state, and saves and loads again to the same weights.
 */
export function checkFromJSON(input: unknown): void {
  const model = ownErrorOr(() => Sequential.fromJSON(input as never));
  if (!model) return;
  const features = model.inFeatures ?? 3;
  const x = randn([3, features], 1);
  ownErrorOr(() => model.predict(x));
  const { optimizer, loss } = model;
  if (optimizer && loss) {
    ownErrorOr(() => {
      const params = model.params();
      for (const p of params) p.zeroGrad();
      const prediction = model.forward(x, true);
      loss.forward(prediction, Tensor.zeros(prediction.shape));
      model.backward(loss.backward());
      optimizer.step(params);
    });
  }
  const copy = ownErrorOr(() => Sequential.fromJSON(JSON.stringify(model)));
  if (copy === null) throw new Error('a model fromJSON accepted could not be saved and loaded again');
  const [a, b] = [model.getWeights(), copy.getWeights()];
  if (a.length !== b.length || a.some((w, i) => w.some((v, k) => !Object.is(v, b[i][k])))) throw new Error('a reloaded model has other weights');
}

/** Sequential.loadWeights of anything into a model: its own error (the model untouched), or the weights loaded. */
export function checkLoadWeights(target: Sequential, input: unknown): void {
  const before = target.getWeights();
  const loaded = ownErrorOr(() => target.loadWeights(input as never));
  if (loaded) return;
  const after = target.getWeights();
  if (after.some((w, i) => w.some((v, k) => !Object.is(v, before[i][k])))) throw new Error('a rejected loadWeights changed the model');
}

/** The properties, by name; `numRuns` is chosen by the caller. */
export const parserProperties: Record<string, fc.IPropertyWithHooks<unknown[]>> = {
  'parseIdx: valid files round-trip': fc.property(validIdx, (c) => checkIdx(c.bytes, c)),
  'parseIdx: arbitrary bytes': fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => checkIdx(bytes)),
  'parseIdx: mutated valid files': fc.property(validIdx, fc.array(byteMutation, { minLength: 1, maxLength: 4 }), (c, m) =>
    checkIdx(mutateBytes(c.bytes, m)),
  ),
  'Sequential.fromJSON: arbitrary JSON values': fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => checkFromJSON(value)),
  'Sequential.fromJSON: arbitrary text': fc.property(fc.string({ maxLength: 80 }), (text) => checkFromJSON(text)),
  'Sequential.fromJSON: mutated valid models': fc.property(savedModel, fc.array(jsonMutation, { minLength: 1, maxLength: 4 }), (json, m) =>
    checkFromJSON(mutateJson(json, m)),
  ),
  'Sequential.loadWeights: mutated valid models': fc.property(modelSpec(), fc.array(jsonMutation, { minLength: 1, maxLength: 3 }), (spec, m) => {
    const json = buildModel(spec).model.toJSON();
    checkLoadWeights(buildModel({ ...spec, seed: spec.seed + 1 }).model, mutateJson(json, m));
  }),
};

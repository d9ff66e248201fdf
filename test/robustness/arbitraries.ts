/**
 * fast-check generators shared by the property tests, the parser fuzz tests and
 * scripts/fuzz.ts: small models built from every layer type, IDX files, and saved models
 * mutated in every way a file can be corrupted.
 */
import fc from 'fast-check';
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
  type IdxType,
  type Layer,
} from '../../src/index.js';

/** The layer types a generated model is built from (a nested Sequential included). */
export const layerTypes = ['Dense', 'Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'Softmax', 'Dropout', 'BatchNorm', 'Sequential'] as const;
export type LayerType = (typeof layerTypes)[number];

/** A layer to build: its type and the numbers it needs. */
export type LayerSpec =
  | { type: 'Dense'; out: number; useBias: boolean }
  | { type: 'Sigmoid' | 'Tanh' | 'ReLU' | 'Softmax' }
  | { type: 'LeakyReLU'; alpha: number }
  | { type: 'Dropout'; rate: number }
  | { type: 'BatchNorm'; momentum: number; epsilon: number }
  | { type: 'Sequential'; layers: LayerSpec[] };

/** A model to build: input features, layers, seed. */
export interface ModelSpec {
  inFeatures: number;
  layers: LayerSpec[];
  seed: number;
}

const width = fc.integer({ min: 1, max: 5 });

function leaf(type: Exclude<LayerType, 'Sequential'>): fc.Arbitrary<LayerSpec> {
  switch (type) {
    case 'Dense':
      return fc.record({ type: fc.constant('Dense' as const), out: width, useBias: fc.boolean() });
    case 'LeakyReLU':
      return fc.record({ type: fc.constant('LeakyReLU' as const), alpha: fc.double({ min: 0, max: 0.9, noNaN: true }) });
    case 'Dropout':
      return fc.record({ type: fc.constant('Dropout' as const), rate: fc.double({ min: 0, max: 0.8, noNaN: true }) });
    case 'BatchNorm':
      return fc.record({
        type: fc.constant('BatchNorm' as const),
        momentum: fc.double({ min: 0, max: 0.99, noNaN: true }),
        epsilon: fc.double({ min: 1e-5, max: 1e-1, noNaN: true }),
      });
    default:
      return fc.constant({ type } as LayerSpec);
  }
}

const leafTypes = layerTypes.filter((t) => t !== 'Sequential') as Exclude<LayerType, 'Sequential'>[];
const anyLeaf = fc.oneof(...leafTypes.map(leaf));

/** One layer of the given type (a Sequential holds 1–3 leaves). */
export function layerOf(type: LayerType): fc.Arbitrary<LayerSpec> {
  if (type === 'Sequential') return fc.record({ type: fc.constant('Sequential' as const), layers: fc.array(anyLeaf, { minLength: 1, maxLength: 3 }) });
  return leaf(type);
}

const anyLayer = fc.oneof({ weight: 8, arbitrary: anyLeaf }, { weight: 1, arbitrary: layerOf('Sequential') });

/** A small model of 1–4 layers; with `including`, one of them is of that type. */
export function modelSpec(including?: LayerType, maxLayers = 4): fc.Arbitrary<ModelSpec> {
  const layers = including
    ? fc
        .tuple(fc.array(anyLayer, { maxLength: maxLayers - 1 }), layerOf(including), fc.nat())
        .map(([rest, forced, at]) => {
          const all = [...rest];
          all.splice(at % (rest.length + 1), 0, forced);
          return all;
        })
    : fc.array(anyLayer, { minLength: 1, maxLength: maxLayers });
  return fc.record({ inFeatures: width, layers, seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) });
}

function buildLayers(specs: readonly LayerSpec[], inFeatures: number): { layers: Layer[]; features: number } {
  const layers: Layer[] = [];
  let features = inFeatures;
  for (const s of specs) {
    switch (s.type) {
      case 'Dense':
        layers.push(new Dense(features, s.out, { useBias: s.useBias }));
        features = s.out;
        break;
      case 'Sigmoid':
        layers.push(new Sigmoid());
        break;
      case 'Tanh':
        layers.push(new Tanh());
        break;
      case 'ReLU':
        layers.push(new ReLU());
        break;
      case 'Softmax':
        layers.push(new Softmax());
        break;
      case 'LeakyReLU':
        layers.push(new LeakyReLU({ alpha: s.alpha }));
        break;
      case 'Dropout':
        layers.push(new Dropout(s.rate));
        break;
      case 'BatchNorm':
        layers.push(new BatchNorm(features, { momentum: s.momentum, epsilon: s.epsilon }));
        break;
      case 'Sequential': {
        const inner = buildLayers(s.layers, features);
        layers.push(new Sequential(inner.layers));
        features = inner.features;
        break;
      }
    }
  }
  return { layers, features };
}

/** Builds the model a spec describes (seeded), and the number of features it produces. */
export function buildModel(spec: ModelSpec): { model: Sequential; outFeatures: number } {
  const { layers, features } = buildLayers(spec.layers, spec.inFeatures);
  return { model: new Sequential(layers, { seed: spec.seed }), outFeatures: features };
}

/** Every layer of a model, nested models flattened, in forward order. */
export function flatLayers(model: Sequential): Layer[] {
  return model.layers.flatMap((l) => (l instanceof Sequential ? flatLayers(l) : [l]));
}

/** A tensor of normal draws (seeded), for inputs. */
export function randn(shape: number[], seed: number): Tensor {
  return Tensor.randn(shape, new Random(seed));
}

// ── IDX ─────────────────────────────────────────────────────────────────────────

export const idxTypes: Record<IdxType, { code: number; size: number; write: (v: DataView, o: number, x: number) => void }> = {
  uint8: { code: 0x08, size: 1, write: (v, o, x) => v.setUint8(o, x) },
  int8: { code: 0x09, size: 1, write: (v, o, x) => v.setInt8(o, x) },
  int16: { code: 0x0b, size: 2, write: (v, o, x) => v.setInt16(o, x, false) },
  int32: { code: 0x0c, size: 4, write: (v, o, x) => v.setInt32(o, x, false) },
  float32: { code: 0x0d, size: 4, write: (v, o, x) => v.setFloat32(o, x, false) },
  float64: { code: 0x0e, size: 8, write: (v, o, x) => v.setFloat64(o, x, false) },
};

/** A well-formed IDX file and what it holds. */
export interface IdxCase {
  type: IdxType;
  shape: number[];
  values: number[];
  bytes: Uint8Array;
}

const idxValue: Record<IdxType, fc.Arbitrary<number>> = {
  uint8: fc.integer({ min: 0, max: 255 }),
  int8: fc.integer({ min: -128, max: 127 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  float32: fc.float({ noNaN: true }),
  float64: fc.double({ noNaN: true }),
};

/** A valid IDX file of any type, 1–3 dimensions of 1–4. */
export const validIdx: fc.Arbitrary<IdxCase> = fc
  .tuple(fc.constantFrom(...(Object.keys(idxTypes) as IdxType[])), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }))
  .chain(([type, shape]) => {
    const count = shape.reduce((a, b) => a * b, 1);
    return fc.array(idxValue[type], { minLength: count, maxLength: count }).map((values) => {
      const { code, size, write } = idxTypes[type];
      const header = 4 + 4 * shape.length;
      const bytes = new Uint8Array(header + count * size);
      const view = new DataView(bytes.buffer);
      bytes[2] = code;
      bytes[3] = shape.length;
      shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
      values.forEach((v, i) => write(view, header + i * size, v));
      return { type, shape, values, bytes };
    });
  });

/** One change to a byte string: overwrite a byte, a header word, truncate, or append. */
export type ByteMutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'word'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: number[] };

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('word' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1, 0x7fffffff, 65536), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }) }),
);

export function mutateBytes(bytes: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    if (m.kind === 'set' && out.length > 0) out[m.at % out.length] = m.value;
    else if (m.kind === 'word' && out.length >= 8) {
      // A header word: the type/rank word or one of the dimensions.
      const words = Math.max(1, Math.floor(Math.min(out.length, 16) / 4));
      new DataView(out.buffer).setUint32(4 * (m.at % words), m.value, false);
    } else if (m.kind === 'truncate') out = out.slice(0, m.at % (out.length + 1));
    else if (m.kind === 'append') {
      const grown = new Uint8Array(out.length + m.bytes.length);
      grown.set(out);
      grown.set(m.bytes, out.length);
      out = grown;
    }
  }
  return out;
}

// ── saved models ────────────────────────────────────────────────────────────────

/** One change to a saved model: a value replaced or deleted somewhere in its JSON tree, or its text cut or spliced. */
export type JsonMutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'base64'; at: number; char: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; text: string };

const nastyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(0, -1, 0.5, 1e9, 2 ** 31, 2 ** 53, -(2 ** 31), 1e308, -1e308, '', 'NaN', 'Infinity', null, [], {}, true, '__proto__', 'toString', 'Sequential', 'Dense'),
  fc.integer({ min: -10, max: 100000 }),
);

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('base64' as const), at: fc.nat(), char: fc.constantFrom('A', '/', '+', '=', '@', 'é', ' ', '\u0000') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ maxLength: 6 }) }) },
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every [parent, key] of a JSON tree, the root's children first. */
function slots(root: Json): [Json[] | Record<string, Json>, string | number][] {
  const out: [Json[] | Record<string, Json>, string | number][] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push([node, i]);
        walk(v);
      });
    } else if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        out.push([node, k]);
        walk(node[k]);
      }
    }
  };
  walk(root);
  return out;
}

/** Applies mutations to a saved model; the result is an object or (after a text mutation) a string. */
export function mutateJson(json: object, mutations: readonly JsonMutation[]): unknown {
  const tree = JSON.parse(JSON.stringify(json)) as Json;
  let text: string | null = null;
  for (const m of mutations) {
    if (m.kind === 'truncate' || m.kind === 'splice') {
      const current: string = text ?? JSON.stringify(tree);
      const at = m.at % (current.length + 1);
      text = m.kind === 'truncate' ? current.slice(0, at) : current.slice(0, at) + m.text + current.slice(at);
      continue;
    }
    if (text !== null) continue; // once text, further tree edits do not apply
    const all = slots(tree);
    if (all.length === 0) continue;
    if (m.kind === 'base64') {
      const strings = all.filter(([p, k]) => typeof (p as Record<string, Json>)[k as string] === 'string' && k === 'data');
      if (strings.length === 0) continue;
      const [p, k] = strings[m.at % strings.length];
      const s = (p as Record<string, string>)[k as string];
      const i = m.at % (s.length + 1);
      (p as Record<string, string>)[k as string] = s.slice(0, i) + m.char + s.slice(i + 1);
      continue;
    }
    const [parent, key] = all[m.at % all.length];
    if (m.kind === 'replace') (parent as Record<string, Json>)[key as string] = m.value as Json;
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  }
  return text ?? tree;
}

/** A saved model (every layer type may appear), with or without its training state. */
export const savedModel: fc.Arbitrary<object> = fc.tuple(modelSpec(), fc.boolean(), fc.constantFrom('sgd', 'adam', 'adamw')).map(([spec, withTraining, optimizer]) => {
  const { model } = buildModel(spec);
  if (!withTraining) return model.toJSON();
  model.compile({ optimizer, loss: 'mse', metrics: ['accuracy'] });
  return model.toJSON({ includeOptimizer: true });
});

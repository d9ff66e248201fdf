/**
 * Shape arithmetic folded at import: exporters compute a Reshape's target from the data's
 * own shape, as PyTorch does for `x.view(x.size(0), -1)`:
 *
 *   Shape(x) → Gather(0) → Unsqueeze → Concat([·], [-1]) → Reshape(x, ·)
 *
 * Every size but the batch is known when the model is imported, so such a chain folds to a
 * list of integers with the batch left symbolic (null), which Reshape then reads.
 */
import { formatShape } from '../errors.js';
import type { NodeData, TensorData } from './proto.js';
import { tensorInts, type Shape } from './tensors.js';

/** A folded shape value: integers, with null for the batch. */
export type ShapeValue = (number | null)[];

/** The ops folded here, and what messages say of them. */
export const SHAPE_OPS = ['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast', 'Slice'];
export const SHAPE_OPS_TEXT = 'Shape, Gather, Unsqueeze, Squeeze, Concat, Cast and Slice on shapes (folded)';

/** What folding reads: the shapes of the values along the chain, the constants, the values folded so far. */
export interface FoldState {
  readonly valueShapes: Map<string, Shape>;
  readonly constants: Map<string, TensorData>;
  readonly symbols: Map<string, ShapeValue>;
}

/**
 * Folds `node` into `state.symbols` when it is shape arithmetic (on a value's shape, or on
 * shapes folded before); false for any other node.
 */
export function foldShapeOp(node: NodeData, state: FoldState, where: string, fail: (what: string) => never): boolean {
  if (!SHAPE_OPS.includes(node.opType)) return false;
  const input = node.inputs[0];
  if (node.opType !== 'Shape' && !(input && (state.symbols.has(input) || state.constants.has(input)))) return false; // not on a shape
  const attr = (name: string): number | undefined => node.attributes.find((a) => a.name === name)?.i;
  const value = (name: string | undefined, what: string): ShapeValue => {
    if (name && state.symbols.has(name)) return state.symbols.get(name)!;
    const t = name ? state.constants.get(name) : undefined;
    if (!t) return fail(`expected ${what} to be a constant or a shape, got ${name ? `"${name}"` : 'nothing'}`);
    return tensorInts(t, `${where}: ${what}`);
  };
  let out: ShapeValue;
  switch (node.opType) {
    case 'Shape': {
      const shape = input ? state.valueShapes.get(input) : undefined;
      if (!shape) return fail(`expected the shape of "${input}", a value of the chain of layers, got a value neurite does not know`);
      const rank = shape.length, at = (i: number) => (i < 0 ? i + rank : i);
      const start = Math.max(0, at(attr('start') ?? 0)), end = Math.min(rank, at(attr('end') ?? rank));
      out = shape.slice(start, end);
      if (out.some((d, i) => d === null && start + i > 0)) fail(`expected the sizes of ${formatShape(shape)} after the batch to be known`);
      break;
    }
    case 'Gather': {
      const axis = attr('axis') ?? 0;
      if (axis !== 0) fail(`expected axis 0 on a shape, got ${axis}`);
      const data = value(input, 'the data'), indices = value(node.inputs[1], 'the indices');
      out = indices.map((i) => {
        const k = i === null ? -1 : i < 0 ? i + data.length : i;
        if (k < 0 || k >= data.length) fail(`expected indices in [0, ${data.length}) on a shape of ${data.length}, got ${i}`);
        return data[k];
      });
      break;
    }
    case 'Concat':
      out = node.inputs.flatMap((name, i) => value(name, `input ${i}`));
      break;
    case 'Slice': {
      const data = value(input, 'the data');
      const [start] = value(node.inputs[1], 'starts'), [end] = value(node.inputs[2], 'ends');
      const step = node.inputs[4] ? value(node.inputs[4], 'steps')[0] : 1;
      if (start === null || end === null || step !== 1) fail('expected a slice of constant starts and ends, step 1');
      const clamp = (i: number) => Math.min(data.length, Math.max(0, i < 0 ? i + data.length : i));
      out = data.slice(clamp(start!), clamp(end!));
      break;
    }
    default: // Unsqueeze, Squeeze, Cast: the same numbers (shapes here are lists)
      out = value(input, 'the data');
  }
  if (!node.outputs[0]) fail('expected an output');
  state.symbols.set(node.outputs[0], out);
  return true;
}

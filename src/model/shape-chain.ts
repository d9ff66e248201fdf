/**
 * The per-sample shapes through a chain of layers: each layer's `outputShape` applied to
 * what the layer before it produces, and, when one does not fit, an error that says
 * where in the chain, what the layer expects and which layer made what it got:
 *
 *   Sequential: layer 3 (Dense(1600 → 128)) expects 1600 features, but Flatten before it produces 3136 (7 × 7 × 64)
 */
import { formatShape, ShapeError } from '../errors.js';
import { layerInputShape, layerOutputShape, type Layer } from '../layers/layer.js';

type Shape = readonly number[];

function sameShape(a: Shape | null, b: Shape | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}

function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `3136 (7 × 7 × 64)` for a flattened shape, `[batch, 26, 26, 32]` otherwise. */
function produced(shape: Shape, before: Shape | null): string {
  if (shape.length !== 1) return formatShape([null, ...shape]);
  return before && before.length > 1 && size(before) === shape[0] ? `${shape[0]} (${before.join(' × ')})` : String(shape[0]);
}

/** Whether `layer` keeps the shape of any input: the probe shapes come out unchanged. */
function keepsShape(layer: Layer, probe: Shape): boolean {
  try {
    const wider = [2, ...probe];
    return sameShape(layerOutputShape(layer, probe), probe) && sameShape(layerOutputShape(layer, wider), wider);
  } catch {
    return false;
  }
}

/**
 * `layers[index].outputShape(inputs[index])`, its ShapeError retold as where in the chain
 * it happened. `inputs[i]` is the input shape of layer i (null where unknown).
 */
function outputOf(layers: readonly Layer[], index: number, inputs: readonly (Shape | null)[], owner: string, next?: Layer): number[] {
  const layer = next ?? layers[index], shape = inputs[index]!;
  try {
    return layerOutputShape(layer, shape);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    // Name the layer that made the shape: look through the layers that keep it (activations, dropout).
    let j = index - 1;
    while (j >= 0 && sameShape(inputs[j], inputs[j + 1])) j--;
    const source = j >= 0 ? `${layers[j]} before it produces ${produced(shape, inputs[j])}` : `the input shape is ${formatShape([null, ...shape])}`;
    const fixed = layerInputShape(layer);
    const flatten = fixed?.length === 1 && shape.length > 1 && size(shape) === fixed[0] ? '; add a Flatten before it' : '';
    const expects = error.expects ? `expects ${error.expects}` : `rejects its input (${error.message})`;
    throw new ShapeError(`${owner}: layer ${index} (${layer}) ${expects}, but ${source}${flatten}`, error.expects);
  }
}

/**
 * The per-sample output shape of `layers` for `input`, checked through every layer; a
 * ShapeError names `owner`, the layer, what it expected and what it got.
 */
export function outputShapeOf(layers: readonly Layer[], input: Shape, owner: string): number[] {
  return shapesOf(layers, input, owner)[layers.length].slice();
}

/** The input shape of each layer for `input`, then the output shape of the last (see {@link outputShapeOf}). */
export function shapesOf(layers: readonly Layer[], input: Shape, owner: string): Shape[] {
  const inputs: Shape[] = [input];
  for (let i = 0; i < layers.length; i++) inputs.push(outputOf(layers, i, inputs, owner));
  return inputs;
}

/**
 * The smallest batch every layer can train on for samples of `input` (see
 * `Layer.minBatchSize`), and the innermost layer that needs it (null: 1 will do).
 */
export function batchLimitOf(layers: readonly Layer[], input: Shape): { size: number; layer: Layer | null } {
  const shapes = shapesOf(layers, input, 'Sequential');
  let limit: { size: number; layer: Layer | null } = { size: 1, layer: null };
  layers.forEach((layer, i) => {
    const size = layer.minBatchSize?.(shapes[i]) ?? 1;
    if (size <= limit.size) return;
    const inner = (layer as { batchLimit?: (shape: Shape) => { layer: Layer | null } }).batchLimit?.(shapes[i]).layer;
    limit = { size, layer: inner ?? layer };
  });
  return limit;
}

/**
 * The shapes of a model as layers are appended: its per-sample input shape (given, or
 * inferred from the first layer that fixes one) and each layer's output shape (null
 * while unknown).
 */
export class ShapeChain {
  /** The input shape, then each layer's output shape. */
  private readonly inputs: (Shape | null)[];

  constructor(input: Shape | null) {
    this.inputs = [input];
  }

  /** The per-sample input shape, null while unknown. */
  get input(): Shape | null {
    return this.inputs[0];
  }

  /** The per-sample output shape of layer `i`, null while unknown. */
  outputOf(i: number): Shape | null {
    return this.inputs[i + 1] ?? null;
  }

  /** Every layer's output shape, in order. */
  get outputs(): readonly (Shape | null)[] {
    return this.inputs.slice(1);
  }

  /**
   * Appends `layer` after `layers` (the ones already in the chain), or throws a
   * ShapeError (owner `Sequential`) and changes nothing. Infers the input shape from the
   * first layer that fixes one, when every layer before it keeps its input's shape.
   */
  append(layers: readonly Layer[], layer: Layer): void {
    const fixed = layerInputShape(layer);
    const n = layers.length;
    if (this.inputs[0] === null && fixed && layers.every((l) => keepsShape(l, fixed))) {
      const inputs: Shape[] = Array(n + 1).fill(fixed);
      const out = outputOf(layers, n, inputs, 'Sequential', layer);
      this.inputs.splice(0, this.inputs.length, ...inputs, out);
      return;
    }
    const previous = this.inputs[layers.length];
    if (previous === null) {
      // Unknown input: the layer's own output shape, if it fixes its input.
      this.inputs.push(fixed ? layerOutputShape(layer, fixed) : null);
      return;
    }
    this.inputs.push(outputOf(layers, n, this.inputs, 'Sequential', layer));
  }
}

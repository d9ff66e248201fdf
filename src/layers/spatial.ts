/**
 * What Conv2D and the pooling layers share: a window size or stride given as one number
 * or `[height, width]`, the two paddings, names like `3×3`, and the check of an input
 * against a window, which yields its geometry (tensor/im2col.ts).
 */
import { assertShape, describe, formatShape, ShapeError, StateError, type Owner } from '../errors.js';
import { Window2D } from '../tensor/im2col.js';
import { assertTensor, Tensor } from '../tensor/tensor.js';

/** A window size or a stride: one number for both axes, or `[height, width]`. */
export type Size2D = number | readonly [number, number];

/**
 * How a window meets the border: `'valid'` only where it fits inside the image (the output
 * shrinks), `'same'` with the image padded so that the output is ⌈size / stride⌉ (the input's
 * size at stride 1). Keras's definitions, including an odd total padding's extra row and
 * column at the bottom and right.
 */
export type Padding = 'valid' | 'same';

/** `[h, w]` from a Size2D, or a TypeError/RangeError naming `owner` and the option. */
export function checkSize2D(value: unknown, owner: string, name: string): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : Array.isArray(value) && value.length === 2 ? (value as unknown[]) : null;
  if (pair && pair.every((v) => Number.isInteger(v) && (v as number) > 0)) return [pair[0] as number, pair[1] as number];
  const numbers = pair?.every((v) => typeof v === 'number');
  const got = Array.isArray(value) && value.length < 5 ? `[${value.map(describe).join(', ')}]` : describe(value);
  throw new (numbers ? RangeError : TypeError)(`${owner}: expected ${name} as a positive integer or [height, width], got ${got}`);
}

/** Whether `padding` is `'same'` (undefined: `'valid'`), or an error listing both. */
export function checkPadding(padding: unknown, owner: string): boolean {
  if (padding === undefined || padding === 'valid') return false;
  if (padding === 'same') return true;
  throw new (typeof padding === 'string' ? RangeError : TypeError)(`${owner}: expected padding to be 'valid' or 'same', got ${describe(padding)}`);
}

/** `3×3`. */
export const sizeText = (size: readonly number[]): string => `${size[0]}×${size[1]}`;

/** `, stride 2, same`: what a window layer's name adds when its stride or padding is not the default. */
export function windowText(stride: readonly number[], defaultStride: readonly number[], same: boolean): string {
  const s = stride[0] === defaultStride[0] && stride[1] === defaultStride[1] ? '' : `, stride ${stride[0] === stride[1] ? stride[0] : sizeText(stride)}`;
  return `${s}${same ? ', same' : ''}`;
}

/**
 * The geometry of `owner`'s `kernel` window (moved by `stride`) on an image input, `last`
 * when it still fits. `shape` is a tensor's shape (`batched`, `[batch, h, w, c]`) or a
 * per-sample one (`[h, w, c]`); `channels`, when given, is the channel count required.
 * A wrong rank or channel count, or a window larger than the unpadded image, is a
 * ShapeError naming `owner`, with `expects` for a model's chain of shapes.
 */
export function windowOn(
  owner: Owner,
  last: Window2D | null,
  shape: readonly number[],
  batched: boolean,
  channels: number | null,
  kernel: readonly number[],
  stride: readonly number[],
  same: boolean,
): Window2D {
  const i = batched ? 1 : 0;
  if (shape.length !== i + 3 || (channels !== null && shape[i + 2] !== channels)) {
    const expects = `input shape [batch, height, width, ${channels ?? 'channels'}]`;
    throw new ShapeError(`${owner}: expected ${expects}, got ${shown(shape, batched)}`, expects);
  }
  const h = shape[i], w = shape[i + 1], c = shape[i + 2];
  if (last && last.height === h && last.width === w && last.channels === c) return last;
  const window = new Window2D(h, w, c, kernel[0], kernel[1], stride[0], stride[1], same);
  if (window.outH < 1 || window.outW < 1) {
    const expects = `an input of at least ${sizeText(kernel)} pixels`;
    throw new ShapeError(`${owner}: expected ${expects} (its window, with padding 'valid'), got ${shown(shape, batched)}`, expects);
  }
  return window;
}

/** A shape for a message: a tensor's as it is, a per-sample one after `batch`. */
function shown(shape: readonly number[], batched: boolean): string {
  return formatShape(batched ? shape : [null, ...shape]);
}

/** `buffer` if it has shape `[batch, h, w, c]`, else a new zero tensor of that shape (made only then: nothing on the hot path). */
export function reuseImages(buffer: Tensor | null, batch: number, h: number, w: number, c: number): Tensor {
  const s = buffer?.shape;
  return s && s[0] === batch && s[1] === h && s[2] === w && s[3] === c ? buffer! : Tensor.zeros([batch, h, w, c]);
}

/** The output of the last forward, for backward: a StateError before any forward, and `gradOutput` checked against it. */
export function forwardOutput(owner: Owner, output: Tensor | null, gradOutput: Tensor): Tensor {
  if (!output) throw new StateError(`${owner}: backward called before forward`);
  assertTensor(gradOutput, owner, 'gradOutput');
  assertShape(gradOutput.shape, output.shape, owner, 'gradOutput shape');
  return output;
}

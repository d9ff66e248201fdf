/**
 * The windows of Conv, MaxPool and AveragePool between neurite and ONNX: neurite's
 * `'valid'` and `'same'` padding (Keras's, the odd extra row and column at the bottom and
 * right) as ONNX's explicit `pads` [top, left, bottom, right], and back.
 */
import { Window2D } from '../../tensor/im2col.js';
import type { Attribute } from '../proto.js';
import type { GraphReader, GraphWriter } from '../mapping.js';
import { formatShape } from '../../errors.js';

/** `kernel_shape`, `strides` and `pads` of a window on the writer's current image `[h, w, c]`. */
export function windowAttributes(graph: GraphWriter, kernel: readonly number[], stride: readonly number[], same: boolean): Attribute[] {
  const [h, w, c] = graph.shape!;
  const win = new Window2D(h, w, c, kernel[0], kernel[1], stride[0], stride[1], same);
  const totalH = Math.max((win.outH - 1) * stride[0] + kernel[0] - h, 0), totalW = Math.max((win.outW - 1) * stride[1] + kernel[1] - w, 0);
  const pads = same ? [win.padTop, win.padLeft, totalH - win.padTop, totalW - win.padLeft] : [0, 0, 0, 0];
  return [
    { name: 'kernel_shape', ints: [...kernel] },
    { name: 'strides', ints: [...stride] },
    { name: 'pads', ints: pads },
  ];
}

/** A window read from a node: its kernel, stride and padding, and the output's height and width (null if unknown). */
export interface ReadWindow {
  kernel: [number, number];
  stride: [number, number];
  padding: 'valid' | 'same';
  outH: number | null;
  outW: number | null;
}

/** Fails unless the current value is an NCHW image. */
export function requireImage(graph: GraphReader): void {
  if (graph.shape.length !== 4) graph.fail(`expected an NCHW image [batch, channels, height, width], got ${formatShape(graph.shape)}`);
}

/**
 * Reads the window of the current node over the current NCHW image. Dilations other than 1, a
 * ceil_mode, SAME_LOWER, and pads that are neither none nor Keras's 'same' are errors naming
 * the node: neurite's layers cannot hold them.
 */
export function readWindow(graph: GraphReader, kernel: readonly number[]): ReadWindow {
  requireImage(graph);
  if (kernel.length !== 2) graph.fail(`expected a 2-D kernel, got kernel_shape [${kernel.join(', ')}]`);
  const stride = graph.intList('strides', [1, 1]);
  if (stride.length !== 2 || stride.some((s) => s < 1)) graph.fail(`expected strides of two positive integers, got [${stride.join(', ')}]`);
  if (graph.intList('dilations', [1, 1]).some((d) => d !== 1)) graph.fail('expected dilations of 1; neurite has no dilated windows');
  if (graph.int('ceil_mode', 0) !== 0) graph.fail('expected ceil_mode = 0; neurite rounds the output size down');
  const [, , h, w] = graph.shape;
  const autoPad = graph.text('auto_pad', 'NOTSET');
  let padding: 'valid' | 'same';
  if (autoPad === 'VALID') padding = 'valid';
  else if (autoPad === 'SAME_UPPER') padding = 'same';
  else if (autoPad !== 'NOTSET') return graph.fail(`expected auto_pad NOTSET, VALID or SAME_UPPER (Keras's 'same'), got ${autoPad}`);
  else {
    const pads = graph.intList('pads', [0, 0, 0, 0]);
    if (pads.every((p) => p === 0)) padding = 'valid';
    else {
      if (h === null || w === null) return graph.fail(`expected the image's height and width to be known to read pads [${pads.join(', ')}]`);
      const win = new Window2D(h, w, 1, kernel[0], kernel[1], stride[0], stride[1], true);
      const totalH = Math.max((win.outH - 1) * stride[0] + kernel[0] - h, 0), totalW = Math.max((win.outW - 1) * stride[1] + kernel[1] - w, 0);
      const same = [win.padTop, win.padLeft, totalH - win.padTop, totalW - win.padLeft];
      if (pads.length !== 4 || pads.some((p, i) => p !== same[i])) {
        graph.fail(`expected pads [0, 0, 0, 0] ('valid') or [${same.join(', ')}] ('same' on a ${h}×${w} image), got [${pads.join(', ')}]`);
      }
      padding = 'same';
    }
  }
  const size = (n: number | null, k: number, s: number) => (n === null ? null : padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
  const outH = size(h, kernel[0], stride[0]), outW = size(w, kernel[1], stride[1]);
  if ((outH !== null && outH < 1) || (outW !== null && outW < 1)) graph.fail(`expected a ${kernel[0]}×${kernel[1]} window to fit the ${h}×${w} image`);
  return { kernel: [kernel[0], kernel[1]], stride: [stride[0], stride[1]], padding, outH, outW };
}

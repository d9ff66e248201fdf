/** Conv2D ↔ Conv (NCHW, weights [out, in, kh, kw]; neurite's are [out, kh, kw, in]). */
import { Conv2D } from '../../layers/conv2d.js';
import { Tensor } from '../../tensor/tensor.js';
import type { OnnxMapping } from '../mapping.js';
import { readWindow, requireImage, windowAttributes } from './window.js';

/** `[out, a, b, c]` → `[out, …]` with the last three axes reordered: `order` names, for each new axis, the old one (1–3). */
function reorder(data: Float32Array, dims: readonly number[], order: readonly number[]): Float32Array {
  const [o, a, b, c] = dims;
  const out = new Float32Array(data.length);
  const size = [a, b, c], newDims = order.map((k) => size[k - 1]);
  let k = 0;
  for (let n = 0; n < o; n++) {
    for (let i = 0; i < newDims[0]; i++) {
      for (let j = 0; j < newDims[1]; j++) {
        for (let l = 0; l < newDims[2]; l++) {
          const idx = [0, 0, 0];
          idx[order[0] - 1] = i;
          idx[order[1] - 1] = j;
          idx[order[2] - 1] = l;
          out[k++] = data[((n * a + idx[0]) * b + idx[1]) * c + idx[2]];
        }
      }
    }
  }
  return out;
}

export const conv2dMapping: OnnxMapping = {
  layer: Conv2D,
  exports: 'Conv2D (Conv, NCHW inside the graph)',
  write(layer, graph, path) {
    const conv = layer as Conv2D;
    graph.channelsFirst();
    const [o, kh, kw, c] = conv.weight.value.shape;
    // [out, kh, kw, in] → [out, in, kh, kw]
    const weight = new Tensor(reorder(conv.weight.value.data, [o, kh, kw, c], [3, 1, 2]), [o, c, kh, kw]);
    const inputs = [graph.weight(`${path}.weight`, weight)];
    if (conv.bias) inputs.push(graph.weight(`${path}.bias`, conv.bias.value));
    graph.node('Conv', inputs, [
      ...windowAttributes(graph, conv.kernelSize, conv.stride, conv.padding === 'same'),
      { name: 'dilations', ints: [1, 1] },
      { name: 'group', i: 1 },
    ]);
  },
  ops: ['Conv'],
  imports: 'Conv (2-D, group 1, no dilation, valid or Keras-same pads) → Conv2D',
  read(node, graph) {
    requireImage(graph);
    const w = graph.floats(node.inputs[1], 'the weight (input W)');
    if (w.dims.length !== 4) graph.fail(`expected a 4-D weight [out, in, kh, kw], got [${w.dims.join(', ')}]`);
    if (graph.int('group', 1) !== 1) graph.fail(`expected group = 1, got ${graph.int('group', 1)}; neurite has no grouped convolutions`);
    const [o, c, kh, kw] = w.dims;
    if (graph.shape[1] !== null && graph.shape[1] !== c) graph.fail(`expected a weight for ${graph.shape[1]} input channels, got ${c}`);
    const window = readWindow(graph, graph.intList('kernel_shape', [kh, kw]));
    if (window.kernel[0] !== kh || window.kernel[1] !== kw) graph.fail(`expected kernel_shape [${kh}, ${kw}] as the weight's, got [${window.kernel.join(', ')}]`);
    const bias = node.inputs[2] ? graph.floats(node.inputs[2], 'the bias (input B)').data : null;
    if (bias && bias.length !== o) graph.fail(`expected a bias of ${o} values, got ${bias.length}`);
    graph.channelsLast();
    graph.advance();
    const weight = reorder(w.data, w.dims, [2, 3, 1]); // [out, in, kh, kw] → [out, kh, kw, in]
    graph.push({
      kind: 'conv',
      output: '',
      build() {
        const conv = new Conv2D(c, o, [kh, kw], { stride: window.stride, padding: window.padding, useBias: bias !== null, initializer: 'zeros' });
        conv.weight.value.data.set(weight);
        if (bias && conv.bias) conv.bias.value.data.set(bias);
        return conv;
      },
    });
    graph.shape = [null, o, window.outH, window.outW];
  },
};

/** Softmax ↔ Softmax over the last axis. */
import { Softmax } from '../../layers/softmax.js';
import type { OnnxMapping } from '../mapping.js';
import { readElementwise } from './elementwise.js';
import { formatShape } from '../../errors.js';

export const softmaxMapping: OnnxMapping = {
  layer: Softmax,
  exports: 'Softmax (axis -1)',
  write(_layer, graph) {
    graph.channelsLast();
    graph.node('Softmax', [], [{ name: 'axis', i: -1 }]);
  },
  ops: ['Softmax'],
  imports: 'Softmax (last axis, or the channels of an image)',
  read(_node, graph) {
    const rank = graph.shape.length;
    let axis = graph.int('axis', -1);
    if (axis < 0) axis += rank;
    // neurite's Softmax runs over its value's last axis: ONNX's last axis, or the channels of an image held as NHWC.
    if (rank === 4 && axis === 1) graph.channelsLast();
    else if (axis === rank - 1) graph.onnxOrder();
    else graph.fail(`expected the last axis (or the channels of an image), got axis ${graph.int('axis', -1)} on ${formatShape(graph.shape)}`);
    readElementwise(graph, () => new Softmax());
  },
};

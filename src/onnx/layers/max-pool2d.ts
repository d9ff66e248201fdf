/** MaxPool2D ↔ MaxPool (NCHW inside the graph). */
import { MaxPool2D } from '../../layers/max-pool2d.js';
import type { OnnxMapping } from '../mapping.js';
import { readPool } from './pool.js';
import { windowAttributes } from './window.js';

export const maxPool2dMapping: OnnxMapping = {
  layer: MaxPool2D,
  exports: 'MaxPool2D (MaxPool)',
  write(layer, graph) {
    const pool = layer as MaxPool2D;
    graph.channelsFirst();
    graph.node('MaxPool', [], windowAttributes(graph, pool.poolSize, pool.stride, pool.padding === 'same'));
  },
  ops: ['MaxPool'],
  imports: 'MaxPool (2-D) → MaxPool2D',
  read(node, graph) {
    if (node.outputs.length > 1 && node.outputs[1]) graph.fail("expected one output; neurite's MaxPool2D gives no indices");
    readPool(graph, (kernel, options) => new MaxPool2D(kernel, options));
  },
};

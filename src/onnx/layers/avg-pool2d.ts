/** AvgPool2D ↔ AveragePool (count_include_pad = 0: 'same' padding averages the cells inside the image, as Keras). */
import { AvgPool2D } from '../../layers/avg-pool2d.js';
import type { OnnxMapping } from '../mapping.js';
import { readPool } from './pool.js';
import { windowAttributes } from './window.js';

export const avgPool2dMapping: OnnxMapping = {
  layer: AvgPool2D,
  exports: 'AvgPool2D (AveragePool)',
  write(layer, graph) {
    const pool = layer as AvgPool2D;
    graph.channelsFirst();
    graph.node('AveragePool', [], [...windowAttributes(graph, pool.poolSize, pool.stride, pool.padding === 'same'), { name: 'count_include_pad', i: 0 }]);
  },
  ops: ['AveragePool'],
  imports: 'AveragePool (2-D, count_include_pad = 0 where padded) → AvgPool2D',
  read(_node, graph) {
    const padded = graph.intList('pads', [0, 0, 0, 0]).some((p) => p !== 0) || graph.text('auto_pad', 'NOTSET').startsWith('SAME');
    if (padded && graph.int('count_include_pad', 0) !== 0) graph.fail("expected count_include_pad = 0 with padding; neurite's AvgPool2D averages the cells inside the image");
    readPool(graph, (kernel, options) => new AvgPool2D(kernel, options));
  },
};

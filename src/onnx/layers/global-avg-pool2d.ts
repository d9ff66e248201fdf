/** GlobalAvgPool2D ↔ GlobalAveragePool (whose [N, C, 1, 1] a Flatten makes neurite's [N, C]). */
import { GlobalAvgPool2D } from '../../layers/global-avg-pool2d.js';
import type { OnnxMapping } from '../mapping.js';
import { requireImage } from './window.js';

export const globalAvgPool2dMapping: OnnxMapping = {
  layer: GlobalAvgPool2D,
  exports: 'GlobalAvgPool2D (GlobalAveragePool, Flatten)',
  write(_layer, graph) {
    graph.channelsFirst();
    graph.node('GlobalAveragePool');
    graph.node('Flatten', [], [{ name: 'axis', i: 1 }]);
  },
  ops: ['GlobalAveragePool'],
  imports: 'GlobalAveragePool (2-D) → GlobalAvgPool2D',
  read(_node, graph) {
    requireImage(graph);
    const c = graph.shape[1];
    graph.channelsLast();
    graph.advance();
    graph.push({ kind: 'pool', output: '', build: () => new GlobalAvgPool2D() });
    graph.shape = [null, c, 1, 1];
    graph.layout = 'squeezed'; // neurite's value is [batch, channels]
  },
};

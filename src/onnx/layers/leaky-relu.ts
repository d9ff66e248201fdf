/** LeakyReLU ↔ LeakyRelu (with alpha). */
import { LeakyReLU } from '../../layers/leaky-relu.js';
import type { OnnxMapping } from '../mapping.js';
import { readElementwise } from './elementwise.js';

export const leakyReluMapping: OnnxMapping = {
  layer: LeakyReLU,
  exports: 'LeakyReLU (LeakyRelu)',
  write: (layer, graph) => graph.node('LeakyRelu', [], [{ name: 'alpha', f: (layer as LeakyReLU).alpha }]),
  ops: ['LeakyRelu'],
  imports: 'LeakyRelu',
  read(_node, graph) {
    const alpha = graph.float('alpha', 0.01);
    if (!(alpha >= 0 && alpha < 1)) graph.fail(`expected alpha in [0, 1) (neurite's LeakyReLU), got ${alpha}`);
    readElementwise(graph, () => new LeakyReLU({ alpha }));
  },
};

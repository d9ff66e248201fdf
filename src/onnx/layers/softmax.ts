/** Softmax ↔ Softmax over the last axis. */
import { Softmax } from '../../layers/softmax.js';
import type { OnnxMapping } from '../mapping.js';
import { readElementwise } from './elementwise.js';

export const softmaxMapping: OnnxMapping = {
  layer: Softmax,
  exports: 'Softmax (axis -1)',
  write: (_layer, graph) => graph.node('Softmax', [], [{ name: 'axis', i: -1 }]),
  ops: ['Softmax'],
  imports: 'Softmax (last axis)',
  read(_node, graph) {
    graph.features();
    const axis = graph.int('axis', -1);
    if (axis !== -1 && axis !== 1) graph.fail(`expected axis -1 (the last axis of [batch, features]), got ${axis}`);
    readElementwise(graph, () => new Softmax());
  },
};

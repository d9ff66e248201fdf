/** Dropout ↔ nothing at inference: left out on export, skipped on import. */
import { Dropout } from '../../layers/dropout.js';
import type { OnnxMapping } from '../mapping.js';

export const dropoutMapping: OnnxMapping = {
  layer: Dropout,
  exports: 'Dropout (left out: identity at inference)',
  write() {},
  ops: ['Dropout'],
  imports: 'Dropout (skipped)',
  read(node, graph) {
    const training = node.inputs[2];
    const mode = training ? graph.constant(training) : undefined;
    if (mode && graph.ints(training, 'training_mode').some((v) => v !== 0)) {
      graph.fail('training_mode is true; neurite imports inference graphs, where Dropout is the identity');
    }
    graph.advance();
  },
};

/**
 * The ONNX operators that pass the data on unchanged: Identity, and a Pad of zeros (which
 * PyTorch's exporter writes before an AveragePool). They become no layer.
 */
import type { OnnxMapping } from './mapping.js';

export const passThroughMapping: OnnxMapping = {
  ops: ['Identity', 'Pad'],
  imports: 'Identity and a Pad of zeros (skipped)',
  read(node, graph) {
    if (node.opType === 'Pad') {
      if (graph.text('mode', 'constant') !== 'constant') graph.fail(`expected mode constant, got ${graph.text('mode', 'constant')}`);
      const pads = node.inputs[1] ? graph.ints(node.inputs[1], 'pads') : graph.intList('pads', []);
      if (pads.some((p) => p !== 0)) graph.fail(`expected pads of zeros, got [${pads.join(', ')}]; neurite pads only inside Conv2D and the pooling layers`);
    }
    graph.advance();
  },
};

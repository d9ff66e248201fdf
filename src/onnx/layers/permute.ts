/** Permute ↔ Transpose (the batch axis staying first). */
import { Permute } from '../../layers/permute.js';
import type { OnnxMapping } from '../mapping.js';
import { formatShape } from '../../errors.js';

export const permuteMapping: OnnxMapping = {
  layer: Permute,
  exports: 'Permute (Transpose)',
  write(layer, graph) {
    graph.channelsLast();
    graph.node('Transpose', [], [{ name: 'perm', ints: [0, ...(layer as Permute).dims] }]);
  },
  ops: ['Transpose'],
  imports: 'Transpose that keeps the batch first → Permute (none between NCHW and NHWC around image layers)',
  read(_node, graph) {
    const shape = graph.shape;
    const perm = graph.intList('perm', shape.map((_, i) => shape.length - 1 - i));
    if (perm.length !== shape.length || perm[0] !== 0 || new Set(perm).size !== perm.length || perm.some((p) => p < 0 || p >= shape.length)) {
      graph.fail(`expected a perm that keeps the batch axis first, got [${perm.join(', ')}] on ${formatShape(graph.shape)}`);
    }
    const next = perm.map((p) => shape[p]);
    const is = (p: readonly number[]) => p.length === perm.length && p.every((v, i) => v === perm[i]);
    graph.advance();
    // NHWC ↔ NCHW around image operators: neurite's value keeps NHWC and only its view of ONNX's order changes.
    if (graph.layout === 'same' && is([0, 3, 1, 2])) graph.layout = 'nhwc';
    else if (graph.layout === 'nhwc' && is([0, 2, 3, 1])) graph.layout = 'same';
    else if (!perm.every((p, i) => p === i)) {
      graph.onnxOrder();
      graph.push({ kind: 'permute', output: '', build: () => new Permute(perm.slice(1)) });
    }
    graph.shape = next;
  },
};

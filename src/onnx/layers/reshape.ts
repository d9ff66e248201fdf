/** Reshape ↔ Reshape (a shape that keeps the batch first; folded shape arithmetic included). */
import { formatShape } from '../../errors.js';
import { Reshape } from '../../layers/reshape.js';
import type { OnnxMapping } from '../mapping.js';
import { readFlatten } from './flatten.js';

export const reshapeMapping: OnnxMapping = {
  layer: Reshape,
  exports: 'Reshape (Reshape)',
  write(layer, graph, path) {
    graph.channelsLast();
    // 0 keeps the batch (allowzero is 0); the rest is neurite's per-sample shape, one −1 at most.
    graph.node('Reshape', [graph.ints(`${path}.shape`, [0, ...(layer as Reshape).shape])]);
  },
  ops: ['Reshape'],
  imports: 'Reshape that keeps the batch first → Reshape (Flatten for [batch, -1])',
  read(node, graph) {
    if (!node.inputs[1]) graph.fail('expected a shape input');
    const target = graph.shapeInput(node.inputs[1], 'shape');
    const allowZero = graph.int('allowzero', 0) !== 0;
    const shape = graph.shape;
    const what = `shape [${target.map((d) => (d === null ? 'batch' : d)).join(', ')}] on ${formatShape(shape)}`;
    const [first] = target;
    // The batch survives as itself (folded), 0 (copied, unless allowzero), −1 beside known sizes, or the input's own fixed batch.
    const keepsBatch =
      first === null || (first === 0 && !allowZero) || (first === -1 && target.slice(1).every((d) => d !== null && d > 0)) || (first !== undefined && first > 0 && first === graph.batchValue);
    const rest = target.slice(1).map((d, i) => (d === 0 && !allowZero ? shape[i + 1] : d));
    if (!keepsBatch || rest.length === 0 || rest.some((d) => d === null || d === 0 || d < -1) || rest.filter((d) => d === -1).length > 1) {
      return graph.fail(`expected a reshape that keeps the batch first (shape [-1, F], [0, -1], [0, F], …), got ${what}`);
    }
    const sizes = shape.slice(1);
    const known = sizes.every((d) => d !== null) ? (sizes as number[]).reduce((a, b) => a * b, 1) : null;
    if (rest.length === 1 && (rest[0] === -1 || rest[0] === known || (known === null && shape.length === 2))) {
      readFlatten(graph);
      if (rest[0] !== -1) graph.shape = [null, rest[0]];
      return;
    }
    if (known === null) return graph.fail(`expected the sizes after the batch to be known for ${what}`);
    const fixed = (rest as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (rest.includes(-1) ? known % fixed !== 0 : fixed !== known) graph.fail(`expected the new shape to hold ${known} values a sample, got ${what}`);
    const perSample = (rest as number[]).map((d) => (d === -1 ? known / fixed : d));
    graph.onnxOrder();
    graph.advance();
    graph.push({ kind: 'reshape', output: '', build: () => new Reshape(perSample) });
    graph.shape = [null, ...perSample];
  },
};

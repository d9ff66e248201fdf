/** Flatten ↔ Flatten (axis 1; images back in NHWC order first, so the values come out as neurite's). */
import { Flatten } from '../../layers/flatten.js';
import type { GraphReader, OnnxMapping } from '../mapping.js';
import { flatFeatures } from '../tensors.js';
import { formatShape } from '../../errors.js';

/** Reads a flattening of the current value into `[batch, features]`: a Flatten layer unless it is flat already. */
export function readFlatten(graph: GraphReader): void {
  const shape = graph.shape;
  if (graph.layout === 'squeezed') {
    graph.layout = 'same'; // a global pool's [N, C, 1, 1]: neurite holds [N, C] already
    graph.advance();
    graph.shape = [null, shape[1]];
    return;
  }
  if (shape.length === 2) {
    graph.advance();
    return;
  }
  const features = flatFeatures(shape, graph.fail);
  graph.onnxOrder();
  graph.advance();
  graph.push({ kind: 'flatten', output: '', build: () => new Flatten() });
  graph.shape = [null, features];
}

export const flattenMapping: OnnxMapping = {
  layer: Flatten,
  exports: 'Flatten (Flatten)',
  write(_layer, graph) {
    graph.channelsLast();
    graph.node('Flatten', [], [{ name: 'axis', i: 1 }]);
  },
  ops: ['Flatten'],
  imports: 'Flatten (axis 1) → Flatten',
  read(_node, graph) {
    let axis = graph.int('axis', 1);
    if (axis < 0) axis += graph.shape.length;
    if (axis !== 1) graph.fail(`expected axis 1 (keeping the batch), got ${graph.int('axis', 1)} on ${formatShape(graph.shape)}`);
    readFlatten(graph);
  },
};

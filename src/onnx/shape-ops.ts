/**
 * The ONNX operators that only pass or reshape the data between layers: Identity, and
 * Flatten/Reshape that keep `[batch, features]`. They become no layer.
 */
import { formatShape } from '../errors.js';
import type { OnnxMapping } from './mapping.js';
import { flatFeatures } from './tensors.js';

export const shapeOpsMapping: OnnxMapping = {
  ops: ['Flatten', 'Reshape', 'Identity'],
  imports: 'Flatten/Reshape that keep [batch, features], Identity (skipped)',
  read(node, graph) {
    const shape = graph.shape;
    if (node.opType === 'Flatten') {
      const rank = shape.length;
      let axis = graph.int('axis', 1);
      if (axis < 0) axis += rank;
      if (axis !== 1) graph.fail(`expected axis 1 (keeping the batch), got ${graph.int('axis', 1)} on ${formatShape(shape)}`);
      graph.shape = [null, flatFeatures(shape, graph.fail)];
    } else if (node.opType === 'Reshape') {
      if (!node.inputs[1]) graph.fail('expected a shape input');
      const target = graph.ints(node.inputs[1], 'shape');
      const allowZero = graph.int('allowzero', 0) !== 0;
      const features = flatFeatures(shape, graph.fail);
      const [b, f] = target;
      // The batch survives as -1 (inferred), 0 (copied, unless allowzero) or the input's own fixed batch size.
      const keepsBatch = b === -1 || (b === 0 && !allowZero) || (b > 0 && b === graph.batchValue);
      let next: number | null | undefined;
      if (target.length === 2 && keepsBatch) {
        if (f === -1 && b !== -1) next = features;
        else if (f === 0 && !allowZero && shape.length === 2) next = features;
        else if (f > 0 && (features === f || (features === null && b !== -1))) next = f;
      }
      if (next === undefined) {
        graph.fail(`expected a reshape that keeps [batch, features] (shape [-1, F], [0, -1] or [0, F]), got shape [${target.join(', ')}] on ${formatShape(shape)}`);
      }
      graph.shape = [null, next ?? null];
    }
    graph.advance();
  },
};

/** BatchNorm ↔ BatchNormalization (inference form, with the running statistics). */
import { formatShape } from '../../errors.js';
import { BatchNorm } from '../../layers/batch-norm.js';
import type { OnnxMapping } from '../mapping.js';

export const batchNormMapping: OnnxMapping = {
  layer: BatchNorm,
  exports: 'BatchNorm (BatchNormalization)',
  write(layer, graph, path) {
    const bn = layer as BatchNorm;
    // ONNX normalises axis 1: an image's channels in NCHW; other data gets its last axis moved there and back.
    const rank = graph.shape?.length ?? 1;
    if (rank === 3) graph.channelsFirst();
    const moved = rank === 2 || rank > 3;
    if (moved) graph.node('Transpose', [], [{ name: 'perm', ints: [0, rank, ...Array.from({ length: rank - 1 }, (_, i) => i + 1)] }]);
    graph.node(
      'BatchNormalization',
      [
        graph.weight(`${path}.gamma`, bn.gamma.value),
        graph.weight(`${path}.beta`, bn.beta.value),
        graph.weight(`${path}.runningMean`, bn.runningMean),
        graph.weight(`${path}.runningVariance`, bn.runningVariance),
      ],
      [
        { name: 'epsilon', f: bn.epsilon },
        { name: 'momentum', f: bn.momentum },
      ],
    );
    if (moved) graph.node('Transpose', [], [{ name: 'perm', ints: [0, ...Array.from({ length: rank - 1 }, (_, i) => i + 2), 1] }]);
  },
  ops: ['BatchNormalization'],
  imports: 'BatchNormalization (inference) → BatchNorm',
  read(node, graph) {
    const rank = graph.shape.length;
    if (rank !== 2 && rank !== 4) graph.fail(`expected [batch, features] or an NCHW image, got ${formatShape(graph.shape)}`);
    const features = graph.shape[1];
    if (graph.int('training_mode', 0) !== 0) graph.fail('training_mode = 1 is not supported; export the model in inference (eval) mode');
    const names = ['scale', 'B', 'input_mean', 'input_var'];
    const [gamma, beta, mean, variance] = names.map((name, i) => graph.floats(node.inputs[i + 1], `${name} (input ${i + 1})`));
    const c = gamma.data.length;
    for (const [i, t] of [gamma, beta, mean, variance].entries()) {
      if (t.dims.length !== 1 || t.data.length !== c) graph.fail(`expected ${names[i]} of shape [${c}], got ${formatShape(t.dims)}`);
    }
    if (c < 1) graph.fail('expected at least one channel');
    const negative = variance.data.findIndex((v) => v < 0);
    if (negative >= 0) graph.fail(`input_var (input 4) "${node.inputs[4]}": expected values ≥ 0 (a variance), got ${variance.data[negative]} at index ${negative}`);
    if (features !== null && features !== c) graph.fail(`expected ${features} channels (the input's features), got ${c}`);
    const epsilon = graph.float('epsilon', 1e-5);
    if (!(epsilon > 0)) graph.fail(`expected epsilon > 0, got ${epsilon}`);
    const momentum = graph.float('momentum', 0.9);
    if (rank === 4) graph.channelsLast(); // neurite's BatchNorm normalises the last axis
    graph.advance();
    graph.push({
      kind: 'batchNorm',
      output: '',
      build() {
        const bn = new BatchNorm(c, { epsilon, momentum: momentum >= 0 && momentum < 1 ? momentum : 0.9 });
        bn.gamma.value.data.set(gamma.data);
        bn.beta.value.data.set(beta.data);
        bn.runningMean.data.set(mean.data);
        bn.runningVariance.data.set(variance.data);
        return bn;
      },
    });
    if (rank === 2) graph.shape = [null, c];
  },
};

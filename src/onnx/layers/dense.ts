/** Dense ↔ Gemm (and MatMul with a constant weight, plus a bias Add after it). */
import { Dense } from '../../layers/dense.js';
import type { Layer } from '../../layers/layer.js';
import { formatShape } from '../../errors.js';
import type { GraphReader, OnnxMapping, PendingLayer } from '../mapping.js';
import type { NodeData } from '../proto.js';
import { biasValues, transpose } from '../tensors.js';

/** A Dense layer to be: its weight `[out, in]` and bias, which a following Add may still change. */
interface PendingDense extends PendingLayer {
  readonly kind: 'dense';
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Float32Array;
  bias: Float32Array | null;
}

function pendingDense(inFeatures: number, outFeatures: number, weight: Float32Array, bias: Float32Array | null, output: string): PendingDense {
  return {
    kind: 'dense', inFeatures, outFeatures, weight, bias, output,
    build(): Layer {
      const dense = new Dense(this.inFeatures, this.outFeatures, { useBias: this.bias !== null, initializer: 'zeros' });
      dense.weight.value.data.set(this.weight);
      if (this.bias && dense.bias) dense.bias.value.data.set(this.bias);
      return dense;
    },
  };
}

function readProduct(node: NodeData, graph: GraphReader): void {
  const inFeatures = graph.features();
  let weight: Float32Array, n: number, k: number, bias: Float32Array | null = null;
  const b = graph.floats(node.inputs[1], 'the weight (input B)');
  if (b.dims.length !== 2) graph.fail(`expected a 2-D weight, got shape ${formatShape(b.dims)}`);
  if (node.opType === 'Gemm') {
    if (graph.int('transA', 0) !== 0) graph.fail('transA = 1 is not supported (the input must not be transposed)');
    const alpha = graph.float('alpha', 1), beta = graph.float('beta', 1);
    if (alpha !== 1 || (beta !== 1 && node.inputs[2])) graph.fail(`expected alpha = 1 and beta = 1, got alpha = ${alpha}, beta = ${beta}`);
    const transB = graph.int('transB', 0) !== 0;
    [n, k] = transB ? b.dims : [b.dims[1], b.dims[0]];
    weight = transB ? Float32Array.from(b.data) : transpose(b.data, b.dims[0], b.dims[1]);
    if (node.inputs[2]) bias = biasValues(graph.floats(node.inputs[2], 'the bias (input C)'), n, graph.fail);
  } else {
    [k, n] = b.dims; // MatMul's weight is [in, out]
    weight = transpose(b.data, k, n);
  }
  if (inFeatures !== null && inFeatures !== k) graph.fail(`expected a weight for ${inFeatures} input features, got ${k} (weight shape ${formatShape(b.dims)})`);
  if (n < 1 || k < 1) graph.fail(`expected a non-empty weight, got shape ${formatShape(b.dims)}`);
  graph.advance();
  graph.push(pendingDense(k, n, weight, bias, ''));
  graph.shape = [null, n];
}

function readBias(node: NodeData, graph: GraphReader): void {
  const current = graph.current;
  const last = graph.previous();
  if (!last || last.kind !== 'dense') graph.fail('Add is supported only as the bias right after a Gemm or MatMul');
  const dense = last as PendingDense;
  if (node.inputs.length !== 2) graph.fail(`expected two inputs, got ${node.inputs.length}`);
  const other = node.inputs.find((i) => i !== current);
  const bias = biasValues(graph.floats(other, 'the bias'), dense.outFeatures, graph.fail);
  if (dense.bias) for (let j = 0; j < bias.length; j++) dense.bias[j] += bias[j];
  else dense.bias = bias;
  graph.advance();
  dense.output = graph.current;
}

export const denseMapping: OnnxMapping = {
  layer: Dense,
  exports: 'Dense (Gemm)',
  write(layer, graph, path) {
    const dense = layer as Dense;
    const inputs = [graph.weight(`${path}.weight`, dense.weight.value)];
    if (dense.bias) inputs.push(graph.weight(`${path}.bias`, dense.bias.value));
    graph.node('Gemm', inputs, [
      { name: 'alpha', f: 1 },
      { name: 'beta', f: 1 },
      { name: 'transB', i: 1 },
    ]);
  },
  ops: ['Gemm', 'MatMul', 'Add'],
  anyInputOrder: ['Add'],
  imports: 'Gemm (transA = 0, alpha = beta = 1) → Dense, MatMul with a constant [in, out] weight → Dense, Add of a constant bias right after Gemm/MatMul',
  read(node, graph) {
    if (node.opType === 'Add') readBias(node, graph);
    else readProduct(node, graph);
  },
};

/** The shared mapping of elementwise activation layers: the layer ↔ one ONNX operator. */
import type { Layer } from '../../layers/layer.js';
import type { GraphReader, OnnxMapping } from '../mapping.js';

/** Appends the layer `make` builds, elementwise on data of any shape. */
export function readElementwise(graph: GraphReader, make: () => Layer): void {
  graph.advance();
  graph.push({ kind: 'layer', output: '', build: make });
}

/** The mapping of an activation without attributes: `layer` ↔ `op`; `label` describes the export. */
export function elementwise(layer: new () => Layer, op: string, label: string): OnnxMapping {
  return {
    layer,
    exports: label,
    write: (_layer, graph) => graph.node(op),
    ops: [op],
    imports: op,
    read: (_node, graph) => readElementwise(graph, () => new layer()),
  };
}

/** What MaxPool and AveragePool share on import: the window, a pool layer, the NCHW shape after it. */
import type { Layer } from '../../layers/layer.js';
import type { GraphReader } from '../mapping.js';
import { readWindow } from './window.js';

/** Reads a pooling node into the layer `make` builds. */
export function readPool(
  graph: GraphReader,
  make: (kernel: [number, number], options: { stride: [number, number]; padding: 'valid' | 'same' }) => Layer,
): void {
  const window = readWindow(graph, graph.intList('kernel_shape', []));
  const c = graph.shape[1];
  graph.channelsLast();
  graph.advance();
  graph.push({ kind: 'pool', output: '', build: () => make(window.kernel, { stride: window.stride, padding: window.padding }) });
  graph.shape = [null, c, window.outH, window.outW];
}

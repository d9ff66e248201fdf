// GFLOP/s of neurite's two conv layers of the benchmark's convnet, at its batch size: forward,
// backward (the params' and the input's gradients, what a layer inside a model does) and
// backwardParams (the params' only, what fit does for the first layer). Everything a pass does
// is timed: copying the input, making the patches, the products, the bias, col2im.
import { Conv2D, getBackend, Random, Tensor } from '../src/index.js';
import { createNeurite } from './libs/neurite.js';
import type { ConvLayerSamples, ConvLayersResult, ConvLayersTask } from './types.js';

export async function runConvLayers(task: ConvLayersTask): Promise<ConvLayersResult> {
  createNeurite(task.lib === 'neurite-js' ? 'js' : undefined);
  const random = new Random(1);
  const b = task.batchSize;
  const layers = [
    { layer: 'conv1', conv: new Conv2D(1, 32, 3, { random }), x: Tensor.uniform([b, 28, 28, 1], random) },
    { layer: 'conv2', conv: new Conv2D(32, 64, 3, { random }), x: Tensor.uniform([b, 13, 13, 32], random) },
  ];
  const passes = ['forward', 'backward', 'backwardParams'] as const;
  const results: ConvLayerSamples[] = [];
  const runs = layers.map(({ layer, conv, x }) => {
    const y = conv.forward(x, true);
    const g = Tensor.randn(y.shape, random);
    // 2·M·K·O: M output pixels of the batch, K = 3·3·in values a patch, O filters.
    const product = (2 * y.size * conv.weight.value.size) / conv.outChannels;
    const run = {
      forward: () => void conv.forward(x, true),
      backward: () => void conv.backward(g),
      backwardParams: () => conv.backwardParams(g),
    };
    for (const pass of passes) {
      results.push({ layer, description: `${conv} on [${x.shape.join(', ')}]`, pass, flops: pass === 'backward' ? 2 * product : product, gflops: [] });
      for (let i = 0; i < 3; i++) run[pass](); // warm-up
    }
    return run;
  });
  // Samples alternate layers and passes, so that drift in a shared machine hits them alike.
  for (let s = 0; s < task.samples; s++) {
    runs.forEach((run, l) => {
      passes.forEach((pass, p) => {
        const r = results[l * passes.length + p];
        const t0 = performance.now();
        run[pass]();
        r.gflops.push(r.flops / (performance.now() - t0) / 1e6);
      });
    });
  }
  return { kind: 'convLayers', backend: getBackend(), results };
}

// Trains the small MNIST model that the browser demo's "Draw a digit" panel loads,
// and writes it to examples/browser/mnist-model.json (plus mnist-model.info.json,
// which the page shows: the architecture, the seed and the test accuracy).
//
//   npm run demo:model [-- --epochs 6 --seed 1 --out examples/browser/mnist-model.json]
//
// Dense(784 → 64) → ReLU → Dense(64 → 10), softmax cross-entropy from logits, Adam:
// 50,890 params, about 270 KB of JSON, about 97% on the 10,000 MNIST test images.
// `npm run mnist` trains the larger default model (≈ 236k params, ≈ 1.3 MB of JSON).
import { writeFile } from 'node:fs/promises';
import { Adam, CategoricalCrossEntropy, cosineDecay, Dense, ReLU, Sequential } from '../../src/index.js';
import { loadMnist } from '../../src/node.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const epochs = Number(flag('epochs', '6'));
const seed = Number(flag('seed', '1'));
const batchSize = 64;
const out = flag('out', new URL('./mnist-model.json', import.meta.url).pathname);
const infoOut = out.replace(/\.json$/, '') + '.info.json';

const { train, test } = await loadMnist();
const samples = train.images.shape[0];
const model = new Sequential([new Dense(784, 64, { initializer: 'heNormal' }), new ReLU(), new Dense(64, 10)], { seed });
model.compile({
  optimizer: new Adam({
    learningRate: cosineDecay({ initialLearningRate: 2e-3, decaySteps: epochs * Math.ceil(samples / batchSize), alpha: 0.05 }),
  }),
  loss: new CategoricalCrossEntropy({ fromLogits: true }),
  metrics: ['accuracy'],
});
console.log(model.summary());

const start = performance.now();
await model.fit(train.images, train.labels, {
  epochs,
  batchSize,
  callbacks: [
    {
      onEpochEnd: (epoch, logs) =>
        console.log(`epoch ${epoch + 1}/${epochs}: loss ${logs.loss.toFixed(4)}, accuracy ${(logs.accuracy * 100).toFixed(2)}%`),
    },
  ],
});
const seconds = (performance.now() - start) / 1000;
const { accuracy } = model.evaluate(test.images, test.labels);
console.log(`test accuracy ${(accuracy * 100).toFixed(2)}% on ${test.images.shape[0]} images; trained in ${seconds.toFixed(1)} s`);

const text = JSON.stringify(model);
await writeFile(out, text + '\n');
const params = model.params().reduce((sum, p) => sum + p.size, 0);
const info = {
  architecture: 'Dense(784 → 64) → ReLU → Dense(64 → 10)',
  params,
  epochs,
  seed,
  trainSamples: samples,
  testAccuracy: Number(accuracy.toFixed(4)),
};
await writeFile(infoOut, JSON.stringify(info, null, 2) + '\n');
console.log(`wrote ${out} (${(text.length / 1000).toFixed(0)} KB, ${params} params) and ${infoOut}`);

// Trains the small convnet that the browser demo's "Draw a digit" panel loads, and writes
// it to examples/browser/mnist-model.json (plus mnist-model.info.json, which the page
// shows: the architecture, the seed and the test accuracy).
//
//   npm run demo:model [-- --epochs 4 --seed 1 --out examples/browser/mnist-model.json]
//
// Conv2D(1 → 8, 5×5) → ReLU → MaxPool2D(2) → Conv2D(8 → 16, 5×5) → ReLU → MaxPool2D(2)
// → Flatten → Dense(256 → 10), softmax cross-entropy from logits, Adam under a cosine
// schedule, on the 60,000 MNIST training digits shifted by up to two pixels each epoch
// (drawn digits are rarely centred as well as MNIST's): 5,994 params, about 33 KB of JSON,
// so the page loads it at once. The page draws the first layer's eight feature maps.
import { writeFile } from 'node:fs/promises';
import { Adam, CategoricalCrossEntropy, Conv2D, cosineDecay, Dense, Flatten, MaxPool2D, ReLU, Sequential } from '../../src/index.js';
import { loadMnist } from '../../src/node.js';
import { randomShifts } from '../mnist-common.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const epochs = Number(flag('epochs', '4'));
const seed = Number(flag('seed', '1'));
const batchSize = 64;
const out = flag('out', new URL('./mnist-model.json', import.meta.url).pathname);
const infoOut = out.replace(/\.json$/, '') + '.info.json';

const { train, test } = await loadMnist();
const samples = train.images.shape[0];
const images = train.images.reshape([samples, 28, 28, 1]);
const testImages = test.images.reshape([test.images.shape[0], 28, 28, 1]);
const model = new Sequential(
  [
    new Conv2D(1, 8, 5), new ReLU(), new MaxPool2D(2),
    new Conv2D(8, 16, 5), new ReLU(), new MaxPool2D(2),
    new Flatten(), new Dense(256, 10),
  ],
  { seed, inputShape: [28, 28, 1] },
);
model.compile({
  optimizer: new Adam({
    learningRate: cosineDecay({ initialLearningRate: 3e-3, decaySteps: epochs * Math.ceil(samples / batchSize), alpha: 0.05 }),
  }),
  loss: new CategoricalCrossEntropy({ fromLogits: true }),
  metrics: ['accuracy'],
});
console.log(model.summary());

const shift = randomShifts(images, 2, model.random);
const start = performance.now();
await model.fit(images, train.labels, {
  epochs,
  batchSize,
  callbacks: [
    { onEpochBegin: () => shift() },
    {
      onEpochEnd: (epoch, logs) =>
        console.log(`epoch ${epoch + 1}/${epochs}: loss ${logs.loss.toFixed(4)}, accuracy ${(logs.accuracy * 100).toFixed(2)}%`),
    },
  ],
});
const seconds = (performance.now() - start) / 1000;
const { accuracy } = model.evaluate(testImages, test.labels);
console.log(`test accuracy ${(accuracy * 100).toFixed(2)}% on ${test.images.shape[0]} images; trained in ${seconds.toFixed(1)} s`);

const text = JSON.stringify(model);
await writeFile(out, text + '\n');
const params = model.params().reduce((sum, p) => sum + p.size, 0);
const info = {
  architecture: model.layers.map(String).join(' → '),
  params,
  epochs,
  seed,
  trainSamples: samples,
  testAccuracy: Number(accuracy.toFixed(4)),
};
await writeFile(infoOut, JSON.stringify(info, null, 2) + '\n');
console.log(`wrote ${out} (${(text.length / 1000).toFixed(0)} KB, ${params} params) and ${infoOut}`);

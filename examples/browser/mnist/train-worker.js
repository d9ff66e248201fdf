// The worker that trains a small convnet on MNIST while the page stays responsive. It loads
// the demo's MNIST subset (mnist-subset.idx.gz: four IDX arrays, gzipped), trains with
// neurite's own fit, and reports to the page by messages:
//
//   page → worker  { type: 'start', epochs, seed, batchSize }  { type: 'pause' }  { type: 'resume' }
//   worker → page  { type: 'loaded', ms, bytes, train, test }
//                  { type: 'progress', seen, epoch, loss, accuracy }       every few batches
//                  { type: 'evaluation', seen, epoch, loss, accuracy, confusion, wrong, filters, model }
//                  (model: the model's JSON text, for Sequential.fromJSON)
//                  { type: 'paused', seen }  { type: 'done', seen, ms, totalMs }  { type: 'error', message }
//
// Pausing needs no support from fit: the batch callback awaits a promise that 'resume'
// settles (fit awaits its callbacks). Resetting is the page's: it terminates this worker.
/* global performance, self, URL */
import { Adam, CategoricalCrossEntropy, Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sequential, Tensor } from '../../../dist/neurite.browser.js';
import { loadSubset } from './subset.js';

const REPORT_EVERY = 8; // batches between progress messages
const EVALUATE_EVERY = 1000; // training digits between evaluations on the test digits
const WRONG_SHOWN = 24; // misclassified test digits sent with each evaluation

let paused = false;
let resume = null;

self.onmessage = ({ data }) => {
  if (data.type === 'start') train(data).catch((error) => self.postMessage({ type: 'error', message: error.message }));
  if (data.type === 'pause') paused = true;
  if (data.type === 'resume') {
    paused = false;
    resume?.();
  }
};

/** The in-page model: one convolution of eight 5×5 filters, pooled, then one Dense layer. */
function buildModel(seed) {
  return new Sequential(
    [new Conv2D(1, 8, 5), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(1152, 10)],
    { seed, inputShape: [28, 28, 1] },
  );
}

/** Pixels 0–255 to an image tensor [n, 28, 28, 1] in [0, 1], the scale the digit pad draws in. */
function toImages({ data, shape }) {
  const x = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) x[i] = data[i] / 255;
  return new Tensor(x, [shape[0], shape[1], shape[2], 1]);
}

async function train({ epochs = 3, seed = 1, batchSize = 32 }) {
  const started = performance.now();
  const subset = await loadSubset(new URL('./mnist-subset.idx.gz', import.meta.url));
  const x = toImages(subset.train.images), y = new Tensor(Float32Array.from(subset.train.labels.data), [subset.train.labels.data.length]);
  const testX = toImages(subset.test.images), testY = Float32Array.from(subset.test.labels.data);
    self.postMessage({ type: 'loaded', ms: subset.ms, bytes: subset.bytes, train: x.shape[0], test: testX.shape[0] });

  const model = buildModel(seed);
  model.compile({ optimizer: new Adam({ learningRate: 0.003 }), loss: new CategoricalCrossEntropy({ fromLogits: true }), metrics: ['accuracy'] });
  const n = x.shape[0];
  let epoch = 0, nextEvaluation = EVALUATE_EVERY, evaluated = 0;
  const seen = (batch) => epoch * n + Math.min(n, (batch + 1) * batchSize);

  // One pass over the test digits gives the loss, the accuracy, the confusion matrix and the mistakes.
  const evaluate = (count) => {
    evaluated = count;
    const logits = model.predict(testX, { batchSize: 500 }).data;
    const confusion = new Array(100).fill(0);
    const wrong = [];
    let loss = 0, right = 0;
    for (let i = 0; i < testY.length; i++) {
      const row = logits.subarray(i * 10, i * 10 + 10);
      let best = 0;
      for (let k = 1; k < 10; k++) if (row[k] > row[best]) best = k;
      let sum = 0;
      for (let k = 0; k < 10; k++) sum += Math.exp(row[k] - row[best]);
      loss += Math.log(sum) - (row[testY[i]] - row[best]); // cross-entropy of the softmax, from the logits
      confusion[testY[i] * 10 + best]++;
      if (best === testY[i]) right++;
      else if (wrong.length < WRONG_SHOWN) {
        wrong.push({ index: i, label: testY[i], predicted: best, pixels: subset.test.images.data.slice(i * 784, (i + 1) * 784) });
      }
    }
    const filters = model.layers[0].weight.value.data.slice();
    const accuracy = right / testY.length;
    self.postMessage({ type: 'evaluation', seen: count, epoch, loss: loss / testY.length, accuracy, confusion, wrong, filters, model: JSON.stringify(model) });
  };

  const report = {
    onEpochBegin: (e) => {
      epoch = e;
    },
    onBatchEnd: async (batch, logs) => {
      const count = seen(batch);
      if ((batch + 1) % REPORT_EVERY === 0) self.postMessage({ type: 'progress', seen: count, epoch, loss: logs.loss, accuracy: logs.accuracy });
      if (count >= nextEvaluation) {
        evaluate(count);
        nextEvaluation += EVALUATE_EVERY;
      }
      if (paused) {
        self.postMessage({ type: 'paused', seen: count });
        await new Promise((resolve) => (resume = resolve));
        resume = null;
      }
    },
  };
  const trainingStarted = performance.now();
  await model.fit(x, y, { epochs, batchSize, callbacks: [report] });
  if (evaluated < epochs * n) evaluate(epochs * n);
  // Training time without the time spent paused is the page's to count; this is the wall clock.
  self.postMessage({ type: 'done', seen: epochs * n, ms: performance.now() - trainingStarted, totalMs: performance.now() - started });
}

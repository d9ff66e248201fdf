// One seeded training run whose weights must come out bit-identical in Node and in
// Chromium: initialisation, dropout masks and shuffles all come from the one seed, and
// the arithmetic is float32 throughout. It touches exp, log, tanh and sqrt (softmax
// cross-entropy, sigmoid, tanh, batch norm, Adam), so a runtime whose Math differs shows up.
// Used by test/browser/persistence.browser.ts (Chromium, against the same run in Node
// through a vitest browser command) and by the demo's end-to-end test.
import {
  Adam,
  BatchNorm,
  CategoricalCrossEntropy,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  MaxPool2D,
  Random,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
  Tensor,
} from '../../src/index.js';

/** The model and data of the seeded run (untrained). */
export function seededSetup(seed = 7): { model: Sequential; x: Tensor; labels: Int32Array } {
  const random = new Random(seed + 1000);
  const x = Tensor.uniform([96, 6], random, -1, 1);
  const labels = new Int32Array(96);
  for (let i = 0; i < labels.length; i++) labels[i] = random.int(3);
  const model = new Sequential(
    [new Dense(6, 16), new BatchNorm(16), new Tanh(), new Dropout(0.25), new Dense(16, 8), new Sigmoid(), new Dense(8, 3)],
    { seed },
  );
  model.compile({
    optimizer: new Adam({ learningRate: 0.01 }),
    loss: new CategoricalCrossEntropy({ fromLogits: true }),
    metrics: ['accuracy'],
  });
  return { model, x, labels };
}

/** Trains the seeded run and returns the model and the SHA-256 of all its weights. */
export async function seededFit(seed = 7): Promise<{ model: Sequential; hash: string; losses: number[] }> {
  const { model, x, labels } = seededSetup(seed);
  const history = await model.fit(x, labels, { epochs: 6, batchSize: 16, shuffle: true });
  return { model, hash: await weightsHash(model), losses: history.history.loss };
}

/**
 * A seeded run wide enough for worker threads: at batch 64, Dense(256 → 320) and
 * Dense(320 → 256) are products of 10.5 MFLOP, above the threshold that sends them to
 * threads (6), and the second layer's 81,920 weights an Adam step above its own (65,536).
 * Returns the weights' SHA-256 and the losses.
 */
export async function wideSeededFit(seed = 5): Promise<{ hash: string; losses: number[] }> {
  const random = new Random(seed + 1000);
  const x = Tensor.randn([256, 256], random);
  const labels = new Int32Array(256);
  for (let i = 0; i < labels.length; i++) labels[i] = random.int(10);
  const model = new Sequential([new Dense(256, 320), new ReLU(), new Dense(320, 256), new ReLU(), new Dense(256, 10)], { seed });
  model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
  const history = await model.fit(x, labels, { epochs: 2, batchSize: 64, shuffle: true });
  return { hash: await weightsHash(model), losses: history.history.loss };
}

/**
 * A seeded convnet run (the benchmark's network on random 28 × 28 × 1 images, batch 32):
 * the second conv layer's products (blocks of 8.37 MFLOP) and Dense(1600 → 128)'s (13 MFLOP)
 * go to threads, and so does that layer's Adam step (204,928 weights).
 * Returns the weights' SHA-256 and the losses.
 */
export async function convnetSeededFit(seed = 9): Promise<{ hash: string; losses: number[] }> {
  const random = new Random(seed + 1000);
  const x = Tensor.uniform([64, 28, 28, 1], random);
  const labels = new Int32Array(64);
  for (let i = 0; i < labels.length; i++) labels[i] = random.int(10);
  const model = new Sequential(
    [
      new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2),
      new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2),
      new Flatten(), new Dense(1600, 128), new ReLU(), new Dense(128, 10),
    ],
    { seed, inputShape: [28, 28, 1] },
  );
  model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: new CategoricalCrossEntropy({ fromLogits: true }) });
  const history = await model.fit(x, labels, { epochs: 1, batchSize: 32, shuffle: true });
  return { hash: await weightsHash(model), losses: history.history.loss };
}

/** SHA-256 (hex) of every param and buffer of `model`, as little-endian float32 bytes in order. */
export async function weightsHash(model: Sequential): Promise<string> {
  const weights = model.getWeights();
  const bytes = new Uint8Array(weights.reduce((n, w) => n + w.byteLength, 0));
  let offset = 0;
  for (const w of weights) {
    bytes.set(new Uint8Array(w.buffer, w.byteOffset, w.byteLength), offset);
    offset += w.byteLength;
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

import { describe, expect, it } from 'vitest';
import {
  Adam,
  CategoricalCrossEntropy,
  Conv2D,
  Dense,
  Flatten,
  formatGradCheck,
  gradCheck,
  MaxPool2D,
  Random,
  ReLU,
  Sequential,
  Tanh,
  Tensor,
} from '../../src/index.js';

/** 8×8 grey images of one bright bar, vertical (label 0) or horizontal (label 1), at a random place, over noise. */
function bars(samples: number, random: Random): { x: Tensor; y: number[] } {
  const x = Tensor.zeros([samples, 8, 8, 1]);
  const y: number[] = [];
  for (let s = 0; s < samples; s++) {
    const vertical = random.next() < 0.5, at = random.int(8);
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const on = vertical ? j === at : i === at;
        x.data[s * 64 + i * 8 + j] = (on ? 1 : 0) + 0.2 * random.normal();
      }
    }
    y.push(vertical ? 0 : 1);
  }
  return { x, y };
}

describe('a convnet', () => {
  it('learns to tell vertical bars from horizontal ones', async () => {
    const model = new Sequential(
      [new Conv2D(1, 4, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(36, 2)],
      { seed: 1, inputShape: [8, 8, 1] },
    );
    model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: new CategoricalCrossEntropy({ fromLogits: true }), metrics: ['accuracy'] });
    const train = bars(256, new Random(2)), test = bars(128, new Random(3));
    expect(model.evaluate(test.x, test.y).accuracy).toBeLessThan(0.75);
    await model.fit(train.x, train.y, { epochs: 10, batchSize: 32 });
    // A 3×3 filter sees a bar's direction; chance is 0.5.
    expect(model.evaluate(test.x, test.y).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('backward through the whole model matches finite differences', () => {
    const model = new Sequential(
      [new Conv2D(2, 3, 3, { padding: 'same' }), new Tanh(), new MaxPool2D(2), new Conv2D(3, 2, [2, 1], { stride: [1, 2] }), new Flatten(), new Dense(4, 2)],
      { seed: 4, inputShape: [4, 6, 2] },
    );
    const report = gradCheck(model, Tensor.randn([2, 4, 6, 2], new Random(5)));
    expect(report.passed, formatGradCheck(report)).toBe(true);
    expect(report.entries.map((e) => e.name)).toEqual(['input', 'weight', 'bias', 'weight', 'bias', 'weight', 'bias']);
  });

  it('prints its shapes, layer by layer', () => {
    const model = new Sequential(
      [new Conv2D(1, 32, 3), new ReLU(), new MaxPool2D(2), new Conv2D(32, 64, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(1600, 128), new ReLU(), new Dense(128, 10)],
      { seed: 1, inputShape: [28, 28, 1] },
    );
    const lines = model.summary().split('\n');
    expect(lines[2]).toMatch(/^0 Conv2D\(1 → 32, 3×3\)\s+\[batch, 26, 26, 32\]\s+weight \[32, 3, 3, 1\], bias \[32\]\s+320$/);
    expect(lines[4]).toMatch(/^2 MaxPool2D\(2×2\)\s+\[batch, 13, 13, 32\]\s+-\s+0$/);
    expect(lines[5]).toMatch(/^3 Conv2D\(32 → 64, 3×3\)\s+\[batch, 11, 11, 64\]\s+weight \[64, 3, 3, 32\], bias \[64\]\s+18496$/);
    expect(lines[8]).toMatch(/^6 Flatten\s+\[batch, 1600\]\s+-\s+0$/);
    expect(model.summary()).toMatch(/Total params: 225034/);
  });
});

// XOR: the classic problem no straight line can solve.
//
// Trains a 2-4-1 network (tanh hidden layer, sigmoid output) on the XOR truth
// table, prints its predictions and decision boundary, then shows that the same
// network without a nonlinearity cannot learn it.
//
//   npm run xor [-- --seed 7 --epochs 500]
import { Adam, Dense, Sequential, Sigmoid, Tanh, type Layer } from '../src/index.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const seed = flag('seed', 1);
const maxEpochs = flag('epochs', 1000);
const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const labels = [0, 1, 1, 0];

/** Trains until every point is right and the MSE is below 0.01, or the budget runs out. */
async function train(layers: Layer[]): Promise<{ model: Sequential; epochs: number; ms: number; mse: number; accuracy: number }> {
  const model = new Sequential(layers, { seed });
  model.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'mse', metrics: ['accuracy'] });
  const start = performance.now();
  let epochs = 0;
  let result = model.evaluate(inputs, labels);
  while (epochs < maxEpochs && !(result.accuracy === 1 && result.loss < 0.01)) {
    await model.fit(inputs, labels, { epochs: 10, batchSize: 4 });
    epochs += 10;
    result = model.evaluate(inputs, labels);
  }
  return { model, epochs, ms: performance.now() - start, mse: result.loss, accuracy: result.accuracy };
}

/** The predicted probability over [0, 1]², one character per cell: '#' above 0.5, '.' below. */
function boundary(model: Sequential, size = 21): string {
  const grid: number[][] = [];
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) grid.push([c / (size - 1), 1 - r / (size - 1)]);
  const p = model.predict(grid).data;
  const lines: string[] = [];
  for (let r = 0; r < size; r++) {
    let line = r === 0 ? '  1 ┤ ' : r === size - 1 ? '  0 ┤ ' : '    │ ';
    for (let c = 0; c < size; c++) line += p[r * size + c] > 0.5 ? '#' : '.';
    lines.push(line);
  }
  lines.push(`    └─${'─'.repeat(size)}`, `      0${' '.repeat(size - 2)}1   (x₁ across, x₂ up; # = predicts 1)`);
  return lines.join('\n');
}

const hidden = await train([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()]);
console.log(`2-4-1 network, tanh hidden layer, sigmoid output (seed ${seed})\n`);
console.log(hidden.model.summary(), '\n');
console.log(' x₁  x₂  target  predicted');
const p = hidden.model.predict(inputs).data;
inputs.forEach(([a, b], i) => console.log(`  ${a}   ${b}     ${labels[i]}      ${p[i].toFixed(4)}`));
console.log(`\nMSE ${hidden.mse.toFixed(5)}, accuracy ${(hidden.accuracy * 100).toFixed(0)}% after ${hidden.epochs} epochs in ${hidden.ms.toFixed(0)} ms\n`);
console.log(boundary(hidden.model), '\n');

const linear = await train([new Dense(2, 4), new Dense(4, 1), new Sigmoid()]);
const q = linear.model.predict(inputs).data;
console.log('The same network with no activation between the layers:');
console.log(`  predictions ${Array.from(q, (v) => v.toFixed(3)).join(', ')}`);
console.log(`  MSE ${linear.mse.toFixed(4)}, accuracy ${(linear.accuracy * 100).toFixed(0)}% after ${linear.epochs} epochs`);
console.log('  Without a nonlinearity the layers collapse into one linear map (W²W¹x + b), and no single line separates XOR.');

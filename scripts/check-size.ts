// Prints the size of the browser bundles (raw, minified, minified + gzip) and fails
// when a minified bundle exceeds its budget after gzip. Run after `npm run build`.
//
//   npm run check:size            budgets: 36 KB (36,000 bytes) min+gz for the main entry's
//                                 bundles, 15 KB for neurite/onnx's, 12 KB for neurite/tfjs's and
//                                 5.5 KB for neurite/threads' (which import the main one;
//                                 neurite/threads' measured 5.3 KB)
//
// The main budget was 32 KB until the convolutional layers (Conv2D, MaxPool2D, AvgPool2D,
// GlobalAvgPool2D, Flatten, Reshape and their im2col kernels) added 3.9 KB min+gz to a bundle
// of 31.3 KB. neurite/onnx's was 12 KB until it learned convnets both ways (Conv, the pools,
// the NCHW ↔ NHWC transposes, the folding of PyTorch's shape arithmetic): 14.8 KB.
// neurite/tfjs's, with every layer it reads and writes (Dense to Conv2D, Permute, quantized
// weights), is 9.8 KB.
//   npm run check:size -- --budget 20000     another budget for the main entry's bundles
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgetFlag = process.argv.indexOf('--budget');
const budget = budgetFlag >= 0 ? Number(process.argv[budgetFlag + 1]) : 36_000;
if (!Number.isFinite(budget) || budget <= 0) {
  console.error(`check-size: expected --budget <bytes>, got ${process.argv[budgetFlag + 1]}`);
  process.exit(1);
}

const bundles = [
  { name: 'ESM  (dist/neurite.browser.js)', plain: 'dist/neurite.browser.js', min: 'dist/neurite.browser.min.js', budget },
  { name: 'IIFE (dist/neurite.iife.js)', plain: 'dist/neurite.iife.js', min: 'dist/neurite.iife.min.js', budget },
  { name: 'onnx (dist/onnx.browser.min.js)', plain: null, min: 'dist/onnx.browser.min.js', budget: 15_000 },
  { name: 'tfjs (dist/tfjs.browser.min.js)', plain: null, min: 'dist/tfjs.browser.min.js', budget: 12_000 },
  { name: 'threads (dist/threads.browser.min.js)', plain: null, min: 'dist/threads.browser.min.js', budget: 5_500 },
];

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
let failed = false;
console.log('check-size: browser bundles');
console.log(`  ${'bundle'.padEnd(32)} ${'raw'.padStart(9)} ${'min'.padStart(9)} ${'min+gz'.padStart(9)}`);
for (const bundle of bundles) {
  for (const file of [bundle.plain ?? bundle.min, bundle.min]) {
    if (!existsSync(file)) {
      console.error(`check-size: ${file} is missing; run 'npm run build' first`);
      process.exit(1);
    }
  }
  const min = readFileSync(bundle.min);
  const raw = bundle.plain ? kb(readFileSync(bundle.plain).length) : '-';
  const gz = gzipSync(min, { level: 9 }).length;
  const over = gz > bundle.budget;
  failed ||= over;
  console.log(
    `  ${bundle.name.padEnd(32)} ${raw.padStart(9)} ${kb(min.length).padStart(9)} ${kb(gz).padStart(9)}  ${over ? `OVER BUDGET (${kb(bundle.budget)}) by ${gz - bundle.budget} bytes` : `ok (budget ${kb(bundle.budget)})`}`,
  );
}
if (failed) {
  console.error('check-size: a browser bundle is over its min+gz budget');
  process.exit(1);
}
console.log('check-size: OK');

// Prints the size of the browser bundles (raw, minified, minified + gzip) and fails
// when a minified bundle exceeds the budget after gzip. Run after `npm run build`.
//
//   npm run check:size            budget 32 KB (32,000 bytes) min+gz
//   npm run check:size -- --budget 20000
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgetFlag = process.argv.indexOf('--budget');
const budget = budgetFlag >= 0 ? Number(process.argv[budgetFlag + 1]) : 32_000;
if (!Number.isFinite(budget) || budget <= 0) {
  console.error(`check-size: expected --budget <bytes>, got ${process.argv[budgetFlag + 1]}`);
  process.exit(1);
}

const bundles = [
  { name: 'ESM  (dist/neurite.browser.js)', plain: 'dist/neurite.browser.js', min: 'dist/neurite.browser.min.js' },
  { name: 'IIFE (dist/neurite.iife.js)', plain: 'dist/neurite.iife.js', min: 'dist/neurite.iife.min.js' },
];

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
let failed = false;
console.log(`check-size: browser bundles (budget ${kb(budget)} min+gz)`);
console.log(`  ${'bundle'.padEnd(32)} ${'raw'.padStart(9)} ${'min'.padStart(9)} ${'min+gz'.padStart(9)}`);
for (const bundle of bundles) {
  for (const file of [bundle.plain, bundle.min]) {
    if (!existsSync(file)) {
      console.error(`check-size: ${file} is missing; run 'npm run build' first`);
      process.exit(1);
    }
  }
  const raw = readFileSync(bundle.plain).length;
  const min = readFileSync(bundle.min);
  const gz = gzipSync(min, { level: 9 }).length;
  const over = gz > budget;
  failed ||= over;
  console.log(
    `  ${bundle.name.padEnd(32)} ${kb(raw).padStart(9)} ${kb(min.length).padStart(9)} ${kb(gz).padStart(9)}  ${over ? `OVER BUDGET by ${gz - budget} bytes` : 'ok'}`,
  );
}
if (failed) {
  console.error(`check-size: a browser bundle is over the ${kb(budget)} min+gz budget`);
  process.exit(1);
}
console.log('check-size: OK');

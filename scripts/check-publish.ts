// npm run check:publish: what `npm publish` would upload, checked file by file.
//
// Runs `npm publish --dry-run --ignore-scripts --json` (no registry login needed: a
// dry run only warns that it would need one) and fails unless the package holds
// exactly what users need: package.json, README.md, LICENSE, CHANGELOG.md and the build in
// dist/ (JavaScript, type declarations, the Node builds' source maps, which name the
// TypeScript on GitHub (scripts/source-maps.ts), and the minified browser bundles). Tests,
// benchmarks, examples, docs, scripts and src/ must not be in it, every entry point named
// in package.json must be, and the tarball must stay within its size budget:
//
//   npm run check:publish                      budget 370 kB (370,000 bytes) packed
//   npm run check:publish -- --budget 280000
//
// The budget was 300 kB for neurite, neurite/node and neurite/onnx (294 kB packed). Each entry
// since ships as an ES module build, a CommonJS build, declarations, maps and a browser bundle:
// neurite/tfjs added about 40 kB (333.5 kB), neurite/threads about 29 kB (363 kB).
//
// Needs a build first (npm run build).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const budgetFlag = process.argv.indexOf('--budget');
const budget = budgetFlag >= 0 ? Number(process.argv[budgetFlag + 1]) : 370_000;
if (!Number.isFinite(budget) || budget <= 0) {
  console.error(`check-publish: expected --budget <bytes>, got ${process.argv[budgetFlag + 1]}`);
  process.exit(1);
}

interface PackFile {
  path: string;
  size: number;
}

const output = execFileSync('npm', ['publish', '--dry-run', '--ignore-scripts', '--json'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  maxBuffer: 64 * 1024 * 1024,
});
// npm prints one JSON object keyed by package name (older versions: the object itself).
const parsed = JSON.parse(output) as Record<string, { files: PackFile[]; size: number; unpackedSize: number; id: string }>;
const pack = 'files' in parsed ? (parsed as unknown as { files: PackFile[]; size: number; unpackedSize: number; id: string }) : Object.values(parsed)[0];
const files = pack.files.map((f) => f.path).sort();

const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  // The ES module build keeps src/'s folders (dist/layers/dense.js); the CommonJS build is flat.
  /^dist\/([\w-]+\/)*[\w.-]+\.(js|cjs|d\.ts|d\.cts)$/,
  /^dist\/([\w-]+\/)*[\w-]+\.(js|cjs)\.map$/, // the Node builds' maps; the minified browser bundles have none
];
// The unminified browser bundles are for the demo in this repository, not for the package.
const notShipped = ['dist/neurite.browser.js', 'dist/neurite.iife.js'];
const unexpected = files.filter((f) => !allowed.some((pattern) => pattern.test(f)) || notShipped.includes(f));

// Every file package.json points users at must be in the package.
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  main?: string;
  module?: string;
  types?: string;
  exports?: unknown;
};
const targets = new Set<string>(['README.md', 'LICENSE', 'CHANGELOG.md']);
for (const field of [pkg.main, pkg.module, pkg.types]) if (field) targets.add(field.replace(/^\.\//, ''));
const walk = (value: unknown): void => {
  if (typeof value === 'string') {
    if (value.startsWith('./') && !value.endsWith('package.json')) targets.add(value.slice(2));
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) walk(v);
  }
};
walk(pkg.exports);
const missing = [...targets].filter((t) => !files.includes(t));

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`check-publish: ${pack.id}, ${files.length} files, ${kB(pack.size)} packed (budget ${kB(budget)}), ${kB(pack.unpackedSize)} unpacked`);
for (const f of pack.files.slice().sort((a, b) => a.path.localeCompare(b.path))) {
  console.log(`  ${f.path.padEnd(40)} ${String(f.size).padStart(9)}`);
}
let failed = false;
if (unexpected.length > 0) {
  console.error(`check-publish: files that users do not need (adjust "files" in package.json or .npmignore):\n${unexpected.map((f) => `  ${f}`).join('\n')}`);
  failed = true;
}
if (missing.length > 0) {
  console.error(`check-publish: files package.json refers to but the package lacks (run npm run build?):\n${missing.map((f) => `  ${f}`).join('\n')}`);
  failed = true;
}
if (pack.size > budget) {
  console.error(`check-publish: the tarball is ${kB(pack.size)} packed, over the ${kB(budget)} budget by ${pack.size - budget} bytes`);
  failed = true;
}
if (failed) process.exit(1);
console.log('check-publish: OK (dist, README.md, LICENSE, CHANGELOG.md, package.json only; within the size budget)');

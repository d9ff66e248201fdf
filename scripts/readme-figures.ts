// The README's figures, never typed by hand: the section between
// `<!-- figures:begin -->` and `<!-- figures:end -->` is written by this script from the
// last full benchmark run (bench/results/latest.json) and from the browser bundles,
// built here in memory exactly as scripts/build-browser.ts builds them.
//
//   npm run docs:figures               rewrite the section
//   npm run docs:figures -- --check    fail if it is not what the script would write (CI)
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { browserBuilds, entryBrowserBuild, minifiedCode } from './build-browser.js';
import { readmePath, root } from './doc-snippets.js';

const begin = '<!-- figures:begin (written by npm run docs:figures; edit scripts/readme-figures.ts, not this) -->';
const end = '<!-- figures:end -->';

interface Summary {
  median: number;
}
interface BenchResults {
  meta: { date: string; machine: { cpu: string; cores: number }; node: string; mode: string };
  libraries: { id: string; version: string; info?: Record<string, string> }[];
  mnist: { arch: string; rows: { lib: string; epochSeconds: Summary; extrapolated: boolean }[] }[];
}

const libraryNames: Record<string, string> = {
  neurite: 'neurite (WebAssembly kernels, the default)',
  'neurite-js': "neurite (TypeScript kernels, `setBackend('js')`)",
  'tfjs-wasm': 'TensorFlow.js {version}, wasm backend',
  'tfjs-cpu': 'TensorFlow.js {version}, cpu backend',
  convnetjs: 'ConvNetJS {version}',
};

const seconds = (s: number) => `${s.toPrecision(3)} s`;

/** The benchmark table: one MNIST epoch per library and network. */
function benchmarkTable(results: BenchResults): string[] {
  const archs = results.mnist.map((m) => m.arch);
  const lines = [`| library | ${archs.join(' | ')} |`, `| --- | ${archs.map(() => '---:').join(' | ')} |`];
  const notes: string[] = [];
  let extrapolated = false;
  for (const [id, template] of Object.entries(libraryNames)) {
    const library = results.libraries.find((l) => l.id === id);
    const version = library?.version ?? '?';
    // A library that could not run the same optimizer says what it ran instead.
    const optimizer = library?.info?.['MNIST optimizer'];
    const note = optimizer ? ` ${'²³⁴⁵'[notes.length]}` : '';
    if (optimizer) notes.push(`${'²³⁴⁵'[notes.length]} ${template.replace('{version}', version)} ran ${optimizer}.`);
    const cells = results.mnist.map((m) => {
      const row = m.rows.find((r) => r.lib === id);
      if (!row) return '–';
      const base = m.rows.find((r) => r.lib === 'neurite');
      extrapolated ||= row.extrapolated;
      const ratio = base && id !== 'neurite' ? ` (${(row.epochSeconds.median / base.epochSeconds.median).toFixed(1)}×)` : '';
      return `${seconds(row.epochSeconds.median)}${row.extrapolated ? ' ¹' : ''}${ratio}`;
    });
    lines.push(`| ${template.replace('{version}', version)}${note} | ${cells.join(' | ')} |`);
  }
  const footnotes = [...(extrapolated ? ['¹ timed on a part of the epoch and scaled to 60,000 images.'] : []), ...notes];
  if (footnotes.length > 0) lines.push('', footnotes.join('\n\n'));
  return lines;
}

/** Minified + gzipped size of a browser build, built in memory (esbuild's minifier, as the neurite/onnx bundle is built). */
async function gzippedSize(options: BuildOptions): Promise<number> {
  const result = await build({ ...options, write: false, absWorkingDir: root });
  const file = result.outputFiles?.find((f) => !f.path.endsWith('.map'));
  if (!file) throw new Error(`readme-figures: no output for ${options.outfile}`);
  return gzipSync(file.contents, { level: 9 }).length;
}

/** The generated section, markers included. */
export async function figuresSection(): Promise<string> {
  const results = JSON.parse(await readFile(join(root, 'bench', 'results', 'latest.json'), 'utf8')) as BenchResults;
  const { meta } = results;
  const min = (outfile: string) => browserBuilds.find((b) => b.outfile === outfile);
  const [esm, iife, onnx, tfjs, threads] = await Promise.all([
    minifiedCode({ ...min('dist/neurite.browser.min.js')!, absWorkingDir: root }).then(({ code }) => gzipSync(code, { level: 9 }).length),
    minifiedCode({ ...min('dist/neurite.iife.min.js')!, absWorkingDir: root }).then(({ code }) => gzipSync(code, { level: 9 }).length),
    entryBrowserBuild('onnx').then(({ options }) => gzippedSize(options)),
    entryBrowserBuild('tfjs').then(({ options }) => gzippedSize(options)),
    entryBrowserBuild('threads').then(({ options }) => gzippedSize(options)),
  ]);
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  return [
    begin,
    `One MNIST epoch (60,000 images, batch 128, Adam), in seconds (lower is better), measured by \`npm run bench\` on ${meta.date.slice(0, 10)}: ${meta.machine.cpu}, ${meta.machine.cores} cores, Node ${meta.node.replace(/^v/, '')}; the ratio to neurite's time in brackets.`,
    '',
    ...benchmarkTable(results),
    '',
    `The browser bundles, minified and gzipped: ${kb(esm)} as an ES module, ${kb(iife)} as a classic script, ${kb(onnx)} more for \`neurite/onnx\`, ${kb(tfjs)} more for \`neurite/tfjs\` and ${kb(threads)} more for \`neurite/threads\`.`,
    end,
  ].join('\n');
}

/** Rewrites the README's generated section; with `check`, only reports whether it is current. */
export async function updateFigures(check = false): Promise<boolean> {
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf(begin), stop = readme.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`readme-figures: README.md has no section between\n  ${begin}\n  ${end}`);
  const updated = readme.slice(0, start) + (await figuresSection()) + readme.slice(stop + end.length);
  if (check) return updated === readme;
  if (updated !== readme) await writeFile(readmePath, updated);
  console.log(`readme-figures: README.md ${updated === readme ? 'already current' : 'updated'}`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const check = process.argv.includes('--check');
  const current = await updateFigures(check);
  if (check && !current) {
    console.error('readme-figures: the figures in README.md are not those of bench/results/latest.json and the current browser builds; run npm run docs:figures');
    process.exit(1);
  }
  if (check) console.log('readme-figures: README.md figures are current');
}

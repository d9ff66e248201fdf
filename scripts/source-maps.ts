// The last step of tsup's build (its onSuccess, tsup.config.ts): the source maps of the
// Node builds (dist/*.js.map, dist/*.cjs.map) made small, and every built file left with
// one sourceMappingURL comment (tsup's Rollup pass, treeshake: true, appends a second).
//
// Each map is cut to one mapping per line: each line of dist/ to the line of src/ it came
// from. The builds are not minified, so a line of dist/ is a statement of src/: a stack
// trace (node --enable-source-maps, a browser's devtools through a bundler) or a
// breakpoint lands on the right line of the TypeScript. What goes is the column of every
// token within a line and the names table, about 80% of a map: the maps shrink from 40 KB
// to 12 KB gzipped. (The minified browser builds are one line each, so they get no map;
// see scripts/build-browser.ts.)
//
// The maps carry no copy of the sources (sourcesContent: with two formats that was two
// copies, and with the browser bundles' maps four, 62% of a 662 kB tarball), and the
// package does not ship src/ either (100 kB packed, a third of the size budget). Instead
// each map names its sources on GitHub, at the tag of the release the package is built
// for (sourceRoot https://raw.githubusercontent.com/<owner>/<repo>/v<version>/, from
// package.json): stack traces name the TypeScript file and line, and devtools fetch the
// file itself. Publishing therefore tags the release: git tag v<version> && git push --tags.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { packageJson } from './entries.js';

interface SourceMap {
  version: number;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: unknown;
  names: string[];
  mappings: string;
}

/** Where the maps find the sources: the repository's files at the release's tag. */
export function releaseSourceRoot(): string {
  const url = typeof packageJson.repository === 'string' ? packageJson.repository : packageJson.repository?.url;
  const match = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(url ?? '');
  if (!match) throw new Error(`source-maps: package.json "repository" should be a GitHub repository, got ${JSON.stringify(url)}`);
  return `https://raw.githubusercontent.com/${match[1]}/${match[2]}/v${packageJson.version}/`;
}

/**
 * The map with only the first mapped segment of each generated line, no names, and its
 * sources (`../src/x.ts`, relative to dist/) named from the repository root under `sourceRoot`.
 */
export function toLineMap(map: SourceMap, sourceRoot: string, depth = 0): SourceMap {
  const lines = decode(map.mappings).map((segments): SourceMapSegment[] => {
    const first = segments.find((s) => s.length >= 4);
    return first ? [[first[0], first[1]!, first[2]!, first[3]!]] : [];
  });
  // A file `depth` folders below dist/ names its sources `../` × (depth + 1) + `src/…`.
  const up = '../'.repeat(depth + 1);
  const sources = map.sources.map((source) => {
    if (!source.startsWith(`${up}src/`)) throw new Error(`source-maps: expected sources under ${up}src/, got ${source}`);
    return source.slice(up.length);
  });
  return { version: map.version, sourceRoot, sources, names: [], mappings: encode(lines) };
}

const comment = /^\/\/# sourceMappingURL=.*$/gm;

/**
 * The maps of the files in `dir` and its folders whose names end in `extension` ('.js' for the
 * ES module build, '.cjs' for the CommonJS one) as line maps, and one sourceMappingURL comment per file.
 */
export async function finishSourceMaps(dir: string, extension: '.js' | '.cjs', sourceRoot = releaseSourceRoot()): Promise<void> {
  const names = (await readdir(dir, { recursive: true })).map((f) => f.split(sep).join('/'));
  const built = names.filter((f) => f.endsWith(extension) && names.includes(`${f}.map`));
  await Promise.all(
    built.map(async (relative) => {
      const path = join(dir, relative);
      const file = basename(relative);
      const map = JSON.parse(await readFile(`${path}.map`, 'utf8')) as SourceMap;
      if (map.sourcesContent) throw new Error(`source-maps: ${relative}.map carries sourcesContent; the builds should name their sources instead`);
      await writeFile(`${path}.map`, JSON.stringify(toLineMap(map, sourceRoot, relative.split('/').length - 1)));
      const code = (await readFile(path, 'utf8')).replace(comment, '').trimEnd();
      await writeFile(path, `${code}\n//# sourceMappingURL=${file}.map\n`);
    }),
  );
}

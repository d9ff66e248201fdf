// The last step of tsup's build (its onSuccess, tsup.config.ts): the source maps of the
// Node builds (dist/*.js.map, dist/*.cjs.map) made small, and every built file left with
// one sourceMappingURL comment (tsup's Rollup pass, treeshake: true, appends a second).
//
// Each map is cut to one mapping per line: each line of dist/ to the line of src/ it came
// from. The builds are not minified, so a line of dist/ is a statement of src/: a stack
// trace (node --enable-source-maps, a browser's devtools through a bundler) or a
// breakpoint lands on the right line of the TypeScript, which the package ships in src/.
// What goes is the column of every token within a line and the names table, about 80% of
// a map: the maps shrink from 40 KB to 12 KB gzipped. (The minified browser builds are
// one line each, so they get no map; see scripts/build-browser.ts.)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

interface SourceMap {
  version: number;
  sources: string[];
  sourcesContent?: unknown;
  names: string[];
  mappings: string;
}

/** The map with only the first mapped segment of each generated line, and no names. */
export function toLineMap(map: SourceMap): SourceMap {
  const lines = decode(map.mappings).map((segments): SourceMapSegment[] => {
    const first = segments.find((s) => s.length >= 4);
    return first ? [[first[0], first[1]!, first[2]!, first[3]!]] : [];
  });
  return { ...map, names: [], mappings: encode(lines) };
}

const comment = /^\/\/# sourceMappingURL=.*$/gm;

/** The Node builds' maps in `dir` as line maps, and one sourceMappingURL comment per file. */
export async function finishSourceMaps(dir: string): Promise<void> {
  const names = await readdir(dir);
  const built = names.filter((f) => /\.c?js$/.test(f) && names.includes(`${f}.map`));
  await Promise.all(
    built.map(async (file) => {
      const path = join(dir, file);
      const map = JSON.parse(await readFile(`${path}.map`, 'utf8')) as SourceMap;
      if (map.sourcesContent) throw new Error(`source-maps: ${file}.map carries sourcesContent; the builds should point at src/ instead`);
      await writeFile(`${path}.map`, JSON.stringify(toLineMap(map)));
      const code = (await readFile(path, 'utf8')).replace(comment, '').trimEnd();
      await writeFile(path, `${code}\n//# sourceMappingURL=${file}.map\n`);
    }),
  );
}

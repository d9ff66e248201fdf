// The main entry (src/index.ts, "neurite") must run in a browser: nothing reachable
// from it may import a Node built-in. esbuild bundles the entry's whole import graph
// (dependencies included) and its metafile lists every import of every module.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isBuiltin = (path: string) => path.startsWith('node:') || builtins.has(path) || builtins.has(path.split('/')[0]);

/**
 * Bundles src/index.ts for `platform` and returns its metafile. For "neutral", Node
 * built-ins are left external so that they show up as imports; for "browser" nothing is,
 * so a built-in that is not mapped away would fail the build.
 */
async function graph(platform: 'neutral' | 'browser'): Promise<Metafile> {
  const result = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform,
    // For "neutral", resolve packages as Node would (main), not through their browser field.
    mainFields: platform === 'neutral' ? ['module', 'main'] : undefined,
    external: platform === 'neutral' ? [...builtins] : [],
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Every import of a Node built-in in the graph, as "importer → path". */
function builtinImports(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => isBuiltin(i.path)).map((i) => `${file} → ${i.path}`),
  );
}

describe('the main entry is browser-safe', () => {
  it('reaches only isomorphic sources: no src/node.ts, no mnist-node, no Node built-in from src/', async () => {
    const metafile = await graph('neutral');
    const sources = Object.keys(metafile.inputs).filter((f) => f.startsWith('src/'));
    expect(sources).toContain('src/index.ts');
    expect(sources).toContain('src/model/sequential.ts');
    expect(sources).not.toContain('src/node.ts');
    expect(sources.filter((f) => /node/.test(f.split('/').pop()!))).toEqual([]);
    expect(builtinImports(metafile).filter((i) => i.startsWith('src/'))).toEqual([]);
  });

  it('imports no node:, fs, path or zlib anywhere in its graph, dependencies included', async () => {
    const imports = builtinImports(await graph('neutral'));
    expect(imports.filter((i) => /→ (node:|fs|path|zlib)/.test(i))).toEqual([]);
    // Of seedrandom only lib/alea.js is imported: not its entry, whose optional require('crypto') autoseeds.
    expect(imports).toEqual([]);
  });

  it('bundled for the browser, reaches no Node built-in at all', async () => {
    const metafile = await graph('browser');
    expect(builtinImports(metafile)).toEqual([]);
    // (esbuild reports TypeScript imports it dropped as type-only as "external"; those are relative.)
    const external = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external && !i.path.startsWith('.')));
    expect(external).toEqual([]);
  });

  it("its sources use no Node globals (Buffer, process, require, __dirname)", async () => {
    const metafile = await graph('neutral');
    const sources = Object.keys(metafile.inputs).filter((f) => f.startsWith('src/'));
    const offenders = sources.flatMap((file) => {
      // Comments and single-quoted strings are not code ('require-corp' is a header value);
      // `process:` or `process?:` is a property name (globalThis.process, typed).
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'/g, "''");
      return [...code.matchAll(/(?<![\w.])(Buffer|process|require|__dirname|__filename)\b(?!\??\s*:)/g)].map((m) => `${file}: ${m[1]}`);
    });
    expect(offenders).toEqual([]);
  });
});

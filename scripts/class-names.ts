// esbuild, bundling, turns a class whose body names the class itself (`return new Dense(…)`
// in a static method, `x instanceof Sequential` in a method) into `var Dense = class _Dense`,
// and the class's name becomes "_Dense": in errors that name a value's class ("got a _Dense"),
// in console.log and in stack traces. keepNames would keep the names but adds a static block
// to every class, which stops apps' bundlers from dropping the classes they do not use.
// This step gives such classes their names back after the build: in each output file, the
// inner name `_Dense` (which esbuild uses only inside that class) becomes `Dense` again. The
// source maps map whole lines (scripts/source-maps.ts), so they stay right.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Renames `class _X` back to `class X` wherever esbuild wrote `X = class _X` (after `var`,
 * or after a comma where its syntax minifier merged declarations) in `text`.
 */
export function restoreClassNamesIn(text: string): { text: string; count: number } {
  const names = new Set([...text.matchAll(/(?<![\w$])(\w+) = class _(\w+)\b/g)].filter((m) => m[1] === m[2]).map((m) => m[1]));
  for (const name of names) text = text.replace(new RegExp(`(?<![\\w$])_${name}(?![\\w$])`, 'g'), name);
  return { text, count: names.size };
}

/** Renames `class _X` back to `class X` in each .cjs file of `dir`; returns how many. */
export function restoreClassNames(dir: string): number {
  let count = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.cjs')) continue;
    const path = join(dir, file);
    const restored = restoreClassNamesIn(readFileSync(path, 'utf8'));
    count += restored.count;
    if (restored.count) writeFileSync(path, restored.text);
  }
  return count;
}

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

/** Renames `class _X` back to `class X` wherever esbuild wrote `var X = class _X`; returns how many. */
export function restoreClassNames(dir: string): number {
  let count = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.cjs')) continue;
    const path = join(dir, file);
    let text = readFileSync(path, 'utf8');
    const names = [...text.matchAll(/\bvar (\w+) = class _(\w+)\b/g)].filter((m) => m[1] === m[2]).map((m) => m[1]);
    for (const name of new Set(names)) {
      text = text.replace(new RegExp(`(?<![\\w$])_${name}(?![\\w$])`, 'g'), name);
      count++;
    }
    if (names.length) writeFileSync(path, text);
  }
  return count;
}

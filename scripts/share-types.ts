// One copy of the type declarations in the package, not two.
//
// tsup writes the declarations twice, identical but for the file extension: dist/*.d.cts for
// the CommonJS build and dist/*.d.ts for the ES module build, with their doc comments about
// 34 kB of the packed tarball each. An ES module may re-export a CommonJS module's
// declarations (the other way round it may not), so after the build each ES module entry's
// declarations become one line that re-exports its CommonJS twin, and the .d.ts chunks they
// shared go. Users of either format see the same declarations, doc comments included; the
// consumer test compiles ESM, CommonJS and TypeScript projects (nodenext, bundler, node10)
// against the packed package, and check:package runs publint and attw on it.
//
//   npx tsx scripts/share-types.ts        (run by `npm run build`, after tsup)
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { entries, root } from './entries.js';

const dist = resolve(root, 'dist');
const names = new Set(entries.map((e) => e.name));
for (const file of readdirSync(dist)) {
  const m = /^(.*)\.d\.ts$/.exec(file);
  if (m === null) continue;
  const name = m[1];
  if (names.has(name)) {
    writeFileSync(resolve(dist, file), `export * from './${name}.cjs';\n`);
  } else {
    rmSync(resolve(dist, file));
  }
}
console.log(`share-types: dist/{${[...names].join(',')}}.d.ts re-export the .d.cts declarations`);

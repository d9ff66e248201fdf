// One copy of the type declarations in the package, not two.
//
// tsup writes the declarations twice, identical but for the file extension: dist/*.d.cts for
// the CommonJS build and dist/*.d.ts for the ES module build, with their doc comments about
// 34 kB of the packed tarball each. An ES module may re-export a CommonJS module's
// declarations (the other way round it may not), so tsup writes only the CommonJS build's
// declarations (tsup.config.ts), and each ES module entry's are one line that re-exports them. Users of either format see the same declarations, doc comments included; the
// consumer test compiles ESM, CommonJS and TypeScript projects (nodenext, bundler, node10)
// against the packed package, and check:package runs publint and attw on it.
//
//   npx tsx scripts/share-types.ts        (run by `npm run build`, after tsup)
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { entries, root } from './entries.js';

const dist = resolve(root, 'dist');
for (const file of readdirSync(dist)) {
  if (file.endsWith('.d.ts')) rmSync(resolve(dist, file));
}
for (const { name } of entries) {
  if (!existsSync(resolve(dist, `${name}.d.cts`))) throw new Error(`share-types: dist/${name}.d.cts is missing; run tsup first`);
  writeFileSync(resolve(dist, `${name}.d.ts`), `export * from './${name}.cjs';\n`);
}
console.log(`share-types: dist/{${entries.map((e) => e.name).join(',')}}.d.ts re-export the .d.cts declarations`);

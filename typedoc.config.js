// The API reference (npm run docs → docs/api/, committed; CI regenerates it and fails if
// it differs). One page set per entry of "exports" in package.json (scripts/entries.ts
// explains the convention: "./x" is src/x.ts, "." is src/index.ts).
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const { exports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const entryPoints = Object.keys(exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath) => (subpath === '.' ? 'src/index.ts' : `src/${subpath.slice(2)}.ts`));

/** @type {Partial<import('typedoc').TypeDocOptions & import('typedoc-plugin-markdown').PluginOptions>} */
export default {
  entryPoints,
  entryPointStrategy: 'resolve',
  tsconfig: 'tsconfig.json',
  plugin: ['typedoc-plugin-markdown'],
  out: 'docs/api',
  name: 'neurite',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  // No links to source lines (they would name a commit and change with every one).
  disableSources: true,
  hidePageHeader: true,
  hideBreadcrumbs: false,
  treatWarningsAsErrors: true,
  validation: {
    notExported: true,
    invalidLink: true,
    notDocumented: false,
  },
  intentionallyNotExported: ['src/data/idx.ts:types'],
};

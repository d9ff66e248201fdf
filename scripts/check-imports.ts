// Checks the import graph of src/: no cycles (type-only imports included, since a cycle of
// types is a cycle of concepts), and no file over the size limit. Run by CI (`npm run check:imports`).
//
//   npm run check:imports               fails on a cycle or a file over 400 lines
//   npm run check:imports -- --max 450  another line limit
//   npm run check:imports -- --root dir another tree (the checker's own tests)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const rootFlag = process.argv.indexOf('--root');
const root = rootFlag >= 0 ? resolve(process.argv[rootFlag + 1]) : resolve(import.meta.dirname, '..', 'src');
const maxFlag = process.argv.indexOf('--max');
const maxLines = maxFlag >= 0 ? Number(process.argv[maxFlag + 1]) : 400;

const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(root, f));
const specifier = /(?:^|[\s;])(?:import|export)\s(?:type\s)?(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

const graph = new Map<string, string[]>();
const problems: string[] = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > maxLines) problems.push(`${relative(root, file)}: ${lines} lines (the limit is ${maxLines})`);
  const targets: string[] = [];
  for (const match of text.matchAll(specifier)) {
    const spec = match[1] ?? match[2];
    targets.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  graph.set(file, targets);
}

// Depth-first search with colours: a grey node met again closes a cycle.
const colour = new Map<string, 'grey' | 'black'>();
const stack: string[] = [];
const cycles: string[][] = [];
function visit(file: string): void {
  colour.set(file, 'grey');
  stack.push(file);
  for (const target of graph.get(file) ?? []) {
    if (!graph.has(target)) continue;
    const c = colour.get(target);
    if (c === 'grey') cycles.push([...stack.slice(stack.indexOf(target)), target]);
    else if (c === undefined) visit(target);
  }
  stack.pop();
  colour.set(file, 'black');
}
for (const file of [...graph.keys()].sort()) if (!colour.has(file)) visit(file);

for (const cycle of cycles) problems.push(`import cycle: ${cycle.map((f) => relative(root, f)).join(' → ')}`);
const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
if (problems.length) {
  for (const p of problems) console.error(`check-imports: ${p}`);
  process.exit(1);
}
const largest = [...graph.keys()]
  .map((f) => ({ f, n: readFileSync(f, 'utf8').split('\n').length - 1 }))
  .sort((a, b) => b.n - a.n)
  .slice(0, 3)
  .map(({ f, n }) => `${relative(root, f)} ${n}`)
  .join(', ');
console.log(`check-imports: ${files.length} files in ${relative(process.cwd(), root) || '.'}, ${edges} imports, no cycle; largest: ${largest} (limit ${maxLines} lines)`);

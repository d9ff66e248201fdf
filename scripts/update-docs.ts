// npm run docs:update: runs every program of README.md and docs/guide.md and writes what
// it printed into the ```text block after it (adding the block where it is missing),
// then refreshes the README's generated figures (scripts/readme-figures.ts).
//   npm run docs:update                    everything
//   npm run docs:update -- guide 3 7       only the guide's programs 3 and 7 (numbered from 1)
//   npm run docs:update -- readme          only the README's programs
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { extractSnippets, guidePath, inParallel, readmePath, root, runSnippet } from './doc-snippets.js';
import { updateFigures } from './readme-figures.js';

const args = process.argv.slice(2);
const docs = { guide: guidePath, readme: readmePath };
const chosen = args.filter((a): a is keyof typeof docs => a in docs);
const only = new Set(args.map(Number).filter((n) => Number.isInteger(n) && n > 0));
const started = performance.now();
let failed = 0;

for (const path of (chosen.length > 0 ? chosen : (['readme', 'guide'] as const)).map((name) => docs[name])) {
  const name = relative(root, path);
  let markdown = await readFile(path, 'utf8');
  const snippets = extractSnippets(markdown).filter((s) => only.size === 0 || only.has(s.index));
  const runs = await inParallel(
    snippets.map((snippet) => async () => {
      const t = performance.now();
      const run = await runSnippet(snippet);
      console.log(`${name}: snippet ${snippet.index} (${snippet.heading}, line ${snippet.line}): ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return run;
    }),
    Math.max(1, availableParallelism()),
  );
  // Rewrite from the end so that earlier offsets stay valid.
  for (let i = snippets.length - 1; i >= 0; i--) {
    const snippet = snippets[i], run = runs[i];
    if (run.code !== 0) {
      failed++;
      console.error(`${name}: snippet ${snippet.index} (line ${snippet.line}) exited with ${run.code}:\n${run.stderr}`);
      continue;
    }
    const output = run.stdout.endsWith('\n') || run.stdout === '' ? run.stdout : `${run.stdout}\n`;
    if (snippet.outputRange) {
      const [start, end] = snippet.outputRange;
      markdown = markdown.slice(0, start) + output + markdown.slice(end);
    } else {
      // Insert a text block right after the program's closing fence.
      const lines = markdown.split('\n');
      let close = snippet.line; // 0-based index of the first code line
      while (lines[close] !== '```') close++;
      lines.splice(close + 1, 0, '', '```text', ...output.replace(/\n$/, '').split('\n'), '```');
      markdown = lines.join('\n');
    }
  }
  await writeFile(path, markdown);
  console.log(`${name}: ${snippets.length - failed} of ${snippets.length} snippets updated`);
}
if (chosen.length === 0 || chosen.includes('readme')) await updateFigures();
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failed > 0) process.exit(1);

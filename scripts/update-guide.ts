// npm run docs:update: runs every snippet of docs/guide.md and writes what it printed
// into the ```text block after it (adding the block where it is missing).
//   npm run docs:update              all snippets
//   npm run docs:update -- 3 7       only snippets 3 and 7 (numbered from 1)
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extractSnippets, guidePath, inParallel, runSnippet } from './guide-snippets.js';

const only = new Set(process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0));
let markdown = await readFile(guidePath, 'utf8');
const snippets = extractSnippets(markdown).filter((s) => only.size === 0 || only.has(s.index));
const started = performance.now();
const runs = await inParallel(
  snippets.map((snippet) => async () => {
    const t = performance.now();
    const run = await runSnippet(snippet);
    console.log(`snippet ${snippet.index} (${snippet.heading}, line ${snippet.line}): ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return run;
  }),
  Math.max(1, availableParallelism()),
);

let failed = 0;
// Rewrite from the end so that earlier offsets stay valid.
for (let i = snippets.length - 1; i >= 0; i--) {
  const snippet = snippets[i], run = runs[i];
  if (run.code !== 0) {
    failed++;
    console.error(`snippet ${snippet.index} (line ${snippet.line}) exited with ${run.code}:\n${run.stderr}`);
    continue;
  }
  const output = run.stdout.endsWith('\n') || run.stdout === '' ? run.stdout : `${run.stdout}\n`;
  if (snippet.outputRange) {
    const [start, end] = snippet.outputRange;
    markdown = markdown.slice(0, start) + output + markdown.slice(end);
  } else {
    // Insert a text block right after the ts block's closing fence.
    const lines = markdown.split('\n');
    let close = snippet.line; // 0-based index of the first code line
    while (lines[close] !== '```') close++;
    lines.splice(close + 1, 0, '', '```text', ...output.replace(/\n$/, '').split('\n'), '```');
    markdown = lines.join('\n');
  }
}
await writeFile(guidePath, markdown);
console.log(`${snippets.length - failed} of ${snippets.length} snippets updated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failed > 0) process.exit(1);

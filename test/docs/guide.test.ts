/**
 * docs/guide.md cannot rot: each ```ts block is run with tsx in a child process
 * (`from 'neurite'` pointing at src/index.ts) and what it prints must equal the
 * ```text block after it, byte for byte. `npm run docs:update -- guide` rewrites the text
 * blocks from real runs. Any other code block must be marked `<!-- not run: … -->`
 * (scripts/doc-snippets.ts); the Web Worker section's files are run in Chromium by
 * test/e2e/guide-worker.e2e.ts.
 *
 * The snippets run two at a time, all started before the first assertion, so the
 * whole file takes about as long as the slowest pair.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { guidePath, inParallel, parseDoc, runSnippet, type SnippetRun } from '../../scripts/doc-snippets.js';

const { snippets, unmarked } = parseDoc(readFileSync(guidePath, 'utf8'));
const started = performance.now();
const runs = inParallel(
  snippets.map((snippet) => () => runSnippet(snippet)),
  Math.max(2, Math.min(4, availableParallelism())),
).then((results) => {
  console.log(`docs/guide.md: ${results.length} snippets run in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return results;
});

describe('docs/guide.md', () => {
  it('has snippets, each followed by its output', () => {
    expect(snippets.length).toBeGreaterThan(10);
    expect(unmarked.map((b) => `line ${b.line}: \`\`\`${b.lang}`), 'a code block that is neither a program with its output nor marked <!-- not run: … -->').toEqual([]);
    const missing = snippets.filter((s) => s.expected === null).map((s) => `snippet ${s.index} (line ${s.line})`);
    expect(missing, 'a ```ts block without a ```text block after it; run npm run docs:update').toEqual([]);
  });

  it('prints no line ending in whitespace (an editor would strip it)', () => {
    const trailing = snippets.filter((s) => s.expected !== null && /[ \t]\n/.test(s.expected)).map((s) => `snippet ${s.index} (line ${s.line})`);
    expect(trailing).toEqual([]);
  });

  describe.each(snippets.map((s) => [`${s.index}: ${s.heading} (line ${s.line})`, s] as const))('snippet %s', (_, snippet) => {
    it('prints its documented output', async () => {
      const run: SnippetRun = (await runs)[snippet.index - 1];
      expect(run.stderr === '' || run.code === 0 ? '' : run.stderr, `snippet ${snippet.index} failed`).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(snippet.expected);
    }, 600_000);
  });
});

/**
 * README.md is the package's front page on npm and GitHub, and the first thing a user
 * runs. Its programs are run like the guide's (each ```js block with tsx in a child
 * process, `neurite` pointing at src/, as the file its first line names: .mjs or .cjs),
 * and what each prints must equal the ```text block after it, byte for byte
 * (`npm run docs:update -- readme` rewrites them). The published package itself runs
 * them too, in fresh ES module and CommonJS projects: scripts/consumer-test.ts.
 *
 * The rest keeps it a front page: at most 12 KB, every code block either run or marked
 * `<!-- not run: … -->`, and every link absolute (npm shows the README without the repo
 * around it), pointing at a file that exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inParallel, parseDoc, readmePath, root, runSnippet, type SnippetRun } from '../../scripts/doc-snippets.js';

const markdown = readFileSync(readmePath, 'utf8');
const { snippets, unmarked, skipped } = parseDoc(markdown);
const runs = inParallel(
  snippets.map((snippet) => () => runSnippet(snippet)),
  2,
);

const repository = 'https://github.com/neurite-js/neurite/blob/main/';
const raw = 'https://raw.githubusercontent.com/neurite-js/neurite/main/';

describe('README.md', () => {
  it('is at most 12 KB (12,000 bytes)', () => {
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(12_000);
  });

  it('runs every code block, or says why not', () => {
    expect(snippets.map((s) => s.file)).toEqual(['first-model.mjs', 'first-model.cjs', 'mnist.mjs']);
    expect(unmarked.map((b) => `line ${b.line}: \`\`\`${b.lang}`), 'a code block that is neither a program with its output nor marked <!-- not run: … -->').toEqual([]);
    expect(skipped.length, 'keep the blocks that are not run to a few').toBeLessThanOrEqual(3);
    const missing = snippets.filter((s) => s.expected === null).map((s) => `snippet ${s.index} (line ${s.line})`);
    expect(missing, 'a program without a ```text block after it; run npm run docs:update -- readme').toEqual([]);
  });

  it('links only absolute URLs, and the files they name exist', () => {
    const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !/^https:\/\//.test(l)), 'a relative link breaks on npm').toEqual([]);
    const files = links
      .filter((l) => l.startsWith(repository) || l.startsWith(raw))
      .map((l) => l.slice(l.startsWith(repository) ? repository.length : raw.length).replace(/#.*$/, ''));
    expect(files).toContain('docs/guide.md');
    expect(files).toContain('docs/api/README.md');
    expect(files.filter((f) => !existsSync(join(root, f)))).toEqual([]);
  });

  it('quick-starts a clone with exactly two commands', () => {
    expect(markdown).toContain('npm ci && npm run mnist');
    expect(markdown).toMatch(/^npm test\b/m);
  });

  describe.each(snippets.map((s) => [`${s.index}: ${s.file} (line ${s.line})`, s] as const))('program %s', (_, snippet) => {
    it('prints its documented output', async () => {
      const run: SnippetRun = (await runs)[snippet.index - 1];
      expect(run.stderr === '' || run.code === 0 ? '' : run.stderr, `${snippet.file} failed`).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(snippet.expected);
    }, 600_000);
  });
});

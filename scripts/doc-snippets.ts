// The programs in the docs (README.md, docs/guide.md): every ```ts or ```js block is a
// complete program, followed by a ```text block holding exactly what it prints. This
// module finds the pairs and runs a program the way a reader would, with `neurite` (and
// its subpaths) resolved to this repository's src/. Used by test/docs/ (compare) and
// scripts/update-docs.ts (regenerate the text blocks).
//
// A block that is not a program, or not one to run here, says so in an HTML comment on
// the line before it (blank lines may come between), which readers do not see:
//
//   <!-- not run: shell commands -->
//
// Any other block (```sh, ```html, …) is an error, so nothing in the docs goes untested
// by accident; a ```text block that follows no program is prose (a formula, a diagram). A program whose first line is a comment naming a file (`// first-model.cjs`)
// runs as that file, so the extension decides ES module or CommonJS as it would for the
// reader; otherwise a ```ts block runs as an .mts file and a ```js block as an .mjs file.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entries, root } from './entries.js';

export { root };

/** The guide's path. */
export const guidePath = join(root, 'docs', 'guide.md');

/** The README's path. */
export const readmePath = join(root, 'README.md');

/** One program of a document and the ```text block after it. */
export interface Snippet {
  /** 1-based position among the document's programs. */
  readonly index: number;
  /** The nearest heading above the snippet. */
  readonly heading: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's language: 'ts' or 'js'. */
  readonly lang: string;
  /** The file name it runs as. */
  readonly file: string;
  /** The code, without the fences. */
  readonly code: string;
  /** The expected output (the text block's content, each line ending in a newline), or null if the block is missing. */
  readonly expected: string | null;
  /** Offsets into the markdown of the text block's content [start, end), for rewriting it. */
  readonly outputRange: readonly [number, number] | null;
}

/** A block that is neither a program, nor a program's output, nor marked as not run. */
export interface UnmarkedBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The fence's language ('' if none). */
  readonly lang: string;
}

/** What a document holds: its programs, the blocks marked as not run, and any block that is neither. */
export interface ParsedDoc {
  readonly snippets: Snippet[];
  /** Blocks marked `<!-- not run: … -->`, with the reason given (and the file the code's first line names, if it does). */
  readonly skipped: { readonly line: number; readonly lang: string; readonly reason: string; readonly file: string | null; readonly code: string }[];
  readonly unmarked: UnmarkedBlock[];
}

const fence = /^```(\w*)(?:\s.*)?$/;
const notRun = /^<!--\s*not run:\s*(.*?)\s*-->$/;
const fileComment = /^\/\/ ([\w.-]+\.(?:mjs|cjs|js|mts|cts|ts))\s*$/;
const programs = new Set(['ts', 'js']);

/** Reads the programs and the other code blocks of `markdown` (see the header of this file). */
export function parseDoc(markdown: string): ParsedDoc {
  const lines = markdown.split('\n');
  // Offset of the start of each line.
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  const blocks: { lang: string; open: number; close: number; reason: string | null }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]);
    if (!open) continue;
    let close = i + 1;
    while (close < lines.length && lines[close] !== '```') close++;
    if (close >= lines.length) throw new Error(`line ${i + 1}: unclosed code block`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? notRun.exec(lines[before].trim()) : null;
    blocks.push({ lang: open[1], open: i, close, reason: marker ? marker[1] : null });
    i = close;
  }
  const snippets: Snippet[] = [];
  const skipped: ParsedDoc['skipped'] = [];
  const unmarked: UnmarkedBlock[] = [];
  const outputs = new Set<number>();
  let heading = '';
  let lastLine = 0;
  blocks.forEach((block, b) => {
    for (let i = lastLine; i < block.open; i++) if (lines[i].startsWith('#')) heading = lines[i].replace(/^#+\s*/, '');
    lastLine = block.close + 1;
    const code = lines.slice(block.open + 1, block.close).join('\n') + '\n';
    const named = fileComment.exec(code.split('\n')[0]);
    if (block.reason !== null) {
      skipped.push({ line: block.open + 1, lang: block.lang, reason: block.reason, file: named ? named[1] : null, code });
      return;
    }
    if (!programs.has(block.lang)) {
      // A ```text block of its own (a formula, a diagram) is prose, not code.
      if (!outputs.has(b) && block.lang !== 'text') unmarked.push({ line: block.open + 1, lang: block.lang });
      return;
    }
    const next = blocks[b + 1];
    const adjacent =
      next !== undefined && next.lang === 'text' && next.reason === null && lines.slice(block.close + 1, next.open).every((l) => l.trim() === '');
    if (adjacent) outputs.add(b + 1);
    const index = snippets.length + 1;
    snippets.push({
      index,
      heading,
      line: block.open + 1,
      lang: block.lang,
      file: named ? named[1] : `snippet-${index}.${block.lang === 'ts' ? 'mts' : 'mjs'}`,
      code,
      expected: adjacent ? lines.slice(next.open + 1, next.close).map((l) => `${l}\n`).join('') : null,
      outputRange: adjacent ? [offsets[next.open + 1], offsets[next.close]] : null,
    });
  });
  return { snippets, skipped, unmarked };
}

/** The programs of `markdown`, each with the ```text block that follows it. */
export function extractSnippets(markdown: string): Snippet[] {
  return parseDoc(markdown).snippets;
}

/** The import specifiers a snippet may use ('neurite', 'neurite/node', …), and the source files they stand for. */
const sources = new Map(entries.map((entry) => [entry.specifier, join(root, entry.source)]));

/** The snippet with `from 'neurite'` and `require('neurite')` (and the subpaths) pointing at this repository's sources. */
export function resolveImports(code: string): string {
  const swap = (whole: string, before: string, quote: string, specifier: string, after: string) => {
    const source = sources.get(specifier);
    return source ? `${before}${quote}${source}${quote}${after}` : whole;
  };
  return code
    .replace(/(from\s+)(['"])(neurite(?:\/[\w-]+)?)\2()/g, swap)
    .replace(/(require\(\s*)(['"])(neurite(?:\/[\w-]+)?)\2(\s*\))/g, swap);
}

/** What running a snippet gave. */
export interface SnippetRun {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code (null if killed). */
  readonly code: number | null;
}

/**
 * Runs one snippet with tsx in a child process, as the file it names (or an .mts or .mjs
 * file, an ES module, so top-level await works), from a temporary directory, and returns
 * its output.
 */
export async function runSnippet(snippet: Snippet, timeoutMs = 60_000): Promise<SnippetRun> {
  const dir = await mkdtemp(join(tmpdir(), 'neurite-doc-'));
  const file = join(dir, snippet.file);
  try {
    await writeFile(file, resolveImports(snippet.code));
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    return await new Promise<SnippetRun>((done) => {
      execFile(tsx, [file], { cwd: dir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        done({ stdout, stderr, code });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the results. */
export async function inParallel<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

// The guide's snippets (docs/guide.md): every ```ts block is followed by a ```text
// block holding exactly what it prints. This module finds the pairs and runs a
// snippet the way a reader would, with `neurite` resolved to this repository's src/.
// Used by test/docs/guide.test.ts (compare) and scripts/update-guide.ts (regenerate).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const root = resolve(import.meta.dirname, '..');

/** The guide's path. */
export const guidePath = join(root, 'docs', 'guide.md');

/** One ```ts block of the guide and the ```text block after it. */
export interface Snippet {
  /** 1-based position among the guide's snippets. */
  readonly index: number;
  /** The nearest heading above the snippet. */
  readonly heading: string;
  /** 1-based line of the ```ts fence. */
  readonly line: number;
  /** The code, without the fences. */
  readonly code: string;
  /** The expected output (the text block's content, each line ending in a newline), or null if the block is missing. */
  readonly expected: string | null;
  /** Offsets into the markdown of the text block's content [start, end), for rewriting it. */
  readonly outputRange: readonly [number, number] | null;
}

const fence = /^```(\w*)\s*$/;

/**
 * Every ```ts block of `markdown`, each with the ```text block that must follow it
 * (only blank lines may come between). Other blocks are prose: not run.
 */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  // Offset of the start of each line.
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  const blocks: { lang: string; open: number; close: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i]);
    if (!open) continue;
    let close = i + 1;
    while (close < lines.length && lines[close] !== '```') close++;
    if (close >= lines.length) throw new Error(`docs/guide.md:${i + 1}: unclosed code block`);
    blocks.push({ lang: open[1], open: i, close });
    i = close;
  }
  const snippets: Snippet[] = [];
  let heading = '';
  let lastLine = 0;
  blocks.forEach((block, b) => {
    for (let i = lastLine; i < block.open; i++) if (lines[i].startsWith('#')) heading = lines[i].replace(/^#+\s*/, '');
    lastLine = block.close + 1;
    if (block.lang !== 'ts') return;
    const code = lines.slice(block.open + 1, block.close).join('\n') + '\n';
    const next = blocks[b + 1];
    const adjacent =
      next !== undefined && next.lang === 'text' && lines.slice(block.close + 1, next.open).every((l) => l.trim() === '');
    snippets.push({
      index: snippets.length + 1,
      heading,
      line: block.open + 1,
      code,
      expected: adjacent ? lines.slice(next.open + 1, next.close).map((l) => `${l}\n`).join('') : null,
      outputRange: adjacent ? [offsets[next.open + 1], offsets[next.close]] : null,
    });
  });
  return snippets;
}

/** The import specifiers a snippet may use, and the source files they stand for. */
const entries: Record<string, string> = {
  neurite: join(root, 'src', 'index.ts'),
  'neurite/node': join(root, 'src', 'node.ts'),
  'neurite/onnx': join(root, 'src', 'onnx.ts'),
};

/** The snippet with `from 'neurite'` (and the subpaths) pointing at this repository's sources. */
export function resolveImports(code: string): string {
  return code.replace(/(from\s+)(['"])(neurite(?:\/node|\/onnx)?)\2/g, (_, from: string, quote: string, spec: string) => {
    return `${from}${quote}${entries[spec]}${quote}`;
  });
}

/** What running a snippet gave. */
export interface SnippetRun {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code (null if killed). */
  readonly code: number | null;
}

/**
 * Runs one snippet with tsx in a child process (as an ES module, so top-level await
 * works), from a temporary directory, and returns its output.
 */
export async function runSnippet(snippet: Snippet, timeoutMs = 60_000): Promise<SnippetRun> {
  const dir = await mkdtemp(join(tmpdir(), 'neurite-guide-'));
  const file = join(dir, `snippet-${snippet.index}.mts`);
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

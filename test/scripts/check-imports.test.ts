import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('../../scripts/check-imports.ts', import.meta.url).pathname;

/** Runs the checker on a tree of files; returns its exit code and output. */
function check(files: Record<string, string>, ...args: string[]): { code: number; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'neurite-imports-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  try {
    const output = execFileSync(process.execPath, ['--import', 'tsx', script, '--root', root, ...args], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stderr: string };
    return { code: e.status, output: e.stderr };
  }
}

describe('scripts/check-imports.ts', () => {
  it('passes src/ itself: no cycle, no file over 400 lines', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(output).toMatch(/no cycle/);
  });

  it('passes a tree without cycles', () => {
    expect(check({ 'a.ts': "import { b } from './b.js';\n", 'b.ts': 'export const b = 1;\n' }).code).toBe(0);
  });

  it('finds a cycle, through multi-line and type-only imports, and names its files', () => {
    const { code, output } = check({
      'a.ts': "import {\n  b,\n} from './dir/b.js';\n",
      'dir/b.ts': "import type { C } from '../c.js';\nexport const b = 1;\n",
      'c.ts': "export type { A } from './a.js';\nexport type C = number;\n",
    });
    expect(code).toBe(1);
    expect(output).toContain('import cycle: a.ts → dir/b.ts → c.ts → a.ts');
  });

  it('finds a file over the line limit', () => {
    const { code, output } = check({ 'long.ts': 'export const x = 1;\n'.repeat(12) }, '--max', '10');
    expect(code).toBe(1);
    expect(output).toContain('long.ts: 12 lines (the limit is 10)');
  });
});

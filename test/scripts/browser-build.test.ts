// The pieces of scripts/build-browser.ts that decide what minifying may rename: the private
// members (scripts/private-names.ts) and the class names esbuild prefixes (scripts/class-names.ts).
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreClassNamesIn } from '../../scripts/class-names.js';
import { privateMemberNames } from '../../scripts/private-names.js';

/** A tree with `files` under src/; returns its root. */
function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'neurite-private-names-')));
  mkdirSync(join(root, 'src'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'src', name), text);
  return root;
}

describe('privateMemberNames', () => {
  it('renames a private member reached only through its class, and keeps one whose name is used otherwise', { timeout: 60_000 }, () => {
    const root = tree({
      'a.ts': [
        'export class A {',
        '  private hidden = 1;',
        '  private inJson = 2;',
        '  private byString = 3;',
        '  private shared = 4;',
        '  private quick = 5;', // a word of seedrandom's alea.js, which the bundles inline
        '  read(other: A): number { return this.hidden + other.hidden + this.inJson + this.byString + this.shared + this.quick; }',
        "  toJSON(): object { return { inJson: this.inJson, key: 'byString' }; }",
        '}',
      ].join('\n'),
      'b.ts': 'export class B { shared = 0; }\n',
    });
    const { names, kept } = privateMemberNames(root);
    expect(names).toEqual(['hidden']);
    expect(kept.get('inJson')).toBe('key src/a.ts:8');
    expect(kept.get('byString')).toBe('string src/a.ts:8');
    expect(kept.get('shared')).toBe('member src/b.ts:1');
    expect(kept.get('quick')).toBe('a word of seedrandom/lib/alea.js');
  });
});

describe('restoreClassNamesIn', () => {
  it('gives back the names esbuild prefixed, after var or after a comma, and touches no other name', () => {
    const text = 'var Dense = class _Dense { static f() { return new _Dense(); } }, Tanh = class _Tanh {}, _Other = 1;\nvar Y = class _X {};';
    const { text: restored, count } = restoreClassNamesIn(text);
    expect(count).toBe(2);
    expect(restored).toBe('var Dense = class Dense { static f() { return new Dense(); } }, Tanh = class Tanh {}, _Other = 1;\nvar Y = class _X {};');
  });
});

/**
 * The bad-input matrix: every case in cases.ts must throw exactly its error class and
 * message (never another exception, a hang or a silent NaN), and docs/ERRORS.md must
 * list every case as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cases } from './cases.js';
import { renderErrorsDoc } from './errors-doc.js';

describe('bad-input matrix', () => {
  for (const area of new Set(cases.map((c) => c.area))) {
    describe(area, () => {
      for (const c of cases.filter((k) => k.area === area)) {
        it(c.input, async () => {
          const expected = new c.error(c.message);
          let result: unknown;
          try {
            result = c.run();
          } catch (error) {
            expect(() => {
              throw error;
            }).toThrow(expected);
            return;
          }
          await expect(Promise.resolve(result)).rejects.toThrow(expected);
        });
      }
    });
  }
});

describe('docs/ERRORS.md', () => {
  it('lists every case of the matrix, as the matrix has it (regenerate: npx tsx scripts/errors-doc.ts)', () => {
    const doc = readFileSync(new URL('../../docs/ERRORS.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderErrorsDoc(cases));
  });

  it('has one row per case', () => {
    expect(new Set(cases.map((c) => `${c.area}: ${c.input}`)).size).toBe(cases.length);
  });
});

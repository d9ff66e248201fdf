/**
 * Renders docs/ERRORS.md from the bad-input matrix (test/robustness/cases.ts). The matrix
 * test checks that the file on disk equals this rendering; `npx tsx scripts/errors-doc.ts`
 * rewrites it after a case changes.
 */
import type { MatrixCase } from './cases.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderErrorsDoc(cases: readonly MatrixCase[]): string {
  const areas = [...new Set(cases.map((c) => c.area))];
  const lines = [
    '# Errors: what neurite says to bad input',
    '',
    '<!-- Generated from test/robustness/cases.ts by `npx tsx scripts/errors-doc.ts`; do not edit by hand. -->',
    '',
    'Every row is a test (test/robustness/matrix.test.ts) that asserts the exact error class and',
    'message. Every message has one format: the owner, what was expected, and what came.',
    '',
    '- `TypeError`: a plain JavaScript mistake: a string, an object or an array where a number, a',
    '  Tensor or an options object belongs (the message is the one a RangeError would carry).',
    '- `RangeError`: a hyperparameter or argument out of its range, NaN or infinite.',
    '- `ShapeError`: a tensor whose shape does not fit; zero-sized or empty inputs; a tensor of',
    '  more than 2²⁸ elements (1 GiB of float32), which is almost always a mistake.',
    '- `DataError`: NaN or ±Infinity in data, labels out of range, corrupt files, and a training',
    '  run that diverges (naming the epoch, the batch and the first layer that went non-finite).',
    '- `StateError`: a call in the wrong order (backward before forward, fit before compile, an',
    '  empty model, a layer reused in a second model, two fits at once).',
    '- `NeuriteError`: the base class of the three above; thrown as such only when a model cannot',
    '  be saved.',
    '',
    'Where no check is made, on purpose: `Layer.forward` and the kernels do not scan their input',
    'for NaN (a scan per call would cost as much as the layer); `fit`, `evaluate` and `predict`',
    'reject non-finite data at entry, `fit` checks the model output and (through the optimizer)',
    "every gradient on each step, and `fit(x, y, { debug: true })` checks every layer's output",
    'and gradient on each step. The matrix products check that they were given Tensors; the',
    'elementwise kernels (`add`, `scale`, `sumRows`, …) take Tensors unchecked.',
    '',
    `${cases.length} cases in ${areas.length} areas:`,
    '',
    ...areas.map((a) => `- [${a}](#${a.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')})`),
  ];
  for (const a of areas) {
    lines.push('', `## ${a}`, '', '| input | error | message |', '| --- | --- | --- |');
    for (const c of cases.filter((k) => k.area === a)) {
      lines.push(`| \`${cell(c.input)}\` | ${c.error.name} | ${cell(c.message)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

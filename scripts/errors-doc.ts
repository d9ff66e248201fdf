// Writes docs/ERRORS.md from the bad-input matrix in test/robustness/cases.ts.
// Run after changing a case: npx tsx scripts/errors-doc.ts
import { writeFileSync } from 'node:fs';
import { cases } from '../test/robustness/cases.js';
import { renderErrorsDoc } from '../test/robustness/errors-doc.js';

writeFileSync(new URL('../docs/ERRORS.md', import.meta.url), renderErrorsDoc(cases));
console.log(`docs/ERRORS.md: ${cases.length} cases`);

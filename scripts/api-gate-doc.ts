// Writes docs/api-gate.md from the rule definitions, so the page cannot drift from the code.
//   node scripts/api-gate-doc.ts   (test/gate-api-doc.test.ts checks the page is current)
import { writeFileSync } from 'node:fs';
import { renderApiGateDoc } from '../src/gates/api/doc.ts';

writeFileSync(new URL('../docs/api-gate.md', import.meta.url), renderApiGateDoc());

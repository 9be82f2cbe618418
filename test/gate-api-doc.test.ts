// docs/api-gate.md is generated from the rule definitions and must be current.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderApiGateDoc } from '../src/gates/api/doc.ts';
import { REPO } from './helpers.ts';

test('docs/api-gate.md lists every rule of the gate, as generated from the code', () => {
  assert.equal(readFileSync(join(REPO, 'docs', 'api-gate.md'), 'utf8'), renderApiGateDoc(), 'run `node scripts/api-gate-doc.ts`');
});

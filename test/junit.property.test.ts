// JUnit XML from SARIF stays well-formed whatever a message, rule id or path holds, and keeps every
// finding: checked with a real XML parser on generated input (fixed seed; FC_SEED/FC_RUNS explore).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sarifToJunit } from '../src/cli/output/junit.ts';

const SEED = Number(process.env.FC_SEED ?? 0x6b616f);
const SCALE = Number(process.env.FC_RUNS ?? 1);

test('any SARIF results become well-formed JUnit with one test case per result', () => {
  const result = fc.record({
    ruleId: fc.string({ unit: 'grapheme', maxLength: 20 }),
    level: fc.constantFrom('error', 'warning', 'note'),
    message: fc.record({ text: fc.string({ unit: 'binary', maxLength: 80 }) }),
    locations: fc.array(fc.record({ physicalLocation: fc.record({ artifactLocation: fc.record({ uri: fc.string({ unit: 'binary', maxLength: 30 }) }), region: fc.record({ startLine: fc.integer({ min: 1, max: 9999 }) }) }) }), { maxLength: 1 }),
  });
  fc.assert(fc.property(fc.array(result, { maxLength: 12 }), (results) => {
    const xml = sarifToJunit(JSON.stringify({ version: '2.1.0', runs: [{ results }] }), 'kao test');
    assert.equal(XMLValidator.validate(xml), true, xml);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { failures: string; tests: string } };
    assert.equal(Number(doc.testsuites.failures), results.length);
    assert.equal(Number(doc.testsuites.tests), Math.max(results.length, 1));
  }), { seed: SEED, numRuns: Math.max(1, Math.round(200 * SCALE)) });
});

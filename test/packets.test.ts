// Packets (src/packets/): hand-written packets checked field by field, the fixed markdown layout,
// the schemas against the operating model, and packets built from a task packet. The command and
// recovery from git are in packets.cli.test.ts; the round-trip properties in packets.property.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as z from 'zod/mini';
import type { TaskPacket } from '../src/router/task-packet.ts';
import { buildApproval, buildDelegation } from '../src/packets/build.ts';
import { fieldName, layoutOf, type Field } from '../src/packets/layout.ts';
import { parsePacket } from '../src/packets/parse.ts';
import { renderPacket } from '../src/packets/render.ts';
import { PACKET_KINDS, PACKET_SCHEMAS, validatePacket, type PacketKind } from '../src/packets/schemas.ts';
import { parseOperatingModel } from '../src/playbook/operating-model.ts';
import { REPO, writeFiles } from './helpers.ts';


const TASK: TaskPacket = {
  version: 1,
  title: 'Add a low-stock widget to the dashboard and a backend endpoint for it',
  classification: { type: 'feature', scope: 'cross-stack', risk: 'medium', apps: ['backend', 'portal'] },
  riskAxes: ['contract'],
  owners: { primary: 'orchestrator', supporting: ['backend-lead', 'web-lead', 'backend-implementer'] },
  lanes: ['planning', 'implementation', 'review', 'validation'],
  phases: [{ id: 0, goal: 'agree the contract', definitionOfDone: ['response shape written down'] }],
  gates: [
    { decision: 'schema', reason: 'a new column may be needed', when: 'if', condition: 'the threshold is stored per item', rule: 'trigger:db-schema' },
    { decision: 'dependencies', reason: 'a chart library', when: 'now', rule: 'trigger:dependency', approved: true, evidence: ['package.json:12'] },
  ],
  mode: 'clarify-first',
  questions: ['Is the threshold per item or per shop?'],
  assumptions: ['the dashboard already has a widget grid'],
  validation: ['npm test', 'go test ./...'],
  definitionOfDone: ['the widget lists items below their threshold', 'backend tests pass'],
  because: [{ rule: 'owner:feature', matched: ['widget', 'endpoint'], effect: 'primary owner orchestrator' }],
};

// ---------------------------------------------------------------------------------------------
// Checking packets written by hand
// ---------------------------------------------------------------------------------------------

const HAND_HANDOFF = `<!-- kao:packet phase-handoff v1 -->
# Handoff: low-stock endpoint

Written at the end of phase 1.

## Phase
1 — backend endpoint with tests

## current lane
Implementation

## Changed
* Added \`GET /inventory/low-stock\`
* Added the repository query
  with its index

## Verified

### npm test
- command: \`npm test\`
- result: 48 passing

### lint
- command: npm run lint

## Next Steps
- [x] wire the portal client
- [ ] add i18n keys
- write the E2E smoke

## Pending gates
- schema
- billing

## Notes
Nothing else.

## Cross-stack
- backendContract: agreed in phase 0
- portal integration: not started
`;

test('checking a hand-written packet reports exactly what is missing or invalid, with the line', () => {
  const r = parsePacket(HAND_HANDOFF, 'handoff.md');
  assert.equal(r.packet, null);
  assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule} ${d.message}`), [
    'handoff.md:1 error packet-missing-field phase-handoff packet: missing "Next lane" (nextLane)',
    'handoff.md:23 error packet-missing-field phase-handoff packet: missing verified[1].result',
    'handoff.md:33 error packet-invalid-field phase-handoff packet: pendingGates[1]: Invalid option: expected one of "scope"|"dependencies"|"schema"|"auth"|"tenant-boundary"|"payments"|"pii"|"breaking-contract"|"major-ux"|"behavior-refactor"|"analytics-semantics"|"legal-claims"',
    'handoff.md:35 warning packet-unknown-section phase-handoff packet: "Notes" is not a field of a phase-handoff packet',
    'handoff.md:38 error packet-missing-field phase-handoff packet: missing crossStack.i18nKeys',
    'handoff.md:38 error packet-missing-field phase-handoff packet: missing crossStack.e2eRtl',
  ]);
  assert.equal(r.diagnostics[0]!.fix, 'Add a "## Next lane" section with the value on the line below it.');
  assert.equal(r.diagnostics[4]!.fix, 'Add a "- i18nKeys: …" item under "Cross-stack".');
});

test('a hand-written packet is read leniently: labels in any case, code spans, wrapped items, checklists', () => {
  const fixed = HAND_HANDOFF
    .replace('## Pending gates\n- schema\n- billing', '## Pending gates\n- schema\n\n## Next lane\nReview')
    .replace('- command: npm run lint', '- command: npm run lint\n- result: clean')
    .replace('- portal integration: not started', '- portal integration: not started\n- i18n keys: none yet\n- e2eRtl: not run')
    .replace('## Notes\nNothing else.\n', '');
  const r = parsePacket(fixed, 'handoff.md');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.packet, {
    kind: 'phase-handoff',
    packet: {
      version: 1,
      phase: '1 — backend endpoint with tests',
      currentLane: 'implementation',
      nextLane: 'review',
      changed: ['Added `GET /inventory/low-stock`', 'Added the repository query with its index'],
      verified: [{ command: 'npm test', result: '48 passing' }, { command: 'npm run lint', result: 'clean' }],
      nextSteps: [{ step: 'wire the portal client', done: true }, { step: 'add i18n keys', done: false }, { step: 'write the E2E smoke', done: false }],
      pendingGates: ['schema'],
      crossStack: { backendContract: 'agreed in phase 0', portalIntegration: 'not started', i18nKeys: 'none yet', e2eRtl: 'not run' },
    },
  });
});

test('a list may be a fenced block, and nested values may be sub-headings instead of key: value items', () => {
  const source = [
    '<!-- kao:packet recovery v1 -->', '## Goal', 'Finish the endpoint', '## Last lane', 'implementation', '## Done', 'none',
    '## Next step', 'Run the tests', '## Commands', '```sh', 'npm ci', '', 'npm test', '```',
  ].join('\r\n');
  const r = parsePacket(source, 'r.md');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.packet?.packet, { version: 1, goal: 'Finish the endpoint', lastLane: 'implementation', done: [], nextStep: 'Run the tests', commands: ['npm ci', 'npm test'] });
  const approval = parsePacket([
    '<!-- kao:packet approval-needed v1 -->', '# Approval needed', '## Decision', 'schema', '## Context', 'A new column.',
    '## Options', '### Add it', '#### Title', 'Add a nullable column', '#### Pros', '- no downtime', '#### Cons', '(none)', '## Risks', '- a slow backfill',
  ].join('\n'), 'a.md');
  assert.deepEqual(approval.diagnostics, []);
  assert.deepEqual(approval.packet?.packet, {
    version: 1, decision: 'schema', context: 'A new column.', options: [{ title: 'Add a nullable column', pros: ['no downtime'], cons: [] }], risks: ['a slow backfill'],
  });
});

test('a file without a valid marker is rejected on line 1 with a fix', () => {
  const cases: [string, string, string][] = [
    ['# Delegation\n', 'packet-no-marker', 'the first line is not a kao packet marker'],
    ['<!-- kao:packet handover v1 -->\n', 'packet-unknown-kind', 'unknown packet kind "handover"'],
    ['<!-- kao:packet delegation v2 -->\n', 'packet-version', 'packet format v2 is not supported; this kao reads v1'],
  ];
  for (const [source, rule, message] of cases) {
    const r = parsePacket(source, 'x.md');
    assert.equal(r.packet, null);
    assert.deepEqual(r.diagnostics.map((d) => [d.line, d.rule, d.message]), [[1, rule, message]]);
    assert.ok(r.diagnostics[0]!.fix);
  }
});

test('a field given twice is an error; a table or a stray item is a warning and the packet still parses', () => {
  const base = ['<!-- kao:packet drift-ticket v1 -->', '## Drifted', 'money format', '## Code today', 'SAR 1,000', '## SSOT says', '1,000 SAR',
    '## Proposed rule', 'use formatMoney()', '## Why', 'one place', '## Blast radius', '- web/src/money.ts', '## Needs PO gate', 'no',
    '## Validation', '- grep for SAR'];
  const dup = parsePacket([...base, '## Why', 'again'].join('\n'), 'd.md');
  assert.deepEqual(dup.diagnostics.map((d) => [d.line, d.severity, d.rule]), [[18, 'error', 'packet-duplicate-field']]);
  const extra = parsePacket([...base.slice(0, 11), '- stray item', ...base.slice(11), '', '| a | b |', '|---|---|', '| 1 | 2 |'].join('\n'), 'd.md');
  assert.deepEqual(extra.diagnostics.map((d) => [d.line, d.severity, d.message]), [
    [12, 'warning', 'drift-ticket packet: "Why" holds one value; this item is not read'],
    [20, 'warning', 'drift-ticket packet: a table under "Validation" is not read'],
  ]);
  assert.equal(extra.packet?.kind, 'drift-ticket');
  assert.equal(extra.packet?.kind === 'drift-ticket' && extra.packet.packet.needsPoGate, false);
  const bad = parsePacket(base.join('\n').replace('## Needs PO gate\nno', '## Needs PO gate\nmaybe'), 'd.md');
  assert.deepEqual(bad.diagnostics.map((d) => [d.line, d.message]), [[14, 'drift-ticket packet: needsPoGate: Invalid input: expected boolean, received string']]);
});

test('an empty optional list renders as (none) and stays an empty list; an absent one stays absent', () => {
  const packet = { version: 1 as const, goal: 'g', lastLane: 'review' as const, done: [], nextStep: 'n', failing: [] };
  const markdown = renderPacket({ kind: 'recovery', packet });
  assert.match(markdown, /## Failing\n\n\(none\)\n/);
  assert.doesNotMatch(markdown, /## Commands/);
  assert.deepEqual(parsePacket(markdown, 'r.md').packet, { kind: 'recovery', packet });
});

test('each packet renders in a fixed layout: marker, title, one heading per field', () => {
  const valid = validatePacket('approval-needed', buildApproval(TASK, { decision: 'schema', options: [], risks: [] }));
  assert.ok(valid.ok);
  assert.equal(renderPacket({ kind: 'approval-needed', packet: valid.packet }), `<!-- kao:packet approval-needed v1 -->

# Approval needed

## Decision

schema

## Context

Task "Add a low-stock widget to the dashboard and a backend endpoint for it" (feature, cross-stack, medium risk) needs the PO's decision on \`schema\`: a new column may be needed (if the threshold is stored per item). Execution pauses until the PO answers.

## Options

### Option 1

- title: Approve as planned

#### Pros

- the work continues in its planned lane

#### Cons

- the schema change goes ahead, with what it risks

### Option 2

- title: Do not approve; keep the work within what is already agreed

#### Pros

- no schema change

#### Cons

- the objective may be met only in part, or not at all

## Risks

- Proceeding without approval: a migration can be hard to roll back and can lose or corrupt data.
`);
});

// ---------------------------------------------------------------------------------------------
// The schemas against the operating model and against themselves
// ---------------------------------------------------------------------------------------------

test('required and optional fields match the packets section of the built-in operating model', () => {
  const file = join(REPO, 'playbook', '.github', 'agent-os', 'operating-model.yaml');
  const { model } = parseOperatingModel(readFileSync(file, 'utf8'), file);
  assert.ok(model);
  // The task packet is TaskPacket (src/router/task-packet.ts), whose fields the router owns.
  for (const kind of PACKET_KINDS.filter((k) => k !== 'task')) {
    const fields = layoutOf(kind).fields;
    assert.deepEqual(fields.filter((f) => !f.optional).map((f) => f.key).sort(), [...model.packets[kind]!.required].sort(), `${kind} required`);
    assert.deepEqual(fields.filter((f) => f.optional).map((f) => f.key).sort(), [...model.packets[kind]!.optional].sort(), `${kind} optional`);
  }
});

test('no two fields of one object share a heading name, so every heading maps to one field', () => {
  const walk = (fields: readonly Field[], where: string) => {
    const names = (f: Field) => [fieldName(f.key), fieldName(f.label)];
    for (const f of fields) {
      for (const g of fields.filter((x) => x !== f)) assert.deepEqual(names(f).filter((n) => names(g).includes(n)), [], `${where}: ${f.key} and ${g.key}`);
      if (f.shape.t === 'object' || f.shape.t === 'objects') walk(f.shape.fields, `${where}.${f.key}`);
    }
  };
  for (const kind of PACKET_KINDS) walk(layoutOf(kind).fields, kind);
});

/** The published JSON Schema of `kao packet <kind> --json`, generated from the zod schema. */
function jsonSchemaOf(kind: PacketKind): Record<string, unknown> {
  const { $schema, ...packet } = z.toJSONSchema(PACKET_SCHEMAS[kind], { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema, $id: `https://kyora-agent-os.dev/schemas/packets/${kind}.schema.json`, title: `kao packet ${kind} --json output, version 1`,
    type: 'object', required: ['kind', 'packet'], additionalProperties: false, properties: { kind: { const: kind }, packet },
  };
}

test('the published packet JSON Schemas are the ones the zod schemas generate (KAO_WRITE_SCHEMAS=1 rewrites them)', () => {
  for (const kind of PACKET_KINDS) {
    const path = join(REPO, 'schemas', 'packets', `${kind}.schema.json`);
    const generated = `${JSON.stringify(jsonSchemaOf(kind), null, 2)}\n`;
    if (process.env.KAO_WRITE_SCHEMAS === '1') writeFiles(REPO, { [`schemas/packets/${kind}.schema.json`]: generated });
    assert.equal(readFileSync(path, 'utf8'), generated, `${path} is stale`);
  }
});

// ---------------------------------------------------------------------------------------------
// Building packets from a task packet
// ---------------------------------------------------------------------------------------------

const DELEGATION_INPUT = { from: 'orchestrator', to: 'backend-lead', date: '2025-06-01', criteria: [], constraints: [], reuse: [], ssot: [], validation: [], areas: [] };

test('a delegation carries the task over, and says when the definition of done stands in for the criteria', () => {
  const d = buildDelegation(TASK, DELEGATION_INPUT);
  assert.equal(d.objective, TASK.title);
  assert.deepEqual(d.acceptanceCriteria, TASK.definitionOfDone);
  assert.deepEqual(d.assumptions, [
    'the dashboard already has a widget grid',
    "No acceptance criteria were given: the task packet's definition of done stands in for them until the PO confirms.",
  ]);
  assert.deepEqual(d.constraints, ['Do not implement before the PO has answered: Is the threshold per item or per shop?']);
  assert.deepEqual(d.gates, TASK.gates);
  assert.deepEqual(d.phases, TASK.phases);
  assert.deepEqual(d.areas, ['backend', 'portal']);
  assert.equal(d.why, 'The task packet names backend-lead as a supporting role of "Add a low-stock widget to the dashboard and a backend endpoint for it".');
  assert.equal(d.returnPath, 'Report back to orchestrator with a phase-handoff packet (`kao packet phase-handoff`).');

  const given = buildDelegation({ ...TASK, mode: 'assumption-first' }, { ...DELEGATION_INPUT, criteria: ['lists items below 5'], validation: ['npm test', 'npm run e2e'] });
  assert.deepEqual(given.acceptanceCriteria, ['lists items below 5']);
  assert.deepEqual(given.assumptions, ['the dashboard already has a widget grid']);
  assert.equal(given.constraints, undefined);
  assert.deepEqual(given.validation, ['npm test', 'go test ./...', 'npm run e2e']);
});

test('a delegation without criteria or definition of done is incomplete, and says which field', () => {
  const d = buildDelegation({ ...TASK, definitionOfDone: [] }, DELEGATION_INPUT);
  const checked = validatePacket('delegation', d);
  assert.equal(checked.ok, false);
  assert.deepEqual(!checked.ok && checked.issues, [{ path: ['acceptanceCriteria'], message: 'list at least one acceptance criterion' }]);
});

test('approval-needed options given by the user replace the defaults, and the default risk follows the decision', () => {
  const a = buildApproval(null, { decision: 'pii', context: 'Store phone numbers', options: [{ title: 'Hash them', pros: ['no raw PII'], cons: [] }], risks: [] });
  assert.deepEqual(a, {
    version: 1, decision: 'pii', context: 'Store phone numbers', options: [{ title: 'Hash them', pros: ['no raw PII'], cons: [] }],
    risks: ['Proceeding without approval: personal data may be collected, kept or shown without a basis.'],
  });
});

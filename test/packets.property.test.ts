// Property tests for the packet markdown format (src/packets/): for generated packets of every kind,
// parse(render(p)) deep-equals p, with no diagnostic. Strings are hostile on purpose: markdown
// markers at the start of a value, inline markup, HTML, entities, escapes, `key: value` look-alikes,
// "(none)", leading and trailing spaces, line breaks, NUL, RTL and astral text. The schema normalises
// text first (trim, line breaks folded, NUL → U+FFFD, see src/packets/schemas.ts); after that the
// round trip must be exact.
//
// Runs are deterministic (fixed seed). FC_SEED=<n> explores other inputs, FC_RUNS=<n> scales the runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { GATE_DECISIONS, LANES, RISKS, SCOPES, TASK_TYPES } from '../src/router/task-packet.ts';
import { parsePacket } from '../src/packets/parse.ts';
import { renderPacket } from '../src/packets/render.ts';
import { normalizeText, PACKET_KINDS, validatePacket, type AnyPacket, type PacketKind } from '../src/packets/schemas.ts';

const SEED = Number(process.env.FC_SEED ?? 0x6b616f);
const SCALE = Number(process.env.FC_RUNS ?? 1);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });

const AWKWARD = [
  '#', '# heading', '## Goal', '- item', '* star', '+ plus', '1. one', '2) two', '10.', '> quote', '```', '~~~ts', '    code',
  '<div>', '</p>', '<!-- c -->', '<!--', '-->', '<!-- kao:packet task v1 -->', '[a]: /url', '[x] done', '[ ] open', '[X]', '| a | b |',
  '|---|', '---', '===', '***', '___', '\\', '\\#', '\\\\', '`code`', '``', '`', '**bold**', '_em_', '~~s~~', '&amp;', '&#35;', '&nbsp;',
  'key: value', 'title: x', ': lead', 'a:b', '(none)', 'none', 'N/A', 'nothing.', 'yes', 'no', 'true', '0', '007', '1.5', '-1', '=>',
  ' lead', 'trail ', '\ttab', 'line\nbreak', 'cr\r\nlf', 'lone\rcr', 'blank\n\nline', 'x\u2028y', '\u00a0nbsp', '\u200f', '\u202e',
  '\0', 'العربية', 'עברית', '日本語', '👩‍💻', '🇯🇵', 'naïve', 'ﬁ', 'https://x.y/a_b*c', '[link](http://x)', '![img](x.png)', '\uFEFF',
];
const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...AWKWARD), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
);
/** Raw text as a user or a tool might give it; the schema normalises it. Never empty once normalised. */
const text = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.constantFrom('', ' ', '\n', ' - '))
  .map(([ps, sep]) => ps.join(sep))
  .map((s) => (normalizeText(s) ? s : `x${s}`));
const texts = (minLength = 0) => fc.array(text, { minLength, maxLength: 4 });
const roleId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const date = fc.tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const lane = fc.constantFrom(...LANES);
const decision = fc.constantFrom(...GATE_DECISIONS);

const classification = fc.record({ type: fc.constantFrom(...TASK_TYPES), scope: fc.constantFrom(...SCOPES), risk: fc.constantFrom(...RISKS), apps: texts() });
const gate = fc.record(
  { decision, reason: text, when: fc.constantFrom('now', 'if'), condition: text, rule: text, approved: fc.boolean(), evidence: texts() },
  { requiredKeys: ['decision', 'reason', 'when', 'rule'] },
);
const phase = fc.record({ id: fc.nat(20), goal: text, definitionOfDone: texts() });

const ARBITRARIES: Record<PacketKind, fc.Arbitrary<Record<string, unknown>>> = {
  task: fc.record({
    version: fc.constant(1), title: text, classification, riskAxes: texts(), owners: fc.record({ primary: text, supporting: texts() }),
    lanes: fc.array(lane, { maxLength: 5 }), phases: fc.array(phase, { maxLength: 3 }), gates: fc.array(gate, { maxLength: 3 }),
    mode: fc.constantFrom('assumption-first', 'clarify-first'), questions: texts(), assumptions: texts(), validation: texts(),
    definitionOfDone: texts(), because: fc.array(fc.record({ rule: text, matched: texts(), effect: text }), { maxLength: 3 }),
  }),
  delegation: fc.record({
    version: fc.constant(1), from: roleId, to: roleId, date, objective: text, classification, acceptanceCriteria: texts(1),
    constraints: texts(), gates: fc.array(gate, { maxLength: 2 }), decisions: texts(), assumptions: texts(), reuseTargets: texts(), ssot: texts(),
    phases: fc.array(phase, { maxLength: 3 }), validation: texts(1), areas: texts(), risks: texts(), why: text, expectedOutput: text, returnPath: text,
  }, { requiredKeys: ['version', 'from', 'to', 'date', 'objective', 'classification', 'acceptanceCriteria', 'validation', 'returnPath'] }),
  'phase-handoff': fc.record({
    version: fc.constant(1), phase: text, currentLane: lane, nextLane: lane, changed: texts(1),
    verified: fc.array(fc.record({ command: text, result: text }), { maxLength: 3 }),
    nextSteps: fc.array(fc.record({ step: text, done: fc.boolean() }), { minLength: 3, maxLength: 7 }),
    openQuestions: texts(), pendingGates: fc.array(decision, { maxLength: 3 }),
    crossStack: fc.record({ backendContract: text, portalIntegration: text, i18nKeys: text, e2eRtl: text }),
  }, { requiredKeys: ['version', 'phase', 'currentLane', 'nextLane', 'changed', 'verified', 'nextSteps'] }),
  recovery: fc.record({
    version: fc.constant(1), goal: text, lastLane: lane, done: texts(), failing: texts(), nextStep: text, commands: texts(),
    pendingGates: fc.array(decision, { maxLength: 3 }), assumptions: texts(),
  }, { requiredKeys: ['version', 'goal', 'lastLane', 'done', 'nextStep'] }),
  'drift-ticket': fc.record({
    version: fc.constant(1), drifted: text, codeToday: text, ssotSays: text, proposedRule: text, why: text,
    blastRadius: texts(1), needsPoGate: fc.boolean(), validation: texts(1),
  }),
  'approval-needed': fc.record({
    version: fc.constant(1), decision, context: text, options: fc.array(fc.record({ title: text, pros: texts(), cons: texts() }), { minLength: 1, maxLength: 3 }),
    risks: texts(1),
  }),
};

for (const kind of PACKET_KINDS) {
  test(`a generated ${kind} packet parses back from its markdown exactly, with no diagnostic`, () => {
    fc.assert(fc.property(ARBITRARIES[kind], (raw) => {
      const valid = validatePacket(kind, raw);
      assert.ok(valid.ok, JSON.stringify(valid));
      const packet = { kind, packet: valid.packet } as AnyPacket;
      const markdown = renderPacket(packet);
      const back = parsePacket(markdown, 'p.md');
      assert.deepEqual(back.diagnostics, [], markdown);
      assert.deepEqual(back.packet, packet, markdown);
      assert.equal(renderPacket(back.packet!), markdown);
    }), runs(150));
  });
}

test('normalising text is idempotent and leaves one-line trimmed text as it is', () => {
  fc.assert(fc.property(text, (s) => {
    const once = normalizeText(s);
    assert.equal(normalizeText(once), once);
    assert.ok(!/[\r\n\0]/.test(once) && once === once.trim());
  }), runs(500));
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
    fc.pre(s === s.trim() && !/[\r\n\0]/.test(s));
    assert.equal(normalizeText(s), s);
  }), runs(500));
});

test('whatever follows a packet marker, parsing never throws and every diagnostic points into the file', () => {
  const line = fc.oneof(
    fc.constantFrom('', '# Title', '## Goal', '## Next steps', '### Phase 0', '- [ ] step', '- key: value', '- id: x', '```', '> q', '| a |', '|---|', '(none)'),
    text.map((s) => s.replace(/\n/g, ' ')),
  );
  fc.assert(fc.property(fc.constantFrom(...PACKET_KINDS), fc.array(line, { maxLength: 30 }), (kind, lines) => {
    const source = [`<!-- kao:packet ${kind} v1 -->`, ...lines].join('\n');
    const total = source.split(/\r\n?|\n/).length;
    const result = parsePacket(source, 'hand.md');
    assert.equal(result.kind, kind);
    for (const d of result.diagnostics) {
      assert.ok(d.line >= 1 && d.line <= total, JSON.stringify(d));
      assert.ok(d.message.startsWith(`${kind} packet: `), d.message);
    }
    assert.equal(result.packet === null, result.diagnostics.some((d) => d.severity === 'error'));
  }), runs(300));
});

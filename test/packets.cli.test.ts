// `kao packet` as a user runs it: a separate process, exit code, stdout and stderr pinned; recovery
// packets read from real git repositories built in temp folders with dated commits.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { TaskPacket } from '../src/router/task-packet.ts';
import { parsePacket } from '../src/packets/parse.ts';
import { renderPacket } from '../src/packets/render.ts';
import { PACKET_KINDS } from '../src/packets/schemas.ts';
import { BIN, REPO, tempDir, writeFiles } from './helpers.ts';

function kaoPacket(args: string[], opts: { cwd?: string; input?: string } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'packet', ...args], { cwd: opts.cwd ?? REPO, input: opts.input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}


const TASK: TaskPacket = {
  version: 1,
  title: 'Add a low-stock widget to the dashboard and a backend endpoint for it',
  classification: { type: 'feature', scope: 'cross-stack', risk: 'medium', apps: ['backend', 'portal'] },
  riskAxes: ['contract'],
  owners: { primary: 'orchestrator', supporting: ['backend-lead', 'backend-implementer'] },
  lanes: ['planning', 'implementation', 'review', 'validation'],
  phases: [{ id: 0, goal: 'agree the contract', definitionOfDone: ['response shape written down'] }],
  gates: [
    { decision: 'schema', reason: 'a new column may be needed', when: 'if', condition: 'the threshold is stored per item', rule: 'trigger:db-schema' },
    { decision: 'dependencies', reason: 'a chart library', when: 'now', rule: 'trigger:dependency', approved: true, evidence: ['package.json:12'] },
  ],
  mode: 'assumption-first',
  questions: [],
  assumptions: ['the dashboard already has a widget grid'],
  validation: ['npm test', 'go test ./...'],
  definitionOfDone: ['the widget lists items below their threshold'],
  because: [],
};

function taskFile(extra: Record<string, unknown> = {}): string {
  const dir = tempDir('kao-packet-');
  writeFiles(dir, { 'task.json': JSON.stringify({ ...TASK, ...extra }, null, 2) });
  return join(dir, 'task.json');
}

/** `--json` output against the published schemas/packets/<kind>.schema.json. */
function assertMatchesSchema(kind: string, data: unknown): void {
  const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'packets', `${kind}.schema.json`), 'utf8')));
  assert.ok(validate(data), JSON.stringify(validate.errors));
}

test('kao packet --help lists every kind and check; a kind\'s --help lists its options', () => {
  const r = kaoPacket(['--help']);
  assert.equal(r.status, 0);
  for (const kind of [...PACKET_KINDS, 'check FILE.md']) assert.match(r.stdout, new RegExp(`^  ${kind} +\\S`, 'm'));
  const d = kaoPacket(['delegation', '--help']);
  assert.equal(d.status, 0);
  assert.match(d.stdout, /^Usage: kao packet delegation \[options\]\n/);
  assert.match(d.stdout, /--from <role> +role id handing the work over, e\.g\. backend-lead \(required\)/);
  assert.match(d.stdout, /--criterion <text> +an acceptance criterion .* \(repeatable\)/);
});

test('kao packet delegation builds markdown that check accepts, and JSON that matches the published schema', () => {
  const task = taskFile({ changes: [{ path: 'backend/inventory.go', area: 'backend', axes: [] }] });
  const args = ['delegation', '--from', 'orchestrator', '--to', 'backend-implementer', '--task', task, '--date', '2025-06-01', '--criterion', 'lists items below 5'];
  const md = kaoPacket(args);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /^<!-- kao:packet delegation v1 -->\n\n# Delegation packet\n\n## From\n\norchestrator\n/);
  const file = join(dirname(task), 'delegation.md');
  writeFileSync(file, md.stdout);
  const checked = kaoPacket(['check', file]);
  assert.equal(checked.status, 0);
  assert.equal(checked.stdout, `${file}: delegation packet, valid: 0 errors, 0 warnings\n`);

  const json = kaoPacket([...args, '--json']);
  const out = JSON.parse(json.stdout);
  assertMatchesSchema('delegation', out);
  assert.deepEqual(out.packet.areas, ['backend/inventory.go']);
  assert.deepEqual(out.packet.acceptanceCriteria, ['lists items below 5']);
  assert.equal(out.packet.expectedOutput, 'Code and tests that meet the acceptance criteria, with every validation command passing.');
  assert.deepEqual(parsePacket(md.stdout, 'd.md').packet, out);
});

test('kao packet task reads the task packet from stdin with --task -', () => {
  const r = kaoPacket(['task', '--task', '-'], { input: JSON.stringify(TASK) });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, renderPacket({ kind: 'task', packet: TASK }));
  assert.deepEqual(parsePacket(r.stdout, 't.md').packet, { kind: 'task', packet: TASK });
});

test('usage errors exit 2 with a message naming the option, and print nothing on stdout', () => {
  const task = taskFile();
  const cases: [string[], string][] = [
    [['handover'], 'packet: unknown kind "handover"'],
    [['delegation', '--to', 'web-lead', '--task', task], 'packet delegation: --from is required'],
    [['delegation', '--from', 'Backend Lead', '--to', 'web-lead', '--task', task], 'packet delegation: --from must be a role id (lower-case words joined by hyphens, e.g. backend-lead), not "Backend Lead"'],
    [['delegation', '--from', 'a', '--to', 'b', '--task', task, '--colour'], "packet delegation: Unknown option '--colour'"],
    [['delegation', '--from', 'a', '--to', 'b', '--task', join(dirname(task), 'nope.json')], `--task ${join(dirname(task), 'nope.json')}: no such file`],
    [['task', '--task', '-'], '--task - is not a task packet: version: Invalid input: expected 1'],
    [['approval-needed', '--decision', 'billing', '--context', 'x'], 'packet approval-needed: --decision must be one of scope, dependencies, schema'],
    [['approval-needed', '--decision', 'pii', '--context', 'x', '--pro', 'cheap'], 'packet approval-needed: --pro "cheap" comes before any --option'],
    [['approval-needed', '--decision', 'pii'], 'packet approval-needed: give --task or --context'],
    [['phase-handoff', '--phase', '1', '--lane', 'implementation', '--next-lane', 'review', '--changed', 'x', '--step', 'a', '--step', 'b'],
      'packet phase-handoff: the packet is not complete: nextSteps: list 3 to 7 next steps'],
    [['phase-handoff', '--phase', '1', '--lane', 'implementation', '--next-lane', 'review', '--changed', 'x', '--backend-contract', 'agreed'],
      'packet phase-handoff: cross-stack work needs all of --backend-contract, --portal-integration, --i18n-keys, --e2e-rtl; missing --portal-integration, --i18n-keys, --e2e-rtl'],
    [['check'], 'packet check: expected one FILE.md, got 0'],
    [['check', join(dirname(task), 'missing.md')], `packet check: no such file: ${join(dirname(task), 'missing.md')}`],
    [['recovery', '--dir', join(dirname(task), 'nowhere')], `packet: not a directory: ${join(dirname(task), 'nowhere')}`],
    [['recovery', '--dir', dirname(task)], 'git rev-parse --show-toplevel failed'],
  ];
  for (const [args, message] of cases) {
    const r = kaoPacket(args, { input: '{}' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.startsWith(`kao: ${message}`), `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});

test('kao packet check exits 1 on a packet with errors, as text with fixes or as JSON', () => {
  const dir = tempDir('kao-packet-');
  writeFiles(dir, { 'a.md': '<!-- kao:packet approval-needed v1 -->\n# Approval needed\n\n## Decision\nschema\n\n## Options\n### One\n- title: add a column\n' });
  const text = kaoPacket(['check', 'a.md'], { cwd: dir });
  assert.equal(text.status, 1);
  assert.equal(text.stdout, [
    'a.md:1:1 error packet-missing-field approval-needed packet: missing "Context" (context)',
    '    fix: Add a "## Context" section with the value on the line below it.',
    'a.md:1:1 error packet-missing-field approval-needed packet: missing "Risks" (risks)',
    '    fix: Add a "## Risks" section with one "- " item each.',
    'a.md:8:1 error packet-missing-field approval-needed packet: missing options[0].pros',
    '    fix: Add a "Pros" sub-heading under "Options".',
    'a.md:8:1 error packet-missing-field approval-needed packet: missing options[0].cons',
    '    fix: Add a "Cons" sub-heading under "Options".',
    'a.md: approval-needed packet: 4 errors, 0 warnings',
    '',
  ].join('\n'));
  const json = JSON.parse(kaoPacket(['check', 'a.md', '--json'], { cwd: dir }).stdout);
  assert.equal(json.valid, false);
  assert.equal(json.kind, 'approval-needed');
  assert.equal(json.packet, null);
  assert.deepEqual(json.summary, { errors: 4, warnings: 0 });
});

test('approval-needed binds each --pro and --con to the --option before it', () => {
  const r = kaoPacket(['approval-needed', '--decision', 'pii', '--context', 'Store phone numbers', '--option', 'Hash them', '--pro', 'no raw PII',
    '--con', 'no call-backs', '--option', 'Store them', '--pro', 'simple', '--risk', 'a leak exposes customers', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assertMatchesSchema('approval-needed', out);
  assert.deepEqual(out.packet.options, [{ title: 'Hash them', pros: ['no raw PII'], cons: ['no call-backs'] }, { title: 'Store them', pros: ['simple'], cons: [] }]);
  assert.deepEqual(out.packet.risks, ['a leak exposes customers']);
});

test('phase-handoff and drift-ticket build from flags; pending gates come from the task packet', () => {
  const h = kaoPacket(['phase-handoff', '--phase', '1: backend', '--lane', 'implementation', '--next-lane', 'review', '--changed', 'endpoint added',
    '--verified', 'node -e "x => 1" => exit 0', '--step', 'wire the client', '--step', 'add i18n keys', '--step', 'E2E smoke', '--task', taskFile(),
    '--backend-contract', 'agreed', '--portal-integration', 'not started', '--i18n-keys', 'none yet', '--e2e-rtl', 'not run', '--json']);
  assert.equal(h.status, 0, h.stderr);
  const handoff = JSON.parse(h.stdout).packet;
  assert.deepEqual(handoff.verified, [{ command: 'node -e "x => 1"', result: 'exit 0' }]);
  assert.deepEqual(handoff.pendingGates, ['schema']);
  assert.deepEqual(handoff.nextSteps[0], { step: 'wire the client', done: false });
  assert.equal(handoff.crossStack.i18nKeys, 'none yet');

  const d = kaoPacket(['drift-ticket', '--drifted', 'money format', '--code-today', 'SAR 1,000', '--ssot-says', '1,000 ر.س', '--proposed-rule', 'use formatMoney()',
    '--why', 'one place', '--blast-radius', 'portal/src/money.ts', '--validation', 'grep for "SAR"', '--no-po-gate']);
  assert.equal(d.status, 0, d.stderr);
  const parsed = parsePacket(d.stdout, 'drift.md');
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.packet?.kind === 'drift-ticket' && parsed.packet.packet.needsPoGate, false);
  assert.match(d.stdout, /## SSOT says\n\n1,000 ر\.س\n/);
});

// ---------------------------------------------------------------------------------------------
// Recovery from a real git checkout
// ---------------------------------------------------------------------------------------------

function git(cwd: string, args: string[], date?: string): string {
  const env = date ? { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : process.env;
  return execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();
}

function repo(branch = 'main'): string {
  const root = tempDir('kao-recovery-');
  git(root, ['init', '-q', '-b', branch]);
  git(root, ['config', 'user.email', 'dev@example.com']);
  git(root, ['config', 'user.name', 'Dev']);
  return root;
}

function commit(root: string, files: Record<string, string>, message: string, date: string): string {
  writeFiles(root, files);
  git(root, ['add', '-A']);
  git(root, ['commit', '-qm', message], date);
  return git(root, ['rev-parse', 'HEAD']);
}

const short = (root: string, rev: string) => git(root, ['rev-parse', '--short', rev]);

const HANDOFF = renderPacket({ kind: 'phase-handoff', packet: {
  version: 1, phase: '0: contract', currentLane: 'planning', nextLane: 'implementation', changed: ['contract agreed'], verified: [],
  nextSteps: [{ step: 'write the repository query', done: true }, { step: 'add the endpoint handler with tests', done: false }, { step: 'wire the portal client', done: false }],
  pendingGates: ['auth'],
} });

test('recovery reads goal, lane, next step and gates from the packets, and what is done from git', () => {
  const root = repo();
  commit(root, { 'src/a.ts': 'export const a = 1;\n' }, 'initial', '2025-01-01T10:00:00Z');
  const packets = commit(root, { '.agent-os/packets/task.md': renderPacket({ kind: 'task', packet: TASK }), '.agent-os/packets/handoff.md': HANDOFF }, 'Add packets', '2025-01-02T10:00:00Z');
  commit(root, { 'src/query.ts': 'export const q = 1;\n' }, 'Add low-stock query', '2025-01-03T10:00:00Z');
  writeFiles(root, { 'src/a.ts': 'export const a = 2;\n', 'src/new.ts': 'new\n' });
  const since = `${packets.slice(0, 12)}..HEAD`;
  const r = kaoPacket(['recovery', '--dir', join(root, 'src'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout);
  assertMatchesSchema('recovery', out);
  assert.deepEqual(out.packet, {
    version: 1,
    goal: TASK.title,
    lastLane: 'implementation',
    done: ['step done: write the repository query', `commit ${short(root, 'HEAD')} Add low-stock query`, 'uncommitted (modified): src/a.ts', 'uncommitted (untracked): src/new.ts'],
    nextStep: 'add the endpoint handler with tests',
    commands: ['git status --short', `git log --oneline ${since}`, 'git diff --stat', 'npm test', 'go test ./...'],
    pendingGates: ['auth', 'schema'],
    assumptions: [
      'The goal comes from .agent-os/packets/task.md (task packet); re-confirm it if the work has moved on.',
      'The last lane comes from .agent-os/packets/handoff.md (phase-handoff packet).',
      `What is done is read from git (${since}) and the packets; no test was run.`,
      'the dashboard already has a widget grid',
    ],
  });
  const md = kaoPacket(['recovery', '--dir', root]);
  assert.deepEqual(parsePacket(md.stdout, 'recovery.md').packet, out);
});

test('without packets, recovery falls back to the branch, the discovery lane and the last commits', () => {
  const root = repo('feature/low-stock');
  const first = commit(root, { 'a.txt': 'a\n' }, 'first', '2025-01-01T10:00:00Z');
  const second = commit(root, { 'b.txt': 'b\n' }, 'second', '2025-01-02T10:00:00Z');
  const out = JSON.parse(kaoPacket(['recovery', '--json'], { cwd: root }).stdout).packet;
  assert.deepEqual(out, {
    version: 1,
    goal: 'Finish the work on branch feature/low-stock',
    lastLane: 'discovery',
    done: [`commit ${short(root, second)} second`, `commit ${short(root, first)} first`],
    nextStep: 'Run the validation commands to confirm the current state, then write down the next step.',
    commands: ['git status --short', 'git log --oneline -n 20'],
    assumptions: [
      'No task, delegation or recovery packet was found: the goal is taken from the branch name (feature/low-stock).',
      'No packet names a lane: starting from discovery.',
      'What is done is read from git (-n 20) and the packets; no test was run.',
    ],
  });
});

test('recovery prefers packets under docs/ or .agent-os/packets/, honours --base, and skips broken packets with a note', () => {
  const root = repo();
  const docsTask = renderPacket({ kind: 'task', packet: { ...TASK, title: 'Docs task' } });
  commit(root, { 'docs/task.md': docsTask, 'README.md': '# readme\n' }, 'docs task', '2025-01-01T10:00:00Z');
  commit(root, { 'notes/task.md': docsTask.replace('Docs task', 'Notes task') }, 'notes task', '2025-01-02T10:00:00Z');
  const last = commit(root, { 'src/x.ts': 'x\n' }, 'work', '2025-01-03T10:00:00Z');
  writeFiles(root, { '.agent-os/packets/broken.md': '<!-- kao:packet recovery v1 -->\n# Recovery packet\n' });
  const r = kaoPacket(['recovery', '--base', 'HEAD~1', '--json'], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'kao: note: skipped .agent-os/packets/broken.md: not a valid packet (see `kao packet check .agent-os/packets/broken.md`)\n');
  const out = JSON.parse(r.stdout).packet;
  assert.equal(out.goal, 'Docs task');
  assert.deepEqual(out.done, [`commit ${short(root, last)} work`, 'uncommitted (untracked): .agent-os/packets/broken.md']);
  assert.equal(out.nextStep, 'Review the uncommitted changes (git diff), run the validation commands, then commit them or drop them.');
  assert.equal(out.commands[1], 'git log --oneline HEAD~1..HEAD');
});

test('phase-handoff without --changed lists the commits since --base and the uncommitted files', () => {
  const root = repo();
  commit(root, { 'a.txt': 'a\n' }, 'start', '2025-01-01T10:00:00Z');
  commit(root, { 'b.txt': 'b\n' }, 'Add the endpoint', '2025-01-02T10:00:00Z');
  writeFiles(root, { 'c.txt': 'c\n' });
  const r = kaoPacket(['phase-handoff', '--phase', '1', '--lane', 'implementation', '--next-lane', 'review', '--base', 'HEAD~1',
    '--step', 'a', '--step', 'b', '--step', 'c', '--json'], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).packet.changed, [`${short(root, 'HEAD')} Add the endpoint`, 'uncommitted: c.txt']);
});

test('a --base that git would read as an option is refused before git runs', () => {
  const root = tempDir();
  execFileSync('git', ['init', '-q'], { cwd: root });
  const target = join(root, 'injected');
  const r = kaoPacket(['recovery', `--base=--output=${target}`], { cwd: root });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--base: not a git ref/);
  assert.equal(existsSync(`${target}..HEAD`) || existsSync(target), false);
});

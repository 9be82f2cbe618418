// kao route through the real command: the six worked examples of DESIGN.md §3, the brief formats,
// the JSON contract, and routing that follows an edited playbook without a code change.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { builtinPlaybookDir } from '../src/playbook/builtin.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { parseBrief } from '../src/router/brief.ts';
import { createRouter } from '../src/router/route.ts';
import { BIN, kao, REPO, tempDir } from './helpers.ts';

const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'task-packet.schema.json'), 'utf8')));

function route(args: string[], cwd = REPO) {
  const r = kao(['route', ...args, '--json'], cwd);
  assert.equal(r.status, 0, r.stderr);
  const data: unknown = JSON.parse(r.stdout);
  assert.ok(validate(data), JSON.stringify(validate.errors));
  // Typed loosely on purpose: the JSON was just checked against the published schema.
  return data as any;
}

const summary = (p: any) => ({
  type: p.classification.type, scope: p.classification.scope, risk: p.classification.risk,
  primary: p.owners.primary, supporting: p.owners.supporting, lanes: p.lanes,
  gates: p.gates.map((g: any) => `${g.decision}:${g.when}`),
});

test('worked example 1: a low-stock widget and its endpoint is a cross-stack feature in four phases', () => {
  const p = route(['Add a low-stock widget to the dashboard and a backend endpoint for it']);
  assert.deepEqual(summary(p), {
    type: 'feature', scope: 'cross-stack', risk: 'medium', primary: 'orchestrator',
    supporting: ['backend-lead', 'web-lead', 'backend-implementer', 'web-implementer', 'qa-test-specialist'],
    lanes: ['planning', 'implementation', 'review', 'validation'],
    gates: ['schema:if', 'dependencies:if'],
  });
  assert.deepEqual(p.phases.map((ph: any) => ph.id), [0, 1, 2, 3]);
  assert.match(p.phases[0].goal, /contract \(endpoint, request and response shape, error behaviour\)/);
  assert.match(p.phases[2].goal, /portal client, UI, i18n keys and UI states/);
  assert.match(p.phases[3].goal, /E2E smoke, RTL check/);
  assert.equal(p.mode, 'clarify-first');
  assert.ok(p.questions.length >= 1 && p.questions.length <= 5);
  assert.ok(p.because.some((b: any) => b.rule === 'trigger:contract' && b.matched.includes('endpoint')));
});

test('worked example 2: revamping the orders list page is high-risk design work behind the major-ux gate', () => {
  assert.deepEqual(summary(route(['Revamp the orders list page to be cleaner and mobile-friendly'])), {
    type: 'design', scope: 'single-app', risk: 'high', primary: 'design-ux-lead',
    supporting: ['web-lead', 'i18n-localization-lead', 'web-implementer', 'qa-test-specialist'],
    lanes: ['discovery', 'planning', 'implementation', 'review', 'validation'],
    gates: ['major-ux:now'],
  });
});

test('worked example 3: a cross-stack search refactor is high risk, phased, with behaviour and contract gates', () => {
  const p = route(['Refactor customer search/filter across backend and portal; it is getting messy']);
  assert.deepEqual(summary(p), {
    type: 'refactor', scope: 'cross-stack', risk: 'high', primary: 'orchestrator',
    supporting: ['backend-lead', 'web-lead', 'shared-platform-implementer', 'qa-test-specialist'],
    lanes: ['planning', 'implementation', 'review', 'validation'],
    gates: ['behavior-refactor:if', 'breaking-contract:if'],
  });
  assert.deepEqual(p.phases.map((ph: any) => ph.goal.slice(0, 8)), ['Phase 0:', 'Phase 1:', 'Phase 2:', 'Phase 3:']);
  assert.match(p.phases[0].goal, /map today's behaviour/);
  assert.match(p.phases[3].goal, /remove the old code/);
});

test('worked example 4: figures that look off now and then, no rush, go to discovery and the backlog', () => {
  const p = route(['The dashboard figures look off now and then; no rush.']);
  assert.deepEqual(summary(p), {
    type: 'bug', scope: 'unknown', risk: 'medium', primary: 'orchestrator',
    supporting: ['data-analytics-lead', 'qa-test-specialist'],
    lanes: ['discovery', 'deferred'],
    gates: [],
  });
  assert.ok(p.because.some((b: any) => b.rule === 'modifier:deferrable' && b.matched.includes('no rush')));
});

test('worked example 5: rewriting Arabic onboarding translations belongs to the i18n Lead with the Web Lead', () => {
  const p = route(['Rewrite the Arabic translations of the onboarding screens to sound more natural']);
  assert.deepEqual(summary(p), {
    type: 'i18n', scope: 'single-app', risk: 'medium', primary: 'i18n-localization-lead',
    supporting: ['web-lead'], lanes: ['planning', 'implementation', 'review'], gates: ['scope:if'],
  });
  assert.match(p.gates[0].condition, /meaning/);
});

test('worked example 6: a landing-page section is low-risk content, assumption-first, gated only on legal claims', () => {
  const p = route(['Write a short landing-page section explaining the cash-in-hand benefit']);
  assert.deepEqual(summary(p), {
    type: 'content', scope: 'monorepo-wide', risk: 'low', primary: 'content-marketing-lead',
    supporting: [], lanes: ['discovery', 'implementation', 'review'], gates: ['legal-claims:if'],
  });
  assert.equal(p.mode, 'assumption-first');
  assert.deepEqual(p.questions, []);
  assert.ok(p.assumptions.some((a: string) => /i18n\/Localization Lead joins/.test(a)));
});

test('the markdown packet shows classification, owners, lanes, gates and why', () => {
  const r = kao(['route', 'Add a low-stock widget to the dashboard and a backend endpoint for it']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^## Task packet: Add a low-stock widget/);
  assert.match(r.stdout, /\*\*feature\*\* · cross-stack \(backend, web\) · \*\*medium\*\* risk \(contract\) · clarify-first/);
  assert.match(r.stdout, /\*\*Lanes:\*\* planning → implementation → review → validation/);
  assert.match(r.stdout, /- \*\*schema\*\* \(ask if a schema change or migration is needed\)/);
  assert.match(r.stdout, /`trigger:contract` \(endpoint\)/);
});

test('a brief as labelled text, YAML, JSON, a file or stdin routes the same; its own type and criteria win', () => {
  const labelled = 'Title: Let admins invite teammates\nType: feature\nScope: cross-stack\nAcceptance criteria:\n- an admin can send an invite\n- the invitee joins the workspace\nRisk hints: auth\n';
  const a = route([labelled]);
  assert.equal(a.title, 'Let admins invite teammates');
  assert.deepEqual(a.gates.filter((g: any) => g.when === 'now').map((g: any) => g.decision), ['auth']);
  assert.ok(a.owners.supporting.includes('security-privacy-reviewer'));
  assert.deepEqual(a.definitionOfDone.slice(0, 2), ['an admin can send an invite', 'the invitee joins the workspace']);
  const yaml = 'title: Let admins invite teammates\ntype: feature\nscope: cross-stack\nacceptanceCriteria:\n  - an admin can send an invite\n  - the invitee joins the workspace\nriskHints: [auth]\n';
  const json = JSON.stringify({ title: 'Let admins invite teammates', type: 'feature', scope: 'cross-stack', acceptanceCriteria: ['an admin can send an invite', 'the invitee joins the workspace'], riskHints: ['auth'] });
  const dir = tempDir();
  writeFileSync(join(dir, 'brief.yaml'), yaml);
  const strip = (p: any) => ({ ...p, because: p.because.map((b: any) => b.rule) });
  assert.deepEqual(strip(route([yaml])), strip(a));
  assert.deepEqual(strip(route([json])), strip(a));
  assert.deepEqual(strip(route(['--file', join(dir, 'brief.yaml')])), strip(a));
  const piped = spawnSync(process.execPath, [BIN, 'route', '--json'], { input: json, encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stderr);
  assert.deepEqual(strip(JSON.parse(piped.stdout)), strip(a));
});

test('editing the playbook changes the routing without a code change', () => {
  const dir = tempDir();
  assert.equal(kao(['init', dir]).status, 0);
  const task = ['Record a stocktake for every warehouse'];
  assert.deepEqual(route(task, dir).gates.filter((g: any) => g.when === 'now'), []);
  const modelPath = join(dir, '.github', 'agent-os', 'operating-model.yaml');
  writeFileSync(modelPath, readFileSync(modelPath, 'utf8').replace('terms: [schema, migration,', 'terms: [stocktake, schema, migration,'));
  const after = route(task, dir);
  assert.deepEqual(after.gates.filter((g: any) => g.when === 'now').map((g: any) => g.decision), ['schema']);
  assert.ok(after.owners.supporting.includes('qa-test-specialist'));
  assert.ok(after.because.some((b: any) => b.rule === 'trigger:schema' && b.matched.includes('stocktake')));
});

test('a bad brief is a usage error with a hint, never a stack trace', () => {
  for (const [args, pattern] of [
    [['route', '{ not json'], /looks like JSON but does not parse/],
    [['route', JSON.stringify({ title: 'x', type: 'party' })], /unknown task type "party"[\s\S]*Use one of: bug, i18n/],
    [['route', '   '], /the task brief is empty/],
    [['route', '--file', '/no/such/brief.yaml'], /cannot read \/no\/such\/brief\.yaml: ENOENT/],
  ] as const) {
    const r = kao([...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('a repository model without routing is told how to get it', () => {
  const dir = tempDir();
  mkdirSync(join(dir, '.github', 'agent-os'), { recursive: true });
  writeFileSync(join(dir, '.github', 'agent-os', 'operating-model.yaml'), 'version: 1\nroles:\n  - { id: po, name: PO, kind: human }\nriskAxes: []\ntriggers: []\ndecisions: []\nlanes: [{ id: planning, description: p }]\nplanningWritable: []\npackets: {}\nareas: {}\n');
  const r = kao(['route', 'Add a thing', '--dir', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /has no `routing` section/);
});

test('a YAML brief keeps its flow lists, and risk hints name axes exactly before loosely', () => {
  const p = route(['title: Store customer phone numbers for delivery updates\nriskHints: [auth, PII]\nacceptanceCriteria: [phone saved on the customer]']);
  assert.deepEqual(p.riskAxes.filter((a: string) => a === 'auth' || a === 'pii'), ['auth', 'pii']);
  assert.deepEqual(p.definitionOfDone[0], 'phone saved on the customer');
  const contract = route([JSON.stringify({ title: 'Return the currency with each order', riskHints: ['contract'] })]);
  assert.ok(contract.riskAxes.includes('contract') && !contract.riskAxes.includes('breaking-contract'));
});

test('a package named after a verb of adopting is a new dependency; everyday hyphenated words are not', async () => {
  const pb = await loadPlaybook(builtinPlaybookDir());
  const router = createRouter({ model: pb.model, roles: new Map([...pb.roles].map(([k, v]) => [k, v.spec])) });
  const dependency = (text: string) => router.route(parseBrief(text)).because.find((b) => b.rule === 'trigger:dependencies')?.matched ?? [];
  assert.deepEqual(dependency('Use date-fns in the portal'), ['Use date-fns']);
  assert.deepEqual(dependency('Switch to @tanstack/react-query for data fetching on the orders page'), ['Switch to @tanstack/react-query']);
  assert.ok(dependency('install lodash.debounce').includes('install lodash.debounce'));
  for (const text of ['Use e-mail for login codes', 'Add low-stock alerts to the dashboard', 'Use the drop-down on the filters', 'Use real-time updates on the orders page', 'Let users use sign-in with a magic link']) {
    assert.deepEqual(dependency(text), [], text);
  }
});

test('kao route reads a brief from a pipe that delivers late (no EAGAIN)', () => {
  const r = spawnSync('sh', ['-c', `(sleep 1; printf 'Add a webhook for order events') | "${process.execPath}" "${BIN}" route --json`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { title: string }).title, 'Add a webhook for order events');
});

test('the repository\'s own delegation table drives routing: its rows add roles (with conditions, never invented ids) and rows of its own become triggers, cited by file:line', () => {
  const root = tempDir('kao-rows-');
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  writeFileSync(join(root, '.github', 'agents', 'orchestrator.agent.md'), [
    '---', 'name: Orchestrator', 'description: routes work', 'tools: [read, agent]', '---', '# Orchestrator', '',
    '## Delegation by inference', '', '| Pattern | Must involve |', '| --- | --- |',
    '| loyalty points / rewards | Data/Analytics Lead + Web Lead if UI |',
    '| DB schema / migrations | QA/Test Specialist for testing + PO gate |',
    '| invoices | PO + Backend Lead |',
    '| onboarding copy | i18n Lead if user-facing copy |', '',
  ].join('\n'));
  // The table as compiled: roles and conditions, ids the playbook knows.
  const own = route(['Add loyalty points for repeat customers on the backend'], root);
  const loyalty = own.because.find((b: { rule: string }) => b.rule === 'trigger:playbook-orchestrator-12');
  assert.ok(loyalty, JSON.stringify(own.because.map((b: { rule: string }) => b.rule)));
  assert.match(loyalty.effect, /involve data-analytics-lead; as \.github\/agents\/orchestrator\.agent\.md:12 says/);
  assert.ok(own.owners.supporting.includes('data-analytics-lead'));
  assert.ok(!own.owners.supporting.includes('web-lead'), 'Web Lead only if UI, and the brief names only the backend');
  const withUi = route(['Show loyalty points on the portal page'], root);
  assert.ok(withUi.owners.supporting.includes('web-lead') || withUi.owners.primary === 'web-lead');
  const schema = route(['Add a migration for the loyalty table in the backend'], root);
  const why = schema.because.find((b: { rule: string }) => b.rule === 'trigger:schema');
  assert.match(why.effect, /as \.github\/agents\/orchestrator\.agent\.md:13 says/);
  assert.ok(schema.owners.supporting.includes('qa-test-specialist'));
  for (const p of [own, withUi, schema]) {
    for (const id of [p.owners.primary, ...p.owners.supporting]) assert.ok(!/ if | for |-if-|-for-/.test(id), `invented id ${id}`);
  }
  const lint = kao(['lint', '--json'], root);
  assert.ok(!(JSON.parse(lint.stdout) as { diagnostics: { rule: string }[] }).diagnostics.some((d) => d.rule === 'role-undefined'), lint.stdout);
});

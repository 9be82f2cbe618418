// The kao command as a user runs it: a separate process on real folders, exit codes and output pinned.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { kao, REPO, SEED, tempDir } from './helpers.ts';

function seedRepo(): string {
  const root = tempDir();
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  return root;
}

test('kao lint --builtin is clean and exits 0', () => {
  const r = kao(['lint', '--builtin']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '13 artifacts checked: 0 errors, 0 warnings, 0 info\n');
});

test('kao lint of the seed prints file:line:col diagnostics with fix hints and exits 1', () => {
  const r = kao(['lint', seedRepo()]);
  assert.equal(r.status, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), '1 artifact checked: 8 errors, 1 warning, 1 info');
  assert.ok(lines.includes('.github/agents/backend-lead.agent.md:136:48 warning text-mojibake mis-decoded text "â€”" (UTF-8 read as Windows-1252); "—" was meant — the compiled spec uses the repaired text'));
  assert.equal(lines.filter((l) => l.startsWith('    fix: ')).length, 10);
  assert.equal(r.stderr, '');
});

test('kao lint --json matches the published JSON Schema', () => {
  const r = kao(['lint', seedRepo(), '--json']);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'lint-result.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  assert.ok(validate(out), JSON.stringify(validate.errors));
  assert.deepEqual((out as { summary: unknown }).summary, { files: 1, errors: 8, warnings: 1, infos: 1 });
  const clean = JSON.parse(kao(['lint', '--builtin', '--json']).stdout);
  assert.ok(validate(clean));
});

test('kao lint --format sarif writes SARIF 2.1.0 with one result per diagnostic', () => {
  const r = kao(['lint', seedRepo(), '--format', 'sarif']);
  assert.equal(r.status, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'kao');
  assert.equal(run.results.length, 10);
  const mojibake = run.results.find((x: { ruleId: string }) => x.ruleId === 'text-mojibake');
  assert.deepEqual(mojibake.locations[0].physicalLocation, { artifactLocation: { uri: '.github/agents/backend-lead.agent.md' }, region: { startLine: 136, startColumn: 48 } });
  assert.equal(run.results.find((x: { ruleId: string }) => x.ruleId === 'field-deprecated').level, 'note');
  for (const res of run.results) assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
});

test('usage errors exit 2 with a message and no stack trace', () => {
  for (const args of [['lint', '/no/such/folder'], ['lint', '--format', 'xml'], ['frobnicate'], ['compile', '--builtin', '--role', 'nobody'],
    ['lint', '.', '--builtin'], ['lint', '--json', '--format', 'sarif'], ['compile', '--role', 'x', '--for', 'y'], ['check', '--base', 'main', '--json', '--format', 'sarif']]) {
    const r = kao(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.match(kao(['lint', '/no/such/folder']).stderr, /^kao: not a directory: \/no\/such\/folder\n/);
  assert.match(kao(['compile', '--builtin', '--role', 'nobody']).stderr, /Known roles: backend-implementer, backend-lead/);
});

test('kao --help and kao lint --help describe the commands; --version prints the version', () => {
  const help = kao(['--help']);
  assert.equal(help.status, 0);
  for (const c of ['lint', 'compile', 'init']) assert.match(help.stdout, new RegExp(`\\n  ${c} `));
  assert.match(kao(['lint', '--help']).stdout, /--format <format>[\s\S]*Exit status: 0 no errors, 1 errors found, 2 usage error/);
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  assert.equal(kao(['--version']).stdout.trim(), pkg.version);
});

test('kao compile --role prints the compiled seed role when the repository has the seed', () => {
  const r = kao(['compile', seedRepo(), '--role', 'backend-lead']);
  assert.equal(r.status, 0, r.stderr);
  const role = JSON.parse(r.stdout);
  assert.equal(role.origin, 'repo');
  assert.equal(role.delegation.length, 5);
  assert.equal(role.qualityGates[0].checklist.length, 4);
  const all = JSON.parse(kao(['compile', seedRepo()]).stdout);
  assert.deepEqual(all.roles.map((x: { id: string; origin: string }) => `${x.id}:${x.origin}`).sort(), [
    'backend-implementer:builtin', 'backend-lead:repo', 'content-marketing-lead:builtin', 'data-analytics-lead:builtin',
    'design-ux-lead:builtin', 'devops-platform-lead:builtin', 'i18n-localization-lead:builtin', 'orchestrator:builtin',
    'qa-test-specialist:builtin', 'security-privacy-reviewer:builtin', 'shared-platform-implementer:builtin',
    'web-implementer:builtin', 'web-lead:builtin',
  ]);
  assert.ok(all.model.roles.some((x: { id: string; kind: string }) => x.id === 'po' && x.kind === 'human'));
});

test('kao init writes the built-in playbook, keeps the seed, and never overwrites without --force', () => {
  const root = seedRepo();
  const seedBefore = readFileSync(join(root, '.github', 'agents', 'backend-lead.agent.md'));
  const first = kao(['init', root, '--json', '--po', 'po@example.com']);
  assert.equal(first.status, 0, first.stderr);
  const out = JSON.parse(first.stdout);
  assert.equal(out.written.length, 16); // 12 agent files, the operating model, the API gate config, approvals and product owners
  assert.deepEqual(out.kept, [{ file: '.github/agents/backend-lead.agent.md', because: 'exists (use --force to overwrite)' }]);
  assert.deepEqual(readFileSync(join(root, '.github', 'agents', 'backend-lead.agent.md')), seedBefore);
  assert.ok(existsSync(join(root, '.github', 'agent-os', 'operating-model.yaml')));
  assert.deepEqual(readdirSync(join(root, '.github', 'agents')).filter((f) => f.includes('.tmp')), []);
  // The initialised repository lints to the seed's own problems only.
  const lint = JSON.parse(kao(['lint', root, '--json']).stdout);
  assert.ok(lint.diagnostics.every((d: { file: string }) => d.file === '.github/agents/backend-lead.agent.md'));
  assert.equal(lint.summary.files, 13);

  writeFileSync(join(root, '.github', 'agents', 'web-lead.agent.md'), '---\nname: Web Lead\ndescription: OURS-7f3\n---\n# Ours\n');
  const second = JSON.parse(kao(['init', root, '--json', '--po', 'po@example.com']).stdout);
  assert.equal(second.written.length, 0);
  assert.equal(second.kept.length, 17);
  assert.match(readFileSync(join(root, '.github', 'agents', 'web-lead.agent.md'), 'utf8'), /OURS-7f3/);

  const forced = JSON.parse(kao(['init', root, '--json', '--force', '--po', 'po@example.com']).stdout);
  assert.equal(forced.written.length, 17); // --force replaces the seed too: that is what it is for
  assert.equal(kao(['lint', root]).status, 0);
  assert.doesNotMatch(readFileSync(join(root, '.github', 'agents', 'web-lead.agent.md'), 'utf8'), /OURS-7f3/);

});

test('kao init keeps a built-in role the repository already defines under another path', () => {
  const root = tempDir();
  mkdirSync(join(root, '.claude', 'agents'), { recursive: true });
  writeFileSync(join(root, '.claude', 'agents', 'orchestrator.md'), '---\nname: Orchestrator\ndescription: OURS-7f3\n---\n# Ours\n');
  const out = JSON.parse(kao(['init', root, '--json']).stdout);
  assert.deepEqual(out.kept, [{ file: '.github/agents/orchestrator.agent.md', because: 'role `orchestrator` is already defined by .claude/agents/orchestrator.md' }]);
  assert.equal(kao(['init', join(root, 'missing')]).status, 2);
});

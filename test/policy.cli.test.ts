// kao policy check as a script uses it: one action or JSON lines, decisions as JSON, sources that
// point into the role file, stop conditions fed by outcomes, and clear usage errors.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, kao, poKey, productOwnersYaml, REPO, SEED, tempDir, writeFiles } from './helpers.ts';

function workspace(): string {
  const root = tempDir('kao-policy-');
  writeFiles(root, { 'backend/internal/orders/service.go': 'package orders\n', 'docs/specs/low-stock.md': '# Spec\n' });
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  return root;
}

function check(root: string, role: string, lane: string, action: object) {
  const r = kao(['policy', 'check', '--role', role, '--lane', lane, '--action', JSON.stringify(action), '--dir', root]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the seed Backend Lead may write specs but not production code while planning, cited to its own line', () => {
  const root = workspace();
  assert.deepEqual(check(root, 'backend-lead', 'planning', { tool: 'edit', path: 'backend/internal/orders/service.go' }), {
    decision: 'deny', rule: 'no-production-code-while-planning', source: '.github/agents/backend-lead.agent.md:64',
    reason: 'in the planning lane Backend Lead edits only spec, plan and packet documents, not backend/internal/orders/service.go; delegate the code',
  });
  assert.equal(check(root, 'backend-lead', 'planning', { tool: 'edit', path: 'docs/specs/low-stock.md' }).decision, 'allow');
  // A Lead specifies in every lane; the Implementer writes the migration, behind the PO's schema gate.
  const lead = check(root, 'backend-lead', 'implementation', { tool: 'edit', path: 'backend/migrations/0002_low_stock.sql' });
  assert.deepEqual([lead.decision, lead.rule], ['deny', 'lead-edits-specs-only']);
  const mig = check(root, 'backend-implementer', 'implementation', { tool: 'edit', path: 'backend/migrations/0002_low_stock.sql' });
  assert.deepEqual([mig.decision, mig.rule, mig.gate], ['ask', 'schema-change-requires-po-gate', 'schema']);
  assert.match(mig.source, /^kao:builtin\/\.github\/agents\/backend-implementer\.agent\.md:35$/);
  const tool = check(root, 'backend-lead', 'planning', { tool: 'github/create_issue', args: {} });
  assert.deepEqual([tool.decision, tool.source], ['deny', '.github/agents/backend-lead.agent.md:4']);
  assert.equal(check(root, 'backend-lead', 'planning', { tool: 'context7/get-library-docs', args: { id: 'gin' } }).decision, 'allow');
});

test('JSON lines on stdin: one decision per line, outcomes feed the stop conditions, bad lines are reported in place', () => {
  const root = workspace();
  const failing = { action: { tool: 'execute', command: 'go test ./...' }, exitCode: 1, error: 'undefined: lowStock' };
  const lines = [
    JSON.stringify({ tool: 'read', path: 'backend/internal/orders/service.go' }),
    JSON.stringify(failing), JSON.stringify(failing), JSON.stringify(failing),
    JSON.stringify({ tool: 'execute', command: 'go test ./...' }),
    '{ not json',
    JSON.stringify({ tool: 'execute', command: 'npm test && git push --force' }),
  ].join('\n');
  const r = spawnSync(process.execPath, [BIN, 'policy', 'check', '--role', 'backend-implementer', '--lane', 'implementation', '--stdin', '--dir', root], { input: lines, encoding: 'utf8' });
  assert.equal(r.status, 2, 'a bad line makes the exit status 2');
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(out.map((d) => d.decision ?? 'error'), ['allow', 'allow', 'allow', 'allow', 'ask', 'error', 'deny']);
  assert.equal(out[4].rule, 'stop-same-error-three-times');
  assert.equal(out[5].line, 6);
  assert.equal(out[6].rule, 'no-destructive-commands');
});

test('usage errors name what is missing and exit 2', () => {
  const root = workspace();
  const cases: [string[], RegExp][] = [
    [['policy', 'check', '--lane', 'planning', '--action', '{}'], /needs --role ROLE and --lane LANE/],
    [['policy', 'check', '--role', 'backend-lead', '--lane', 'lunch', '--action', '{"tool":"todo"}', '--dir', root], /unknown lane `lunch`[\s\S]*Lanes: discovery, planning/],
    [['policy', 'check', '--role', 'nobody', '--lane', 'planning', '--action', '{"tool":"todo"}', '--dir', root], /no role `nobody`/],
    [['policy', 'check', '--role', 'backend-lead', '--lane', 'planning', '--action', '{"tool":"edit"}', '--dir', root], /not a valid "edit" action/],
    [['policy', 'decide'], /expected `check`/],
  ];
  for (const [args, pattern] of cases) {
    const r = kao(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('with --run, a PO gate becomes a request; once the PO approves it, that exact action in that run is allowed', () => {
  const root = workspace();
  const po = poKey();
  writeFiles(root, { '.github/agent-os/product-owners.yaml': productOwnersYaml([{ id: 'po@example.com', pub: po.pub }]) });
  const migration = { tool: 'edit', path: 'backend/migrations/0002_low_stock.sql' };
  const decide = (action: object, run: string) => {
    const r = kao(['policy', 'check', '--role', 'backend-implementer', '--lane', 'implementation', '--action', JSON.stringify(action), '--dir', root, '--run', run]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const first = decide(migration, 'run-1');
  assert.equal(first.decision, 'ask');
  assert.match(first.request, /^[0-9a-f]{8}$/);
  const pending = JSON.parse(kao(['approvals', '--json', '--dir', root]).stdout).requests;
  assert.deepEqual(pending.map((p: { id: string }) => p.id), [first.request]);

  // An agent may not answer for the PO, not even through a command.
  assert.equal(decide({ tool: 'execute', command: `npx kao approve ${first.request}` }, 'run-1').rule, 'no-self-approval');
  const answered = spawnSync(process.execPath, [BIN, 'approve', first.request, '--key', po.key, '--dir', root], { encoding: 'utf8' });
  assert.equal(answered.status, 0, answered.stderr);

  const again = decide(migration, 'run-1');
  assert.deepEqual([again.decision, again.gate], ['allow', 'schema']);
  assert.match(again.reason, /approved by the PO \(schema\)/);
  assert.equal(decide({ tool: 'edit', path: 'backend/migrations/0003_other.sql' }, 'run-1').decision, 'ask', 'a changed action needs its own approval');
  assert.equal(decide(migration, 'run-2').decision, 'ask', 'an approval does not carry over to another run');

  const verify = kao(['audit', 'verify', '--dir', root]);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const audit = JSON.parse(kao(['audit', '--run', 'run-1', '--json', '--dir', root]).stdout).entries;
  assert.ok(audit.filter((e: { event: { type: string } }) => e.event.type === 'decision').length >= 4);
});

test('file: URLs are judged as path reads, in every spelling, and a broken URL is denied, not a crash', () => {
  const root = workspace();
  const web = (url: string) => check(root, 'backend-lead', 'planning', { tool: 'web', url });
  for (const url of ['file:///etc/passwd', 'file:/etc/passwd', 'FILE:///etc/passwd', 'file://localhost/etc/passwd']) {
    assert.deepEqual([web(url).decision, web(url).rule], ['deny', 'path-outside-workspace'], url);
  }
  assert.equal(web(`file://${root}/docs/specs/low-stock.md`).decision, 'allow');
  assert.equal(web('file:///%E0%A4%A').rule, 'url-unreadable');
  // Egress: hosts the playbook does not list are asked about; package registries are allowed.
  assert.deepEqual([web('https://example.com/docs').decision, web('https://example.com/docs').rule], ['ask', 'egress-unknown-host']);
  assert.equal(web('https://registry.npmjs.org/zod').decision, 'allow');
  assert.equal(web('http://169.254.169.254/latest/meta-data/').rule, 'egress-metadata');
});

test('a repository whose own role file or operating model is broken is refused, not replaced by the built-in', () => {
  const root = workspace();
  writeFiles(root, { '.github/agents/backend-implementer.agent.md': '---\nname: Backend Implementer\ndescription: Use this: it breaks\n---\n# x\n' });
  const r = kao(['policy', 'check', '--role', 'backend-implementer', '--lane', 'implementation', '--action', '{"tool":"todo"}', '--dir', root]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^kao: \.github\/agents\/backend-implementer\.agent\.md:3:\d+: invalid YAML[\s\S]*kao lint/);
  assert.equal(kao(['policy', 'check', '--role', 'backend-lead', '--lane', 'planning', '--action', '{"tool":"todo"}', '--dir', root]).status, 0, 'other roles still work');
  writeFiles(root, { '.github/agent-os/operating-model.yaml': 'version: 1\nroles: []\n' });
  const route = kao(['route', 'Add a thing', '--dir', root]);
  assert.equal(route.status, 2);
  assert.match(route.stderr, /operating-model\.yaml:\d+:\d+: operating model/);
});

test('commands run from a subfolder work on the whole repository', () => {
  const root = workspace();
  execFileSync('git', ['init', '-q'], { cwd: root });
  const sub = join(root, 'backend', 'internal');
  const d = check(sub, 'backend-lead', 'planning', { tool: 'edit', path: 'backend/internal/orders/service.go' });
  assert.equal(d.source, '.github/agents/backend-lead.agent.md:64', 'the repository playbook (the seed) is used from a subfolder');
});

test('the operating model lists the project\'s own commands, more allowed hosts, and more or fewer secret files', () => {
  const root = workspace();
  writeFiles(root, {
    '.github/agent-os/operating-model.yaml': readFileSync(join(REPO, 'playbook', '.github', 'agent-os', 'operating-model.yaml'), 'utf8')
      + '\npolicy:\n  commands: ["./gradlew test", "mage build"]\n  hosts: ["api.internal.example.com"]\n  secrets:\n    add: ["config/vault.yml"]\n    allow: ["fixtures/**/*.pem"]\n',
    'gradlew': '#!/bin/sh\n', 'config/vault.yml': 'token: x\n', 'fixtures/tls/test.pem': 'x\n',
  });
  const d = (action: object) => check(root, 'backend-implementer', 'implementation', action);
  assert.equal(d({ tool: 'execute', command: './gradlew test --info' }).decision, 'allow');
  assert.equal(d({ tool: 'execute', command: 'mage build' }).decision, 'allow', 'a program kao does not know, listed as the project\'s own');
  assert.equal(d({ tool: 'execute', command: 'mage deploy' }).decision, 'ask', 'only the listed command');
  assert.equal(d({ tool: 'execute', command: './gradlew test > .github/agent-os/approvals.yaml' }).decision, 'deny', 'its redirections are still judged');
  assert.equal(d({ tool: 'execute', command: 'curl -s https://api.internal.example.com/health' }).decision, 'allow');
  assert.equal(d({ tool: 'read', path: 'config/vault.yml' }).rule, 'secret-read');
  assert.equal(d({ tool: 'read', path: 'fixtures/tls/test.pem' }).decision, 'allow');
});

test('editing a file that defines the schema in code (an ORM model) asks for the schema gate, as kao check would; a plain file or a test does not', () => {
  const root = workspace();
  writeFiles(root, {
    'backend/internal/models/order.go': 'package models\n\ntype Order struct {\n\tID   uint   `gorm:"primaryKey"`\n\tNote string `gorm:"size:200"`\n}\n',
    'backend/internal/models/order_test.go': 'package models\n\ntype fake struct {\n\tID uint `gorm:"primaryKey"`\n}\n',
    'shop/models.py': 'from django.db import models\n\nclass Customer(models.Model):\n    name = models.CharField(max_length=80)\n',
  });
  const edit = (path: string) => check(root, 'backend-implementer', 'implementation', { tool: 'edit', path });
  const gorm = edit('backend/internal/models/order.go');
  assert.equal(gorm.decision, 'ask');
  assert.equal(gorm.gate, 'schema');
  assert.match(gorm.reason, /defines the database schema in code \(line 4: ID +uint +`gorm:"primaryKey"`\)/);
  assert.equal(edit('shop/models.py').gate, 'schema');
  assert.equal(edit('backend/internal/orders/service.go').decision, 'allow');
  assert.equal(edit('backend/internal/models/order_test.go').decision, 'allow');
  // Through a command that writes the file, too.
  const sed = check(root, 'backend-implementer', 'implementation', { tool: 'execute', command: "sed -i 's/200/400/' backend/internal/models/order.go" });
  assert.equal(sed.decision, 'ask');
  assert.equal(sed.gate, 'schema');
});

test('a Go struct handed to GORM\'s AutoMigrate is schema in code even without gorm tags; another package\'s struct of the same name is not', () => {
  const root = workspace();
  execFileSync('git', ['init', '-q'], { cwd: root });
  writeFiles(root, {
    'database/database.go': 'package database\n\nfunc New(db *gorm.DB) error {\n\treturn db.AutoMigrate(new(model.User), new(model.Message)).Error\n}\n',
    'model/user.go': 'package model\n\ntype User struct {\n\tID   uint\n\tName string\n}\n',
    'plugin/compat/message.go': 'package compat\n\ntype Message struct {\n\tTitle string\n}\n',
  });
  const edit = (path: string) => check(root, 'backend-implementer', 'implementation', { tool: 'edit', path });
  const user = edit('model/user.go');
  assert.equal(user.decision, 'ask');
  assert.equal(user.gate, 'schema');
  assert.match(user.reason, /defines the database schema in code \(line 3: User, a struct handed to GORM's AutoMigrate\)/);
  assert.equal(edit('plugin/compat/message.go').decision, 'allow');
  assert.equal(edit('backend/internal/orders/service.go').decision, 'allow');
  // The call itself was already a schema line.
  assert.equal(edit('database/database.go').gate, 'schema');
});

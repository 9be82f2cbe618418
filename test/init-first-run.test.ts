// `kao init` sets up everything a first run needs: the playbook, who may answer PO gates (with the key
// their answers are signed with), an empty approvals file, and with --ci github the workflow that the
// README shows. What a repository already has is kept.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { BIN, kao, poKey, REPO, tempDir, writeFiles } from './helpers.ts';

test('init writes product-owners.yaml with the PO\'s key, approvals.yaml and the workflow; the PO can then answer', () => {
  const root = tempDir('kao-init-');
  execFileSync('git', ['init', '-q'], { cwd: root });
  const po = poKey('po');
  const r = kao(['init', '--po', 'po@example.com', '--po-key', `${po.key}.pub`, '--ci', 'github', '--json', root]);
  assert.equal(r.status, 0, r.stderr);
  const written = JSON.parse(r.stdout).written as string[];
  for (const f of ['.github/agent-os/approvals.yaml', '.github/agent-os/product-owners.yaml', '.github/workflows/kao.yml']) assert.ok(written.includes(f), f);
  assert.deepEqual(parse(readFileSync(join(root, '.github/agent-os/approvals.yaml'), 'utf8')), { approvals: [] });
  const owners = parse(readFileSync(join(root, '.github/agent-os/product-owners.yaml'), 'utf8'));
  assert.deepEqual(owners.productOwners[0].id, 'po@example.com');
  assert.equal(owners.productOwners[0].keys[0], po.pub.split(' ').slice(0, 2).join(' '));
  // The workflow is the README's.
  const workflow = readFileSync(join(root, '.github/workflows/kao.yml'), 'utf8');
  assert.ok(readFileSync(join(REPO, 'README.md'), 'utf8').includes(workflow.split('jobs:')[1]!.trim().split('\n').slice(0, 4).join('\n')), 'the README shows the same job');
  assert.equal(parse(workflow).jobs.kao.steps[0].with['fetch-depth'], 0);
  // The lint is clean, and the PO listed by init can answer a gate with their key.
  assert.equal(kao(['lint', root]).status, 0);
  const asked = JSON.parse(kao(['approvals', 'request', '--run', 'r1', '--role', 'backend-implementer', '--decision', 'schema', '--action', '{"tool":"edit","path":"db/x.sql"}', '--json', '--dir', root]).stdout);
  const answered = spawnSync(process.execPath, [BIN, 'approve', asked.request.id, '--key', po.key, '--dir', root], { encoding: 'utf8' });
  assert.equal(answered.status, 0, answered.stderr);
});

test('init keeps the OS files a repository already has, and says when it has no identity for the PO', () => {
  const root = tempDir('kao-init-');
  writeFiles(root, { '.github/agent-os/product-owners.yaml': 'productOwners: [lead@example.com]\n' });
  const r = spawnSync(process.execPath, [BIN, 'init', '--json', root], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: root } });
  assert.equal(r.status, 0, r.stderr);
  const kept = JSON.parse(r.stdout).kept as { file: string; because: string }[];
  assert.ok(kept.some((k) => k.file === '.github/agent-os/product-owners.yaml' && /no identity|exists/.test(k.because)));
  assert.equal(readFileSync(join(root, '.github/agent-os/product-owners.yaml'), 'utf8'), 'productOwners: [lead@example.com]\n');
  const none = tempDir('kao-init-');
  const n = spawnSync(process.execPath, [BIN, 'init', '--json', none], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', HOME: none } });
  assert.ok((JSON.parse(n.stdout).kept as { because: string }[]).some((k) => /no identity: pass --po/.test(k.because)));
  assert.equal(kao(['init', '--po-key', join(none, 'missing.pub'), none]).status, 2);
});

// PO approvals that cannot be forged: an answer counts only when it is on the hash chain, signed by a
// key listed for a product owner, and given for the same run and role; a denial holds. Real SSH keys
// (ssh-keygen), a real SQLite store edited behind kao's back, and the real binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSqlite } from '../src/store/sqlite.ts';
import { BIN, poKey, productOwnersYaml, REPO, SEED, tempDir, writeFiles } from './helpers.ts';

const PO = poKey('po');
const MIGRATION = { tool: 'edit', path: 'backend/migrations/0002_low_stock.sql' };

function workspace(): string {
  const root = tempDir('kao-signed-');
  writeFiles(root, { 'backend/internal/orders/service.go': 'package orders\n', '.github/agent-os/product-owners.yaml': productOwnersYaml([{ id: 'po@example.com', pub: PO.pub }, { id: 'lead@example.com' }]) });
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  return root;
}

function run(root: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--dir', root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', KAO_SIGNING_KEY: '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function decide(root: string, role: string, runId: string, action: object = MIGRATION) {
  const r = run(root, ['policy', 'check', '--role', role, '--lane', 'implementation', '--action', JSON.stringify(action), '--run', runId]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { decision: string; rule: string; reason: string; request?: string };
}

test('an approval signed by the PO allows the action for that role only; other roles still ask', () => {
  const root = workspace();
  const asked = decide(root, 'backend-implementer', 'run-1');
  assert.equal(asked.decision, 'ask');
  assert.equal(run(root, ['approve', asked.request!, '--key', PO.key]).status, 0);
  assert.equal(decide(root, 'backend-implementer', 'run-1').decision, 'allow');
  assert.equal(decide(root, 'shared-platform-implementer', 'run-1').decision, 'ask', 'an approval of one role\'s action is not another\'s');
  assert.equal(run(root, ['audit', 'verify']).status, 0);
});

test('a denial sticks: the same action in the same run is denied with the PO\'s reason, not asked again', () => {
  const root = workspace();
  const asked = decide(root, 'backend-implementer', 'run-1');
  assert.equal(run(root, ['deny', asked.request!, '--key', PO.key, '--reason', 'no new columns this sprint']).status, 0);
  const again = decide(root, 'backend-implementer', 'run-1');
  assert.deepEqual([again.decision, again.rule], ['deny', 'po-denied']);
  assert.match(again.reason, /no new columns this sprint/);
  assert.equal(again.request, undefined, 'no new request is filed');
  assert.equal(JSON.parse(run(root, ['approvals', '--json']).stdout).requests.length, 0);
  assert.equal(decide(root, 'backend-implementer', 'run-2').decision, 'ask', 'another run asks afresh');
});

test('an approval written into the store with SQLite is not honoured, and audit verify names it', () => {
  const root = workspace();
  const asked = decide(root, 'backend-implementer', 'run-1');
  const db = new (loadSqlite().DatabaseSync)(join(root, '.agent-os', 'kao.db'));
  db.prepare("UPDATE approval_requests SET status = 'approved', answered_by = 'po@example.com', answered_at = '2026-12-03T00:00:00.000Z' WHERE id = ?").run(asked.request!);
  db.close();
  assert.equal(decide(root, 'backend-implementer', 'run-1').decision, 'ask', 'the forged row is not on the chain');
  const verify = run(root, ['audit', 'verify']);
  assert.equal(verify.status, 1);
  assert.match(verify.stdout, new RegExp(`approval  the answer to approval request ${asked.request} in the store \\(approved\\) does not match the log: it was written outside kao`));
});

test('an answer appended to the log with a valid chain but no valid signature is not honoured', () => {
  const root = workspace();
  const asked = decide(root, 'backend-implementer', 'run-1');
  // Forge the answer the way an agent with the source code could: compute the next chain entry itself.
  const forge = spawnSync(process.execPath, ['--input-type=module', '-e', `
    const { openSqliteStore } = await import(${JSON.stringify(join(REPO, 'src/store/sqlite.ts'))});
    const store = await openSqliteStore(${JSON.stringify(join(root, '.agent-os', 'kao.db'))});
    await store.answerApproval({ id: ${JSON.stringify(asked.request)}, answer: 'approved', by: 'po@example.com', signature: '-----BEGIN SSH SIGNATURE-----\\nAAAA\\n-----END SSH SIGNATURE-----' });
    await store.close();`], { encoding: 'utf8' });
  assert.equal(forge.status, 0, forge.stderr);
  assert.equal(run(root, ['audit', 'verify']).status, 1, 'the chain is intact, but the answer is not signed by the PO');
  assert.match(run(root, ['audit', 'verify']).stdout, /does not carry a valid signature of a key listed for them/);
  assert.equal(decide(root, 'backend-implementer', 'run-1').decision, 'ask');
});

test('a product owner listed without a key cannot answer, and says how to add one', () => {
  const root = workspace();
  const asked = decide(root, 'backend-implementer', 'run-1');
  const lead = poKey('lead');
  const r = run(root, ['approve', asked.request!, '--key', lead.key]);
  assert.equal(r.status, 1, 'refused, not a usage error');
  assert.match(r.stderr, /is not listed for any product owner[\s\S]*listed without a key: lead@example\.com/);
});

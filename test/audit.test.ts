// Tampering with the audit log the way someone with the file would: through a separate SQLite
// connection, with the append-only triggers dropped first. `verifyAudit` must name the entry and
// what happened to it: edited, deleted, inserted or reordered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DatabaseSync } from 'node:sqlite';
import { UsageError } from '../src/errors.ts';
import { entryHash, verifyChain } from '../src/store/audit-chain.ts';
import { canonicalJson, sha256Hex } from '../src/store/canonical.ts';
import { loadSqlite, openSqliteStore } from '../src/store/sqlite.ts';
import { GENESIS_HASH, type AuditEntry } from '../src/store/store.ts';
import { REPO, tempDir } from './helpers.ts';

const { DatabaseSync: Database } = loadSqlite();
const ACTION = { tool: 'edit', path: 'db/schema.sql' };

/** A log of 8 entries: 1 store-migrated, 2 run-started, 3 decision, 4 request, 5 answer, 6 decision, 7 state, 8 decision. */
async function logOf8(): Promise<string> {
  const file = join(tempDir('kao-audit-'), 'kao.db');
  const store = await openSqliteStore(file);
  const decide = (n: number) => store.recordDecision({ runId: 'r1', role: 'backend-lead', action: { tool: 'read', path: `src/${n}.ts` }, decision: 'allow', rule: 'tool-granted', source: 'kao', reason: 'granted' });
  await decide(3);
  const { request } = await store.requestApproval({ runId: 'r1', role: 'backend-lead', decision: 'schema', action: ACTION });
  await store.answerApproval({ id: request.id, answer: 'approved', by: 'po@example.com' });
  await decide(6);
  await store.appendAudit({ runId: 'r1', what: 'lane', from: 'planning', to: 'implementation' });
  await decide(8);
  assert.equal((await store.verifyAudit()).ok, true);
  await store.close();
  return file;
}

function tamper(file: string, fn: (db: DatabaseSync) => void): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  fn(db);
  db.close();
}

async function problems(file: string): Promise<[string, number | null][]> {
  const store = await openSqliteStore(file);
  const report = await store.verifyAudit();
  await store.close();
  assert.equal(report.ok, report.problems.length === 0);
  return report.problems.map((p) => [p.kind, p.seq]);
}

const row = (db: DatabaseSync, seq: number) => db.prepare('SELECT * FROM audit WHERE seq = ?').get(seq)!;

/** A row as an attacker who knows the scheme would forge it: correctly chained and hashed. */
function forge(db: DatabaseSync, seq: number, prevHash: string): void {
  const event = { type: 'approval-answered', runId: 'r1', requestId: 'deadbeef', decision: 'schema', actionHash: '0'.repeat(64), answer: 'approved', by: 'mallory@example.com' };
  const at = new Date().toISOString();
  db.prepare('INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?)').run(seq, at, event.type, 'r1', canonicalJson(event), prevHash, entryHash(prevHash, seq, at, event));
}

test('the v1 hash format stays stable: entries written by v1 (fixture) re-hash to the same values', () => {
  const { entries } = JSON.parse(readFileSync(join(REPO, 'test/fixtures/store/audit-v1.json'), 'utf8')) as { entries: AuditEntry[] };
  const first = entries[0]!;
  assert.equal(first.hash, sha256Hex(GENESIS_HASH + canonicalJson({ seq: 1, at: first.at, event: first.event })), 'hash = sha256(prevHash + canonical JSON of {seq, at, event})');
  for (const e of entries) assert.equal(entryHash(e.prevHash, e.seq, e.at, e.event), e.hash, `entry ${e.seq}`);
  const rows = entries.map((e) => ({ ...e, type: e.event.type, runId: 'runId' in e.event ? e.event.runId : null, event: canonicalJson(e.event) }));
  const head = { seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash };
  assert.deepEqual(verifyChain(rows, head).problems, []);
  rows[6] = { ...rows[6]!, event: rows[6]!.event.replace('po@example.com', 'mallory@example.com') };
  assert.deepEqual(verifyChain(rows, head).problems.map((p) => [p.kind, p.seq]), [['edited', 7]]);
});

test('an untouched log verifies', async () => {
  assert.deepEqual(await problems(await logOf8()), []);
});

test("an entry whose payload was edited is named as edited, and only it", async () => {
  const file = await logOf8();
  tamper(file, (db) => db.prepare('UPDATE audit SET event = replace(event, ?, ?) WHERE seq = 5').run('po@example.com', 'mallory@example.com'));
  assert.deepEqual(await problems(file), [['edited', 5]]);
});

test('an entry edited and re-hashed by someone who knows the scheme is still named as edited', async () => {
  const file = await logOf8();
  tamper(file, (db) => {
    const r = row(db, 5);
    const event = { ...JSON.parse(String(r.event)), by: 'mallory@example.com' };
    db.prepare('UPDATE audit SET event = ?, hash = ? WHERE seq = 5').run(canonicalJson(event), entryHash(String(r.prev_hash), 5, String(r.at), event));
  });
  assert.deepEqual(await problems(file), [['edited', 5]]);
});

test('an entry whose run column was changed (to hide it from `kao audit --run`) is named as edited', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.exec("UPDATE audit SET run_id = 'elsewhere' WHERE seq = 4"));
  assert.deepEqual(await problems(file), [['edited', 4]]);
});

test('a deleted entry is named, in the middle, at the start and at the end', async () => {
  for (const [seq, expected] of [[4, 4], [1, 1], [8, 8]] as const) {
    const file = await logOf8();
    tamper(file, (db) => db.prepare('DELETE FROM audit WHERE seq = ?').run(seq));
    assert.deepEqual(await problems(file), [['deleted', expected]], `deleting entry ${seq}`);
  }
});

test('a deleted entry is named even when the later entries were renumbered to close the gap; they are named as moved', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.exec('DELETE FROM audit WHERE seq = 4; UPDATE audit SET seq = -seq WHERE seq > 4; UPDATE audit SET seq = -seq - 1 WHERE seq < 0;'));
  assert.deepEqual(await problems(file), [['deleted', 4], ['reordered', 5], ['reordered', 6], ['reordered', 7], ['reordered', 8]]);
});

test('several deleted entries are named as a range', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.exec('DELETE FROM audit WHERE seq IN (3, 4, 5)'));
  const store = await openSqliteStore(file);
  const report = await store.verifyAudit();
  await store.close();
  assert.deepEqual(report.problems, [{ kind: 'deleted', seq: 3, message: 'entries 3-5 were deleted: entry 6 follows an entry that is no longer in the log' }]);
});

test('a forged entry appended at the end is named as inserted, even with a correct hash', async () => {
  const file = await logOf8();
  tamper(file, (db) => forge(db, 9, String(row(db, 8).hash)));
  assert.deepEqual(await problems(file), [['inserted', 9]]);
});

test('a forged row with made-up hashes is named as inserted', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.prepare('INSERT INTO audit VALUES (9, ?, ?, ?, ?, ?, ?)').run(new Date().toISOString(), 'decision', 'r1', '{"type":"decision"}', 'a'.repeat(64), 'b'.repeat(64)));
  assert.deepEqual(await problems(file), [['inserted', 9]]);
});

test('a forged entry slipped into the middle (later entries renumbered) is named as inserted; the moved ones as reordered', async () => {
  const file = await logOf8();
  tamper(file, (db) => {
    db.exec('UPDATE audit SET seq = -seq WHERE seq >= 4; UPDATE audit SET seq = 1 - seq WHERE seq < 0;');
    forge(db, 4, String(row(db, 3).hash));
  });
  assert.deepEqual(await problems(file), [['inserted', 4], ['reordered', 4], ['reordered', 5], ['reordered', 6], ['reordered', 7], ['reordered', 8]]);
});

test('two entries whose sequence numbers were swapped are both named as reordered', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.exec('UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -1;'));
  const store = await openSqliteStore(file);
  const report = await store.verifyAudit();
  await store.close();
  assert.deepEqual(report.problems.map((p) => p.message), ['entry 3 was moved: it is stored as entry 4', 'entry 4 was moved: it is stored as entry 3']);
});

test('a missing head record is reported, since it is what catches changes at the end', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.exec('DELETE FROM audit_head'));
  assert.deepEqual(await problems(file), [['head', null]]);
});

test('writing after a deletion at the end does not paper over the gap', async () => {
  const file = await logOf8();
  tamper(file, (db) => db.exec('DELETE FROM audit WHERE seq = 8'));
  const store = await openSqliteStore(file);
  await store.appendAudit({ runId: 'r1', what: 'lane', to: 'review' });
  const report = await store.verifyAudit();
  await store.close();
  assert.deepEqual(report.problems.map((p) => [p.kind, p.seq]), [['deleted', 8]]);
});

test('writing on top of a forged entry is refused with a clear error', async () => {
  const file = await logOf8();
  tamper(file, (db) => forge(db, 9, String(row(db, 8).hash)));
  const store = await openSqliteStore(file);
  await assert.rejects(store.appendAudit({ runId: 'r1', what: 'lane', to: 'review' }), (e: unknown) => e instanceof UsageError && e.code === 'audit-tampered');
  await store.close();
});

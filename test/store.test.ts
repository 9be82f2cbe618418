// The SQLite store on real files in temp folders: the shared conformance suite, then what is
// SQLite's own (migrations, WAL, errors people can act on, the warning Node prints).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { UsageError } from '../src/errors.ts';
import { actionHash, canonicalJson } from '../src/store/canonical.ts';
import { loadSqlite, openSqliteStore } from '../src/store/sqlite.ts';
import { SCHEMA_VERSION } from '../src/store/sqlite-schema.ts';
import { isApproved } from '../src/store/store.ts';
import { REPO, tempDir } from './helpers.ts';
import { storeConformance } from './store-conformance.ts';

const { DatabaseSync } = loadSqlite();
const dbFile = () => join(tempDir('kao-store-'), '.agent-os', 'kao.db');

storeConformance('SQLite', () => openSqliteStore(dbFile()));

async function openError(file: string, options = {}): Promise<UsageError> {
  try {
    await (await openSqliteStore(file, options)).close();
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected opening the store to fail');
}

describe('SQLite store', () => {
  test('a new store is created with its folder, in WAL mode, at the latest schema, and the migration is audited', async () => {
    const file = dbFile();
    const store = await openSqliteStore(file);
    const entries = await store.readAudit();
    assert.deepEqual(entries.map((e) => e.event), [{ type: 'store-migrated', from: 0, to: SCHEMA_VERSION }]);
    await store.close();
    const db = new DatabaseSync(file);
    assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').all().map((r) => r.version), [1, 2]);
    assert.equal(db.prepare('PRAGMA application_id').get()?.application_id, 0x4b414f01);
    db.close();
  });

  test('reopening an up-to-date store migrates nothing and keeps what was written', async () => {
    const file = dbFile();
    const first = await openSqliteStore(file);
    const { request } = await first.requestApproval({ runId: 'r', role: 'backend-lead', decision: 'schema', action: { tool: 'edit', path: 'db/x.sql' } });
    await first.close();
    const second = await openSqliteStore(file);
    assert.equal((await second.getApproval(request.id))?.status, 'pending');
    assert.equal((await second.readAudit()).filter((e) => e.event.type === 'store-migrated').length, 1);
    assert.equal((await second.verifyAudit()).ok, true);
    await second.close();
  });

  test('a store written by schema v1 (fixture) is migrated, verifies, and keeps its answers', async () => {
    const file = join(tempDir(), 'kao.db');
    const db = new DatabaseSync(file);
    db.exec(readFileSync(join(REPO, 'test/fixtures/store/store-v1.sql'), 'utf8'));
    db.close();
    const store = await openSqliteStore(file);
    try {
      assert.deepEqual(await store.verifyAudit().then((r) => [r.ok, r.entries]), [true, 12]);
      assert.deepEqual((await store.readAudit()).at(-1)!.event, { type: 'store-migrated', from: 1, to: SCHEMA_VERSION });
      assert.deepEqual(await store.listRuns(), []);
      assert.deepEqual((await store.listApprovals()).map((r) => [r.runId, r.decision, r.status]), [['run-7', 'schema', 'approved'], ['run-7', 'dependencies', 'denied'], ['run-8', 'major-ux', 'pending']]);
      const schema = (await store.listApprovals({ decision: 'schema' }))[0]!;
      assert.equal(schema.actionHash, actionHash({ tool: 'edit', path: 'db/migrations/0007_add_threshold.sql' }));
      assert.equal(await isApproved(store, { runId: 'run-7', decision: 'schema', actionHash: schema.actionHash }), true);
    } finally {
      await store.close();
    }
  });

  test('a store written by a newer kao is refused with the versions named, and left untouched', async () => {
    const file = dbFile();
    await (await openSqliteStore(file)).close();
    const db = new DatabaseSync(file);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, 'from the future', new Date().toISOString());
    db.close();
    const e = await openError(file);
    assert.equal(e.code, 'store-too-new');
    assert.match(e.message, new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this kao understands \\(${SCHEMA_VERSION}\\)`));
    assert.match(e.hint ?? '', /upgrade kao/);
  });

  test('an SQLite file of another application is not taken for a store', async () => {
    const file = join(tempDir(), 'other.db');
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    assert.equal((await openError(file)).code, 'not-a-kao-store');
  });

  test('a corrupt file gives a clear error, not a stack trace', async () => {
    const file = join(tempDir(), 'kao.db');
    writeFileSync(file, 'this is not a database, just text that is long enough to fill a header '.repeat(20));
    const e = await openError(file);
    assert.equal(e.code, 'store-corrupt');
    assert.match(e.hint ?? '', /Move the file aside/);
  });

  test('a write waits for another writer, then says the store is locked; reads still work', async () => {
    const file = dbFile();
    await (await openSqliteStore(file)).close();
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');
    const store = await openSqliteStore(file, { busyTimeoutMs: 50 });
    try {
      await assert.rejects(store.recordDecision({ runId: 'r', role: 'qa', action: { tool: 'todo' }, decision: 'allow', rule: 'x', source: 'kao', reason: 'y' }),
        (e: unknown) => e instanceof UsageError && e.code === 'store-locked' && /another process is writing/.test(e.message));
      assert.deepEqual(await store.listApprovals(), []);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  test('kao itself cannot update or delete audit rows: the log is append-only', async () => {
    const file = dbFile();
    await (await openSqliteStore(file)).close();
    const db = new DatabaseSync(file);
    assert.throws(() => db.exec("UPDATE audit SET event = '{}'"), /append-only/);
    assert.throws(() => db.exec('DELETE FROM audit'), /append-only/);
    db.close();
  });

  test('opening a store prints nothing to stderr (no ExperimentalWarning from node:sqlite)', () => {
    const dir = tempDir();
    const code = `import { openSqliteStore } from './src/store/sqlite.ts';
      const s = await openSqliteStore(${JSON.stringify(join(dir, 'kao.db'))}); await s.close(); process.emitWarning('other warnings still show');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /SQLite/);
    assert.match(r.stderr, /other warnings still show/);
  });
});

describe('canonical JSON and action hashes', () => {
  test('key order does not change the text or the hash; arrays keep their order', () => {
    assert.equal(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] }), '{"a":[2,{"c":"x","d":null}],"b":1}');
    assert.equal(actionHash({ tool: 'edit', path: 'a' }), actionHash({ path: 'a', tool: 'edit' }));
    assert.notEqual(actionHash({ tool: 'edit', path: 'a' }), actionHash({ tool: 'edit', path: 'b' }));
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
  });

  test('values with no JSON form are refused rather than hashed as something else', () => {
    assert.throws(() => canonicalJson({ n: Number.NaN }), /not a JSON number/);
    assert.throws(() => canonicalJson({ f: () => 1 }), /not a JSON value/);
    assert.equal(canonicalJson({ gone: undefined, kept: 1 }), '{"kept":1}');
  });
});

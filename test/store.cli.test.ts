// `kao approvals`, `approve`, `deny` and `audit` as a user runs them: a separate process on real
// repositories in temp folders, exit code, stdout and stderr pinned.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadSqlite } from '../src/store/sqlite.ts';
import { BIN, poKey, productOwnersYaml, REPO, tempDir, writeFiles } from './helpers.ts';

const ACTION = '{"tool":"edit","path":"db/schema.sql"}';
// Two product owners with keys, and one listed without a key (who cannot answer yet).
const PO = poKey('po');
const LEAD = poKey('lead');
const EVE = poKey('eve');
const OWNERS = { '.github/agent-os/product-owners.yaml': productOwnersYaml([{ id: 'PO@example.com', pub: PO.pub }, { id: 'lead@example.com', pub: LEAD.pub }, { id: 'nokey@example.com' }]) };

interface Result { status: number; stdout: string; stderr: string }

/**
 * Runs a store command in `cwd`, with no identity from the environment unless `env` gives one.
 * Asynchronous, so the tests (each in its own folder) run side by side.
 */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  delete base.KAO_USER;
  delete base.KAO_SIGNING_KEY;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    proc.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

function repo(files: Record<string, string> = OWNERS): string {
  const dir = tempDir('kao-store-cli-');
  writeFiles(dir, files);
  return dir;
}

async function request(dir: string, extra: string[] = []): Promise<{ id: string; created: boolean }> {
  const r = await cli(['approvals', 'request', '--run', 'run-1', '--role', 'backend-lead', '--decision', 'schema', '--action', ACTION, '--json', ...extra], dir);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  return { id: out.request.id, created: out.created };
}

const noStack = (r: Result) => assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');

describe('the store commands', { concurrency: true }, () => {
  test('with no store yet, listing says so, exits 0 and creates nothing', async () => {
    const dir = repo();
    for (const args of [['approvals'], ['audit'], ['audit', 'verify']]) {
      const r = await cli(args, dir);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /no store yet at \.agent-os\/kao\.db|no audit log yet/);
    }
    assert.equal(existsSync(join(dir, '.agent-os')), false);
  });

  test('a request is made once per run, decision and action, and listed with its options, risks and how to answer', async () => {
    const dir = repo();
    const first = await request(dir, ['--option', 'Nullable column', '--pro', 'no backfill', '--con', 'null checks', '--risk', 'hard to roll back']);
    assert.equal(first.created, true);
    assert.deepEqual(await request(dir), { id: first.id, created: false });
    assert.equal(readFileSync(join(dir, '.agent-os', '.gitignore'), 'utf8').includes('kao.db'), true);
    const r = await cli(['approvals'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${first.id}  schema  edit db/schema\\.sql  \\(run run-1, backend-lead, .+\\)  pending$`, 'm'));
    assert.match(r.stdout, /option: Nullable column; pros: no backfill; cons: null checks/);
    assert.match(r.stdout, /risk: hard to roll back/);
    assert.match(r.stdout, new RegExp(`answer: kao approve ${first.id} \\[--note TEXT\\]  \\|  kao deny ${first.id} --reason TEXT`));
    const json = JSON.parse((await cli(['approvals', '--json'], dir)).stdout);
    assert.deepEqual(json.requests.map((q: { id: string }) => q.id), [first.id]);
  });

  test('a product owner approves with their key; the request leaves the pending list and the signed answer is recorded', async () => {
    const dir = repo();
    const { id } = await request(dir);
    const r = await cli(['approve', id, '--key', PO.key, '--note', 'nullable is fine'], dir);
    assert.deepEqual([r.status, r.stderr], [0, '']);
    assert.equal(r.stdout, `approved ${id}: schema for edit db/schema.sql in run run-1, as PO@example.com\n`);
    assert.equal((await cli(['approvals'], dir)).stdout, 'no pending approval requests\n');
    assert.match((await cli(['approvals', '--all'], dir)).stdout, /approved by PO@example\.com at .+: nullable is fine/);
    const answered = JSON.parse((await cli(['audit', '--json'], dir)).stdout).entries.find((e: { event: { type: string } }) => e.event.type === 'approval-answered');
    assert.match(answered.event.signature, /^-----BEGIN SSH SIGNATURE-----/);
    assert.equal((await cli(['audit', 'verify'], dir)).status, 0);
  });

  test('a request is answered once: a second answer exits 2 and says who answered', async () => {
    const dir = repo();
    const { id } = await request(dir);
    assert.equal((await cli(['deny', id, '--key', LEAD.key, '--reason', 'not this quarter'], dir)).status, 0);
    const r = await cli(['approve', id, '--key', PO.key], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^kao: request ${id} was already denied by lead@example\\.com at \\S+\\n  An answer is final`));
    noStack(r);
  });

  test('a key not listed for a product owner is refused (exit 1, not a usage error), and --as cannot borrow another owner\'s name', async () => {
    const dir = repo();
    const { id } = await request(dir);
    const r = await cli(['approve', id, '--key', EVE.key], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^kao: the key .* is not listed for any product owner, so it may not answer PO gates\n  List its public key .* \(listed without a key: nokey@example\.com\)/);
    const as = await cli(['approve', id, '--key', LEAD.key, '--as', 'po@example.com'], dir);
    assert.equal(as.status, 1);
    assert.match(as.stderr, /--as po@example\.com does not match the key's owner lead@example\.com/);
    assert.match((await cli(['approvals'], dir)).stdout, /pending/);
  });

  test('the key is --key, else KAO_SIGNING_KEY, else git\'s SSH signing key', async () => {
    const dir = repo();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['config', 'gpg.format', 'ssh'], { cwd: dir });
    execFileSync('git', ['config', 'user.signingkey', LEAD.key], { cwd: dir });
    const ids = [(await request(dir)).id, (await request(dir, ['--action', '{"tool":"edit","path":"db/two.sql"}'])).id, (await request(dir, ['--action', '{"tool":"edit","path":"db/three.sql"}'])).id];
    assert.match((await cli(['approve', ids[0]!, '--key', PO.key], dir, { KAO_SIGNING_KEY: EVE.key })).stdout, /as PO@example\.com/);
    assert.match((await cli(['approve', ids[1]!], dir, { KAO_SIGNING_KEY: PO.key })).stdout, /as PO@example\.com/);
    assert.match((await cli(['approve', ids[2]!], dir)).stdout, /as lead@example\.com/);
  });

  test('with no key at all, or no product owners file, answering exits 2 and says what to set up', async () => {
    const noOwners = repo({});
    const { id } = await request(noOwners);
    const r1 = await cli(['approve', id, '--key', PO.key], noOwners);
    assert.equal(r1.status, 2);
    assert.match(r1.stderr, /^kao: nobody may answer PO gates: \.github\/agent-os\/product-owners\.yaml does not exist\n  Create \.github\/agent-os\/product-owners\.yaml with `productOwners: \[\{id: you@example\.com, keys: /);
    const r2 = await cli(['approve', (await request(repo())).id], repo());
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /^kao: answering a PO gate needs your SSH key, to sign the answer\n  Pass --key ~\/\.ssh\/id_ed25519 \(or set KAO_SIGNING_KEY\)/);
  });

  test('deny needs a reason; an unknown id and a malformed request exit 2 with a hint', async () => {
    const dir = repo();
    const { id } = await request(dir);
    const cases: [string[], RegExp][] = [
      [['deny', id, '--key', PO.key], /^kao: deny: --reason is required\n  Say why/],
      [['approve', 'feedbeef', '--key', PO.key], /^kao: no approval request "feedbeef"\n  Run `kao approvals --all`/],
      [['approve', '--key', PO.key], /^kao: approve: which request\? Give its id/],
      [['approvals', 'request', '--run', 'r', '--role', 'qa', '--decision', 'vibes', '--action', ACTION], /^kao: approvals request: --decision must be one of scope, dependencies, schema/],
      [['approvals', 'request', '--run', 'r', '--role', 'qa', '--decision', 'schema', '--action', '{"tool":'], /^kao: approvals request: --action is not JSON/],
      [['approvals', 'request', '--run', 'r', '--role', 'qa', '--decision', 'schema', '--action', '[1]'], /^kao: approvals request: --action must be a JSON object/],
      [['approvals', 'request', '--role', 'qa', '--decision', 'schema', '--action', ACTION], /^kao: approvals request: --run is required/],
      [['approvals', 'request', '--run', 'r', '--role', 'qa', '--decision', 'schema', '--action', ACTION, '--pro', 'x'], /--pro "x" comes before any --option/],
    ];
    for (const [args, expected] of cases) {
      const r = await cli(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected);
      noStack(r);
    }
  });

  test('kao audit shows every change, or one run; --dir points at another repository', async () => {
    const dir = repo();
    const { id } = await request(dir);
    await cli(['approve', id, '--key', PO.key], dir);
    await cli(['approvals', 'request', '--run', 'run-2', '--role', 'qa', '--decision', 'scope', '--action', '{"tool":"todo"}'], dir);
    const all = await cli(['audit', '--dir', dir], REPO);
    assert.equal(all.status, 0, all.stderr);
    const lines = all.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split('  ')[3]), ['store-migrated', 'run-started', 'approval-requested', 'approval-answered', 'run-started', 'approval-requested']);
    assert.match(lines[3]!, new RegExp(`^#4  \\S+  run-1  approval-answered  request ${id} approved by PO@example\\.com$`));
    const run2 = JSON.parse((await cli(['audit', '--run', 'run-2', '--json'], dir)).stdout);
    assert.deepEqual(run2.entries.map((e: { seq: number }) => e.seq), [5, 6]);
  });

  test('kao audit verify exits 0 on an intact log and 1 naming the entry after tampering', async () => {
    const dir = repo();
    await request(dir);
    const ok = await cli(['audit', 'verify'], dir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\.agent-os\/kao\.db: the audit log is intact \(3 entries; last entry #3, hash [0-9a-f]{64}\)\n$/);
    const db = new (loadSqlite().DatabaseSync)(join(dir, '.agent-os', 'kao.db'));
    db.exec("DROP TRIGGER audit_no_update; UPDATE audit SET event = replace(event, 'backend-lead', 'qa') WHERE seq = 3;");
    db.close();
    const bad = await cli(['audit', 'verify'], dir);
    assert.equal(bad.status, 1);
    // The edited entry no longer matches the request row either: both are named.
    assert.match(bad.stdout, /^\.agent-os\/kao\.db: the audit log was tampered with: 2 problems\n  edited    entry 3 was edited: its content no longer matches its hash\n  approval  approval request \w+ in the store does not match the log: it was written outside kao\nKeep the file as evidence/);
    const json = JSON.parse((await cli(['audit', 'verify', '--json'], dir)).stdout);
    assert.deepEqual([json.ok, json.problems[0]], [false, { kind: 'edited', seq: 3, message: 'entry 3 was edited: its content no longer matches its hash' }]);
  });

  test('a corrupt store gives a clear message and exit 2, never a stack trace', async () => {
    const dir = repo({ ...OWNERS, '.agent-os/kao.db': 'not a database '.repeat(100) });
    for (const args of [['approvals'], ['audit', 'verify'], ['approve', 'x', '--key', PO.key]]) {
      const r = await cli(args, dir);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^kao: \.agent-os\/kao\.db is corrupt or not an SQLite database \(file is not a database\)\n  Move the file aside/);
      noStack(r);
    }
  });

  test('a store locked by another writer gives a clear message and exit 2 after waiting', async () => {
    const dir = repo();
    const { id } = await request(dir);
    const db = new (loadSqlite().DatabaseSync)(join(dir, '.agent-os', 'kao.db'));
    db.exec('BEGIN IMMEDIATE');
    try {
      assert.match((await cli(['approvals'], dir)).stdout, /pending/, 'reading does not wait for the writer');
      const r = await cli(['approve', id, '--key', PO.key], dir);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^kao: \.agent-os\/kao\.db is locked: another process is writing to it\n  Another kao command or agent run holds the store/);
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
  });

  test('help is printed for the sub-commands of approvals', async () => {
    const r = await cli(['approvals', 'request', '--help'], REPO);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: kao approvals request \[options\]/);
    assert.match(r.stdout, /--option <text>\s+an option \(repeatable/);
    });
});

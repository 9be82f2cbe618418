// A CI check that could not check must fail and say why: missing refs, shallow clones, folders that
// do not exist, and task briefs that are not text or do not parse are each a clear exit 2.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { kao, tempDir, writeFiles } from './helpers.ts';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** An origin with main (two commits) and a feature branch one commit ahead, as a pull request has. */
function origin(): string {
  const root = tempDir('kao-origin-');
  git(root, 'init', '-q', '-b', 'main');
  writeFiles(root, { 'README.md': '# app\n' });
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'first');
  writeFiles(root, { 'src/app.ts': 'export const a = 1;\n' });
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'second');
  git(root, 'checkout', '-qb', 'feature');
  writeFiles(root, { 'src/app.ts': 'export const a = 2;\n' });
  git(root, 'commit', '-qam', 'change');
  return root;
}

function noStack(stderr: string) {
  assert.doesNotMatch(stderr, /\n\s+at |internal error/, stderr);
}

test('kao check: a ref that does not exist is exit 2 naming the fetch, never "nothing to check"', () => {
  const root = origin();
  const r = kao(['check', '--base', 'origin/main', '--dir', root]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--base origin\/main: no such commit, branch or tag in this clone/);
  assert.match(r.stderr, /git fetch origin main/);
  noStack(r.stderr);
  const typo = kao(['check', '--base', 'main', '--head', 'featur', '--dir', root]);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /--head featur: no such commit/);
});

test('kao check in a shallow clone (GitHub Actions default) says to set fetch-depth: 0, before and after fetching the base', () => {
  const clone = join(tempDir('kao-shallow-'), 'c');
  execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin()}`, clone]);
  const missing = kao(['check', '--base', 'origin/main', '--dir', clone]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /shallow.*fetch-depth: 0/s);
  // The base fetched as shallow too: both commits are here but their common history is not.
  git(clone, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
  const unrelated = kao(['check', '--base', 'origin/main', '--dir', clone]);
  assert.equal(unrelated.status, 2);
  assert.match(unrelated.stderr, /origin\/main and HEAD share no history in this clone/);
  assert.match(unrelated.stderr, /fetch-depth: 0/);
  noStack(missing.stderr + unrelated.stderr);
  git(clone, 'fetch', '-q', '--unshallow');
  const full = kao(['check', '--base', 'origin/main', '--json', '--dir', clone]);
  assert.equal(full.status, 0, full.stderr);
  assert.deepEqual(JSON.parse(full.stdout).changes.map((c: { path: string }) => c.path), ['src/app.ts']);
});

test('kao check --dir of a folder that does not exist says so, not that git is missing', () => {
  const r = kao(['check', '--base', 'HEAD', '--dir', join(tempDir(), 'nope')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a directory: .*nope/);
  assert.doesNotMatch(r.stderr, /git is not installed/);
});

test('kao route: a binary file, a .yaml brief that is not YAML and a .json brief that is not JSON are exit 2 with where', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9 au lait', 'latin1'));
  writeFiles(dir, { 'brief.yaml': 'title: Add a webhook\nacceptanceCriteria: [unclosed\n', 'brief.json': '{"title": "x",}', 'ok.yaml': 'title: Add a webhook for order events\n' });
  for (const f of ['logo.png', 'latin1.txt']) {
    const r = kao(['route', '--file', join(dir, f)]);
    assert.equal(r.status, 2, f);
    assert.match(r.stderr, /is not a text file/);
    assert.equal(r.stdout, '');
  }
  const yaml = kao(['route', '--file', join(dir, 'brief.yaml')]);
  assert.equal(yaml.status, 2);
  assert.match(yaml.stderr, /brief\.yaml:\d+:\d+: not valid YAML/);
  const json = kao(['route', '--file', join(dir, 'brief.json')]);
  assert.equal(json.status, 2);
  assert.match(json.stderr, /does not parse/);
  noStack(yaml.stderr + json.stderr);
  const ok = kao(['route', '--json', '--file', join(dir, 'ok.yaml')]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).title, 'Add a webhook for order events');
});

test('kao gate api --base with a ref that does not exist is exit 2, never "0 breaking changes"', () => {
  const root = origin();
  writeFiles(root, { 'api/openapi.yaml': 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths: {}\n' });
  const r = kao(['gate', 'api', '--base', 'origin/main', '--dir', root]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--base origin\/main: no such commit, branch or tag in this clone/);
  assert.doesNotMatch(r.stdout, /breaking/);
  assert.equal(kao(['gate', 'api', '--base', 'main', '--dir', root]).status, 0, 'an existing base compares');
});

test('kao check -q prints only the gates that need approval; --fail-on none reports without failing', () => {
  const root = origin();
  writeFiles(root, { 'backend/migrations/0002_add.sql': 'ALTER TABLE t ADD COLUMN c int;\n' });
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'migration');
  const quiet = kao(['check', '--base', 'main', '-q', '--dir', root]);
  assert.equal(quiet.status, 1);
  assert.equal(quiet.stdout, "schema: needs the PO's approval — backend/migrations/0002_add.sql:1\n");
  const report = kao(['check', '--base', 'main', '--fail-on', 'none', '--json', '--dir', root]);
  assert.equal(report.status, 0);
  assert.equal(JSON.parse(report.stdout).gates.find((g: { decision: string }) => g.decision === 'schema').approved, false);
  assert.equal(kao(['check', '--base', 'main', '--fail-on', 'never', '--dir', root]).status, 2);
});

test('kao gate api -q shows errors only, and the exit status still follows --fail-on', () => {
  const root = origin();
  // No security at all (an error) and a parameter without a schema bound (a warning or error, as the gate rates it).
  writeFiles(root, { 'api/openapi.yaml': 'openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /orders:\n    get:\n      responses:\n        "200": { description: ok }\n' });
  const full = JSON.parse(kao(['gate', 'api', '--json', '--dir', root]).stdout);
  const quiet = JSON.parse(kao(['gate', 'api', '--json', '-q', '--dir', root]).stdout);
  assert.ok(full.findings.length > 0);
  assert.deepEqual(quiet.findings, full.findings.filter((f: { severity: string }) => f.severity === 'error'));
  assert.equal(kao(['gate', 'api', '-q', '--dir', root]).status, kao(['gate', 'api', '--dir', root]).status);
});

// Bad input never throws: each case below becomes a clear diagnostic, and the rest of the playbook
// still loads. Files are real files in a temp repository, read through the same path as `kao lint`.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readArtifact } from '../src/artifacts/read.ts';
import { lintPlaybook } from '../src/lint/lint.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { kao, tempDir } from './helpers.ts';

const GOOD = '---\nname: Good\ndescription: works\ntools: [read]\n---\n# Good\n';

function repoWith(name: string, content: string | Buffer): string {
  const root = tempDir();
  const dir = join(root, '.github', 'agents');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'good.agent.md'), GOOD);
  writeFileSync(join(dir, name), content);
  return root;
}

/** Lints the repository and returns the diagnostics of the bad file; the good role must still load. */
async function diagnose(root: string, file = '.github/agents/bad.agent.md') {
  const pb = await loadPlaybook(root);
  assert.ok(pb.roles.has('good'), 'the rest of the playbook still loads');
  return lintPlaybook(pb).diagnostics.filter((d) => d.file === file).map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`);
}

const cases: [string, string | Buffer, string[]][] = [
  ['no frontmatter at all', '# Just a heading\n', ['1:1 error frontmatter-missing']],
  ['frontmatter never closed', '---\nname: x\ndescription: y\n# Body\n', ['1:1 error frontmatter-unterminated']],
  ['frontmatter that is a YAML list', '---\n- a\n- b\n---\n# x\n', ['2:1 error frontmatter-not-mapping']],
  ['frontmatter that is a YAML scalar', '---\njust words\n---\n# x\n', ['2:1 error frontmatter-not-mapping']],
  ['a duplicated key', '---\nname: a\nname: b\n---\n# x\n', ['3:1 error yaml-invalid']],
  ['a tab-indented mapping', '---\nname: a\nhandoffs:\n\t- label: x\n---\n', ['4:1 error yaml-invalid']],
  ['binary bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), ['1:1 error file-binary']],
  ['bytes that are not UTF-8', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x41, 0x0a]), ['1:1 error file-not-utf8']],
  ['a name that is a list', '---\nname: [a, b]\ndescription: d\ntools: [read]\n---\n# x\n', ['2:1 error field-type']],
  ['an empty file', '', ['1:1 error frontmatter-missing']],
];

for (const [what, content, expected] of cases) {
  test(`an agent file with ${what} gets a clear diagnostic and the rest still loads`, async () => {
    assert.deepEqual(await diagnose(repoWith('bad.agent.md', content)), expected);
  });
}

test('a BOM and CRLF line endings are warned about, and the file still compiles to the same role', async () => {
  const root = repoWith('bad.agent.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD.replace('Good', 'Bad').replace(/\n/g, '\r\n'))]));
  assert.deepEqual(await diagnose(root), ['1:1 warning text-bom', '1:1 warning text-crlf']);
  const role = (await loadPlaybook(root)).roles.get('bad')!.spec;
  assert.equal(role.name, 'Bad');
  assert.deepEqual(role.tools.map((t) => t.raw), ['read']);
});

test('a 20 MB file is refused without being read', async () => {
  const root = repoWith('bad.agent.md', Buffer.alloc(20 * 1024 * 1024, 0x61));
  const started = performance.now();
  assert.deepEqual(await diagnose(root), ['1:1 error file-too-large']);
  assert.ok(performance.now() - started < 10000, 'refused without reading 20 MB');
});

test('a symbolic link loop between two agent files is reported, not followed', async () => {
  const root = repoWith('good2.md', '');
  const dir = join(root, '.github', 'agents');
  symlinkSync('loop-b.agent.md', join(dir, 'loop-a.agent.md'));
  symlinkSync('loop-a.agent.md', join(dir, 'loop-b.agent.md'));
  assert.deepEqual(await diagnose(root, '.github/agents/loop-a.agent.md'), ['1:1 warning symlink-loop']);
  assert.deepEqual(await diagnose(root, '.github/agents/loop-b.agent.md'), ['1:1 warning symlink-loop']);
});

test('a directory link back to the root and one leaving the repository do not send the walk astray', async () => {
  const root = repoWith('bad.agent.md', GOOD.replace('Good', 'Bad'));
  symlinkSync('../..', join(root, '.github', 'agents', 'up'));
  symlinkSync('/', join(root, 'slash'));
  const pb = await loadPlaybook(root);
  assert.deepEqual([...pb.roles.values()].filter((r) => r.origin === 'repo').map((r) => r.spec.file).sort(), ['.github/agents/bad.agent.md', '.github/agents/good.agent.md']);
});

test('a file that cannot be read (vanished, or a folder) is a diagnostic, not an exception', async () => {
  const root = tempDir();
  assert.deepEqual(readArtifact(join(root, 'gone.agent.md'), 'gone.agent.md', 'agent').diagnostics.map((d) => d.rule), ['file-unreadable']);
  assert.match(readArtifact(root, 'dir.agent.md', 'agent').diagnostics[0]!.message, /cannot read file \(EISDIR\)/);
});

test('kao lint of a repository full of bad files prints diagnostics and no stack trace', async () => {
  const root = repoWith('bad.agent.md', Buffer.from([0, 1, 2, 3]));
  writeFileSync(join(root, '.github', 'agents', 'worse.agent.md'), '---\n- [unclosed\n---\n');
  const r = kao(['lint', root]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /bad\.agent\.md:1:1 error file-binary/);
  assert.match(r.stdout, /worse\.agent\.md:\d+:\d+ error yaml-invalid/);
});

// Reports on a terminal are rendered text, not raw markdown: headings, bullets and aligned tables,
// wrapped at word boundaries to the terminal's width. Markdown stays for pipes, files and PR comments.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { markdownToTerminal, wrap } from '../src/cli/output/terminal-text.ts';
import { join } from 'node:path';
import { kao, REPO, SHARED, tempDir, writeFiles } from './helpers.ts';

const words = (s: string) => s.replace(/\s+/g, ' ').trim();

test('the text rendering keeps every word, drops markdown syntax, and never breaks a word across lines', () => {
  const md = [
    '## Task packet: a long title', '', '**feature** · `scope` · [docs](docs/routing.md)', '',
    '### PO gates', '', '- **schema** (ask first): database schema changes, migrations and backfills that take a long sentence to explain',
    '  - nested point', '', '| gate | status | evidence |', '| --- | --- | --- |',
    '| schema | needs approval | backend/migrations/0002_low_stock.sql:1 adds a column products.low_stock which the PO must approve |', '',
    '<details><summary>Why</summary>', '', '- `type:feature` (Add)', '', '</details>', '',
  ].join('\n');
  for (const width of [40, 60, 100]) {
    const text = markdownToTerminal(md, { color: false, width });
    assert.doesNotMatch(text, /\*\*|^#|<details>|<summary>|^\|/m, 'no markdown or HTML syntax');
    // Only a word longer than its column may overflow (a path is never broken).
    for (const line of text.split('\n')) assert.ok(line.length <= width || line.trim().split(/ +/).some((w) => w.length > 12), `line wider than ${width}: "${line}"`);
    for (const w of ['feature', 'scope', 'docs (docs/routing.md)', 'schema', 'backfills', 'nested point', 'products.low_stock', 'Why', 'type:feature']) {
      assert.ok(words(text).includes(w), `"${w}" is kept at width ${width}`);
    }
    assert.match(text, /^gate +status +evidence/m, 'table header aligned');
  }
  const colored = markdownToTerminal(md, { color: true, width: 80 });
  assert.match(colored, /\x1b\[1m/);
  assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ''), markdownToTerminal(md, { color: false, width: 80 }));
});

test('wrap keeps the indent of the first line and hangs the rest', () => {
  assert.deepEqual(wrap('  • one two three four', 12, '    '), ['  • one two', '    three', '    four']);
  assert.deepEqual(wrap('averyveryverylongword x', 5), ['averyveryverylongword', 'x']);
});

test('kao route -f text names the built-in playbook and what lanes and gates are; piped output stays markdown', () => {
  const repo = tempDir();
  execFileSync('git', ['init', '-q'], { cwd: repo });
  writeFiles(repo, { 'README.md': '# app\n' });
  const task = 'Add a low-stock widget to the dashboard and a backend endpoint for it';
  const text = kao(['route', '-f', 'text', '--dir', repo, task]);
  assert.equal(text.status, 0, text.stderr);
  assert.doesNotMatch(text.stdout, /\*\*|^##/m);
  assert.match(words(text.stdout), /Playbook: the built-in one/);
  assert.match(words(text.stdout), /a PO gate is a decision only the product owner makes/);
  const piped = kao(['route', '--dir', repo, task]);
  assert.match(piped.stdout, /^## Task packet: /);
  assert.equal(kao(['route', '--json', '-f', 'text', task]).status, 2, '--json and another --format conflict');
});

test('kao check --format github prints Actions annotations for each gate that needs approval', () => {
  const root = tempDir();
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=d@example.com', '-c', 'user.name=D', ...a], { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFiles(root, { 'README.md': '# app\n' });
  git('add', '.');
  git('commit', '-qm', 'one');
  writeFiles(root, { 'backend/migrations/0002_add.sql': 'ALTER TABLE t ADD COLUMN c int;\n' });
  git('add', '.');
  git('commit', '-qm', 'two');
  const r = kao(['check', '--base', 'HEAD~1', '--format', 'github', '--dir', root]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^::error file=backend\/migrations\/0002_add\.sql,line=1,title=kao po-gate-schema::PO approval needed \(schema\)/m);
});

test('long work shows progress on a terminal only: one line on stderr, erased before the report; nothing in pipes or CI logs', () => {
  const root = tempDir('kao-progress-');
  const spec = join(SHARED, 'corpus', 'openapi', 'stripe', 'spec3.2022-04-12.json');
  writeFiles(root, { 'README.md': 'x\n' });
  // The gate exits 1 on this spec's findings; `; true` keeps script's own status 0.
  // `stty cols` fixes the pty's width: without it the width is whatever terminal (or none) the test
  // runner has, and a long path gets cut to fit it.
  const run = (cols: number) => `stty cols ${cols}; ${process.execPath} ${join(REPO, 'bin', 'kao.js')} gate api -q --spec ${spec}; true`;
  const command = run(400);
  // `script` gives the command a real terminal (util-linux); its transcript is what the user saw.
  const onTerminal = execFileSync('script', ['-qc', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1' } });
  assert.match(onTerminal, /\r\x1b\[Kkao: reading \/.*spec3\.2022-04-12\.json \(\d+ MB\)/);
  assert.match(onTerminal, /\r\x1b\[Kkao: checking 417 operations of /);
  assert.match(onTerminal, /\r\x1b\[K[^\r]*?\(OpenAPI 3\.0\.0, 417 operations\)/, 'the progress line is erased before the report');
  // On a narrow terminal the line is cut to fit, so it never wraps (a wrapped line cannot be erased).
  const narrow = execFileSync('script', ['-qc', run(40), '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1' } });
  const shown = [...narrow.matchAll(/\r\x1b\[K(kao: [^\r]*)/g)].map((m) => m[1]!);
  assert.ok(shown.length >= 2, narrow);
  for (const line of shown) assert.ok(line.length <= 39 && line.endsWith('…'), line);
  const piped = kao(['gate', 'api', '-q', '--spec', spec], root);
  assert.doesNotMatch(piped.stderr, /kao: reading|\x1b\[K/);
  const inCi = execFileSync('script', ['-qc', command, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  assert.doesNotMatch(inCi, /kao: reading/);
});

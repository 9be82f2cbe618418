// What `npm pack` ships is what a user installs from a tarball or a git URL: the binary with its
// Node check, the built code, the licence, and every document `--help` points to.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { kao, REPO } from './helpers.ts';

test('the package ships the licence, the binary and every docs/ file that --help names', () => {
  const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const shipped = new Set<string>(listing[0].files.map((f: { path: string }) => f.path));
  for (const f of ['LICENSE', 'README.md', 'bin/kao.js', 'bin/node-version.js', 'dist/kao.js', 'package.json']) assert.ok(shipped.has(f), `${f} is not in the package`);
  const commands = [...kao(['--help']).stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
  assert.ok(commands.length >= 10, 'the main help lists the commands');
  const named = new Set<string>();
  for (const c of commands) for (const m of kao([c, '--help']).stdout.matchAll(/\bdocs\/[\w./-]+\.md\b/g)) named.add(m[0]);
  assert.ok(named.size >= 3, `--help names documents: ${[...named].join(', ')}`);
  for (const doc of named) assert.ok(shipped.has(doc), `${doc} is named by --help but not shipped`);
});

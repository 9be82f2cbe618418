// Habits every command shares, as people use them: a mistyped command or flag gets the nearest one,
// output piped into `head` ends quietly, and colour follows --color/--no-color, NO_COLOR and FORCE_COLOR.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BIN, kao, REPO, SEED, tempDir } from './helpers.ts';

test('a mistyped command or flag suggests the nearest one; nonsense suggests nothing', () => {
  const cmd = kao(['roue', 'x']);
  assert.equal(cmd.status, 2);
  assert.match(cmd.stderr, /unknown command "roue"; did you mean `kao route`\?/);
  const flag = kao(['lint', '--jsno']);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr, /did you mean --json\?/);
  const sub = kao(['packet', 'delegation', '--form', 'a']);
  assert.equal(sub.status, 2);
  assert.match(sub.stderr, /did you mean --from\?/);
  const far = kao(['zzzzqqq']);
  assert.equal(far.status, 2);
  assert.doesNotMatch(far.stderr, /did you mean/);
  assert.doesNotMatch(cmd.stderr + flag.stderr + far.stderr, /\n\s+at /, 'no stack trace');
});

test('output piped into head ends quietly: no EPIPE stack, the exit status of kao itself', () => {
  // compile prints far more than a pipe buffer, so the writer meets the closed pipe.
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" compile --builtin | head -c 10 >/dev/null`], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});

test('colour: off when piped, on with --color or FORCE_COLOR, and NO_COLOR or --no-color always wins over FORCE_COLOR', () => {
  const root = tempDir();
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  const lint = (args: string[], env: Record<string, string>) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const k of ['NO_COLOR', 'FORCE_COLOR']) if (!(k in env)) delete e[k];
    return spawnSync(process.execPath, [BIN, 'lint', root, ...args], { encoding: 'utf8', env: e }).stdout;
  };
  const ESC = '\x1b[';
  assert.ok(!lint([], {}).includes(ESC), 'piped output has no colour');
  assert.ok(lint(['--color'], {}).includes(ESC));
  assert.ok(lint([], { FORCE_COLOR: '1' }).includes(ESC));
  assert.ok(!lint([], { FORCE_COLOR: '0' }).includes(ESC));
  assert.ok(!lint([], { FORCE_COLOR: '1', NO_COLOR: '1' }).includes(ESC));
  assert.ok(!lint(['--no-color'], { FORCE_COLOR: '1' }).includes(ESC));
  // The same words either way: colour never changes the text.
  assert.equal(lint(['--color'], {}).replace(/\x1b\[\d+m/g, ''), lint([], {}));
});

test('an older Node is told which version kao needs and how to get it, before anything loads', () => {
  const as = (version: string) => spawnSync(process.execPath, ['--input-type=module', '-e', `
    Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });
    Object.defineProperty(process, 'version', { value: 'v${version}' });
    await import(${JSON.stringify(BIN)});`, '--', 'kao', '--version'], { encoding: 'utf8' });
  const old = as('20.20.2');
  assert.equal(old.status, 2);
  assert.match(old.stderr, /kao needs Node\.js 22\.19 or newer; this is v20\.20\.2\./);
  assert.match(old.stderr, /npm install --prefix ~\/\.node22 node@22/);
  assert.equal(old.stdout, '');
  const current = as(process.versions.node);
  assert.equal(current.status, 0, current.stderr);
  assert.match(current.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('exit codes agree across commands: help asked for is 0, a missing command or sub-command is 2 with help on stderr', () => {
  const bare = kao([]);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^Usage: kao <command>/);
  assert.equal(bare.stdout, '');
  for (const group of ['packet', 'gate', 'policy', 'ci']) {
    const r = kao([group]);
    assert.equal(r.status, 2, `kao ${group}`);
    assert.equal(r.stdout, '', `kao ${group} prints nothing on stdout`);
  }
  const commands = [...kao(['--help']).stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!);
  for (const c of commands) {
    const r = kao([c, '--help']);
    assert.equal(r.status, 0, `kao ${c} --help`);
    assert.match(r.stdout, new RegExp(`^Usage: kao ${c}`), `kao ${c} --help`);
  }
  assert.equal(kao(['help', 'packet']).status, 0);
});

test('-o FILE writes what the command prints to FILE, only when it finished; a usage error leaves no file', () => {
  const dir = tempDir();
  const sarif = join(dir, 'lint.sarif');
  const r = kao(['lint', '--builtin', '--format', 'sarif', '-o', sarif]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(JSON.parse(readFileSync(sarif, 'utf8')).version, '2.1.0');
  assert.equal(kao(['lint', '--builtin', `--output=${join(dir, 'x.txt')}`]).status, 0);
  assert.match(readFileSync(join(dir, 'x.txt'), 'utf8'), /artifacts checked/);
  const bad = kao(['check', '--base', 'no-such-ref', '--dir', REPO, '-o', join(dir, 'check.md')]);
  assert.equal(bad.status, 2);
  assert.deepEqual(readdirSync(dir).sort(), ['lint.sarif', 'x.txt'], 'no report and no temporary file left behind');
  const nowhere = kao(['lint', '--builtin', '-o', join(dir, 'missing', 'x')]);
  assert.equal(nowhere.status, 2);
  assert.match(nowhere.stderr, /cannot write .*missing\/x: ENOENT/);
  assert.equal(kao(['lint', '-o']).status, 2);
});

test('--dir works on every command that takes a folder, the same as the positional [dir]', () => {
  const root = tempDir();
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  const byArg = kao(['lint', '--format', 'json', root]);
  const byFlag = kao(['lint', '--format', 'json', '--dir', root]);
  assert.equal(byFlag.status, byArg.status);
  assert.deepEqual(JSON.parse(byFlag.stdout).summary, JSON.parse(byArg.stdout).summary);
  assert.equal(JSON.parse(kao(['compile', '--dir', root, '--role', 'backend-lead']).stdout).id, 'backend-lead');
  const twice = kao(['lint', root, '--dir', tempDir()]);
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /the folder is given twice/);
  const commands = [...kao(['--help']).stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'packet');
  for (const c of commands) assert.match(kao([c, '--help']).stdout, /--dir <dir>/, `kao ${c} --help has --dir`);
});

test('kao lint: from a subfolder it checks the repository; no playbook at all is exit 2; caps, --max-warnings and github annotations', () => {
  const root = tempDir();
  execFileSync('git', ['init', '-q'], { cwd: root });
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  const none = kao(['lint'], join(root, 'src', 'deep'));
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no playbook in .*: no role, instruction, prompt, skill or AGENTS\.md file/);
  assert.match(none.stderr, /kao init/);
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  const sub = kao(['lint', '--max-problems', '2'], join(root, 'src', 'deep'));
  assert.equal(sub.status, 1);
  assert.equal(sub.stdout.split('\n').filter((l) => / (error|warning|info) /.test(l) && /^\.github/.test(l)).length, 2);
  assert.match(sub.stdout, /… and 8 more problems \(2 of 10 shown/);
  assert.match(sub.stdout, /1 artifact checked: 8 errors, 1 warning, 1 info\n$/);
  // Errors only, and no more than 0 warnings: the one warning still fails the run.
  const strict = kao(['lint', '-q', '--max-warnings', '0', '--format', 'github', root]);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /^::error file=\.github\/agents\/backend-lead\.agent\.md,line=\d+,col=\d+,title=kao link-broken::/m);
  assert.match(strict.stderr, /1 warnings, more than --max-warnings 0/);
  assert.equal(kao(['lint', '--max-warnings', 'x', root]).status, 2);
});

test('kao gate api and gate api diff cap the findings they print (most severe first) and say how many were left out', () => {
  const stripe = join(REPO, '..', 'shared', 'corpus', 'openapi', 'stripe');
  const root = tempDir('kao-cap-');
  const capped = kao(['gate', 'api', '--no-color', '--spec', join(stripe, 'spec3.2022-04-12.json')], root);
  assert.equal(capped.status, 1);
  const printed = capped.stdout.split('\n').filter((l) => /^ {2}\S+:\d+:\d+ (error|warning|info) /.test(l));
  assert.equal(printed.length, 100, 'the default cap is 100');
  assert.ok(printed.some((l) => / error api-problem-media-type /.test(l)), 'the error is among those printed although 3,000 warnings come before it');
  kao(['gate', 'api', '--json', '-o', join(root, 'all.json'), '--spec', join(stripe, 'spec3.2022-04-12.json')], root);
  const total = (JSON.parse(readFileSync(join(root, 'all.json'), 'utf8')) as { findings: unknown[] }).findings.length;
  assert.ok(total > 1000);
  assert.match(capped.stdout, new RegExp(`… and ${total - 100} more problems \\(100 of ${total} shown; --max-problems raises the cap, --format json lists all\\)`));
  const five = kao(['gate', 'api', '--no-color', '--max-problems', '5', '--spec', join(stripe, 'spec3.2022-04-12.json')], root);
  assert.equal(five.stdout.split('\n').filter((l) => /^ {2}\S+:\d+:\d+ (error|warning) /.test(l)).length, 5);
  const diff = kao(['gate', 'api', 'diff', '--no-color', '--max-problems', '3', join(stripe, 'spec3.2022-01-25.json'), join(stripe, 'spec3.2022-04-12.json')], root);
  assert.equal(diff.stdout.split('\n').filter((l) => /^ {2}\S+:\d+:\d+ (breaking|warning|info) /.test(l)).length, 3);
  assert.match(diff.stdout, /… and \d+ more problems \(3 of \d+ shown/);
  assert.equal(kao(['gate', 'api', '--max-problems', 'lots', '--spec', join(stripe, 'spec3.2022-04-12.json')], root).status, 2);
});

test('--format junit on lint, check, gate api and gate api diff: well-formed JUnit XML, one failing case per finding, one passing case when clean', () => {
  const root = tempDir('kao-junit-');
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  mkdirSync(join(root, '.github', 'agents'), { recursive: true });
  copyFileSync(SEED, join(root, '.github', 'agents', 'backend-lead.agent.md'));
  mkdirSync(join(root, 'db', 'migrations'), { recursive: true });
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-qm', 'seed'], { cwd: root });
  spawnSync('sh', ['-c', 'printf "ALTER TABLE orders ADD COLUMN note text;\\n" > db/migrations/0002_note.sql && printf "openapi: 3.0.3\\ninfo: {title: t, version: \\"1\\"}\\npaths:\\n  /a:\\n    get:\\n      responses: {\\"200\\": {description: ok}}\\n" > openapi.yaml && git add -A && git -c user.email=a@b -c user.name=a commit -qm change'], { cwd: root });
  const parse = (xml: string) => {
    assert.equal(XMLValidator.validate(xml), true, xml.slice(0, 300));
    return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { testsuites: { tests: string; failures: string; testsuite: unknown } };
  };
  const suites = (doc: ReturnType<typeof parse>) => [doc.testsuites.testsuite].flat() as { name: string; testcase: unknown }[];
  const lint = kao(['lint', '--format', 'junit'], root);
  const lintDoc = parse(lint.stdout);
  assert.ok(Number(lintDoc.testsuites.failures) > 0);
  assert.deepEqual(suites(lintDoc).map((s) => s.name), ['.github/agents/backend-lead.agent.md']);
  const check = kao(['check', '--base', 'HEAD~1', '--format', 'junit'], root);
  assert.equal(check.status, 1);
  const checkDoc = parse(check.stdout);
  assert.ok(suites(checkDoc).some((s) => s.name === 'db/migrations/0002_note.sql'), check.stdout);
  const gate = kao(['gate', 'api', '--format', 'junit'], root);
  const gateDoc = parse(gate.stdout);
  assert.equal(gateDoc.testsuites.failures, String([suites(gateDoc)].flat().flatMap((s) => [s.testcase].flat()).length));
  const clean = kao(['gate', 'api', 'diff', 'openapi.yaml', 'openapi.yaml', '--format', 'junit'], root);
  assert.equal(clean.status, 0);
  const cleanDoc = parse(clean.stdout);
  assert.equal(cleanDoc.testsuites.failures, '0');
  assert.equal(cleanDoc.testsuites.tests, '1');
});

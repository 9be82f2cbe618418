// The shell reader the policy engine judges commands with: each construct bash has, read as bash
// reads it, and property tests that it never throws, never hangs, and never drops a command that
// was spelled out in the line.
//
// Property runs are deterministic (fixed seed). FC_SEED=<n> explores other inputs, FC_RUNS=<n>
// scales the runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseShell, type ParsedLine } from '../src/policy/shell/parse.ts';
import { readOptions, word } from '../src/policy/programs/options.ts';

const SEED = Number(process.env.FC_SEED ?? 0x6b616f);
const SCALE = Number(process.env.FC_RUNS ?? 1);
const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * SCALE)) });

/** Each command as its words' texts. */
const programs = (p: ParsedLine) => p.commands.map((c) => c.words.map((w) => w.text));

test('lists, pipes, quotes, escapes, comments and backslash-newline read as bash reads them', () => {
  assert.deepEqual(programs(parseShell('npm test -- --run && git status | head -5; ls &')), [['npm', 'test', '--', '--run'], ['git', 'status'], ['head', '-5'], ['ls']]);
  assert.deepEqual(programs(parseShell(`echo 'a b' "c $d" e\\ f`)), [['echo', 'a b', 'c $d', 'e f']]);
  assert.deepEqual(programs(parseShell('r\\\nm -rf x')), [['rm', '-rf', 'x']]);
  assert.deepEqual(programs(parseShell('ls # rm -rf src\ncat x')), [['ls'], ['cat', 'x']]);
  assert.deepEqual(programs(parseShell("$'\\x72\\155' -rf x")), [['rm', '-rf', 'x']], "$'…' escapes are decoded: hex and octal");
  assert.equal(parseShell('cat x').commands[0]!.stdin, null);
  assert.equal(parseShell('cat x | sh').commands[1]!.stdin, 'pipe');
});

test('substitutions run wherever they appear, also inside double quotes and here-documents', () => {
  const p = parseShell('echo "$(git rev-parse HEAD) `whoami`" > /tmp/x');
  assert.deepEqual(programs(p).sort(), [['echo', '$(…) `…`'], ['git', 'rev-parse', 'HEAD'], ['whoami']].sort());
  assert.equal(p.commands.find((c) => c.words[0]!.text === 'echo')!.words[1]!.dynamic, true);
  assert.deepEqual(p.commands.find((c) => c.words[0]!.text === 'echo')!.redirects.map((r) => [r.op, r.target.text]), [['>', '/tmp/x']]);
  const here = parseShell('cat <<EOF | sh\nrm -rf /\n$(id)\nEOF\nls');
  assert.deepEqual(programs(here), [['id'], ['cat'], ['sh'], ['ls']]);
  assert.equal(here.commands[1]!.stdin, 'heredoc');
  assert.equal(here.commands[1]!.input, 'rm -rf /\n$(id)');
  // A quoted delimiter keeps the body literal: nothing in it runs.
  assert.deepEqual(programs(parseShell("cat <<'EOF'\n$(id)\nEOF")), [['cat']]);
  assert.deepEqual(programs(parseShell('diff <(ls a) >(cat)')).sort(), [['cat'], ['diff', '<(…)', '<(…)'], ['ls', 'a']].sort());
});

test('assignments, redirections with descriptors, keywords, subshells and groups', () => {
  const p = parseShell('FOO="a b" BAR=1 env 2>&1 >out <in');
  assert.deepEqual(p.commands[0]!.assignments.map((a) => [a.name, a.value.text]), [['FOO', 'a b'], ['BAR', '1']]);
  assert.deepEqual(p.commands[0]!.redirects.map((r) => [r.fd, r.op, r.target.text]), [[2, '>&', '1'], [null, '>', 'out'], [null, '<', 'in']]);
  assert.deepEqual(programs(parseShell('if true; then git push; fi')), [['true'], ['git', 'push']]);
  assert.deepEqual(programs(parseShell('for f in a b; do rm $f; done')), [['rm', '$f']]);
  assert.deepEqual(programs(parseShell('(cd x && ls) || { echo no; }')), [['cd', 'x'], ['ls'], ['echo', 'no']]);
  assert.equal(parseShell('"FOO"=1 x').commands[0]!.assignments.length, 0, 'a quoted name is not an assignment');
});

test('what cannot be read exactly is opaque: functions, case, unclosed quotes, huge brace lists, deep nesting, huge lines', () => {
  for (const line of ['f() { rm -rf /; }', 'case $x in a) rm x;; esac', 'echo "unclosed', "echo 'unclosed", 'echo $(unclosed', 'cat <<EOF\nno end',
    `echo ${'{a,b}'.repeat(12)}`, 'cat src/{1..100000}.ts', `${'$('.repeat(100)}id${')'.repeat(100)}`, `echo ${'x'.repeat(70_000)}`]) {
    assert.ok(parseShell(line).opaque.length > 0, `opaque: ${line.slice(0, 40)}`);
  }
  const w = parseShell('c{a,b}t .en* ~/.ssh/x $HOME/y').commands[0]!.words;
  assert.deepEqual(w.map((x) => [x.brace, x.glob, x.tilde, x.dynamic]), [[true, false, false, false], [false, true, false, false], [false, false, true, false], [false, false, false, true]]);
});

test('options: bundles, values glued or apart, --opt=value, -- ends options, unknown ones are named', () => {
  const o = readOptions(['-rfo', 'out', '--color=never', '-n5', '--', '-x'].map(word), { value: ['-o', '-n', '--color'], flags: ['-r', '-f'] });
  assert.deepEqual([...o.opts], [['-r', true], ['-f', true], ['-o', 'out'], ['--color', 'never'], ['-n', '5']]);
  assert.deepEqual(o.operands.map((w) => w.text), ['-x']);
  assert.deepEqual(o.unknown, []);
  assert.deepEqual(readOptions(['-z', '--weird'].map(word), { flags: [] }).unknown, ['-z', '--weird']);
});

test('property: reading any line never throws and finishes quickly', () => {
  const alphabet = fc.constantFrom(...'ab $(){}[]*?~\'"`\\;&|<>=#\n\t-0123456789'.split(''));
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 200 }).map((cs) => cs.join('')), (line) => {
    const t0 = performance.now();
    const p = parseShell(line);
    assert.ok(Array.isArray(p.commands) && Array.isArray(p.opaque));
    for (const c of p.commands) for (const w of c.words) assert.equal(typeof w.text, 'string');
    assert.ok(performance.now() - t0 < 1000, 'parsing took more than a second');
  }), runs(2000));
});

test('property: a command spelled plainly is never lost, whatever plain commands surround it', () => {
  // Reserved words (`do`, `fi`, `for`…) are bash's, not commands.
  const reserved = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'select', 'case', 'esac', 'in', 'function', 'time', 'coproc']);
  const plainWord = fc.stringMatching(/^[a-z][a-z0-9._/-]{0,8}$/).filter((w) => !reserved.has(w));
  const command = fc.array(plainWord, { minLength: 1, maxLength: 4 });
  const sep = fc.constantFrom(' && ', ' || ', ' | ', '; ', '\n', ' & ');
  fc.assert(fc.property(fc.array(command, { minLength: 1, maxLength: 6 }), fc.array(sep, { minLength: 6, maxLength: 6 }), (cmds, seps) => {
    const line = cmds.map((c, i) => c.join(' ') + (i < cmds.length - 1 ? seps[i] : '')).join('');
    const p = parseShell(line);
    assert.deepEqual(p.opaque, []);
    assert.deepEqual(programs(p), cmds);
  }), runs(500));
});

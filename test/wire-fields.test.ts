import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { goneFields } from '../src/check/wire-fields.ts';
import type { ChangedFile } from '../src/check/diff.ts';

const GO_JSON = /`[^`]*\bjson:"(\w+)"/gi;
const shapes = { reads: (p: string) => p.endsWith('.go'), fields: [GO_JSON] };
const comment = (t: string) => /^\s*\/\//.test(t);
const file = (path: string, removed: string[], added: string[], status: ChangedFile['status'] = 'modified'): ChangedFile => ({
  path, status, added: added.map((text, i) => ({ line: i + 1, text })), removed: removed.map((text, i) => ({ line: i + 1, text })),
});
const field = (name: string, tag = name) => `\t${name[0]!.toUpperCase()}${name.slice(1)} string \`json:"${tag}"\``;

test('a field dropped, renamed or made optional is reported with its line; one kept, moved or commented is not', () => {
  assert.deepEqual([...goneFields([file('a.go', [field('name')], [])], shapes, comment)], [['a.go', ['a.go:1 (field name removed)']]]);
  assert.deepEqual([...goneFields([file('a.go', [field('token')], ['\tToken string `json:"token,omitempty"`'])], shapes, comment)], [['a.go', ['a.go:1 (field token changed)']]]);
  assert.equal(goneFields([file('a.go', [field('name')], [field('name').replace(' string', '    string')])], shapes, comment).size, 0);
  assert.equal(goneFields([file('a.go', [field('name')], []), file('b.go', [], [field('name')])], shapes, comment).size, 0);
  assert.equal(goneFields([file('a.go', [`// ${field('name')}`], [])], shapes, comment).size, 0);
  assert.equal(goneFields([file('a.go', [field('name')], [], 'deleted')], shapes, comment).size, 0);
  assert.equal(goneFields([file('a.md', [field('name')], [])], shapes, comment).size, 0);
  // The same value under another name, though the old name is used again for something else.
  const php = { reads: () => true, fields: [/^\s*['"](\w+)['"]\s*=>/gi] };
  assert.deepEqual([...goneFields([file('R.php', ["  'permissions' => $this->when($me, fn () => $names),"], ["  'abilities' => $this->when($me, fn () => $names),", "  'permissions' => [],"])], php, comment)],
    [['R.php', ['R.php:1 (field permissions renamed abilities)']]]);
});

test('property: reordering or moving a shape\'s fields between files reports nothing; dropping one reports exactly it', () => {
  const names = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 12 });
  fc.assert(fc.property(names, fc.nat(), fc.nat(), (list, seed, pick) => {
    const lines = list.map((n) => field(n));
    const shuffled = [...lines].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
    const half = seed % (shuffled.length + 1);
    const moved = [file('a.go', lines, shuffled.slice(0, half)), file('b.go', [], shuffled.slice(half))];
    assert.equal(goneFields(moved, shapes, comment).size, 0);
    const dropped = list[pick % list.length]!;
    const after = lines.filter((l) => l !== field(dropped));
    const evidence = [...goneFields([file('a.go', lines, after)], shapes, comment).values()].flat();
    // "changed" when the name is still a word on a kept line (a field called `string`).
    assert.deepEqual(evidence.map((e) => e.replace(/^a\.go:\d+ /, '').replace(' changed)', ' removed)')), [`(field ${dropped} removed)`]);
  }));
});

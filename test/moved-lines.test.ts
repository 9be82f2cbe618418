import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ChangedFile } from '../src/check/diff.ts';
import { parsePatch } from '../src/check/diff.ts';
import { movedLines, skeleton } from '../src/check/moved-lines.ts';

/** A zero-context patch, as `git diff -U0` writes it. */
const patch = (...files: string[]) => files.join('');
const fileDiff = (path: string, hunks: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${hunks}`;

const guard = ['\tif pls.OwnerID != usr.ID {', '\t\tlog.Trace(ctx, "not refreshing a playlist of another user")', '\t\treturn false', '\t}'];
/** The function the guard sits in, moved whole in a refactor. */
const refresh = ['func (r *playlists) refresh(pls *Playlist) bool {', '\t// Never refresh the playlists of other users', '\tusr := loggedUser(r.ctx)', ...guard, '\tlog.Debug(r.ctx, "refreshing", "id", pls.ID)', '\treturn r.evaluate(pls)', '}'];

function marked(files: ChangedFile[]) {
  // As kao check reads code: comments are not.
  const m = movedLines(files, (t) => !/^\s*(\/\/|#)/.test(t));
  return files.flatMap((f) => [
    ...f.added.filter((l) => m.has(l)).map((l) => `+${f.path}:${l.text.trim()}`),
    ...(f.removed ?? []).filter((l) => m.has(l)).map((l) => `-${f.path}:${l.text.trim()}`),
  ]);
}

const moveTo = (lines: string[], from: string, to: string) => parsePatch(patch(
  fileDiff(from, `@@ -10,${lines.length} +9,0 @@\n${lines.map((l) => `-${l}\n`).join('')}`),
  fileDiff(to, `@@ -3,0 +4,${lines.length} @@\n${lines.map((l) => `+${l}\n`).join('')}`),
));

test('a function moved to another file is a move on both sides', () => {
  const got = marked(moveTo(refresh, 'persistence/playlists.go', 'persistence/smart_playlists.go'));
  assert.ok(got.includes('-persistence/playlists.go:if pls.OwnerID != usr.ID {'), JSON.stringify(got));
  assert.ok(got.includes('+persistence/smart_playlists.go:if pls.OwnerID != usr.ID {'), JSON.stringify(got));
});

test('a check moved on its own is no move: a short block to another file, or any block within its file', () => {
  assert.deepEqual(marked(moveTo(guard, 'handlers/orders.go', 'handlers/guards.go')), []);
  const within = parsePatch(fileDiff('persistence/playlists.go',
    `@@ -10,${refresh.length} +9,0 @@\n${refresh.map((l) => `-${l}\n`).join('')}@@ -40,0 +30,${refresh.length} @@\n${refresh.map((l) => `+${l}\n`).join('')}`));
  assert.deepEqual(marked(within), []);
});

test('a line rewritten with only its punctuation or case changed is a restyle; a changed operator is not', () => {
  const restyled = parsePatch(fileDiff('persistence/criteria.go', '@@ -20,2 +20,2 @@\n-\tif !c.ownerIsAdmin {\n-\t\tif c.ownerID == "" {\n+\tif !c.owner.IsAdmin {\n+\t\tif c.owner.ID == "" {\n'));
  assert.deepEqual(marked(restyled).sort(), ['+persistence/criteria.go:if !c.owner.IsAdmin {', '+persistence/criteria.go:if c.owner.ID == "" {', '-persistence/criteria.go:if !c.ownerIsAdmin {', '-persistence/criteria.go:if c.ownerID == "" {']);
  for (const [before, after] of [['if c.ownerIsAdmin {', 'if !c.ownerIsAdmin {'], ['total := amount * 1.5', 'total := amount * 15'], ['ok := check(user, admin)', 'ok := check(useradmin)'], ['if amount > limit {', 'if amount >= limit {']]) {
    const edit = parsePatch(fileDiff('billing/totals.go', `@@ -3 +3 @@\n-\t${before}\n+\t${after}\n`));
    assert.deepEqual(marked(edit), [], `${before} → ${after}`);
  }  // Where indentation is syntax, a line moved into a block is no restyle.
  const indented = parsePatch(fileDiff('app/accounts/views.py', '@@ -4 +4 @@\n-    check_password(old, user.password)\n+        check_password(old, user.password)\n'));
  assert.deepEqual(marked(indented), []);
});

test('a skeleton ignores layout, quote style and a closing semicolon, comma or dot, never the words', () => {
  const words = fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 6 });
  fc.assert(fc.property(words, fc.constantFrom('', ';', ',', '.'), fc.nat(4), (ws, end, pad) => {
    const call = `${ws[0]}("${ws.slice(1).join('", "')}")`;
    const restyled = `${' '.repeat(pad)}${call.replaceAll('"', "'")}${end}`;
    assert.equal(skeleton(restyled), skeleton(call));
    assert.notEqual(skeleton(`${call}x`), skeleton(call));
  }), { numRuns: 500 });
});

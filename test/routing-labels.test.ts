import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { builtinPlaybookDir } from '../src/playbook/builtin.ts';
import { parseOperatingModel } from '../src/playbook/operating-model.ts';

// The labels of the real-repository evaluation (eval/routing) are data the scorer trusts: every commit
// is a full SHA, once per repository, and every gate is a PO decision of the built-in model, so a
// typo in a label cannot pass for a miss or a false alarm. (Scoring needs the repositories: see
// eval/routing/score.mjs.)
test('every label of the routing evaluation names a full commit once and only PO decisions the model has', () => {
  const file = join(builtinPlaybookDir(), '.github', 'agent-os', 'operating-model.yaml');
  const decisions = new Set<string>(parseOperatingModel(readFileSync(file, 'utf8'), file).model!.decisions.map((d) => d.id));
  const text = readFileSync(join(import.meta.dirname, '..', 'eval', 'routing', 'labels.yaml'), 'utf8');
  const labels = parse(text) as Record<string, { stack: string; heldOut?: boolean; commits: { sha: string; gates: string[]; why: string }[] }>;
  let commits = 0;
  for (const [repo, { stack, commits: list }] of Object.entries(labels)) {
    assert.match(repo, /^[\w.-]+\/[\w.-]+$/, repo);
    assert.ok(stack, `${repo}: a stack`);
    const seen = new Set<string>();
    for (const c of list) {
      assert.match(c.sha, /^[0-9a-f]{40}$/, `${repo}: ${c.sha}`);
      assert.ok(!seen.has(c.sha), `${repo}: ${c.sha} labelled twice`);
      seen.add(c.sha);
      assert.ok(c.why, `${repo} ${c.sha}: a why`);
      for (const g of c.gates) assert.ok(decisions.has(g), `${repo} ${c.sha}: ${g} is not a PO decision`);
    }
    commits += list.length;
  }
  assert.ok(commits >= 60, `${commits} commits`);
  // fetch.sh finds the repositories to clone as the file's top-level `owner/name:` lines.
  assert.deepEqual([...text.matchAll(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:/gm)].map((m) => m[0].slice(0, -1)), Object.keys(labels));
});

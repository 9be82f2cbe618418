// The compiled playbook kept in .agent-os/cache between runs (for a hook process per tool call) is
// never stale: a changed, added or removed playbook file, or a damaged cache, means compiling again.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPlaybook } from '../src/playbook/load.ts';
import { SEED, tempDir, writeFiles } from './helpers.ts';

const CACHE = ['.agent-os', 'cache', 'playbook.json'];

test('the cache is kept only where the OS keeps its store, and follows every change to the playbook', async () => {
  const root = tempDir('kao-cache-');
  writeFiles(root, { '.github/agents/backend-lead.agent.md': readFileSync(SEED, 'utf8') });
  await loadPlaybook(root);
  assert.equal(existsSync(join(root, ...CACHE)), false, 'no store folder, no cache');
  mkdirSync(join(root, '.agent-os'));
  const first = await loadPlaybook(root);
  assert.ok(existsSync(join(root, ...CACHE)));
  const again = await loadPlaybook(root);
  assert.deepEqual(again.roles.get('backend-lead')!.spec, first.roles.get('backend-lead')!.spec, 'a hit gives the same playbook');

  // Changed in place with the same size and an old time stamp: the change time still moves.
  const seed = join(root, '.github/agents/backend-lead.agent.md');
  writeFileSync(seed, readFileSync(seed, 'utf8').replace('name: "Backend Lead"', 'name: "Backend Boss"'));
  utimesSync(seed, new Date(2000, 0, 1), new Date(2000, 0, 1));
  assert.equal((await loadPlaybook(root)).roles.get('backend-lead')!.spec.name, 'Backend Boss');
  writeFiles(root, { '.github/agents/extra.agent.md': '---\nname: Extra\ndescription: an extra role\ntools: ["read"]\n---\n# Extra\n' });
  assert.equal((await loadPlaybook(root)).roles.get('extra')?.origin, 'repo', 'an added role file is read');
  rmSync(join(root, '.github/agents/extra.agent.md'));
  assert.equal((await loadPlaybook(root)).roles.get('extra'), undefined, 'a removed one is gone');
  writeFileSync(join(root, ...CACHE), '{ damaged');
  assert.equal((await loadPlaybook(root)).roles.get('backend-lead')!.spec.name, 'Backend Boss', 'a damaged cache is compiled over');
  assert.equal(readFileSync(join(root, '.agent-os', 'cache', '.gitignore'), 'utf8'), '*\n');
});

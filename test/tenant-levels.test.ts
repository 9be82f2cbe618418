// The tenant a repository's schema points at (kao check reads it when the model names none), and
// the `{tenant}` placeholder of the change signals, on schema lines as each stack writes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferTenantLevels, mentionsTenantNoun, withTenantLevels } from '../src/check/tenant-levels.ts';
import { droppedTenantScopes } from '../src/check/tenant-scope.ts';
import { tenantPattern } from '../src/playbook/change-signals.ts';
import { builtinPlaybookDir } from '../src/playbook/builtin.ts';
import { loadPlaybook } from '../src/playbook/load.ts';

const thrice = (line: string) => [line, line, line];

test('each stack\'s foreign keys name the tenant once three of them point at it', () => {
  const stacks: [string, string][] = [
    ['rails references', '    t.references :family, null: false, foreign_key: true'],
    ['rails column', '    t.uuid "family_id", null: false'],
    ['prisma', '  projectId   String'],
    ['django', '    project = models.ForeignKey(Project, models.CASCADE)'],
    ['django by label', '    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE)'],
    ['sqlalchemy', '    team_id = mapped_column(ForeignKey("teams.id"))'],
    ['gorm', '\tWorkspaceID uint `gorm:"index"`'],
    ['sql', '  workspace_id uuid NOT NULL REFERENCES workspaces(id),'],
    ['drizzle', '  companyId: uuid("company_id")'],
    ['laravel', "            $table->foreignId('team_id')->constrained();"],
  ];
  for (const [stack, line] of stacks) {
    const levels = inferTenantLevels(thrice(line));
    assert.equal(levels.length, 1, `${stack}: ${JSON.stringify(levels)}`);
    assert.equal(inferTenantLevels(thrice(line).slice(0, 2)).length, 0, `${stack}: two foreign keys are not enough`);
  }
});

test('nouns that are not tenants are never taken for one, however often they are pointed at', () => {
  assert.deepEqual(inferTenantLevels([...Array(20)].map(() => '    t.uuid "user_id"')), []);
  assert.deepEqual(inferTenantLevels([...Array(20)].map(() => '  pollId String')), []);
  assert.deepEqual(inferTenantLevels([...Array(20)].map(() => '    t.uuid "account_id"')), []);
  // Most referenced first.
  assert.deepEqual(inferTenantLevels([...thrice('  teamId String'), ...thrice('  projectId String'), '  projectId String']), ['project', 'team']);
});

test('levels found are added after the declared ones, and {tenant} matches any of them as a word', async () => {
  const { model } = await loadPlaybook(builtinPlaybookDir());
  const more = withTenantLevels(model, ['family', 'workspace']);
  assert.deepEqual(more.constraints?.tenantModel?.levels, ['workspace', 'business', 'family']);
  assert.equal(withTenantLevels(model, ['workspace']), model);
  const re = new RegExp(`^${tenantPattern(withTenantLevels(model, ['family', 'business unit']))}$`, 'i');
  for (const yes of ['workspace', 'family', 'business_unit', 'businessunit']) assert.match(yes, re);
  assert.doesNotMatch('familyx', re);
  assert.equal(new RegExp(tenantPattern({ ...model, constraints: {} })).test('workspace'), false);
  assert.ok(mentionsTenantNoun(['x = Current.family.accounts']));
  assert.ok(mentionsTenantNoun(['where: { projectId }']));
  assert.equal(mentionsTenantNoun(['projection = 1', 'teammate']), false);
});

test('a tenant-scoped chain dropped is reported; one that is kept anywhere in the diff, or deleted with its file, is not', () => {
  const code = () => true;
  const comment = (t: string) => /^\s*#/.test(t);
  const file = (path: string, removed: string[], added: string[], status: 'modified' | 'deleted' = 'modified') => ({
    path, status, added: added.map((text, i) => ({ line: i + 1, text })), removed: removed.map((text, i) => ({ line: i + 1, text })),
  });
  const tenant = '(?:family)';
  assert.deepEqual([...droppedTenantScopes([file('a.rb', ['  Current.family.accounts.find(id)'], ['  Account.find(id)'])], tenant, code, comment)], [['a.rb', ['a.rb:1 (removed)']]]);
  assert.equal(droppedTenantScopes([file('a.rb', ['  Current.family.accounts.find(id)'], []), file('b.rb', [], ['  family.accounts . find(id)'])], tenant, code, comment).size, 0);
  assert.equal(droppedTenantScopes([file('a.rb', ['  Current.family.accounts.find(id)'], [], 'deleted')], tenant, code, comment).size, 0);
  assert.equal(droppedTenantScopes([file('a.rb', ['  # Current.family.accounts.find(id)'], [])], tenant, code, comment).size, 0);
  // An attribute read is not a query: `family.currency` goes nowhere further.
  assert.equal(droppedTenantScopes([file('a.rb', ['  Money.new(x, family.currency)'], [])], tenant, code, comment).size, 0);
});

// The routing lexicon understands the playbook's words with their inflections and synonyms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLexicon, matchLexicon } from '../src/router/lexicon.ts';
import { builtinPlaybookDir } from '../src/playbook/builtin.ts';
import { loadPlaybook } from '../src/playbook/load.ts';

const pb = await loadPlaybook(builtinPlaybookDir());
const lexicon = compileLexicon({ trigger: Object.fromEntries(pb.model.triggers.map((t) => [t.id, t.terms])) });
const fired = (text: string) => [...new Set(matchLexicon(lexicon, text).map((m) => m.entry.id))].sort();

test('schema words fire the schema trigger in any inflection', () => {
  for (const text of ['migrate the orders table', 'a new migration', 'two migrations', 'migrating customers', 'ALTER TABLE orders', 'backfill the totals', 'Backfilling old rows']) {
    assert.ok(fired(text).includes('schema'), text);
  }
});

test('payment words fire the payments trigger; a webhook alone is the webhooks trigger, not payments', () => {
  for (const text of ['Stripe checkout', 'issue refunds', 'refunded orders', 'monthly invoices', 'the Stripe webhook', 'payment webhooks retry']) {
    assert.ok(fired(text).includes('payments'), text);
  }
  for (const text of ['handle the webhook', 'webhooks retry', 'a webhook for order events']) {
    assert.ok(fired(text).includes('webhooks'), text);
    assert.ok(!fired(text).includes('payments'), text);
  }
});

test('`=word` terms match that word only: "response" is a contract word, "responsive" is not', () => {
  assert.ok(fired('a field in the order response').includes('contract'));
  assert.ok(!fired('make the orders page responsive').includes('contract'));
  assert.ok(!fired('who is responsible for the export').includes('contract'));
});

test('access words fire the auth trigger', () => {
  for (const text of ['RBAC for reports', 'an admin role', 'edit permissions', 'invite a teammate', 'invited users', 'invitations expire']) {
    assert.ok(fired(text).includes('auth'), text);
  }
});

test('personal data words fire the pii trigger', () => {
  for (const text of ['store the phone number', 'phone numbers', 'the customer address', 'national id upload', 'date of birth']) {
    assert.ok(fired(text).includes('pii'), text);
  }
});

test('a name written with a capital matches only that word, and verbs that look like nouns do not fire', () => {
  assert.deepEqual(fired('striped rows in the table'), []);
  assert.deepEqual(fired('Address the lint warnings'), []);
  assert.deepEqual(fired('Docker image for staging').includes('infra'), true);
});

test('matches quote the words as the brief wrote them', () => {
  const m = matchLexicon(lexicon, 'We keep MIGRATING invoices');
  assert.deepEqual(m.map((x) => [x.entry.id, x.words]), [['schema', 'MIGRATING'], ['payments', 'invoices']]);
});

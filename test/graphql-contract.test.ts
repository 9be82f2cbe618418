import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchemaOf, graphqlBreakingEvidence } from '../src/check/graphql-contract.ts';
import { isGraphqlSchemaPath } from '../src/check/spec-paths.ts';

const base = 'type Query {\n  invoices(status: Status, amountFrom: Int): [Invoice!]!\n}\n\nenum Status {\n  DRAFT\n  PAID\n}\n\ntype Invoice {\n  id: ID!\n  amount: Int!\n}\n';

test('each breaking change is named with the line that declares it, at head or (when gone) at base', () => {
  const before = buildSchemaOf([{ path: 'api/schema.graphql', text: base }])!;
  const after = buildSchemaOf([{ path: 'api/schema.graphql', text: 'type Query {\n  invoices(status: Status, amountFrom: BigInt, currency: String!): [Invoice!]!\n}\n\nscalar BigInt\n\nenum Status {\n  DRAFT\n}\n\ntype Invoice {\n  id: ID!\n}\n' }])!;
  assert.deepEqual(graphqlBreakingEvidence(before, after).sort(), [
    'api/schema.graphql:12 graphql-field-removed (Field Invoice.amount was removed)',
    'api/schema.graphql:2 graphql-arg-changed-kind (Argument Query.invoices(amountFrom:) has changed type from Int to BigInt)',
    'api/schema.graphql:2 graphql-required-arg-added (A required argument Query.invoices(currency:) was added)',
    'api/schema.graphql:7 graphql-value-removed-from-enum (Enum value Status.PAID was removed)',
  ]);
});

test('an additive change breaks nothing', () => {
  const before = buildSchemaOf([{ path: 's.graphql', text: base }])!;
  const after = buildSchemaOf([{ path: 's.graphql', text: base.replace('  amount: Int!\n', '  amount: Int!\n  number: String\n') }])!;
  assert.deepEqual(graphqlBreakingEvidence(before, after), []);
});

test('operations, broken SDL and types defined elsewhere build no schema', () => {
  assert.equal(buildSchemaOf([{ path: 'q.graphql', text: 'query Invoices {\n  invoices { id }\n}\n' }]), null);
  assert.equal(buildSchemaOf([{ path: 's.graphql', text: 'type Query {\n  invoices: [Invoice!\n' }]), null);
  assert.equal(buildSchemaOf([{ path: 's.graphql', text: 'type Query {\n  invoices: [Invoice!]!\n}\n' }]), null);
  // Together with the file that defines the type, it builds.
  assert.ok(buildSchemaOf([{ path: 's.graphql', text: 'type Query {\n  invoices: [Invoice!]!\n}\n' }, { path: 't.graphql', text: 'type Invoice {\n  id: ID!\n}\n' }]));
});

test('schema files are told from test schemas by path', () => {
  assert.equal(isGraphqlSchemaPath('saleor/graphql/schema.graphql'), true);
  assert.equal(isGraphqlSchemaPath('src/schema.gql'), true);
  assert.equal(isGraphqlSchemaPath('spec/fixtures/schema.graphql'), false);
  assert.equal(isGraphqlSchemaPath('src/api/billing.test.graphql'), false);
  assert.equal(isGraphqlSchemaPath('src/schema.ts'), false);
});

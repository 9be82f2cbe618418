import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
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

// Whatever a changed schema file holds (cut short, lines dropped or swapped, junk spliced in), building
// it never throws and comparing any two schemas that built never throws: a broken schema file must not
// crash `kao check`. Deterministic; FC_SEED and FC_RUNS explore further.
test('mangled schema files never make building or comparing throw', () => {
  const SDL = [
    'interface Node {\n  id: ID!\n}\n',
    'type Invoice implements Node {\n  id: ID!\n  amount(currency: String = "EUR"): Int!\n  status: Status\n  lines: [Line!]!\n}\n',
    'type Line {\n  sku: String\n}\n',
    'enum Status {\n  DRAFT\n  PAID\n}\n',
    'union Item = Invoice | Line\n',
    'input Filter {\n  amountFrom: Int\n  status: Status = DRAFT\n}\n',
    'directive @cost(weight: Int!) on FIELD_DEFINITION\n',
    'scalar BigInt\n',
    'type Query {\n  invoices(filter: Filter): [Invoice!]! @cost(weight: 2)\n  item(id: ID!): Item\n}\n',
    'extend type Query {\n  node(id: ID!): Node\n}\n',
    'schema {\n  query: Query\n}\n',
  ];
  // All the blocks but at most one, in any order, then up to two edits: a line dropped, a word swapped for another
  // (a type renamed, a field retyped, an interface no type implements), junk spliced in, the end cut.
  const WORDS = ['Int', 'String', 'BigInt', 'Status', 'Invoice', 'Line', 'Node', 'Item', 'Filter', 'Query', '[Int]', 'ID!', 'PAID', 'amount', '{', '}', ':', '!', '|', '@cost', ''];
  const edit = fc.oneof(
    fc.record({ drop: fc.nat() }),
    fc.record({ at: fc.nat(), word: fc.constantFrom(...WORDS) }),
    fc.record({ splice: fc.nat(), junk: fc.string({ maxLength: 8 }) }),
    fc.record({ cut: fc.nat() }),
  );
  const file = fc.tuple(fc.shuffledSubarray(SDL, { minLength: SDL.length - 1 }), fc.array(edit, { maxLength: 2 })).map(([blocks, edits]) => {
    let text = blocks.join('');
    for (const e of edits) {
      if ('drop' in e) {
        const lines = text.split('\n');
        lines.splice(e.drop % lines.length, 1);
        text = lines.join('\n');
      } else if ('word' in e) {
        const words = text.split(/(\s+)/);
        words[(e.at % Math.ceil(words.length / 2)) * 2] = e.word;
        text = words.join('');
      } else if ('splice' in e) {
        const at = e.splice % (text.length + 1);
        text = text.slice(0, at) + e.junk + text.slice(at);
      } else text = text.slice(0, e.cut % (text.length + 1));
    }
    return text;
  });
  let compared = 0;
  fc.assert(fc.property(file, file, (a, b) => {
    const before = buildSchemaOf([{ path: 'a.graphql', text: a }]);
    const after = buildSchemaOf([{ path: 'b.graphql', text: b }]);
    if (before && after) {
      compared++;
      for (const line of graphqlBreakingEvidence(before, after)) assert.match(line, /^(\S+:\d+|GraphQL schema) graphql-[a-z-]+ \(.+\)$/s);
    }
  }), { seed: Number(process.env.FC_SEED ?? 0x6b616f), numRuns: Math.max(1, Math.round(1500 * Number(process.env.FC_RUNS ?? 1))) });
  // The edits must leave enough schemas whole for the comparison to be exercised, not only the parser.
  assert.ok(compared >= 20, `only ${compared} pairs of schemas built`);
});

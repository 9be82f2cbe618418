/**
 * What a diff does to a GraphQL API: the schema files (SDL) it changes are built at base and at head
 * with graphql-js and compared by graphql-js's own `findBreakingChanges`. Each breaking change (a
 * type, field, argument or enum value removed, a type changed, a required argument or input field
 * added) becomes evidence for `breaking-contract`, at the line that declares it. A client's
 * operation files (the queries a front end sends) define no schema and are not read. Pure: the
 * caller picks the files (spec-paths.ts) and reads them (cli/commands/check.ts).
 */
import { buildASTSchema, findBreakingChanges, type DefinitionNode, type DocumentNode, type GraphQLSchema, Kind, parse, resolveSchemaCoordinate, Source } from 'graphql';

export interface SchemaFile { path: string; text: string }

/**
 * The schema the files define together, or null: when none of them defines a type (operations only),
 * when one does not parse, or when a type they use is defined elsewhere (the caller may then pass
 * every schema file of the repository).
 */
export function buildSchemaOf(files: readonly SchemaFile[]): GraphQLSchema | null {
  const definitions: DefinitionNode[] = [];
  try {
    for (const f of files) definitions.push(...parse(new Source(f.text, f.path)).definitions.filter(definesSchema));
    if (definitions.length === 0) return null;
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };
    // Validating the SDL is the schema owner's linter's job; an invalid one still says what clients see.
    return buildASTSchema(document, { assumeValidSDL: true });
  } catch {
    return null;
  }
}

/** `path:line graphql-field-changed-kind (Field Invoice.amount changed type from Int to BigInt)`, one per breaking change. */
export function graphqlBreakingEvidence(before: GraphQLSchema, after: GraphQLSchema): string[] {
  // A built-in scalar (Int, String…) that nothing uses any more is gone from the schema, but no
  // client could have sent or read it on its own: graphql-js reports it; a client loses nothing.
  return findBreakingChanges(before, after).filter((c) => !c.description.startsWith('Standard scalar ')).map((c) => {
    const at = declaredAt(after, c.description) ?? declaredAt(before, c.description);
    return `${at ?? 'GraphQL schema'} graphql-${c.type.toLowerCase().replaceAll('_', '-')} (${c.description.replace(/\.$/, '')})`;
  });
}

function definesSchema(d: DefinitionNode): boolean {
  return d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION;
}

/**
 * Where the element a change names is declared in a schema, as `path:line`. The description names
 * it by its schema coordinate (`Query.invoices(amountFrom:)`, `Invoice.amount`) or, for a whole
 * type, by its name first.
 */
function declaredAt(schema: GraphQLSchema, description: string): string | null {
  const coordinates = description.match(/@?[_A-Za-z]\w*(?:\.[_A-Za-z]\w*)?(?:\([_A-Za-z]\w*:\))?/g) ?? [];
  const named = coordinates.find((c) => c.includes('.') || c.includes('(')) ?? coordinates[0];
  if (!named) return null;
  try {
    const element = resolveSchemaCoordinate(schema, named);
    if (!element) return null;
    const node = 'fieldArgument' in element ? element.fieldArgument.astNode
      : 'field' in element ? element.field.astNode
      : 'inputField' in element ? element.inputField.astNode
      : 'enumValue' in element ? element.enumValue.astNode
      : 'directiveArgument' in element ? element.directiveArgument.astNode
      : 'directive' in element ? element.directive.astNode
      : element.type.astNode;
    return node?.loc ? `${node.loc.source.name}:${node.loc.startToken.line}` : null;
  } catch {
    // The coordinate's parent is not in this side's schema (a type removed): the other side says where.
    return null;
  }
}

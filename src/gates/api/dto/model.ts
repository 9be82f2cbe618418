/**
 * DTO alignment (issue 6, check d): the language-neutral model of the code's request/response types
 * that the readers (typescript.ts, go.ts) produce and the pure comparison (compare.ts) consumes.
 */
import type { Severity } from '../../../diagnostics.ts';
import type { ApiFinding } from '../model.ts';

/** A place in the code: absolute file while reading; relative to the gate's root in findings. */
export interface CodeLoc { file: string; line: number; column: number }

export type Scalar = 'string' | 'number' | 'integer' | 'boolean';

export type CodeType =
  | { kind: Scalar; format?: string }
  /** Anything goes (`unknown`, `any`, `interface{}`, a type the reader cannot follow): never a mismatch. */
  | { kind: 'any' }
  | { kind: 'enum'; base: Scalar; values: (string | number | boolean)[]; loc?: CodeLoc }
  | { kind: 'array'; items: CodeType }
  /** `Record<string, T>`, an index signature, `map[string]T`, `z.record`. */
  | { kind: 'map'; values: CodeType }
  | { kind: 'object'; name?: string; fields: CodeField[]; loc?: CodeLoc }
  /** A named type resolved later (Go types and zod schemas referring to each other, maybe cyclically). */
  | { kind: 'ref'; name: string; resolve: () => CodeType | undefined };

export interface CodeField {
  /** The name on the wire (the `json` tag's name for Go). */
  name: string;
  type: CodeType;
  /** May be absent on the wire: `?`, `| undefined`, `.optional()`, `omitempty`, a pointer. */
  optional: boolean;
  /** May be `null` on the wire: `| null`, `.nullable()`, a pointer without `omitempty`. */
  nullable: boolean;
  /** Can hold a `null` it receives even if it never sends one (a Go pointer with `omitempty`). */
  holdsNull?: boolean;
  /** Why the reader considers it optional, for messages (`?`, `omitempty`, `pointer`, …). */
  optionalWhy?: string;
  /** Go: the validation tag that makes the field required (`binding:"required"`), which is what swag reads. */
  requiredTag?: string;
  loc: CodeLoc;
}

export type Language = 'typescript' | 'go';

/** A top-level code type that may stand for a schema. */
export interface CodeDecl {
  name: string;
  language: Language;
  /** `interface`, `type`, `zod`, `struct`, `enum` (Go named type with consts), … */
  flavour: string;
  /** Go: the package the type is declared in (swag qualifies definition names with it). */
  package?: string;
  /** The target of an `@openapi` comment on the declaration, verbatim (`#/components/schemas/Order`, `Order`, `off`). */
  annotation?: string;
  loc: CodeLoc;
  type: CodeType;
}

export interface DtoMatchOptions {
  /**
   * How declarations without an `@openapi` annotation find their schema among `components.schemas`:
   * `exact` (same name, the default), `loose` (case- and punctuation-insensitive, `suffixes` stripped),
   * or `off` (annotations only).
   */
  byName?: 'exact' | 'loose' | 'off';
  /** Stripped from the end of code names in `loose` mode (repeatedly, case-insensitive). */
  suffixes?: string[];
}

export const DEFAULT_SUFFIXES = ['Dto', 'Request', 'Response', 'Schema'];

export interface DtoRule { id: string; severity: Severity; description: string; fix: string }

export const DTO_RULES = {
  'api-dto-field-missing-in-code': { id: 'api-dto-field-missing-in-code', severity: 'error', description: 'A property of the schema has no field in the code type that serves it.', fix: 'Add the field to the code type, or remove the property from the schema if it is no longer sent.' },
  'api-dto-field-missing-in-spec': { id: 'api-dto-field-missing-in-spec', severity: 'error', description: 'A field of the code type is not a property of the schema it serves.', fix: 'Document the field in the schema, or remove it (or hide it from the wire: `json:"-"`, a separate internal type).' },
  'api-dto-type-mismatch': { id: 'api-dto-type-mismatch', severity: 'error', description: 'A field has a different type in the code than in the schema (string, number, integer, boolean, array, object), at any depth.', fix: 'Make the code type and the schema type agree.' },
  'api-dto-required-mismatch': { id: 'api-dto-required-mismatch', severity: 'error', description: 'A field is required on one side and optional on the other (`?`, `| undefined`, `.optional()`, `omitempty`, pointers vs the schema\'s `required`).', fix: 'Make the field optional in both or required in both.' },
  'api-dto-nullable-mismatch': { id: 'api-dto-nullable-mismatch', severity: 'warning', description: 'A field may be `null` on one side but not on the other (`| null`, `.nullable()`, a Go pointer without `omitempty` vs `nullable` / `type: [..., "null"]`).', fix: 'Allow null in the schema, or stop the code from producing it (Go: add `omitempty` to the pointer field).' },
  'api-dto-enum-drift': { id: 'api-dto-enum-drift', severity: 'error', description: 'The values of an enum differ between the code (string-literal unions, TS enums, `z.enum`, Go consts of a named type) and the schema\'s `enum`.', fix: 'Add the missing values to the side that lacks them, or remove the stale ones.' },
  'api-dto-annotation-unresolved': { id: 'api-dto-annotation-unresolved', severity: 'error', description: 'An `@openapi` annotation names a schema that the spec does not have.', fix: 'Point the annotation at an existing schema, e.g. `// @openapi #/components/schemas/Order`, or write `@openapi off`.' },
} as const satisfies Record<string, DtoRule>;

export type DtoRuleId = keyof typeof DTO_RULES;

/**
 * A DTO finding in the gate's finding shape: `file`/`line`/`column` are where the code must change,
 * `pointer` is the schema node's JSON pointer, and `spec` adds where that node sits in the spec file.
 */
export interface DtoFinding extends Omit<ApiFinding, 'check' | 'spec'> {
  check: 'dto';
  spec: NonNullable<ApiFinding['spec']>;
}

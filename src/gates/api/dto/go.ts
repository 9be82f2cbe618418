/**
 * Go structs with `json` tags, read with tree-sitter's Go grammar (the `tree-sitter-go` package's
 * wasm, run by `web-tree-sitter`; both are loaded from node_modules on first use, nothing is fetched).
 * What `encoding/json` puts on the wire decides the model: the tag's name (else the Go name),
 * `-` hides a field, unexported fields are not sent, `omitempty`/`omitzero` make a field optional,
 * a pointer without them makes it nullable, embedded structs are flattened, `[]byte` is a string,
 * and consts of a named type (`const StatusOpen Status = "open"`) are that type's enum.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import { annotationIn, codeFiles } from './annotation.ts';
import type { CodeDecl, CodeField, CodeLoc, CodeType } from './model.ts';

let parserPromise: Promise<TsParser> | undefined;

/** The Go parser, made once per process. The module name is a variable so the bundler leaves it to Node. */
function goParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    const name = 'web-tree-sitter';
    const { Parser, Language } = (await import(name)) as typeof import('web-tree-sitter');
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-go/tree-sitter-go.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    return parser;
  })();
  return parserPromise;
}

const INTEGER = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune']);
const NUMBER = new Set(['float32', 'float64']);
/** Well-known types from other packages, by `pkg.Name`. */
const QUALIFIED: Record<string, CodeType> = {
  'time.Time': { kind: 'string', format: 'date-time' },
  'uuid.UUID': { kind: 'string', format: 'uuid' },
  'json.Number': { kind: 'number' },
  'json.RawMessage': { kind: 'any' },
};

interface RawType { name: string; node: TsNode; file: string; pkg: string | undefined; annotation: string | undefined; loc: CodeLoc }

const locOf = (file: string, n: TsNode): CodeLoc => ({ file, line: n.startPosition.row + 1, column: n.startPosition.column + 1 });

/** Comments directly above `n` (or above its parent declaration when `n` is its first spec). */
function leadingAnnotation(n: TsNode): string | undefined {
  let cur: TsNode | null = n;
  while (cur) {
    let prev: TsNode | null = cur.previousNamedSibling;
    let line = cur.startPosition.row;
    while (prev && prev.type === 'comment' && prev.endPosition.row >= line - 1) {
      const a = annotationIn(prev.text);
      if (a) return a;
      line = prev.startPosition.row;
      prev = prev.previousNamedSibling;
    }
    // A spec inside `type ( ... )` with nothing but comments before it: look above the declaration too.
    const parent: TsNode | null = cur.parent;
    if (parent?.type === 'type_declaration' && parent.namedChildren.find((c) => c?.type !== 'comment')?.id === cur.id) cur = parent;
    else cur = null;
  }
  return undefined;
}

function parseTag(tag: string): { name: string | undefined; skip: boolean; omit: string | undefined; asString: boolean; required: string | undefined } {
  const raw = tag.replace(/^`|`$/g, '');
  // gin's `binding` and go-playground's `validate` say a request must carry the field; swag reads them.
  const v = /(?:^|\s)(binding|validate):"([^"]*)"/.exec(raw);
  const required = v && v[2]!.split(',').includes('required') ? `${v[1]}:"required"` : undefined;
  const m = /(?:^|\s)json:"([^"]*)"/.exec(raw);
  if (!m) return { name: undefined, skip: false, omit: undefined, asString: false, required };
  const [name, ...opts] = (m[1] ?? '').split(',');
  return {
    name: name || undefined,
    skip: name === '-' && opts.length === 0,
    omit: opts.find((o) => o === 'omitempty' || o === 'omitzero'),
    asString: opts.includes('string'),
    required,
  };
}

export async function readGo(dir: string): Promise<CodeDecl[]> {
  const files = codeFiles(dir, (n) => n.endsWith('.go') && !n.endsWith('_test.go'));
  if (files.length === 0) return [];
  const parser = await goParser();
  const types = new Map<string, RawType>();
  const enumValues = new Map<string, { values: (string | number)[]; loc: CodeLoc }>();
  const trees = [];
  for (const file of files) {
    const tree = parser.parse(readFileSync(file, 'utf8'));
    if (!tree) continue;
    trees.push(tree);
    const pkg = tree.rootNode.namedChildren.find((c) => c?.type === 'package_clause')?.namedChildren[0]?.text;
    for (const decl of tree.rootNode.namedChildren) {
      if (!decl) continue;
      if (decl.type === 'type_declaration') {
        for (const spec of decl.namedChildren) {
          if (!spec || (spec.type !== 'type_spec' && spec.type !== 'type_alias') || spec.childForFieldName('type_parameters')) continue;
          const name = spec.childForFieldName('name');
          if (name) types.set(name.text, { name: name.text, node: spec, file, pkg, annotation: leadingAnnotation(spec), loc: locOf(file, name) });
        }
      } else if (decl.type === 'const_declaration') {
        for (const spec of decl.namedChildren) {
          if (spec?.type !== 'const_spec') continue;
          const typeNode = spec.childForFieldName('type');
          const value = spec.childForFieldName('value')?.namedChildren[0];
          if (typeNode?.type !== 'type_identifier' || !value) continue;
          let v: string | number | undefined;
          if (value.type === 'interpreted_string_literal') v = JSON.parse(value.text) as string;
          else if (value.type === 'raw_string_literal') v = value.text.slice(1, -1);
          else if (value.type === 'int_literal' || value.type === 'float_literal') v = Number(value.text.replace(/_/g, ''));
          if (v === undefined) continue;
          const e = enumValues.get(typeNode.text) ?? { values: [], loc: locOf(file, spec) };
          e.values.push(v);
          enumValues.set(typeNode.text, e);
        }
      }
    }
  }

  const cache = new Map<string, CodeType>();
  let treesFreed = false;
  const named = (name: string): CodeType => ({ kind: 'ref', name, resolve: () => cache.get(name) ?? (treesFreed ? undefined : convertNamed(name)) });
  const convertNamed = (name: string): CodeType | undefined => {
    const hit = cache.get(name);
    if (hit) return hit;
    const raw = types.get(name);
    if (!raw) return undefined;
    const typeNode = raw.node.childForFieldName('type');
    if (!typeNode) return undefined;
    if (typeNode.type === 'struct_type') {
      const obj: CodeType = { kind: 'object', name, fields: [], loc: raw.loc };
      cache.set(name, obj); // before the fields: a struct may refer to itself
      obj.fields.push(...structFields(typeNode, raw.file));
      return obj;
    }
    const base = convert(typeNode, raw.file);
    const e = enumValues.get(name);
    const result: CodeType = e && (base.kind === 'string' || base.kind === 'integer' || base.kind === 'number')
      ? { kind: 'enum', base: base.kind, values: e.values, loc: raw.loc }
      : base;
    cache.set(name, result);
    return result;
  };

  const convert = (n: TsNode, file: string): CodeType => {
    switch (n.type) {
      case 'type_identifier': {
        const t = n.text;
        if (t === 'string') return { kind: 'string' };
        if (t === 'bool') return { kind: 'boolean' };
        if (INTEGER.has(t)) return { kind: 'integer' };
        if (NUMBER.has(t)) return { kind: 'number' };
        if (t === 'any' || t === 'error') return { kind: 'any' };
        return types.has(t) ? named(t) : { kind: 'any' };
      }
      case 'qualified_type': {
        const known = QUALIFIED[n.text];
        if (known) return known;
        const name = n.childForFieldName('name')?.text;
        return name && types.has(name) ? named(name) : { kind: 'any' };
      }
      case 'pointer_type': {
        const inner = n.namedChildren[0];
        return inner ? convert(inner, file) : { kind: 'any' };
      }
      case 'slice_type':
      case 'array_type': {
        const el = n.childForFieldName('element');
        if (!el) return { kind: 'any' };
        if (el.text === 'byte') return { kind: 'string', format: 'byte' };
        return { kind: 'array', items: convert(el, file) };
      }
      case 'map_type': {
        const v = n.childForFieldName('value');
        return { kind: 'map', values: v ? convert(v, file) : { kind: 'any' } };
      }
      case 'struct_type':
        return { kind: 'object', fields: structFields(n, file), loc: locOf(file, n) };
      case 'parenthesized_type':
        return n.namedChildren[0] ? convert(n.namedChildren[0], file) : { kind: 'any' };
      default:
        return { kind: 'any' }; // interfaces, generics, channels, functions
    }
  };

  const structFields = (struct: TsNode, file: string): CodeField[] => {
    const out: CodeField[] = [];
    const list = struct.namedChildren.find((c) => c?.type === 'field_declaration_list');
    for (const fd of list?.namedChildren ?? []) {
      if (fd?.type !== 'field_declaration') continue;
      const typeNode = fd.childForFieldName('type');
      if (!typeNode) continue;
      const tag = parseTag(fd.childForFieldName('tag')?.text ?? '');
      if (tag.skip) continue;
      const names = fd.childrenForFieldName('name');
      const pointer = typeNode.type === 'pointer_type' || fd.children.some((c) => c?.type === '*');
      const fieldType = (): CodeType => (tag.asString ? { kind: 'string' } : convert(typeNode, file));
      const field = (wire: string, at: TsNode): CodeField => ({
        name: wire,
        type: fieldType(),
        optional: tag.omit !== undefined,
        nullable: pointer && tag.omit === undefined,
        holdsNull: pointer,
        ...(tag.omit ? { optionalWhy: tag.omit } : {}),
        ...(tag.required ? { requiredTag: tag.required } : {}),
        loc: locOf(file, at),
      });
      if (names.length === 0) {
        // Embedded: flattened unless the tag names it.
        const typeName = (typeNode.type === 'qualified_type' ? typeNode.childForFieldName('name') : typeNode)?.text.replace(/^\*/, '') ?? '';
        if (tag.name) {
          out.push(field(tag.name, fd));
          continue;
        }
        const inner = convertNamed(typeName);
        if (inner?.kind === 'object') out.push(...inner.fields);
        else if (/^[A-Z]/.test(typeName)) out.push(field(typeName, fd));
        continue;
      }
      for (const n of names) {
        if (!n || !/^\p{Lu}/u.test(n.text)) continue; // unexported: never on the wire
        out.push(field(tag.name ?? n.text, n));
      }
    }
    return out;
  };

  const decls: CodeDecl[] = [];
  for (const raw of types.values()) {
    const type = convertNamed(raw.name);
    if (!type || (type.kind !== 'object' && type.kind !== 'enum')) continue;
    decls.push({
      name: raw.name,
      language: 'go',
      flavour: type.kind === 'object' ? 'struct' : 'enum',
      ...(raw.pkg ? { package: raw.pkg } : {}),
      ...(raw.annotation ? { annotation: raw.annotation } : {}),
      loc: raw.loc,
      type,
    });
  }
  for (const t of trees) t.delete();
  treesFreed = true;
  return decls;
}

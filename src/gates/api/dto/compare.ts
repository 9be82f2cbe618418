/**
 * The pure core of DTO alignment: one code type against one schema, findings out. No files are
 * read here; schemas are reached through the loaded spec's `deref` (lazy, by identity), so a
 * recursive schema or a recursive code type is compared once per (code object, schema node) pair.
 */
import { isObj, type Json, type LoadedSpec, type Obj, type Origin } from '../load.ts';
import { pointerOf } from '../positions.ts';
import type { CodeDecl, CodeField, CodeLoc, CodeType, DtoRuleId, Scalar } from './model.ts';

export type SchemaAccess = Pick<LoadedSpec, 'deref' | 'origins'>;

export interface SchemaAt { node: Obj; origin: Origin }

export interface RawFinding { rule: DtoRuleId; code: CodeLoc; spec: Origin; message: string }

function at(spec: SchemaAccess, raw: Json | undefined, origin: Origin): SchemaAt | null {
  if (raw === undefined) return null;
  const r = spec.deref(raw, origin);
  if (!isObj(r.node)) return null;
  return { node: r.node, origin: spec.origins.get(r.node) ?? r.origin };
}

const sub = (o: Origin, ...keys: (string | number)[]): Origin => ({ file: o.file, pointer: o.pointer + pointerOf(keys) });

interface Prop { name: string; schema: SchemaAt | null; origin: Origin }

/** A schema seen through its `allOf`s: merged properties and required names. */
interface ObjectView { props: Map<string, Prop>; required: Set<string>; closed: boolean }

function objectView(spec: SchemaAccess, s: SchemaAt, seen = new Set<object>()): ObjectView {
  const view: ObjectView = { props: new Map(), required: new Set(), closed: s.node.additionalProperties === false };
  if (seen.has(s.node)) return view;
  seen.add(s.node);
  if (Array.isArray(s.node.allOf)) s.node.allOf.forEach((m, i) => {
    const part = at(spec, m, sub(s.origin, 'allOf', i));
    if (!part) return;
    const v = objectView(spec, part, seen);
    for (const [k, p] of v.props) view.props.set(k, p);
    for (const r of v.required) view.required.add(r);
  });
  if (isObj(s.node.properties)) for (const [k, raw] of Object.entries(s.node.properties)) {
    const origin = sub(s.origin, 'properties', k);
    view.props.set(k, { name: k, schema: at(spec, raw, origin), origin });
  }
  if (Array.isArray(s.node.required)) for (const r of s.node.required) if (typeof r === 'string') view.required.add(r);
  return view;
}

type SchemaKind = Scalar | 'array' | 'object' | 'any';

function schemaKind(spec: SchemaAccess, s: SchemaAt): SchemaKind {
  const t = s.node.type;
  const list = (Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : []).filter((x) => x !== 'null');
  if (list.length === 1) return list[0] as SchemaKind;
  if (list.length > 1) return 'any';
  if (isObj(s.node.properties) || s.node.additionalProperties !== undefined) return 'object';
  if (s.node.items !== undefined) return 'array';
  if (Array.isArray(s.node.allOf)) {
    for (let i = 0; i < s.node.allOf.length; i++) {
      const part = at(spec, s.node.allOf[i], sub(s.origin, 'allOf', i));
      const k = part ? schemaKind(spec, part) : 'any';
      if (k !== 'any') return k;
    }
  }
  const e = enumOf(s.node);
  if (e && e.length > 0) {
    const kinds = new Set(e.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)));
    if (kinds.size === 1) return [...kinds][0] as SchemaKind;
  }
  return 'any';
}

function enumOf(node: Obj): (string | number | boolean)[] | null {
  const values = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : null;
  return values ? values.filter((v): v is string | number | boolean => v !== null && typeof v !== 'object') : null;
}

function schemaNullable(spec: SchemaAccess, s: SchemaAt | null): boolean {
  if (!s) return false;
  const n = s.node;
  if (n.nullable === true) return true;
  if (Array.isArray(n.type) && n.type.includes('null')) return true;
  if (Array.isArray(n.enum) && n.enum.includes(null)) return true;
  for (const list of ['oneOf', 'anyOf'] as const) {
    const arr = n[list];
    if (Array.isArray(arr)) for (let i = 0; i < arr.length; i++) {
      const m = at(spec, arr[i], sub(s.origin, list, i));
      if (m && (m.node.type === 'null' || schemaNullable(spec, m))) return true;
    }
  }
  return false;
}

/** The one non-null member of a `oneOf`/`anyOf` like `[{$ref: X}, {type: 'null'}]` (3.1 nullable refs). */
function unwrapNullableUnion(spec: SchemaAccess, s: SchemaAt): SchemaAt {
  for (const list of ['oneOf', 'anyOf'] as const) {
    const arr = s.node[list];
    if (!Array.isArray(arr)) continue;
    const members = arr.map((m, i) => at(spec, m, sub(s.origin, list, i))).filter((m): m is SchemaAt => m !== null && m.node.type !== 'null');
    if (members.length === 1 && members[0]) return members[0];
  }
  return s;
}

function resolveCode(t: CodeType): CodeType {
  let cur: CodeType | undefined = t;
  for (let i = 0; cur && cur.kind === 'ref' && i < 32; i++) cur = cur.resolve();
  return cur && cur.kind !== 'ref' ? cur : { kind: 'any' };
}

function describe(t: CodeType): string {
  switch (t.kind) {
    case 'enum': return `${t.base} enum`;
    case 'array': return `array of ${describe(resolveCode(t.items))}`;
    case 'map': return 'map';
    case 'ref': return describe(resolveCode(t));
    default: return t.kind;
  }
}

const READ_SIDE = /(Request|Input|Create|Update|Body|Params|Command)$/i;
const WRITE_SIDE = /(Response|Output|View|Result)$/i;

/** Compares one declaration with the schema it was matched to. */
export interface CompareOptions {
  /**
   * The spec was generated by swag, which marks a property required from a `binding`/`validate`
   * tag (or, with --requiredByDefault, from a missing omitempty): either reading counts as agreeing.
   */
  swag?: boolean;
}

export function compareDecl(spec: SchemaAccess, decl: CodeDecl, schema: SchemaAt, opts: CompareOptions = {}): RawFinding[] {
  const out: RawFinding[] = [];
  const seen = new WeakMap<object, Set<object>>();
  const report = (rule: DtoRuleId, code: CodeLoc, specAt: Origin, message: string) => out.push({ rule, code, spec: specAt, message });
  const lang = decl.language === 'go' ? 'Go' : 'TypeScript';

  const compare = (codeRaw: CodeType, s0: SchemaAt, path: string, loc: CodeLoc): void => {
    const code = resolveCode(codeRaw);
    const s = unwrapNullableUnion(spec, s0);
    const kind = schemaKind(spec, s);
    if (code.kind === 'any' || kind === 'any') return;
    const codeBase = code.kind === 'enum' ? code.base : code.kind === 'map' ? 'object' : code.kind;
    // A TS `number` or a Go float carries an integer; an integer field cannot carry a number.
    const compatible = codeBase === kind || (codeBase === 'number' && kind === 'integer');
    if (!compatible) {
      report('api-dto-type-mismatch', loc, s.origin, `${path}: the ${lang} type is ${describe(code)}, the schema says ${kind}`);
      return;
    }
    const schemaEnum = enumOf(s.node);
    if (code.kind === 'enum' && schemaEnum) {
      const c = new Set(code.values.map(String));
      const sv = new Set(schemaEnum.map(String));
      const extra = [...c].filter((v) => !sv.has(v)).sort();
      const missing = [...sv].filter((v) => !c.has(v)).sort();
      if (extra.length + missing.length > 0) {
        const parts = [];
        if (extra.length) parts.push(`${lang} has ${extra.map((v) => JSON.stringify(v)).join(', ')} that the schema lacks`);
        if (missing.length) parts.push(`the schema has ${missing.map((v) => JSON.stringify(v)).join(', ')} that the ${lang} type lacks`);
        const originEnum = Array.isArray(s.node.enum) ? sub(s.origin, 'enum') : s.origin;
        report('api-dto-enum-drift', code.loc ?? loc, originEnum, `${path}: enum drift: ${parts.join('; ')}`);
      }
      return;
    }
    if (code.kind === 'array') {
      const items = at(spec, s.node.items, sub(s.origin, 'items'));
      if (items) compare(code.items, items, `${path}[]`, loc);
      return;
    }
    if (code.kind === 'map') {
      const ap = at(spec, s.node.additionalProperties, sub(s.origin, 'additionalProperties'));
      if (ap) compare(code.values, ap, `${path}{}`, loc);
      return;
    }
    if (code.kind !== 'object') return;
    // Cycle guard: each (code object, schema node) pair once.
    let pairs = seen.get(code);
    if (!pairs) seen.set(code, (pairs = new Set()));
    if (pairs.has(s.node)) return;
    pairs.add(s.node);
    const view = objectView(spec, s);
    const objLoc = code.loc ?? loc;
    const byName = new Map<string, CodeField>(code.fields.map((f) => [f.name, f]));
    for (const f of code.fields) {
      const fpath = `${path}.${f.name}`;
      const prop = view.props.get(f.name);
      if (!prop) {
        const where = isObj(s.node.properties) ? sub(s.origin, 'properties') : s.origin;
        report('api-dto-field-missing-in-spec', f.loc, where, `${fpath}: the ${lang} field is not a property of the schema${view.closed ? ' (which is closed: additionalProperties: false)' : ''}`);
        continue;
      }
      const required = view.required.has(f.name);
      const swagAgrees = opts.swag === true && required === (f.requiredTag !== undefined);
      if (swagAgrees) {
        // swag read the field's tags and wrote what they say
      } else if (required && f.optional) {
        report('api-dto-required-mismatch', f.loc, prop.origin, `${fpath}: the schema requires it, the ${lang} field is optional (${f.optionalWhy ?? 'optional'})`);
      } else if (!required && !f.optional && !(prop.schema && (prop.schema.node.readOnly === true || prop.schema.node.writeOnly === true))) {
        report('api-dto-required-mismatch', f.loc, prop.origin, `${fpath}: the schema has it optional, the ${lang} field is required${f.requiredTag ? ` (${f.requiredTag})` : ''}`);
      }
      const sNull = schemaNullable(spec, prop.schema);
      if (f.nullable ? !sNull : sNull && !f.holdsNull) {
        report('api-dto-nullable-mismatch', f.loc, prop.origin, f.nullable
          ? `${fpath}: the ${lang} field may be null${decl.language === 'go' ? ' (a pointer without omitempty)' : ''}, the schema does not allow null`
          : `${fpath}: the schema allows null, the ${lang} field cannot hold it`);
      }
      if (prop.schema) compare(f.type, prop.schema, fpath, f.loc);
    }
    for (const [name, prop] of view.props) {
      if (byName.has(name)) continue;
      const ro = prop.schema?.node.readOnly === true;
      const wo = prop.schema?.node.writeOnly === true;
      if ((ro && READ_SIDE.test(decl.name)) || (wo && WRITE_SIDE.test(decl.name))) continue;
      const req = view.required.has(name) ? 'required ' : '';
      report('api-dto-field-missing-in-code', objLoc, prop.origin, `${path}.${name}: the schema's ${req}property has no field in the ${lang} type${code.name ? ` ${code.name}` : ''}`);
    }
  };

  compare(decl.type, schema, decl.name, decl.loc);
  return out;
}

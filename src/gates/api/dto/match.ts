/**
 * Which schema a code declaration serves: its `@openapi` annotation first (see annotation.ts), else
 * its name among `components.schemas` (`exact`, or `loose`: case and punctuation ignored, suffixes
 * such as Dto/Request/Response/Schema stripped), else none. Swagger 2.0 `definitions` count as
 * schemas, and swag's `pkg.Type` names (`models.Order`, `internal_orders.Order`) match the Go type
 * `Order`; when several packages have one, the Go package's name decides.
 */
import { isObj, type Json, type LoadedSpec, type Origin } from '../load.ts';
import { pointerOf } from '../positions.ts';
import type { SchemaAt } from './compare.ts';
import { DEFAULT_SUFFIXES, type CodeDecl, type DtoMatchOptions } from './model.ts';

export type MatchResult =
  | { kind: 'schema'; schema: SchemaAt; how: 'annotation' | 'name' }
  | { kind: 'unresolved'; target: string }
  | { kind: 'none' };

export function looseName(name: string, suffixes: readonly string[]): string {
  let n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const sfx = suffixes.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((s) => s.length > 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const s of sfx) if (n.length > s.length && n.endsWith(s)) { n = n.slice(0, -s.length); changed = true; }
  }
  return n;
}

export function makeMatcher(spec: LoadedSpec, options: DtoMatchOptions = {}): (decl: CodeDecl) => MatchResult {
  const byName = options.byName ?? 'exact';
  const suffixes = options.suffixes ?? DEFAULT_SUFFIXES;
  const root = { file: spec.file, pointer: '' };
  const components = isObj(spec.doc.components) && isObj(spec.doc.components.schemas) ? spec.doc.components.schemas : {};
  const loose = new Map<string, string>();
  if (byName === 'loose') for (const name of Object.keys(components).sort()) {
    const key = looseName(name.slice(name.lastIndexOf('.') + 1), []);
    if (!loose.has(key)) loose.set(key, name);
  }
  const deref = (raw: Json | undefined, at: Origin): SchemaAt | null => {
    try {
      const r = spec.deref(raw, at);
      return isObj(r.node) ? { node: r.node, origin: spec.origins.get(r.node) ?? r.origin } : null;
    } catch {
      return null;
    }
  };
  const resolve = (pointer: string) => deref({ $ref: `#${pointer}` }, root);
  // A named schema, wherever the document keeps it (2.0 definitions know their own origin).
  const named = (name: string): SchemaAt | null => {
    const node = components[name];
    return deref(node, (isObj(node) && spec.origins.get(node)) || { file: spec.file, pointer: pointerOf(['components', 'schemas', name]) });
  };
  // swag: `pkg.Type` and `github_com_acme_shop_internal_orders.Type`, by the type's own name.
  const qualified = new Map<string, string[]>();
  for (const name of Object.keys(components)) {
    const dot = name.lastIndexOf('.');
    if (dot > 0) qualified.set(name.slice(dot + 1), [...(qualified.get(name.slice(dot + 1)) ?? []), name]);
  }
  const swagName = (decl: CodeDecl): string | undefined => {
    const list = qualified.get(decl.name);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1) return list[0];
    const pkg = decl.package;
    const mine = pkg === undefined ? [] : list.filter((n) => n.slice(0, n.lastIndexOf('.')).split(/[._/-]/).at(-1) === pkg);
    return mine.length === 1 ? mine[0] : undefined;
  };
  return (decl) => {
    const a = decl.annotation;
    if (a !== undefined) {
      if (a === 'off' || a === '-') return { kind: 'none' };
      const s = a.startsWith('#') ? resolve(a.slice(1)) : Object.hasOwn(components, a) ? named(a) : null;
      return s ? { kind: 'schema', schema: s, how: 'annotation' } : { kind: 'unresolved', target: a };
    }
    let name: string | undefined;
    if (byName === 'exact') name = Object.hasOwn(components, decl.name) ? decl.name : swagName(decl);
    else if (byName === 'loose') name = Object.hasOwn(components, decl.name) ? decl.name : swagName(decl) ?? loose.get(looseName(decl.name, suffixes));
    if (name === undefined) return { kind: 'none' };
    const s = named(name);
    return s ? { kind: 'schema', schema: s, how: 'name' } : { kind: 'none' };
  };
}

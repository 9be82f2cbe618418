/**
 * Which schema a code declaration serves: its `@openapi` annotation first (see annotation.ts), else
 * its name among `components.schemas` (`exact`, or `loose`: case and punctuation ignored, suffixes
 * such as Dto/Request/Response/Schema stripped), else none.
 */
import { isObj, type LoadedSpec } from '../load.ts';
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
    const key = looseName(name, []);
    if (!loose.has(key)) loose.set(key, name);
  }
  const resolve = (pointer: string): SchemaAt | null => {
    try {
      const r = spec.deref({ $ref: `#${pointer}` }, root);
      return isObj(r.node) ? { node: r.node, origin: spec.origins.get(r.node) ?? r.origin } : null;
    } catch {
      return null;
    }
  };
  return (decl) => {
    const a = decl.annotation;
    if (a !== undefined) {
      if (a === 'off' || a === '-') return { kind: 'none' };
      const pointer = a.startsWith('#') ? a.slice(1) : pointerOf(['components', 'schemas', a]);
      const s = resolve(pointer);
      return s ? { kind: 'schema', schema: s, how: 'annotation' } : { kind: 'unresolved', target: a };
    }
    let name: string | undefined;
    if (byName === 'exact') name = Object.hasOwn(components, decl.name) ? decl.name : undefined;
    else if (byName === 'loose') name = Object.hasOwn(components, decl.name) ? decl.name : loose.get(looseName(decl.name, suffixes));
    if (name === undefined) return { kind: 'none' };
    const s = resolve(pointerOf(['components', 'schemas', name]));
    return s ? { kind: 'schema', schema: s, how: 'name' } : { kind: 'none' };
  };
}

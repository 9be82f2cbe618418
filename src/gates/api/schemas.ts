/**
 * Walks the schemas an operation accepts (parameters and request bodies), following `$ref`s by
 * identity so a recursive schema is visited once per operation.
 */
import { isObj, type LoadedSpec, type Obj } from './load.ts';
import { child, type At, type Operation } from './operations.ts';

export interface SchemaVisit { at: At<Obj>; /** A direct member of an `allOf` (closed-ness is the parent's). */ inAllOf: boolean }

const SUBSCHEMA_LISTS = ['allOf', 'oneOf', 'anyOf', 'prefixItems'] as const;

export function requestSchemas(spec: LoadedSpec, op: Operation): At<Obj>[] {
  const roots: At<Obj>[] = [];
  for (const p of op.parameters) {
    const s = child(spec, p, 'schema');
    if (s && isObj(s.node)) roots.push(s as At<Obj>);
    const content = child(spec, p, 'content');
    if (content && isObj(content.node)) for (const t of Object.keys(content.node)) {
      const m = child(spec, content, t);
      const ms = m && child(spec, m, 'schema');
      if (ms && isObj(ms.node)) roots.push(ms as At<Obj>);
    }
  }
  const content = op.requestBody && child(spec, op.requestBody, 'content');
  if (content && isObj(content.node)) for (const t of Object.keys(content.node)) {
    const m = child(spec, content, t);
    const ms = m && child(spec, m, 'schema');
    if (ms && isObj(ms.node)) roots.push(ms as At<Obj>);
  }
  return roots;
}

export function walkSchemas(spec: LoadedSpec, roots: At<Obj>[], visit: (v: SchemaVisit) => void): void {
  const seen = new Set<object>();
  const go = (at: At<Obj>, inAllOf: boolean) => {
    if (seen.has(at.node)) return;
    seen.add(at.node);
    if (at.node.readOnly === true) return; // not sent by the client
    visit({ at, inAllOf });
    const sub = (key: string | number, parent: At = at, allOf = false) => {
      const c = child(spec, parent, key);
      if (c && isObj(c.node)) go(c as At<Obj>, allOf);
    };
    if (isObj(at.node.properties)) {
      const props = child(spec, at, 'properties');
      if (props) for (const k of Object.keys(at.node.properties)) sub(k, props);
    }
    if (isObj(at.node.items)) sub('items');
    if (isObj(at.node.additionalProperties)) sub('additionalProperties');
    for (const list of SUBSCHEMA_LISTS) {
      const arr = at.node[list];
      if (!Array.isArray(arr)) continue;
      const l = child(spec, at, list);
      if (l) arr.forEach((_, i) => sub(i, l, list === 'allOf'));
    }
  };
  for (const r of roots) go(r, false);
}

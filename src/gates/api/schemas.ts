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

const byRoot = new WeakMap<LoadedSpec, WeakMap<object, SchemaVisit[]>>();
const byOp = new WeakMap<Operation, SchemaVisit[]>();

/**
 * What `walkSchemas(spec, requestSchemas(spec, op), …)` visits, in the same order, memoised: each
 * root schema (a shared component is the root of many operations) is walked once per spec, and each
 * operation's list once for all the rules that read it.
 */
export function requestVisits(spec: LoadedSpec, op: Operation): SchemaVisit[] {
  const known = byOp.get(op);
  if (known) return known;
  let roots = byRoot.get(spec);
  if (!roots) byRoot.set(spec, (roots = new WeakMap()));
  const seen = new Set<object>();
  const out: SchemaVisit[] = [];
  for (const r of requestSchemas(spec, op)) {
    let list = roots.get(r.node);
    if (!list) {
      const walked: SchemaVisit[] = [];
      walkSchemas(spec, [r], (v) => walked.push(v));
      roots.set(r.node, (list = walked));
    }
    for (const v of list) {
      if (seen.has(v.at.node)) continue;
      seen.add(v.at.node);
      out.push(v);
    }
  }
  byOp.set(op, out);
  return out;
}

/**
 * Schema comparison, aware of direction. Pairs of schema nodes are compared once per direction
 * (memoised by identity), so a component reused by many operations is reported once, with every
 * operation that reaches it; a pair already on the stack (a cycle) is not entered again.
 */
import { isObj, type Json, type Obj } from '../load.ts';
import { child, typesOf, type At } from '../operations.ts';
import { pointerOf } from '../positions.ts';
import { BOUNDS, kebab } from './catalogue.ts';
import type { DiffContext } from './engine.ts';

type Dir = 'request' | 'response';

const stable = (v: Json | undefined): string => JSON.stringify(v ?? null, (_k, x: unknown) => (isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
const wasDeprecated = (n: Obj) => n.deprecated === true || n['x-sunset'] !== undefined;

function nullable(s: Obj): boolean {
  if (s.nullable === true) return true;
  return Array.isArray(s.type) ? s.type.includes('null') : s.type === 'null';
}
/** Types with `integer` counted inside `number`. */
function covers(outer: string[], inner: string[]): boolean {
  if (outer.length === 0) return true;
  return inner.length > 0 && inner.every((t) => outer.includes(t) || (t === 'integer' && outer.includes('number')));
}

/** Where a property is declared (the `properties/name` member itself, not where its $ref leads). */
function propAt(props: At | null, name: string): At | null {
  if (!props || !isObj(props.node)) return null;
  return { node: props.node[name] ?? null, origin: { file: props.origin.file, pointer: `${props.origin.pointer}${pointerOf([name])}` } };
}

export class SchemaDiff {
  private memo = [new Map<object, Map<object, Set<string>>>(), new Map<object, Map<object, Set<string>>>()];
  private active = new Set<string>();
  private ids = new WeakMap<object, number>();
  private next = 0;
  private ctx: DiffContext;
  constructor(ctx: DiffContext) {
    this.ctx = ctx;
  }

  private id(o: object): number {
    let n = this.ids.get(o);
    if (n === undefined) this.ids.set(o, (n = this.next++));
    return n;
  }

  /** Compares two schemas; returns the keys of every finding at or below them. */
  compare(o: At<Obj>, n: At<Obj>, dir: Dir): Set<string> {
    const table = this.memo[dir === 'request' ? 0 : 1]!;
    let inner = table.get(o.node);
    if (!inner) table.set(o.node, (inner = new Map()));
    const done = inner.get(n.node);
    if (done) {
      this.ctx.touch(done);
      return done;
    }
    const stackKey = `${dir}:${this.id(o.node)}:${this.id(n.node)}`;
    if (this.active.has(stackKey)) return new Set();
    this.active.add(stackKey);
    const keys = new Set<string>();
    this.diff(o, n, dir, keys);
    this.active.delete(stackKey);
    inner.set(n.node, keys);
    return keys;
  }

  private emit(keys: Set<string>, dir: Dir, name: string, side: 'base' | 'head', at: At, message: string): void {
    keys.add(this.ctx.emit(`${dir}-${name}`, side, at.origin, message));
  }

  private diff(o: At<Obj>, n: At<Obj>, dir: Dir, keys: Set<string>): void {
    const spec = this.ctx;
    const os = o.node;
    const ns = n.node;
    const e = (name: string, message: string, side: 'base' | 'head' = 'head', at: At = side === 'head' ? n : o) => this.emit(keys, dir, name, side, at, message);

    // type
    const ot = typesOf(os);
    const nt = typesOf(ns);
    if (stable(ot.slice().sort()) !== stable(nt.slice().sort())) {
      const from = ot.join('|') || 'any';
      const to = nt.join('|') || 'any';
      if (covers(nt, ot)) e('type-widened', `type ${from} → ${to}`);
      else if (covers(ot, nt)) e('type-narrowed', `type ${from} → ${to}`);
      else e('type-changed', `type ${from} → ${to}`);
    }
    // format
    if (os.format !== ns.format) {
      if (os.format === undefined) e('format-added', `format ${String(ns.format)} added`);
      else if (ns.format === undefined) e('format-removed', `format ${String(os.format)} removed`);
      else e('format-changed', `format ${String(os.format)} → ${String(ns.format)}`);
    }
    // enum
    const oe = Array.isArray(os.enum) ? os.enum : null;
    const ne = Array.isArray(ns.enum) ? ns.enum : null;
    if (oe && !ne) e('enum-removed', `no longer an enum (was ${oe.length} values)`);
    else if (!oe && ne) e('enum-added', `became an enum of ${ne.map((v) => stable(v)).sort().join(', ')}`);
    else if (oe && ne) {
      const before = new Set(oe.map(stable));
      const after = new Set(ne.map(stable));
      const removed = [...before].filter((v) => !after.has(v)).sort();
      const added = [...after].filter((v) => !before.has(v)).sort();
      if (removed.length > 0) e('enum-value-removed', `enum value${removed.length === 1 ? '' : 's'} ${removed.join(', ')} removed`);
      if (added.length > 0) e('enum-value-added', `enum value${added.length === 1 ? '' : 's'} ${added.join(', ')} added`);
    }
    // nullable, readOnly, writeOnly, default, deprecated
    if (nullable(os) !== nullable(ns)) e(nullable(ns) ? 'nullable-added' : 'nullable-removed', nullable(ns) ? 'now allows null' : 'no longer allows null');
    if ((os.readOnly === true) !== (ns.readOnly === true)) e(ns.readOnly === true ? 'read-only-added' : 'read-only-removed', ns.readOnly === true ? 'became readOnly' : 'no longer readOnly');
    if ((os.writeOnly === true) !== (ns.writeOnly === true)) e(ns.writeOnly === true ? 'write-only-added' : 'write-only-removed', ns.writeOnly === true ? 'became writeOnly' : 'no longer writeOnly');
    if (os.default !== undefined && ns.default !== undefined && stable(os.default) !== stable(ns.default)) e('default-changed', `default ${stable(os.default)} → ${stable(ns.default)}`);
    if (os.deprecated !== true && ns.deprecated === true) e('deprecated', 'marked deprecated');
    // bounds
    for (const [key, kind] of BOUNDS) {
      const a = typeof os[key] === 'number' ? (os[key] as number) : undefined;
      const b = typeof ns[key] === 'number' ? (ns[key] as number) : undefined;
      if (a === b) continue;
      const tighter = b !== undefined && (a === undefined || (kind === 'max' ? b < a : b > a));
      e(`${kebab(key)}-${tighter ? 'tightened' : 'loosened'}`, `${key} ${a ?? 'none'} → ${b ?? 'none'}`);
    }
    if (os.pattern !== ns.pattern) {
      if (os.pattern === undefined) e('pattern-added', `pattern ${String(ns.pattern)} added`);
      else if (ns.pattern === undefined) e('pattern-removed', `pattern ${String(os.pattern)} removed`);
      else e('pattern-changed', `pattern ${String(os.pattern)} → ${String(ns.pattern)}`);
    }
    if (os.multipleOf !== ns.multipleOf) e('multiple-of-changed', `multipleOf ${String(os.multipleOf ?? 'none')} → ${String(ns.multipleOf ?? 'none')}`);
    if ((os.uniqueItems === true) !== (ns.uniqueItems === true)) e(ns.uniqueItems === true ? 'unique-items-added' : 'unique-items-removed', ns.uniqueItems === true ? 'uniqueItems added' : 'uniqueItems removed');
    // discriminator
    const od = isObj(os.discriminator) ? os.discriminator : null;
    const nd = isObj(ns.discriminator) ? ns.discriminator : null;
    if (od && nd && (od.propertyName !== nd.propertyName || (isObj(od.mapping) && Object.entries(od.mapping).some(([k, v]) => !isObj(nd.mapping) || nd.mapping[k] !== v)))) {
      e('discriminator-changed', `discriminator ${String(od.propertyName)} changed`);
    } else if (!!od !== !!nd && (od || nd)) e('discriminator-changed', od ? 'discriminator removed' : 'discriminator added');

    // additionalProperties
    const oClosed = os.additionalProperties === false;
    const nClosed = ns.additionalProperties === false;
    if (!oClosed && nClosed) e('additional-properties-closed', 'additionalProperties became false');
    if (oClosed && !nClosed) e('additional-properties-opened', 'additionalProperties is no longer false');
    this.sub(o, n, 'additionalProperties', dir, keys);
    this.sub(o, n, 'items', dir, keys);
    this.sub(o, n, 'not', dir, keys);

    // properties and required
    const oProps = isObj(os.properties) ? os.properties : {};
    const nProps = isObj(ns.properties) ? ns.properties : {};
    const oReq = new Set(Array.isArray(os.required) ? os.required.map(String) : []);
    const nReq = new Set(Array.isArray(ns.required) ? ns.required.map(String) : []);
    const oPropsAt = child(spec.base, o, 'properties');
    const nPropsAt = child(spec.head, n, 'properties');
    const hidden = (p: Json | undefined, side: 'base' | 'head', parent: At | null, name: string): { hide: boolean; at: At<Obj> | null } => {
      if (!parent || p === undefined) return { hide: false, at: null };
      const at = child(side === 'base' ? spec.base : spec.head, parent, name);
      if (!at || !isObj(at.node)) return { hide: false, at: null };
      const hide = dir === 'request' ? at.node.readOnly === true : at.node.writeOnly === true;
      return { hide, at: at as At<Obj> };
    };
    for (const name of Object.keys(oProps).sort()) {
      const po = hidden(oProps[name], 'base', oPropsAt, name);
      if (!Object.hasOwn(nProps, name)) {
        if (po.hide) continue;
        const dep = po.at ? wasDeprecated(po.at.node) : false;
        const where = propAt(oPropsAt, name) ?? o;
        e(dep ? 'property-removed-after-deprecation' : 'property-removed', `property \`${name}\` removed${dep ? ' (deprecated beforehand)' : ''}`, 'base', where);
        continue;
      }
      const pn = hidden(nProps[name], 'head', nPropsAt, name);
      if (!po.hide && !(dir === 'request' && pn.at?.node.readOnly === true)) {
        if (!oReq.has(name) && nReq.has(name)) e('property-became-required', `property \`${name}\` became required`, 'head', propAt(nPropsAt, name) ?? n);
        if (oReq.has(name) && !nReq.has(name)) e('property-became-optional', `property \`${name}\` is no longer required`, 'head', propAt(nPropsAt, name) ?? n);
      }
      if (po.at && pn.at) for (const k of this.compare(po.at, pn.at, dir)) keys.add(k);
    }
    for (const name of Object.keys(nProps).sort()) {
      if (Object.hasOwn(oProps, name)) continue;
      const pn = hidden(nProps[name], 'head', nPropsAt, name);
      if (pn.hide) continue;
      const at = propAt(nPropsAt, name) ?? n;
      if (nReq.has(name) && !(dir === 'request' && pn.at?.node.readOnly === true)) e('required-property-added', `new required property \`${name}\``, 'head', at);
      else e('property-added', `new property \`${name}\``, 'head', at);
    }

    // composition
    for (const [list, name] of [['oneOf', 'one-of'], ['anyOf', 'any-of'], ['allOf', 'all-of']] as const) this.composition(o, n, list, name, dir, keys);
  }

  private sub(o: At<Obj>, n: At<Obj>, key: string, dir: Dir, keys: Set<string>): void {
    if (!isObj(o.node[key]) || !isObj(n.node[key])) return;
    const a = child(this.ctx.base, o, key);
    const b = child(this.ctx.head, n, key);
    if (a && b && isObj(a.node) && isObj(b.node)) for (const k of this.compare(a as At<Obj>, b as At<Obj>, dir)) keys.add(k);
  }

  /** Members matched by `$ref` text, else by position among the inline ones. */
  private composition(o: At<Obj>, n: At<Obj>, list: string, name: string, dir: Dir, keys: Set<string>): void {
    const oa = Array.isArray(o.node[list]) ? (o.node[list] as Json[]) : [];
    const na = Array.isArray(n.node[list]) ? (n.node[list] as Json[]) : [];
    if (oa.length === 0 && na.length === 0) return;
    const label = (m: Json, i: number) => (isObj(m) && typeof m.$ref === 'string' ? m.$ref : `#${i}`);
    const oLabels = oa.map(label);
    const nLabels = na.map(label);
    const oList = child(this.ctx.base, o, list);
    const nList = child(this.ctx.head, n, list);
    oLabels.forEach((l, i) => {
      const j = nLabels.indexOf(l);
      if (j === -1) {
        const at = oList ? child(this.ctx.base, oList, i) : null;
        this.emit(keys, dir, `${name}-removed`, 'base', at ?? o, `${list} member ${l} removed`);
        return;
      }
      const a = oList && child(this.ctx.base, oList, i);
      const b = nList && child(this.ctx.head, nList, j);
      if (a && b && isObj(a.node) && isObj(b.node)) for (const k of this.compare(a as At<Obj>, b as At<Obj>, dir)) keys.add(k);
    });
    nLabels.forEach((l, j) => {
      if (oLabels.includes(l)) return;
      const at = nList ? child(this.ctx.head, nList, j) : null;
      this.emit(keys, dir, `${name}-added`, 'head', at ?? n, `${list} member ${l} added`);
    });
  }
}

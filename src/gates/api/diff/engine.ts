/**
 * The breaking-change diff (issue 6 e): two loaded specs in, findings out. Pure: no I/O apart from
 * asking the loaded specs for line numbers. Operations are matched by method and path template
 * (parameter names ignored), then compared part by part — parameters (path-level ones end up
 * reported once at the path item, with every operation they reach), request bodies, responses,
 * media types, headers, schemas (schema-diff.ts) and security. One finding per (rule, side, node);
 * reaching the same node from another operation only adds that operation. Sorted, so the same inputs
 * give byte-identical output.
 */
import { isObj, type Json, type LoadedSpec, type Obj, type Origin } from '../load.ts';
import { child, operationsOf, type At, type Operation } from '../operations.ts';
import { pointerOf } from '../positions.ts';
import { check as checkOf } from './catalogue.ts';
import { compareFindings, type DiffFinding, type GateApiDiffResult } from './model.ts';
import { SchemaDiff } from './schema-diff.ts';

export interface DiffContext {
  base: LoadedSpec;
  head: LoadedSpec;
  /** Records a finding (or adds the current operation to it); returns its key. */
  emit(id: string, side: 'base' | 'head', at: Origin, message: string): string;
  /** Adds the current operation to findings already recorded. */
  touch(keys: Iterable<string>): void;
}

interface Pending { id: string; side: 'base' | 'head'; at: Origin; message: string; ops: Set<string> }

export interface DiffOptions {
  /** How a spec file is shown in findings (e.g. relative to the repository, or `REF:path`). */
  display(side: 'base' | 'head', file: string): string;
}

const templateKey = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
const templateParams = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
const wasDeprecated = (n: Json | undefined) => isObj(n) && (n.deprecated === true || n['x-sunset'] !== undefined);
const under = (o: Origin, ...keys: (string | number)[]): Origin => ({ file: o.file, pointer: o.pointer + pointerOf(keys) });
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diffSpecs(base: LoadedSpec, head: LoadedSpec, opts: DiffOptions): GateApiDiffResult {
  const pending = new Map<string, Pending>();
  let current: string | null = null;
  const ctx: DiffContext = {
    base,
    head,
    emit(id, side, at, message) {
      const key = `${id}\u0000${side}\u0000${at.file}#${at.pointer}`;
      let p = pending.get(key);
      if (!p) pending.set(key, (p = { id, side, at, message, ops: new Set() }));
      if (current) p.ops.add(current);
      return key;
    },
    touch(keys) {
      if (!current) return;
      for (const k of keys) pending.get(k)?.ops.add(current);
    },
  };
  const schemas = new SchemaDiff(ctx);
  const specOf = (side: 'base' | 'head') => (side === 'base' ? base : head);
  const sub = (side: 'base' | 'head', at: At | null, key: string | number): At | null => (at ? child(specOf(side), at, key) : null);
  const compareSchema = (o: At | null, n: At | null, dir: 'request' | 'response') => {
    if (o && n && isObj(o.node) && isObj(n.node)) schemas.compare(o as At<Obj>, n as At<Obj>, dir);
  };

  const baseOps = operationsOf(base);
  const headOps = operationsOf(head);
  // Match by exact path first, then by template shape (a renamed path parameter is the same URL).
  const headByExact = new Map(headOps.map((op) => [`${op.method} ${op.path}`, op]));
  const headByShape = new Map<string, Operation[]>();
  for (const op of headOps) {
    const k = `${op.method} ${templateKey(op.path)}`;
    headByShape.set(k, [...(headByShape.get(k) ?? []), op]);
  }
  const matched = new Set<Operation>();
  const pairs: [Operation, Operation][] = [];
  const removed: Operation[] = [];
  for (const op of baseOps) {
    let h = headByExact.get(`${op.method} ${op.path}`);
    if (!h || matched.has(h)) h = (headByShape.get(`${op.method} ${templateKey(op.path)}`) ?? []).find((x) => !matched.has(x) && !baseOps.some((b) => b !== op && b.method === x.method && b.path === x.path));
    if (h && !matched.has(h)) {
      matched.add(h);
      pairs.push([op, h]);
    } else removed.push(op);
  }

  for (const op of removed) {
    current = op.label;
    const dep = wasDeprecated(op.at.node);
    const pathGone = !headOps.some((h) => templateKey(h.path) === templateKey(op.path));
    ctx.emit(dep ? 'api-diff-operation-removed-after-deprecation' : 'api-diff-operation-removed', 'base', op.at.origin, `${op.label} removed${pathGone ? ' (with its path)' : ''}${dep ? '; it was deprecated beforehand' : ''}`);
  }
  for (const op of headOps) {
    if (matched.has(op)) continue;
    current = op.label;
    ctx.emit('api-diff-operation-added', 'head', op.at.origin, `${op.label} added`);
  }

  const schemeUse = { base: new Map<string, Set<string>>(), head: new Map<string, Set<string>>() };
  const noteSchemes = (side: 'base' | 'head', op: Operation) => {
    if (!Array.isArray(op.security)) return;
    for (const req of op.security) if (isObj(req)) for (const s of Object.keys(req)) {
      const set = schemeUse[side].get(s) ?? new Set<string>();
      set.add(op.label);
      schemeUse[side].set(s, set);
    }
  };
  for (const op of baseOps) noteSchemes('base', op);
  for (const op of headOps) noteSchemes('head', op);

  for (const [o, n] of pairs) {
    current = n.label;
    const on = o.at.node;
    const nn = n.at.node;
    if (o.path !== n.path) ctx.emit('api-diff-path-parameter-renamed', 'head', n.pathItem.origin, `path ${o.path} is now written ${n.path}`);
    if (!wasDeprecated(on) && wasDeprecated(nn)) ctx.emit('api-diff-operation-deprecated', 'head', n.at.origin, `${n.label} deprecated`);
    if (wasDeprecated(on) && !wasDeprecated(nn)) ctx.emit('api-diff-operation-undeprecated', 'head', n.at.origin, `${n.label} no longer deprecated`);
    if (typeof on.operationId === 'string' && on.operationId !== nn.operationId) ctx.emit('api-diff-operation-id-changed', 'head', n.at.origin, `operationId ${on.operationId} → ${String(nn.operationId ?? 'none')}`);
    parameters(o, n);
    requestBody(o, n);
    responses(o, n);
    security(o, n);
  }
  current = null;
  securitySchemes();

  function paramKey(op: Operation, p: Obj): string {
    if (p.in === 'path') {
      const i = templateParams(op.path).indexOf(String(p.name));
      if (i !== -1) return `path:#${i}`;
    }
    return `${String(p.in)}:${String(p.name)}`;
  }
  function parameters(o: Operation, n: Operation) {
    const om = new Map(o.parameters.map((p) => [paramKey(o, p.node), p]));
    const nm = new Map(n.parameters.map((p) => [paramKey(n, p.node), p]));
    for (const [k, p] of [...om].sort((a, b) => cmp(a[0], b[0]))) {
      const q = nm.get(k);
      const name = String(p.node.name);
      if (!q) {
        const moved = [...nm.values()].find((x) => String(x.node.name) === name && !om.has(paramKey(n, x.node)));
        if (moved) ctx.emit('api-diff-request-parameter-moved', 'head', moved.origin, `parameter \`${name}\` moved from ${String(p.node.in)} to ${String(moved.node.in)}`);
        else {
          const dep = wasDeprecated(p.node);
          ctx.emit(dep ? 'api-diff-request-parameter-removed-after-deprecation' : 'api-diff-request-parameter-removed', 'base', p.origin, `${String(p.node.in)} parameter \`${name}\` removed${dep ? ' (deprecated beforehand)' : ''}`);
        }
        continue;
      }
      const label = `${String(q.node.in)} parameter \`${String(q.node.name)}\``;
      const req = (x: Obj) => x.required === true || x.in === 'path';
      if (!req(p.node) && req(q.node)) ctx.emit('api-diff-request-parameter-became-required', 'head', q.origin, `${label} became required`);
      if (req(p.node) && !req(q.node)) ctx.emit('api-diff-request-parameter-became-optional', 'head', q.origin, `${label} became optional`);
      if ((p.node.style ?? null) !== (q.node.style ?? null) || (p.node.explode ?? null) !== (q.node.explode ?? null)) ctx.emit('api-diff-request-parameter-style-changed', 'head', q.origin, `${label}: style/explode ${String(p.node.style ?? 'default')}/${String(p.node.explode ?? 'default')} → ${String(q.node.style ?? 'default')}/${String(q.node.explode ?? 'default')}`);
      if (!wasDeprecated(p.node) && wasDeprecated(q.node)) ctx.emit('api-diff-request-parameter-deprecated', 'head', q.origin, `${label} deprecated`);
      compareSchema(sub('base', p, 'schema'), sub('head', q, 'schema'), 'request');
      media('request', sub('base', p, 'content'), sub('head', q, 'content'), false);
    }
    for (const [k, q] of [...nm].sort((a, b) => cmp(a[0], b[0]))) {
      if (om.has(k)) continue;
      const name = String(q.node.name);
      if ([...om.values()].some((x) => String(x.node.name) === name && !nm.has(paramKey(o, x.node)))) continue; // moved, reported above
      const required = q.node.required === true || q.node.in === 'path';
      ctx.emit(required ? 'api-diff-request-parameter-required-added' : 'api-diff-request-parameter-optional-added', 'head', q.origin, `new ${required ? 'required' : 'optional'} ${String(q.node.in)} parameter \`${name}\``);
    }
  }

  /** Media types of a request body, parameter or response; `report` adds/removes media-type findings. */
  function media(dir: 'request' | 'response', oc: At | null, nc: At | null, report: boolean) {
    const ok = oc && isObj(oc.node) ? Object.keys(oc.node).sort() : [];
    const nk = nc && isObj(nc.node) ? Object.keys(nc.node).sort() : [];
    for (const t of ok) {
      if (!nk.includes(t)) {
        if (report && nc) ctx.emit(`api-diff-${dir}-media-type-removed`, 'base', under(oc!.origin, t), `${dir} media type ${t} removed`);
        continue;
      }
      const om = sub('base', oc, t);
      const nm = sub('head', nc, t);
      const os = sub('base', om, 'schema');
      const ns = sub('head', nm, 'schema');
      if (dir === 'response' && os && !ns && nm) ctx.emit('api-diff-response-body-schema-removed', 'head', nm.origin, `${t} response has no schema any more`);
      compareSchema(os, ns, dir);
    }
    if (report && oc) for (const t of nk) if (!ok.includes(t)) ctx.emit(`api-diff-${dir}-media-type-added`, 'head', under(nc!.origin, t), `${dir} media type ${t} added`);
  }

  function requestBody(o: Operation, n: Operation) {
    const ob = o.requestBody;
    const nb = n.requestBody;
    if (!ob && !nb) return;
    if (!ob && nb) {
      const required = nb.node.required === true;
      ctx.emit(required ? 'api-diff-request-body-required-added' : 'api-diff-request-body-optional-added', 'head', nb.origin, `${required ? 'required' : 'optional'} request body added`);
      return;
    }
    if (ob && !nb) {
      const dep = wasDeprecated(ob.node);
      ctx.emit(dep ? 'api-diff-request-body-removed-after-deprecation' : 'api-diff-request-body-removed', 'base', ob.origin, 'request body removed');
      return;
    }
    if (ob!.node.required !== true && nb!.node.required === true) ctx.emit('api-diff-request-body-became-required', 'head', nb!.origin, 'request body became required');
    if (ob!.node.required === true && nb!.node.required !== true) ctx.emit('api-diff-request-body-became-optional', 'head', nb!.origin, 'request body became optional');
    media('request', sub('base', ob, 'content'), sub('head', nb, 'content'), true);
  }

  function responses(o: Operation, n: Operation) {
    const om = new Map(o.responses.map((r) => [r.code, r.at]));
    const nm = new Map(n.responses.map((r) => [r.code, r.at]));
    const success = (code: string) => /^[123]/.test(code);
    for (const [code, r] of [...om].sort((a, b) => cmp(a[0], b[0]))) {
      const q = nm.get(code);
      if (!q) {
        ctx.emit(success(code) ? 'api-diff-response-success-status-removed' : 'api-diff-response-error-status-removed', 'base', r.origin, `response ${code} removed`);
        continue;
      }
      media('response', sub('base', r, 'content'), sub('head', q, 'content'), true);
      const oh = sub('base', r, 'headers');
      const nh = sub('head', q, 'headers');
      const ohk = oh && isObj(oh.node) ? Object.keys(oh.node).sort() : [];
      const nhk = nh && isObj(nh.node) ? Object.keys(nh.node).sort() : [];
      for (const h of ohk) {
        const a = sub('base', oh, h);
        const b = nhk.includes(h) ? sub('head', nh, h) : null;
        const req = (x: At | null) => !!x && isObj(x.node) && x.node.required === true;
        if (!b) {
          ctx.emit(req(a) ? 'api-diff-response-required-header-removed' : 'api-diff-response-header-removed', 'base', a?.origin ?? under(oh!.origin, h), `response ${code} header ${h} removed`);
          continue;
        }
        if (req(a) && !req(b)) ctx.emit('api-diff-response-header-became-optional', 'head', b.origin, `response ${code} header ${h} no longer required`);
        compareSchema(sub('base', a, 'schema'), sub('head', b, 'schema'), 'response');
      }
      for (const h of nhk) if (!ohk.includes(h)) ctx.emit('api-diff-response-header-added', 'head', under(nh!.origin, h), `response ${code} header ${h} added`);
    }
    for (const [code, q] of [...nm].sort((a, b) => cmp(a[0], b[0]))) {
      if (!om.has(code)) ctx.emit(success(code) ? 'api-diff-response-success-status-added' : 'api-diff-response-error-status-added', 'head', q.origin, `response ${code} added`);
    }
  }

  function security(o: Operation, n: Operation) {
    const reqs = (s: Json | undefined): Map<string, Obj> => {
      const m = new Map<string, Obj>();
      if (Array.isArray(s)) for (const r of s) if (isObj(r)) m.set(Object.keys(r).sort().join('+'), r);
      return m;
    };
    const om = reqs(o.security);
    const nm = reqs(n.security);
    const open = (m: Map<string, Obj>) => m.size === 0 || m.has('');
    const where = (op: Operation, spec: LoadedSpec): Origin => (op.at.node.security !== undefined ? under(op.at.origin, 'security') : { file: spec.file, pointer: '/security' });
    const at = where(n, head);
    if (open(om) && !open(nm)) return void ctx.emit('api-diff-security-added', 'head', at, `security now required (${[...nm.keys()].sort().join(' or ')})`);
    if (!open(om) && open(nm)) return void ctx.emit('api-diff-security-removed', 'head', at, `security no longer required (was ${[...om.keys()].sort().join(' or ')})`);
    if (open(om)) return;
    for (const [k, r] of [...om].sort((a, b) => cmp(a[0], b[0]))) {
      const q = nm.get(k);
      if (!q) {
        ctx.emit('api-diff-security-requirement-removed', 'head', at, `security requirement ${k} no longer accepted`);
        continue;
      }
      for (const scheme of Object.keys(r).sort()) {
        const a = new Set(Array.isArray(r[scheme]) ? (r[scheme] as Json[]).map(String) : []);
        const b = new Set(Array.isArray(q[scheme]) ? (q[scheme] as Json[]).map(String) : []);
        const added = [...b].filter((s) => !a.has(s)).sort();
        const gone = [...a].filter((s) => !b.has(s)).sort();
        if (added.length > 0) ctx.emit('api-diff-security-scope-added', 'head', at, `${scheme} needs scope ${added.join(', ')}`);
        if (gone.length > 0) ctx.emit('api-diff-security-scope-removed', 'head', at, `${scheme} no longer needs scope ${gone.join(', ')}`);
      }
    }
    for (const k of [...nm.keys()].sort()) if (!om.has(k)) ctx.emit('api-diff-security-requirement-added', 'head', at, `security requirement ${k} added`);
  }

  function securitySchemes() {
    const schemesOf = (spec: LoadedSpec): At | null => {
      const comps = isObj(spec.doc.components) ? { node: spec.doc.components as Json, origin: { file: spec.file, pointer: '/components' } } : null;
      return comps ? child(spec, comps, 'securitySchemes') : null;
    };
    const oa = schemesOf(base);
    const na = schemesOf(head);
    const ok = oa && isObj(oa.node) ? Object.keys(oa.node).sort() : [];
    const nk = na && isObj(na.node) ? Object.keys(na.node).sort() : [];
    const withOps = (key: string, side: 'base' | 'head', name: string) => {
      const p = pending.get(key);
      if (p) for (const l of schemeUse[side].get(name) ?? []) p.ops.add(l);
    };
    for (const name of ok) {
      const a = sub('base', oa, name);
      if (!nk.includes(name)) {
        withOps(ctx.emit('api-diff-security-scheme-removed', 'base', a?.origin ?? under(oa!.origin, name), `security scheme ${name} removed`), 'base', name);
        continue;
      }
      const b = sub('head', na, name);
      if (!a || !b || !isObj(a.node) || !isObj(b.node)) continue;
      if (a.node.type !== b.node.type) withOps(ctx.emit('api-diff-security-scheme-type-changed', 'head', b.origin, `security scheme ${name}: type ${String(a.node.type)} → ${String(b.node.type)}`), 'head', name);
      else {
        const keys = ['in', 'name', 'scheme', 'bearerFormat', 'flows', 'flow', 'authorizationUrl', 'tokenUrl', 'openIdConnectUrl'];
        const changed = keys.filter((k) => JSON.stringify(a.node && (a.node as Obj)[k]) !== JSON.stringify((b.node as Obj)[k]));
        if (changed.length > 0) withOps(ctx.emit('api-diff-security-scheme-changed', 'head', b.origin, `security scheme ${name}: ${changed.join(', ')} changed`), 'head', name);
      }
    }
    for (const name of nk) if (!ok.includes(name)) ctx.emit('api-diff-security-scheme-added', 'head', sub('head', na, name)?.origin ?? under(na!.origin, name), `security scheme ${name} added`);
  }

  // Locate and sort.
  const all = [...pending.values()];
  const pos = {
    base: base.locate(all.filter((p) => p.side === 'base').map((p) => p.at)),
    head: head.locate(all.filter((p) => p.side === 'head').map((p) => p.at)),
  };
  const findings: DiffFinding[] = all.map((p) => {
    const c = checkOf(p.id);
    const at = pos[p.side].get(`${p.at.file}#${p.at.pointer}`) ?? { line: 1, column: 1 };
    return { rule: c.id, check: 'breaking', severity: c.severity, side: p.side, file: opts.display(p.side, p.at.file), line: at.line, column: at.column, pointer: p.at.pointer, operations: [...p.ops].sort(), message: p.message, fix: c.fix };
  });
  findings.sort(compareFindings);
  const count = (s: DiffFinding['severity']) => findings.filter((f) => f.severity === s).length;
  const semver = count('breaking') > 0 ? 'major' : findings.some((f) => checkOf(f.rule).addition) ? 'minor' : 'patch';
  return {
    version: 1,
    pairs: [{
      base: { file: opts.display('base', base.file), version: base.version, operations: baseOps.length },
      head: { file: opts.display('head', head.file), version: head.version, operations: headOps.length },
    }],
    findings,
    summary: { findings: findings.length, breaking: count('breaking'), warning: count('warning'), info: count('info'), semver },
  };
}

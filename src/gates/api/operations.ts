/**
 * The operations of a loaded spec, with what the checks need already resolved: effective
 * parameters (path-level overridden by operation-level), request body, responses and security.
 */
import { isObj, type Json, type LoadedSpec, type Obj, type Origin } from './load.ts';
import { pointerOf } from './positions.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface At<T = Json> { node: T; origin: Origin }

export interface Operation {
  method: string;
  path: string;
  /** `GET /pets/{id}` */
  label: string;
  at: At<Obj>;
  pathItem: At<Obj>;
  parameters: At<Obj>[];
  requestBody: At<Obj> | null;
  responses: { code: string; at: At<Obj> }[];
  /** Effective security requirements (operation-level, else global); undefined when none is declared. */
  security: Json | undefined;
}

export function operationsOf(spec: LoadedSpec): Operation[] {
  const { doc } = spec;
  const at = (node: Json | undefined, fallback: Origin): At<Obj> | null => {
    const r = spec.deref(node, fallback);
    if (!isObj(r.node)) return null;
    return { node: r.node, origin: spec.origins.get(r.node) ?? r.origin };
  };
  const rootOrigin: Origin = { file: spec.file, pointer: '' };
  const ops: Operation[] = [];
  for (const [path, raw] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    const item = at(raw, { file: rootOrigin.file, pointer: pointerOf(['paths', path]) });
    if (!item) continue;
    for (const method of METHODS) {
      const opAt = at(item.node[method], { file: item.origin.file, pointer: `${item.origin.pointer}/${method}` });
      if (!opAt) continue;
      const op = opAt.node;
      const byKey = new Map<string, At<Obj>>();
      const addParams = (list: Json | undefined, base: Origin) => {
        if (!Array.isArray(list)) return;
        list.forEach((p, i) => {
          const r = at(p, { file: base.file, pointer: `${base.pointer}/parameters/${i}` });
          if (r) byKey.set(`${String(r.node.in)}:${String(r.node.name)}`, r);
        });
      };
      addParams(item.node.parameters, item.origin);
      addParams(op.parameters, opAt.origin);
      const requestBody = op.requestBody === undefined ? null : at(op.requestBody, { file: opAt.origin.file, pointer: `${opAt.origin.pointer}/requestBody` });
      const responses: Operation['responses'] = [];
      const respBase = isObj(op.responses) ? (spec.origins.get(op.responses) ?? { file: opAt.origin.file, pointer: `${opAt.origin.pointer}/responses` }) : null;
      for (const [code, r] of Object.entries(isObj(op.responses) ? op.responses : {})) {
        const resolved = at(r, { file: respBase!.file, pointer: `${respBase!.pointer}${pointerOf([code])}` });
        if (resolved) responses.push({ code, at: resolved });
      }
      ops.push({
        method,
        path,
        label: `${method.toUpperCase()} ${path}`,
        at: opAt,
        pathItem: item,
        parameters: [...byKey.values()],
        requestBody,
        responses,
        security: op.security !== undefined ? op.security : doc.security,
      });
    }
  }
  return ops;
}

/** The child of a node, with its origin (a converted node knows its own). */
export function child(spec: LoadedSpec, parent: At, key: string | number): At | null {
  if (!isObj(parent.node) && !Array.isArray(parent.node)) return null;
  const raw = Array.isArray(parent.node) ? parent.node[Number(key)] : (parent.node as Obj)[String(key)];
  if (raw === undefined) return null;
  const r = spec.deref(raw, { file: parent.origin.file, pointer: `${parent.origin.pointer}${pointerOf([key])}` });
  if (r.node === undefined) return null;
  return { node: r.node, origin: (isObj(r.node) && spec.origins.get(r.node)) || r.origin };
}

/** The non-null JSON Schema types a schema declares (3.1 allows a list). */
export function typesOf(schema: Obj): string[] {
  const t = schema.type;
  const list = Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
  return list.filter((x) => x !== 'null');
}

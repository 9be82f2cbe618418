/**
 * Swagger 2.0 → the 3.x shape the checks read, for the parts the gate looks at: parameters
 * (body/formData become a request body; the others get a `schema`), responses (a schema becomes
 * `content` per `produces`), security and schemes. Schemas are reused as they are (a 2.0 schema is a
 * 3.0 schema for these checks), and `#/definitions/…` refs resolve in the 2.0 file itself. Every new
 * node is registered with the origin of the 2.0 node it came from, so findings point at the 2.0 file.
 * A small mapping rather than a converter package: converters build new trees and lose positions.
 */
import type { Json, Obj, Origin } from './load.ts';
import { isObj } from './load.ts';
import { pointerOf } from './positions.ts';

type Deref = (node: Json | undefined, origin: Origin) => { node: Json | undefined; origin: Origin };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf'];

export function convertSwagger2(src: Obj, file: string, origins: WeakMap<object, Origin>, deref: Deref): Obj {
  const reg = <T extends object>(node: T, pointer: string): T => {
    origins.set(node, { file, pointer });
    return node;
  };
  const consumes = (op: Obj) => (Array.isArray(op.consumes) ? op.consumes : Array.isArray(src.consumes) ? src.consumes : ['application/json']).map(String);
  const produces = (op: Obj) => (Array.isArray(op.produces) ? op.produces : Array.isArray(src.produces) ? src.produces : ['application/json']).map(String);
  // Components used by several operations are converted once, so a finding is reported once.
  const converted = new Map<string, Obj>();

  const param = (p: Obj, origin: Origin): Obj => {
    const schema: Obj = {};
    for (const k of SCHEMA_KEYS) if (p[k] !== undefined) schema[k] = p[k] as Json;
    const out: Obj = { name: p.name ?? null, in: p.in ?? null, required: p.required === true, schema: reg(schema, origin.pointer) };
    origins.set(out, origin);
    return out;
  };
  const response = (r: Obj, origin: Origin, types: string[]): Obj => {
    const out: Obj = { description: r.description ?? '' };
    if (r.schema !== undefined) {
      const content: Obj = {};
      for (const t of types) content[t] = reg({ schema: r.schema }, origin.pointer);
      if (isObj(r.schema)) origins.set(r.schema, { file, pointer: `${origin.pointer}/schema` });
      out.content = reg(content, origin.pointer);
    }
    if (isObj(r.headers)) out.headers = r.headers;
    return reg(out, origin.pointer);
  };
  const once = (node: Json | undefined, origin: Origin, make: (n: Obj, o: Origin) => Obj): Obj | null => {
    const r = deref(node, origin);
    if (!isObj(r.node)) return null;
    const key = `${r.origin.file}#${r.origin.pointer}`;
    let out = converted.get(key);
    if (!out) converted.set(key, (out = make(r.node, r.origin)));
    return out;
  };

  const paths: Obj = {};
  for (const [path, rawItem] of Object.entries(isObj(src.paths) ? src.paths : {})) {
    const itemPtr = pointerOf(['paths', path]);
    const item = deref(rawItem, { file, pointer: itemPtr });
    if (!isObj(item.node)) continue;
    const outItem: Obj = reg({}, item.origin.pointer);
    const shared = Array.isArray(item.node.parameters) ? item.node.parameters : [];
    for (const m of METHODS) {
      const op = item.node[m];
      if (!isObj(op)) continue;
      const opPtr = `${item.origin.pointer}/${m}`;
      const out: Obj = reg({}, opPtr);
      for (const k of ['operationId', 'summary', 'deprecated', 'security', 'tags'] as const) if (op[k] !== undefined) out[k] = op[k] as Json;
      const params: Obj[] = [];
      const form: Obj = { type: 'object', properties: {} };
      let formOrigin: string | null = null;
      const required: string[] = [];
      const all = [...shared.map((p, i) => [p, `${item.origin.pointer}/parameters/${i}`] as const), ...(Array.isArray(op.parameters) ? op.parameters : []).map((p, i) => [p, `${opPtr}/parameters/${i}`] as const)];
      for (const [p, ptr] of all) {
        const r = deref(p, { file, pointer: ptr });
        if (!isObj(r.node)) continue;
        if (r.node.in === 'body') {
          const media: Obj = {};
          for (const t of consumes(op)) media[t] = reg(r.node.schema === undefined ? ({} as Obj) : ({ schema: r.node.schema } as Obj), r.origin.pointer);
          if (isObj(r.node.schema)) origins.set(r.node.schema, { file: r.origin.file, pointer: `${r.origin.pointer}/schema` });
          out.requestBody = reg({ required: r.node.required === true, content: reg(media, r.origin.pointer) }, r.origin.pointer);
        } else if (r.node.in === 'formData') {
          formOrigin ??= r.origin.pointer;
          (form.properties as Obj)[String(r.node.name)] = reg(param(r.node, r.origin).schema as Obj, r.origin.pointer);
          if (r.node.required === true) required.push(String(r.node.name));
        } else {
          const converted1 = once(p, { file, pointer: ptr }, param);
          if (converted1) params.push(converted1);
        }
      }
      if (formOrigin !== null) {
        if (required.length > 0) form.required = required;
        const types = consumes(op).filter((t) => /form/.test(t));
        const media: Obj = {};
        for (const t of types.length > 0 ? types : ['application/x-www-form-urlencoded']) media[t] = reg({ schema: reg(form, formOrigin) }, formOrigin);
        out.requestBody = reg({ content: reg(media, formOrigin) }, formOrigin);
      }
      // Operation parameters override path-level ones; both are already in `params`.
      out.parameters = params;
      const responses: Obj = reg({}, `${opPtr}/responses`);
      for (const [code, r] of Object.entries(isObj(op.responses) ? op.responses : {})) {
        const conv = once(r, { file, pointer: `${opPtr}/responses/${pointerOf([code]).slice(1)}` }, (n, o) => response(n, o, produces(op)));
        if (conv) responses[code] = conv;
      }
      out.responses = responses;
      outItem[m] = out;
    }
    paths[path] = outItem;
  }
  const schemes: Obj = {};
  for (const [name, s] of Object.entries(isObj(src.securityDefinitions) ? src.securityDefinitions : {})) schemes[name] = s as Json;
  // Definitions are the 2.0 file's own nodes (findings point at /definitions/…); swag names them `pkg.Type`.
  const schemas: Obj = {};
  for (const [name, d] of Object.entries(isObj(src.definitions) ? src.definitions : {})) {
    if (isObj(d) && !origins.has(d)) origins.set(d, { file, pointer: pointerOf(['definitions', name]) });
    schemas[name] = d as Json;
  }
  const doc: Obj = { openapi: '3.0.0', info: src.info ?? {}, paths, components: { securitySchemes: schemes, schemas } };
  if (src.security !== undefined) doc.security = src.security as Json;
  return doc;
}

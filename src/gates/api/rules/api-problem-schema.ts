import { isObj, type Obj } from '../load.ts';
import { child, typesOf, type At } from '../operations.ts';
import type { LoadedSpec } from '../load.ts';
import type { ApiRule } from '../rule.ts';
import { isErrorCode, problemKey } from './api-problem-media-type.ts';

/** RFC 9457's members and the JSON type each must have. */
const MEMBERS: Record<string, string> = { type: 'string', title: 'string', status: 'integer', detail: 'string', instance: 'string' };

/** Properties of a schema, through allOf, first definition wins. */
function propertiesOf(spec: LoadedSpec, at: At, seen = new Set<object>()): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (!isObj(at.node) || seen.has(at.node)) return out;
  seen.add(at.node);
  const props = child(spec, at, 'properties');
  if (props && isObj(props.node)) for (const k of Object.keys(props.node)) {
    const p = child(spec, props, k);
    if (p && isObj(p.node)) out.set(k, p.node);
  }
  const all = child(spec, at, 'allOf');
  if (all && Array.isArray(all.node)) all.node.forEach((_, i) => {
    const part = child(spec, all, i);
    if (part) for (const [k, v] of propertiesOf(spec, part, seen)) if (!out.has(k)) out.set(k, v);
  });
  return out;
}

/** (c) The problem+json schema has type, title, status, detail and instance, with the right types. */
export const rule: ApiRule = {
  id: 'api-problem-schema',
  check: 'problem',
  severity: 'error',
  description: 'The application/problem+json schema lacks an RFC 9457 member or gives one the wrong type.',
  fix: 'Use a Problem schema with type (string, uri-reference), title (string), status (integer), detail (string) and instance (string).',
  fixFor: {
    swag: 'Give the Go type named in `@Failure` the RFC 9457 fields: Type, Title, Detail, Instance string and Status int, tagged `json:"type"`, `json:"title"`, `json:"status"`, `json:"detail"`, `json:"instance"`; then run `swag init`.',
  },
  run({ spec, ops, report }) {
    for (const op of ops) {
      for (const r of op.responses) {
        const key = isErrorCode(r.code) ? problemKey(r.at.node.content) : undefined;
        if (key === undefined) continue;
        const content = child(spec, r.at, 'content');
        const media = content && child(spec, content, key);
        const schema = media && child(spec, media, 'schema');
        if (!schema || !isObj(schema.node)) {
          if (media) report(media.origin, [op], `${key} has no schema`);
          continue;
        }
        const props = propertiesOf(spec, schema);
        const problems: string[] = [];
        for (const [name, type] of Object.entries(MEMBERS)) {
          const p = props.get(name);
          if (!p) problems.push(`no "${name}"`);
          else {
            const t = typesOf(p);
            if (t.length > 0 && !t.includes(type)) problems.push(`"${name}" is ${t.join('|')}, not ${type}`);
          }
        }
        if (problems.length > 0) report(schema.origin, [op], `problem schema: ${problems.join(', ')}`);
      }
    }
  },
};

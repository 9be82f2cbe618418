import { isObj, type LoadedSpec, type Origin } from '../load.ts';
import type { Operation } from '../operations.ts';
import type { ApiRule } from '../rule.ts';

export const isErrorCode = (code: string) => code === 'default' || /^[45]/.test(code);
export const PROBLEM = 'application/problem+json';
export const problemKey = (content: unknown) => (isObj(content) ? Object.keys(content).find((k) => k.split(';')[0]!.trim().toLowerCase() === PROBLEM) : undefined);

/**
 * Swagger 2.0: the `produces` list that gives an operation's responses their media types (the
 * operation's own, else the document's), or null when neither is written.
 */
function producesOf(spec: LoadedSpec, op: Operation): Origin | null {
  const rawOp = spec.deref({ $ref: `#${op.at.origin.pointer}` }, op.at.origin).node;
  if (isObj(rawOp) && Array.isArray(rawOp.produces)) return { file: op.at.origin.file, pointer: `${op.at.origin.pointer}/produces` };
  const top = spec.deref({ $ref: '#' }, op.at.origin).node;
  return isObj(top) && Array.isArray(top.produces) ? { file: op.at.origin.file, pointer: '/produces' } : null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * (c) Every 4xx, 5xx and default response offers application/problem+json (RFC 9457). One cause, one
 * finding: error responses that offer the same media types (one `produces` setting, one generator
 * option) are reported once, at the first place, with the others in `also` and every operation.
 */
export const rule: ApiRule = {
  id: 'api-problem-media-type',
  check: 'problem',
  severity: 'error',
  description: 'An error response (4xx, 5xx or default) does not offer application/problem+json; responses with the same media types are one finding.',
  fix: 'Give the response `content: {application/problem+json: {schema: {$ref: …/Problem}}}` (RFC 9457).',
  fixFor: {
    swagger2: 'Add `application/problem+json` to `produces` (the operation\'s, or the document\'s) and give the error response a Problem `schema` (RFC 9457).',
    swag: 'In the handlers\' swag comments, produce it (`// @Produce json,application/problem+json`, or `@produce` in the general API info) and document errors with a Problem type (`// @Failure 400 {object} Problem`); then run `swag init`.',
  },
  run({ spec, ops, report }) {
    const swagger2 = spec.version === '2.0';
    // Distinct response nodes first (a shared component counts once), then grouped by what they offer.
    const responses = new Map<object, { origin: Origin; code: string; ops: Operation[]; offered: string[]; produces: Origin | null }>();
    for (const op of ops) {
      for (const r of op.responses) {
        if (!isErrorCode(r.code) || problemKey(r.at.node.content) !== undefined) continue;
        let e = responses.get(r.at.node);
        const offered = isObj(r.at.node.content) ? Object.keys(r.at.node.content) : [];
        if (!e) responses.set(r.at.node, (e = { origin: r.at.origin, code: r.code, ops: [], offered, produces: swagger2 && offered.length > 0 ? producesOf(spec, op) : null }));
        e.ops.push(op);
      }
    }
    const causes = new Map<string, (typeof responses extends Map<object, infer V> ? V : never)[]>();
    for (const e of responses.values()) {
      const key = e.offered.length > 0 ? [...e.offered].sort().join(', ') : '';
      causes.set(key, [...(causes.get(key) ?? []), e]);
    }
    for (const [offered, list] of causes) {
      // Where the cause is written: 2.0's `produces` lists when they set the types, else the responses.
      const places = [...new Map(list.map((e) => e.produces ?? e.origin).map((o) => [`${o.file}#${o.pointer}`, o])).values()];
      const codes = [...new Set(list.map((e) => e.code))].sort();
      const affected = [...new Set(list.flatMap((e) => e.ops))];
      const what = offered ? `offer${list.length === 1 ? 's' : ''} ${offered} but not ${PROBLEM}` : `${list.length === 1 ? 'has' : 'have'} no content, not ${PROBLEM}`;
      const message = list.length === 1
        ? `error response ${codes.join('/')} ${what}`
        : `${plural(list.length, 'error response')} (${codes.join(', ')}) in ${plural(affected.length, 'operation')} ${what}${places.length === 1 && list[0]!.produces ? ', all from this `produces`' : ''}`;
      report(places[0]!, affected, message, places.slice(1));
    }
  },
};

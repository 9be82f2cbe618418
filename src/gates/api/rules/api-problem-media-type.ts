import { isObj } from '../load.ts';
import type { Operation } from '../operations.ts';
import type { ApiRule } from '../rule.ts';

export const isErrorCode = (code: string) => code === 'default' || /^[45]/.test(code);
export const PROBLEM = 'application/problem+json';
export const problemKey = (content: unknown) => (isObj(content) ? Object.keys(content).find((k) => k.split(';')[0]!.trim().toLowerCase() === PROBLEM) : undefined);

/** (c) Every 4xx, 5xx and default response offers application/problem+json (RFC 9457). */
export const rule: ApiRule = {
  id: 'api-problem-media-type',
  check: 'problem',
  severity: 'error',
  description: 'An error response (4xx, 5xx or default) does not offer application/problem+json.',
  fix: 'Give the response `content: {application/problem+json: {schema: {$ref: …/Problem}}}` (RFC 9457).',
  run({ ops, report }) {
    // A shared response component is reported once, with every operation that uses it.
    const byNode = new Map<object, { origin: Operation['at']['origin']; codes: Set<string>; ops: Operation[]; offered: string[] }>();
    for (const op of ops) {
      for (const r of op.responses) {
        if (!isErrorCode(r.code) || problemKey(r.at.node.content) !== undefined) continue;
        let e = byNode.get(r.at.node);
        if (!e) byNode.set(r.at.node, (e = { origin: r.at.origin, codes: new Set(), ops: [], offered: isObj(r.at.node.content) ? Object.keys(r.at.node.content) : [] }));
        e.codes.add(r.code);
        e.ops.push(op);
      }
    }
    for (const e of byNode.values()) {
      report(e.origin, e.ops, `error response ${[...e.codes].join('/')} ${e.offered.length > 0 ? `offers ${e.offered.join(', ')} but not ${PROBLEM}` : `has no content, not ${PROBLEM}`}`);
    }
  },
};

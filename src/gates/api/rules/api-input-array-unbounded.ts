import { requestVisits } from '../schemas.ts';
import { typesOf } from '../operations.ts';
import type { ApiRule } from '../rule.ts';

/** (a) Arrays a client sends have maxItems. */
export const rule: ApiRule = {
  id: 'api-input-array-unbounded',
  check: 'inputs',
  severity: 'warning',
  description: 'An array the client sends has no maxItems.',
  fix: 'Add `maxItems` to the array schema.',
  run({ spec, ops, report }) {
    for (const op of ops) {
      for (const { at } of requestVisits(spec, op)) {
        if (typesOf(at.node).includes('array') && at.node.maxItems === undefined) report(at.origin, [op], 'array without maxItems in the request');
      }
    }
  },
};

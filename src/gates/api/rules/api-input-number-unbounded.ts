import { requestVisits } from '../schemas.ts';
import { typesOf } from '../operations.ts';
import type { ApiRule } from '../rule.ts';

/** (a) Numbers a client sends have a minimum and a maximum (or an enum/const). */
export const rule: ApiRule = {
  id: 'api-input-number-unbounded',
  check: 'inputs',
  severity: 'warning',
  description: 'A number the client sends lacks a minimum or a maximum.',
  fix: 'Add `minimum` and `maximum` (or `exclusiveMinimum`/`exclusiveMaximum`, or an `enum`).',
  fixFor: {
    swag: 'Bound it where swag reads it: `minimum:"0" maximum:"1000"` in the Go field\'s struct tag, or `minimum(0) maximum(1000)` after the `@Param`; then run `swag init`.',
  },
  run({ spec, ops, report }) {
    for (const op of ops) {
      for (const { at } of requestVisits(spec, op)) {
        const s = at.node;
        const types = typesOf(s);
        if (!types.includes('integer') && !types.includes('number')) continue;
        if (s.enum !== undefined || s.const !== undefined) continue;
        // 3.0's boolean exclusiveMaximum needs `maximum`; 3.1's is a number of its own.
        const max = s.maximum !== undefined || typeof s.exclusiveMaximum === 'number';
        const min = s.minimum !== undefined || typeof s.exclusiveMinimum === 'number';
        if (max && min) continue;
        report(at.origin, [op], `number without ${!min && !max ? 'minimum and maximum' : !min ? 'minimum' : 'maximum'} in the request`);
      }
    }
  },
};

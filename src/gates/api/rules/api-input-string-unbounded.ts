import { requestVisits } from '../schemas.ts';
import { typesOf } from '../operations.ts';
import type { ApiRule } from '../rule.ts';

/** (a) Strings a client sends are bounded by maxLength, enum, const, format or pattern. */
export const rule: ApiRule = {
  id: 'api-input-string-unbounded',
  check: 'inputs',
  severity: 'warning',
  description: 'A string the client sends has no maxLength, enum, format or pattern.',
  fix: 'Add `maxLength` (or an `enum`, `format` or `pattern`) to the string schema.',
  fixFor: {
    swag: 'Bound it where swag reads it: `maxLength:"64"` (or `enums:"a,b"`) in the Go field\'s struct tag, or `maxlength(64)` / `Enums(a, b)` after the `@Param`; then run `swag init`.',
  },
  run({ spec, ops, report }) {
    for (const op of ops) {
      for (const { at } of requestVisits(spec, op)) {
        const s = at.node;
        if (!typesOf(s).includes('string')) continue;
        if (s.maxLength !== undefined || s.enum !== undefined || s.const !== undefined || s.format !== undefined || s.pattern !== undefined) continue;
        report(at.origin, [op], 'unbounded string in the request');
      }
    }
  },
};

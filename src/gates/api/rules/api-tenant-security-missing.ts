import { isObj } from '../load.ts';
import type { ApiRule } from '../rule.ts';
import { isPublic } from '../tenant.ts';

/** (b) Every non-public operation has effective security; `[]` and an empty requirement `{}` count as none. */
export const rule: ApiRule = {
  id: 'api-tenant-security-missing',
  check: 'tenant',
  severity: 'error',
  description: 'An operation that is not listed as public has no effective security requirement.',
  fix: 'Add `security` to the operation or globally (an empty requirement `{}` allows anonymous calls), or list the path in the gate\'s public paths.',
  run({ ops, config, report }) {
    for (const op of ops) {
      if (isPublic(op.path, config)) continue;
      const s = op.security;
      const none = !Array.isArray(s) || s.length === 0 || s.some((r) => isObj(r) && Object.keys(r).length === 0);
      if (!none) continue;
      const why = s === undefined ? 'no security is declared' : Array.isArray(s) && s.length > 0 ? 'an empty requirement `{}` lets anonymous callers in' : 'security is empty';
      report(op.at.origin, [op], `${op.label}: ${why}`);
    }
  },
};

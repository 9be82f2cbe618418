import type { ApiRule } from '../rule.ts';
import { pathParams, sameName } from '../tenant.ts';

/** (b) A tenant-scoped path carries every outer tenant level, outermost first. */
export const rule: ApiRule = {
  id: 'api-tenant-path-order',
  check: 'tenant',
  severity: 'error',
  description: 'A tenant-scoped path skips an outer tenant level or has the levels out of order.',
  fix: 'Nest the path under every tenant level in order, e.g. /workspaces/{workspaceId}/businesses/{businessId}/….',
  run({ ops, config, report }) {
    const levels = config.tenant.levels.map((l) => l.pathParameter);
    for (const op of ops) {
      const params = pathParams(op.path);
      const found = levels.map((l) => params.findIndex((p) => sameName(p, l)));
      const deepest = Math.max(...found.map((i, k) => (i >= 0 ? k : -1)));
      if (deepest < 0) continue;
      const missing = levels.slice(0, deepest).filter((_, k) => found[k] === -1);
      const present = found.filter((i) => i >= 0);
      const ordered = present.every((v, i) => i === 0 || v > (present[i - 1] ?? -1));
      if (missing.length === 0 && ordered) continue;
      const msg = missing.length > 0 ? `${op.path} is tenant-scoped but lacks {${missing.join('}, {')}}` : `${op.path} has the tenant levels out of order (expected ${levels.map((l) => `{${l}}`).join(' before ')})`;
      report(op.pathItem.origin, ops.filter((o) => o.path === op.path), msg);
    }
  },
};

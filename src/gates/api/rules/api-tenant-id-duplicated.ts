import { isObj } from '../load.ts';
import { child } from '../operations.ts';
import type { ApiRule } from '../rule.ts';
import { sameName, tenantParamsIn } from '../tenant.ts';

/** (b) A tenant id the path carries is not taken again from the query, a header or the body. */
export const rule: ApiRule = {
  id: 'api-tenant-id-duplicated',
  check: 'tenant',
  severity: 'error',
  description: 'A query parameter, header or request body property repeats a tenant id the path already carries.',
  fix: 'Take the tenant id from the path only; remove the duplicate so a caller cannot name another tenant.',
  run({ spec, ops, config, report }) {
    for (const op of ops) {
      const tenant = tenantParamsIn(op.path, config);
      if (tenant.length === 0) continue;
      for (const p of op.parameters) {
        const name = String(p.node.name);
        if (p.node.in !== 'path' && tenant.some((t) => sameName(t, name))) report(p.origin, [op], `${p.node.in} parameter "${name}" repeats the tenant id in the path`);
      }
      const content = op.requestBody && child(spec, op.requestBody, 'content');
      if (!content || !isObj(content.node)) continue;
      for (const t of Object.keys(content.node)) {
        const m = child(spec, content, t);
        const s = m && child(spec, m, 'schema');
        if (!s) continue;
        // Top-level properties, including those of allOf members.
        const parts = [s, ...(isObj(s.node) && Array.isArray(s.node.allOf) ? s.node.allOf.map((_, i) => { const l = child(spec, s, 'allOf'); return l && child(spec, l, i); }) : [])];
        for (const part of parts) {
          const props = part && child(spec, part, 'properties');
          if (!props || !isObj(props.node)) continue;
          for (const key of Object.keys(props.node)) {
            if (!tenant.some((x) => sameName(x, key))) continue;
            const at = child(spec, props, key);
            if (at) report(at.origin, [op], `request body property "${key}" repeats the tenant id in the path`);
          }
        }
      }
    }
  },
};

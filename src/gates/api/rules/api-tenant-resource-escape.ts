import type { ApiRule } from '../rule.ts';
import { sameName, tenantParamsIn } from '../tenant.ts';

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');

/** (b) An id-addressed resource under a tenant path is not also reachable outside every tenant. */
export const rule: ApiRule = {
  id: 'api-tenant-resource-escape',
  check: 'tenant',
  severity: 'error',
  description: 'A resource addressed by id under a tenant path is also reachable by a path outside the tenant.',
  fix: 'Remove the un-scoped path, or move it under the tenant path (list it in public paths if it is meant to be global).',
  run({ ops, config, report }) {
    const levels = config.tenant.levels.map((l) => l.pathParameter);
    // Tails after the last tenant segment of tenant paths that end in an id, e.g. /invoices/{}.
    const tails = new Map<string, string>();
    for (const op of ops) {
      if (tenantParamsIn(op.path, config).length === 0 || !/\}\/?$/.test(op.path)) continue;
      const segs = op.path.split('/');
      const isTenant = (seg: string) => /^\{[^}]+\}$/.test(seg) && levels.some((l) => sameName(seg.slice(1, -1), l));
      const last = segs.reduce((k, seg, i) => (isTenant(seg) ? i : k), -1);
      const tail = shape(segs.slice(last + 1).join('/') ? '/' + segs.slice(last + 1).join('/') : '');
      if (tail.endsWith('{}') && tail !== '/{}') tails.set(tail, op.path);
    }
    if (tails.size === 0) return;
    const byPath = new Map<string, typeof ops>();
    for (const op of ops) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
    for (const [path, pathOps] of byPath) {
      if (tenantParamsIn(path, config).length > 0 || config.tenant.publicPaths.includes(path)) continue;
      const s = shape(path);
      for (const [tail, tenantPath] of tails) {
        if (s === tail || s.endsWith(tail)) {
          report(pathOps[0]!.pathItem.origin, pathOps, `${path} reaches the same resource as ${tenantPath} without the tenant`);
          break;
        }
      }
    }
  },
};

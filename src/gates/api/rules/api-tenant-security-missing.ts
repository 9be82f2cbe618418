import { isObj } from '../load.ts';
import type { Operation } from '../operations.ts';
import type { ApiRule } from '../rule.ts';
import { isPublic, publicByName } from '../tenant.ts';

/** An operation that says so itself (`security: []` on the operation) is public on purpose. */
export const declaredPublic = (op: Operation) => Array.isArray(op.at.node.security) && op.at.node.security.length === 0;

/** Why an operation lets anonymous callers in, or null when it does not. */
export function whyUnsecured(op: Operation): string | null {
  const s = op.security;
  const none = !Array.isArray(s) || s.length === 0 || s.some((r) => isObj(r) && Object.keys(r).length === 0);
  if (!none) return null;
  return s === undefined ? 'no security is declared' : Array.isArray(s) && s.length > 0 ? 'an empty requirement `{}` lets anonymous callers in' : 'security is empty';
}

/**
 * (b) Every operation that is not public has effective security; `[]` and an empty requirement `{}`
 * count as none. Public: listed in the config's public paths, or `security: []` on the operation
 * itself. Paths public by their name (/auth/…, /webhooks/…) are left to api-tenant-public-by-name.
 */
export const rule: ApiRule = {
  id: 'api-tenant-security-missing',
  check: 'tenant',
  severity: 'error',
  description: 'An operation that is not public (listed in the public paths, or `security: []` on the operation) has no effective security requirement.',
  fix: 'Add `security` to the operation or globally (an empty requirement `{}` allows anonymous calls); if it is public on purpose, say so with `security: []` on the operation or list the path in the gate\'s public paths.',
  fixFor: {
    swagger2: 'Add `security` (a scheme from `securityDefinitions`) to the operation or globally; if it is public on purpose, say so with `security: []` on the operation or list the path in the gate\'s public paths.',
    swag: 'Add `// @Security <scheme>` to the handler\'s swag comments (the scheme is declared with `// @securityDefinitions.apikey <scheme>` or `.oauth2…` in the general API info), then run `swag init`; if it is public on purpose, list the path in the gate\'s public paths.',
  },
  run({ ops, config, report }) {
    for (const op of ops) {
      if (isPublic(op.path, config) || declaredPublic(op) || publicByName(op.path)) continue;
      const why = whyUnsecured(op);
      if (why) report(op.at.origin, [op], `${op.label}: ${why}`);
    }
  },
};

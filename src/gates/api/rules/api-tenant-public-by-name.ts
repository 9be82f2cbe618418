import type { ApiRule } from '../rule.ts';
import { isPublic, publicByName } from '../tenant.ts';
import { declaredPublic, whyUnsecured } from './api-tenant-security-missing.ts';

/**
 * (b) Sign-in, sign-up, onboarding, storefront, webhook and health endpoints are usually public, so
 * an unsecured one is not an error; it is still said, once per path, until the spec or the config
 * confirms it.
 */
export const rule: ApiRule = {
  id: 'api-tenant-public-by-name',
  check: 'tenant',
  severity: 'info',
  description: 'An operation without security whose path names a usually public endpoint (auth, login, signup, oauth, onboarding, storefront, webhooks, health) is taken as public; confirm it.',
  fix: 'Confirm it: `security: []` on the operation, or the path in the gate\'s public paths; or add security if callers must sign in.',
  fixFor: {
    swag: 'Confirm it by listing the path in the gate\'s public paths, or add `// @Security <scheme>` to the handler\'s swag comments if callers must sign in.',
  },
  run({ ops, config, report }) {
    for (const op of ops) {
      if (isPublic(op.path, config) || declaredPublic(op) || !publicByName(op.path)) continue;
      const why = whyUnsecured(op);
      if (why) report(op.at.origin, [op], `${op.label}: ${why}; taken as public by its path`);
    }
  },
};

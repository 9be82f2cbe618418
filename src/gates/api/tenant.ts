/** Tenant-model helpers shared by the tenant rules: path templates, public paths, name variants. */
import picomatch from 'picomatch';
import type { ApiGateConfig } from './model.ts';

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

/** Listed in the config's public paths: exact, a prefix ending in `*`, or a glob with `**` (picomatch). */
export function isPublic(path: string, config: ApiGateConfig): boolean {
  return config.tenant.publicPaths.some((p) => (p.includes('**') ? picomatch.isMatch(path, p, { dot: true }) : p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : p === path));
}

/** Path segments that name endpoints callers reach before they have an account or a session. */
const PUBLIC_SEGMENTS = /^(auth|login|logout|signin|sign-in|signup|sign-up|register|registration|oauth2?|sso|saml|oidc|openid|callback|password-reset|forgot-password|reset-password|verify-email|magic-link|onboarding|invitations?|storefront|webhooks?|health|healthz|livez|readyz|ping|public|\.well-known)$/i;

/** Leading segments that only version or mount an API: /api, /v1, /api/v2.1. */
const MOUNT = /^(api|rest|v\d+(\.\d+)*)$/i;

/**
 * The path's first segment after any /api or /v1 mount names a usually public endpoint (/auth/login,
 * /api/v1/webhooks/stripe, /storefront/products). Only the first: /orgs/{org}/invitations is an
 * organisation's own resource, not a public door.
 */
export function publicByName(path: string): boolean {
  const segs = path.split('/').filter((s) => s !== '');
  const first = segs.find((s) => !MOUNT.test(s));
  return first !== undefined && PUBLIC_SEGMENTS.test(first);
}

/** `workspaceId`, `workspace_id`, `workspace-id`, `WorkspaceID` all name the same thing. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[-_]/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/** The tenant path parameters a path carries, in the configured order. */
export function tenantParamsIn(path: string, config: ApiGateConfig): string[] {
  const params = pathParams(path);
  return config.tenant.levels.map((l) => l.pathParameter).filter((p) => params.some((q) => sameName(p, q)));
}

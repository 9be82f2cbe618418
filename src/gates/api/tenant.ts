/** Tenant-model helpers shared by the tenant rules: path templates, public paths, name variants. */
import type { ApiGateConfig } from './model.ts';

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

export function isPublic(path: string, config: ApiGateConfig): boolean {
  return config.tenant.publicPaths.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : p === path));
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

/**
 * A query that stops going through its tenant: `Current.family.accounts.find(id)` becomes
 * `Account.find(id)`, and any family's account can be read. The scoped chain (`family.accounts`)
 * is on a removed line and on no added line of the whole diff (code that only moved keeps it).
 * Pure; the caller says which files are code and what the tenant is called.
 */
import type { ChangedFile } from './diff.ts';

/** `<tenant>.<association>.` — a chain that goes on from the association (`.find`, `.where`, `.visible`). */
function chainPattern(tenant: string): RegExp {
  return new RegExp(`\\b${tenant}\\.([a-z_]\\w*)\\s*\\.\\s*\\w`, 'gi');
}

/** Evidence (`path:line (removed)`) for each removed tenant-scoped chain that no added line keeps. */
export function droppedTenantScopes(files: readonly ChangedFile[], tenant: string, isCode: (path: string) => boolean, isComment: (text: string) => boolean): Map<string, string[]> {
  const chain = chainPattern(tenant);
  const chainsIn = (text: string) => [...text.matchAll(chain)].map((m) => m[0].replace(/\s/g, '').replace(/\.\w$/, '').toLowerCase());
  const kept = new Set<string>();
  for (const f of files) for (const l of f.added) for (const c of chainsIn(l.text)) kept.add(c);
  const dropped = new Map<string, string[]>();
  for (const f of files) {
    // A deleted file takes its queries with it: nothing is left reading data unscoped.
    if (f.status === 'deleted' || !isCode(f.path)) continue;
    for (const l of f.removed ?? []) {
      if (isComment(l.text)) continue;
      if (chainsIn(l.text).some((c) => !kept.has(c))) dropped.set(f.path, [...(dropped.get(f.path) ?? []), `${f.path}:${l.line} (removed)`]);
    }
  }
  return dropped;
}

/**
 * Loads a repository's playbook: its own artifacts, the built-in ones it does not override (by
 * role id), and the operating model (the repository's own, else the built-in preset). I/O edge;
 * every problem is a diagnostic and the rest still loads. The parsers are imported only when a
 * folder must be compiled, so commands that only need the built-in snapshot start fast.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { Artifact, RoleSpec } from '../artifacts/spec.ts';
import { UsageError } from '../errors.ts';
import { roleIdFromPath } from '../artifacts/role-names.ts';
import { builtinPlaybookDir, MODEL_PATH } from './builtin.ts';
import { readSnapshot } from './builtin-snapshot.ts';
import type { OperatingModel } from './operating-model.ts';

export type Origin = 'repo' | 'builtin';

export interface LoadedArtifact {
  artifact: Artifact;
  origin: Origin;
}

export interface EffectiveRole {
  spec: RoleSpec;
  origin: Origin;
}

export interface Playbook {
  /** Absolute path of the folder that was loaded. */
  root: string;
  /** The folder is the built-in playbook itself. */
  isBuiltin: boolean;
  /** Artifacts found in the folder (origin `repo`) and built-in roles it did not override. */
  artifacts: LoadedArtifact[];
  /** Effective roles by id. */
  roles: Map<string, EffectiveRole>;
  model: OperatingModel;
  modelOrigin: Origin;
  /** Every file of the folder, repository-relative, for `applyTo` matching. */
  files: string[];
  /** Problems in the folder's own files (built-in files are checked by our own tests). */
  diagnostics: Diagnostic[];
}

/** What one folder holds, before built-in roles are filled in. */
export interface FolderPlaybook {
  artifacts: Artifact[];
  /** The folder's own operating model, when it has one that parses. */
  model: OperatingModel | null;
  files: string[];
  diagnostics: Diagnostic[];
}

export async function loadPlaybook(dir: string, options: { builtin?: boolean } = {}): Promise<Playbook> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError('no-such-dir', `not a directory: ${dir}`, 'Pass the repository folder whose playbook you want to check.');
  }
  const isBuiltin = root === resolve(builtinPlaybookDir());
  const own = isBuiltin ? await loadBuiltin() : await (await import('./compile-folder.ts')).compileFolder(root);
  const roles = new Map<string, EffectiveRole>();
  const artifacts: LoadedArtifact[] = own.artifacts.map((artifact) => ({ artifact, origin: 'repo' as const }));
  for (const a of own.artifacts) if ('role' in a && !roles.has(a.role.id)) roles.set(a.role.id, { spec: a.role, origin: 'repo' });

  let model = own.model;
  let modelOrigin: Origin = 'repo';
  if (!isBuiltin && options.builtin !== false) {
    for (const a of (await loadBuiltin()).artifacts) {
      if (!('role' in a) || roles.has(a.role.id)) continue;
      roles.set(a.role.id, { spec: a.role, origin: 'builtin' });
      artifacts.push({ artifact: a, origin: 'builtin' });
    }
  }
  if (!model) {
    model = (await loadBuiltin()).model!;
    modelOrigin = 'builtin';
  }
  return { root, isBuiltin, artifacts, roles, model, modelOrigin, files: own.files, diagnostics: own.diagnostics };
}

/**
 * Commands that act on the playbook (route, check, policy) refuse one whose operating model, or the
 * role they use, failed to load: falling back to the built-in one would silently apply other rules.
 */
export function assertUsable(playbook: Playbook, roleId?: string): void {
  const broken = playbook.diagnostics.find((d) => d.severity === 'error' &&
    (d.file === MODEL_PATH || (roleId !== undefined && roleIdFromPath(d.file) === roleId && /\.(agent|chatmode)\.md$|\/agents\/[^/]+\.md$/.test(d.file))));
  if (broken) {
    throw new UsageError('playbook-broken', `${broken.file}:${broken.line}:${broken.column}: ${broken.message}`, `Fix it first (\`kao lint\` lists every problem); kao will not fall back to the built-in ${broken.file === MODEL_PATH ? 'operating model' : 'role'} silently.`);
  }
}

let builtinCache: FolderPlaybook | undefined;

/**
 * The built-in playbook: the build's snapshot when it matches the sources, else compiled now.
 * It is ours, so a problem in it is our bug, not the user's.
 */
export async function loadBuiltin(): Promise<FolderPlaybook> {
  if (builtinCache) return builtinCache;
  const dir = builtinPlaybookDir();
  const playbook = readSnapshot(dir) ?? (await (await import('./compile-folder.ts')).compileFolder(dir));
  if (!playbook.model) throw new Error(`built-in operating model is invalid: ${playbook.diagnostics.map((d) => d.message).join('; ')}`);
  return (builtinCache = playbook);
}

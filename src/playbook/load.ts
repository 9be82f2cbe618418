/**
 * Loads a repository's playbook: its own artifacts, the built-in ones it does not override (by
 * role id), and the operating model (the repository's own, else the built-in preset). I/O edge;
 * every problem is a diagnostic and the rest still loads.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import { discoverArtifacts } from '../artifacts/discover.ts';
import { readArtifact } from '../artifacts/read.ts';
import type { Artifact, RoleSpec } from '../artifacts/spec.ts';
import { UsageError } from '../errors.ts';
import { builtinPlaybookDir, MODEL_PATH } from './builtin.ts';
import { type OperatingModel, parseOperatingModel } from './operating-model.ts';

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

export function loadPlaybook(dir: string, options: { builtin?: boolean } = {}): Playbook {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError('no-such-dir', `not a directory: ${dir}`, 'Pass the repository folder whose playbook you want to check.');
  }
  const builtinDir = builtinPlaybookDir();
  const isBuiltin = root === resolve(builtinDir);
  const own = loadFolder(root);
  const diagnostics = [...own.diagnostics];

  let model: OperatingModel | null = null;
  let modelOrigin: Origin = 'repo';
  if (existsSync(join(root, MODEL_PATH))) {
    const parsed = parseOperatingModel(readFileSync(join(root, MODEL_PATH), 'utf8'), MODEL_PATH);
    diagnostics.push(...parsed.diagnostics);
    model = parsed.model;
  }
  const roles = new Map<string, EffectiveRole>();
  const artifacts: LoadedArtifact[] = own.artifacts.map((artifact) => ({ artifact, origin: 'repo' as const }));
  for (const a of own.artifacts) if ('role' in a && !roles.has(a.role.id)) roles.set(a.role.id, { spec: a.role, origin: 'repo' });

  if (!isBuiltin && options.builtin !== false) {
    const builtin = loadBuiltin();
    for (const a of builtin.artifacts) {
      if (!('role' in a) || roles.has(a.role.id)) continue;
      roles.set(a.role.id, { spec: a.role, origin: 'builtin' });
      artifacts.push({ artifact: a, origin: 'builtin' });
    }
    if (!model) {
      model = builtin.model;
      modelOrigin = 'builtin';
    }
  }
  if (!model) model = loadBuiltin().model;
  return { root, isBuiltin, artifacts, roles, model, modelOrigin, files: own.files, diagnostics };
}

function loadFolder(root: string): { artifacts: Artifact[]; diagnostics: Diagnostic[]; files: string[] } {
  const walk = discoverArtifacts(root);
  const artifacts: Artifact[] = [];
  const diagnostics = [...walk.diagnostics];
  for (const f of walk.found) {
    const compiled = readArtifact(f.absolute, f.path, f.kind);
    diagnostics.push(...compiled.diagnostics);
    if (compiled.artifact) artifacts.push(compiled.artifact);
  }
  return { artifacts, diagnostics, files: walk.files };
}

let builtinCache: { artifacts: Artifact[]; model: OperatingModel } | undefined;

/** The built-in playbook, compiled once per process. It is ours, so a problem in it is our bug. */
function loadBuiltin(): { artifacts: Artifact[]; model: OperatingModel } {
  if (builtinCache) return builtinCache;
  const dir = builtinPlaybookDir();
  const { artifacts } = loadFolder(dir);
  const { model, diagnostics } = parseOperatingModel(readFileSync(join(dir, MODEL_PATH), 'utf8'), MODEL_PATH);
  if (!model) throw new Error(`built-in operating model is invalid: ${diagnostics.map((d) => d.message).join('; ')}`);
  return (builtinCache = { artifacts, model });
}
